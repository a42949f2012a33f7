// The model search on several threads: the cells (model, k) are independent once the plan (the
// starts' statistics, the tolerances) is made, so worker threads claim them from a shared counter
// and fit each whole (fitSearchCell), then the best polishTop are polished, one per thread. Each
// cell's arithmetic is the same on any thread, and the cells are put back in their order before
// ranking: the result is the same bits as searchModels in one thread, whatever the number of
// threads. For large n this is also the faster way to use the cores: a cell's passes over 100,000
// rows cut into threads wait on each other hundreds of times; whole cells never do.

import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import type { GaussianMixtureModel } from '../../core/gmmModel';
import {
  fitSearchCell, listSearchCells, planModelSearch, polishSearchCell, rankModelSearch, selectCellsToPolish,
  type ModelSearchCell, type ModelSearchOptions, type ModelSearchPlan, type ModelSearchResult,
} from '../../core/mixtureModels/modelSearch';

/** What each thread starts with (posted once; X's data is shared, not copied, when it sits in a SharedArrayBuffer). */
export interface CellPoolData {
  plan: ModelSearchPlan;
  /** Int32 [0]: the next cell to claim */
  counter: SharedArrayBuffer;
}
export type ToCellWorker = { type: 'polish'; at: number; cell: ModelSearchCell; model: GaussianMixtureModel } | { type: 'exit' };
export type FromCellWorker =
  | { type: 'cell'; at: number; cell: ModelSearchCell; model: GaussianMixtureModel | null }
  | { type: 'cellsDone' }
  | { type: 'polished'; at: number; cell: ModelSearchCell }
  | { type: 'error'; message: string };

export interface CellPoolOptions {
  /** the thread script (default: modelSearchWorker.js next to this bundle) */
  workerPath?: string;
}

/**
 * searchModels over nThreads threads (≤ 1: this thread, no worker). onCell sees each cell as it
 * is done, in the order they finish; the result's cells are in the order models × k.
 */
export async function searchModelsOnThreads(
  X: { data: Float64Array; nSamples: number; nFeatures: number }, options: Partial<ModelSearchOptions>, nThreads: number, pool: CellPoolOptions = {},
): Promise<ModelSearchResult> {
  const { executor: _executor, ...rest } = options;
  const plan = planModelSearch(shareData(X), rest);
  const list = listSearchCells(plan);
  const cells: ModelSearchCell[] = new Array<ModelSearchCell>(list.length);
  const models: (GaussianMixtureModel | undefined)[] = new Array<GaussianMixtureModel | undefined>(list.length);
  const nWorkers = Math.min(Math.floor(nThreads), list.length);
  if (nWorkers <= 1) {
    list.forEach(({ model, k }, at) => {
      const fitted = fitSearchCell(plan, model, k);
      cells[at] = fitted.cell;
      models[at] = fitted.model;
      options.onCell?.(fitted.cell);
    });
    for (const at of selectCellsToPolish(plan, cells)) { cells[at] = polishSearchCell(plan, cells[at]!, models[at]!); }
    return rankModelSearch(plan, cells);
  }
  const workerPath = path.resolve(pool.workerPath ?? defaultWorkerPath());
  const data: CellPoolData = { plan, counter: new SharedArrayBuffer(4) };
  const workers = Array.from({ length: nWorkers }, () => new Worker(workerPath, { workerData: data }));
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
          workers[i % nWorkers]!.postMessage(message);
        });
      };
      for (const worker of workers) {
        worker.on('error', reject);
        worker.on('exit', code => { if (code !== 0) { reject(new Error(`a model-search thread stopped (exit ${code})`)); } });
        worker.on('message', (message: FromCellWorker) => {
          switch (message.type) {
            case 'cell':
              cells[message.at] = message.cell;
              models[message.at] = message.model ?? undefined;
              options.onCell?.(message.cell);
              return;
            case 'cellsDone':
              if (++cellsDone === nWorkers) { polish(); }
              return;
            case 'polished':
              cells[message.at] = message.cell;
              if (--polishing === 0) { resolve(); }
              return;
            case 'error':
              reject(new Error(`model search thread: ${message.message}`));
              return;
          }
        });
      }
    });
  } finally {
    await Promise.all(workers.map(w => w.terminate()));
  }
  return rankModelSearch(plan, cells);
}

/** X with its data in a SharedArrayBuffer (copied once when it is not), so every thread reads the same memory. */
function shareData(X: { data: Float64Array; nSamples: number; nFeatures: number }): { data: Float64Array; nSamples: number; nFeatures: number } {
  if (typeof SharedArrayBuffer !== 'undefined' && X.data.buffer instanceof SharedArrayBuffer) { return X; }
  const data = new Float64Array(new SharedArrayBuffer(X.data.byteLength));
  data.set(X.data);
  return { data, nSamples: X.nSamples, nFeatures: X.nFeatures };
}

function defaultWorkerPath(): string {
  if (typeof __dirname === 'undefined') { throw new Error('searchModelsOnThreads: give workerPath (no __dirname in this bundle)'); }
  return path.join(__dirname, 'modelSearchWorker.js');
}
