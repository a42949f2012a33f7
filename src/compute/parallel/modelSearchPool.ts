// The model search on several threads: the cells (model, k) are independent once the plan (the
// starts' statistics, the tolerances) is made, so worker threads claim them from a shared counter
// and fit each whole (fitSearchCell), then the best polishTop are polished, one per thread. Each
// cell's arithmetic is the same on any thread, and the cells are put back in their order before
// ranking: the result is the same bits as searchModels in one thread, whatever the number of
// threads. For large n this is also the faster way to use the cores: a cell's passes over 100,000
// rows cut into threads wait on each other hundreds of times; whole cells never do.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DataMatrix } from '../../core/dataMatrix';
import type { GaussianMixtureModel } from '../../core/gmmModel';
import {
  fitSearchCell, listSearchCells, planModelSearch, polishSearchCell, rankModelSearch, selectCellsToPolish,
  type ModelSearchCell, type ModelSearchOptions, type ModelSearchPlan, type ModelSearchResult,
} from '../../core/mixtureModels/modelSearch';

/** Messages to a thread: a search (X's data shared, not copied, when it sits in a SharedArrayBuffer; Int32 [0] of counter: the next cell to claim), a cell to polish, the end of a search. */
export type ToCellWorker =
  | { type: 'search'; plan: ModelSearchPlan; counter: SharedArrayBuffer }
  | { type: 'polish'; at: number; cell: ModelSearchCell; model: GaussianMixtureModel }
  | { type: 'forget' };
export type FromCellWorker =
  | { type: 'cell'; at: number; cell: ModelSearchCell; model: GaussianMixtureModel | null }
  | { type: 'cellsDone' }
  | { type: 'polished'; at: number; cell: ModelSearchCell }
  | { type: 'error'; message: string };

export interface CellPoolOptions {
  /** the thread script (default: modelSearchWorker.js next to this bundle) */
  workerPath?: string;
}

/** Threads kept for model searches, one search at a time. */
export interface ModelSearchPool {
  readonly nThreads: number;
  /** searchModels over the pool's threads; onCell sees each cell as it is done, in the order they finish */
  search(X: DataMatrix, options: Partial<ModelSearchOptions>): Promise<ModelSearchResult>;
  dispose(): Promise<void>;
}

/** A pool of nThreads threads (≤ 1, or without its script: searches run in this thread). */
export function createModelSearchPool(nThreads: number, options: CellPoolOptions = {}): ModelSearchPool {
  const workerPath = nThreads > 1 ? path.resolve(options.workerPath ?? defaultWorkerPath()) : '';
  // without its script (a broken install) the search runs in this thread rather than fail
  const workers = fs.existsSync(workerPath) ? Array.from({ length: Math.floor(nThreads) }, () => new Worker(workerPath)) : [];
  let busy = false;
  return {
    nThreads: Math.max(1, workers.length),
    async search(X, searchOptions) {
      if (busy) { throw new Error('the model-search pool runs one search at a time'); }
      busy = true;
      try {
        return workers.length === 0 ? searchInThisThread(X, searchOptions) : await searchOnWorkers(workers, X, searchOptions);
      } finally { busy = false; }
    },
    async dispose() { await Promise.all(workers.map(w => w.terminate())); },
  };
}

/** One search on a pool made for it (the CLI's select). */
export async function searchModelsOnThreads(X: DataMatrix, options: Partial<ModelSearchOptions>, nThreads: number, pool: CellPoolOptions = {}): Promise<ModelSearchResult> {
  const threads = createModelSearchPool(nThreads, pool);
  try { return await threads.search(X, options); } finally { await threads.dispose(); }
}

function searchInThisThread(X: DataMatrix, options: Partial<ModelSearchOptions>): ModelSearchResult {
  const { executor: _executor, ...rest } = options;
  const plan = planModelSearch(X, rest);
  const list = listSearchCells(plan);
  const cells: ModelSearchCell[] = [];
  const models: (GaussianMixtureModel | undefined)[] = [];
  for (const { model, k } of list) {
    const fitted = fitSearchCell(plan, model, k);
    cells.push(fitted.cell);
    models.push(fitted.model);
    options.onCell?.(fitted.cell);
  }
  for (const at of selectCellsToPolish(plan, cells)) { cells[at] = polishSearchCell(plan, cells[at]!, models[at]!); }
  return rankModelSearch(plan, cells);
}

async function searchOnWorkers(workers: readonly Worker[], X: DataMatrix, options: Partial<ModelSearchOptions>): Promise<ModelSearchResult> {
  const { executor: _executor, ...rest } = options;
  const plan = planModelSearch(shareData(X), rest);
  const list = listSearchCells(plan);
  const cells: ModelSearchCell[] = new Array<ModelSearchCell>(list.length);
  const models: (GaussianMixtureModel | undefined)[] = new Array<GaussianMixtureModel | undefined>(list.length);
  const listeners: { worker: Worker; onMessage: (m: FromCellWorker) => void; onError: (e: Error) => void; onExit: (code: number) => void }[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let cellsDone = 0;
      let polishing = 0;
      const polish = (): void => {
        const chosen = selectCellsToPolish(plan, cells);
        polishing = chosen.length;
        if (polishing === 0) { resolve(); return; }
        chosen.forEach((at, i) => {
          const message: ToCellWorker = { type: 'polish', at, cell: cells[at]!, model: models[at]! };
          workers[i % workers.length]!.postMessage(message);
        });
      };
      const onMessage = (message: FromCellWorker): void => {
        switch (message.type) {
          case 'cell':
            cells[message.at] = message.cell;
            models[message.at] = message.model ?? undefined;
            options.onCell?.(message.cell);
            return;
          case 'cellsDone':
            if (++cellsDone === workers.length) { polish(); }
            return;
          case 'polished':
            cells[message.at] = message.cell;
            if (--polishing === 0) { resolve(); }
            return;
          case 'error':
            reject(new Error(`model search thread: ${message.message}`));
            return;
        }
      };
      const onExit = (code: number): void => { reject(new Error(`a model-search thread stopped (exit ${code})`)); };
      const start: ToCellWorker = { type: 'search', plan, counter: new SharedArrayBuffer(4) };
      for (const worker of workers) {
        listeners.push({ worker, onMessage, onError: reject, onExit });
        worker.on('message', onMessage);
        worker.on('error', reject);
        worker.on('exit', onExit);
        worker.postMessage(start);
      }
    });
  } finally {
    for (const { worker, onMessage, onError, onExit } of listeners) {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      const forget: ToCellWorker = { type: 'forget' };
      worker.postMessage(forget);
    }
  }
  return rankModelSearch(plan, cells);
}

/** X with its data in a SharedArrayBuffer (copied once when it is not), so every thread reads the same memory. */
function shareData(X: DataMatrix): DataMatrix {
  if (typeof SharedArrayBuffer !== 'undefined' && X.data.buffer instanceof SharedArrayBuffer) { return X; }
  const data = new Float64Array(new SharedArrayBuffer(X.data.byteLength));
  data.set(X.data);
  return { data, nSamples: X.nSamples, nFeatures: X.nFeatures };
}

function defaultWorkerPath(): string {
  if (typeof __dirname === 'undefined') { throw new Error('searchModelsOnThreads: give workerPath (no __dirname in this bundle)'); }
  return path.join(__dirname, 'modelSearchWorker.js');
}
