/**
 * "Find best model" in the Node fit worker on the cell pool (modelSearchPool.ts): whole (model, k)
 * cells on every core, as the CLI runs it, instead of one cell at a time with only its row passes
 * split (which used the other cores only past the fit pool's size threshold, and then waited on
 * them hundreds of times per cell). The pool is kept between searches, as the worker is kept
 * between fits: its threads' compiled code stays warm.
 *
 * The threads finish cells in no fixed order; they are posted in the result's order (models × k,
 * each cell once those before it are in), as the search in one thread posts them, so the view
 * and a cancel see the same stream whatever the number of threads.
 */
import type { ModelSearchCell } from '../../core/mixtureModels/modelSearch';
import { prepareModelSearch, type PostSearch } from '../modelSearchJob';
import { errorMessage } from '../messages';
import type { ModelSearchRequest } from '../modelSearchRequest';
import { createModelSearchPool, type ModelSearchPool } from './modelSearchPool';

export interface ModelSearchServer {
  /** One search: 'searched' per cell in the result's order, then 'searchDone', or an error. */
  serve(request: ModelSearchRequest, post: PostSearch): Promise<void>;
  /** Ends the pool's threads (the worker's end does it too). */
  dispose(): Promise<void>;
}

/** A server whose pool of nThreads threads starts with its first search (a failed search drops it: the next starts afresh). */
export function createModelSearchServer(nThreads: number, workerPath?: string): ModelSearchServer {
  let pool: ModelSearchPool | undefined;
  return {
    async serve(request, post) {
      try {
        const { X, inFileUnits } = prepareModelSearch(request);
        const stream = createOrderedStream(request, cell => post({ type: 'searched', cell: inFileUnits(cell) }));
        pool ??= createModelSearchPool(nThreads, workerPath === undefined ? {} : { workerPath });
        const result = await pool.search(X, { models: request.models, kMax: request.kMax, seed: request.seed, regCovar: request.regCovar, onCell: stream });
        post({ type: 'searchDone', cells: result.cells.map(inFileUnits) });
      } catch (err) {
        // a thread may be lost: the next search gets new ones
        const lost = pool;
        pool = undefined;
        void lost?.dispose();
        post(errorMessage(err));
      }
    },
    async dispose() {
      const threads = pool;
      pool = undefined;
      await threads?.dispose();
    },
  };
}

/** onCell for cells that arrive in any order: hands each on once every cell before it (models × k) is in. */
function createOrderedStream(request: ModelSearchRequest, handOn: (cell: ModelSearchCell) => void): (cell: ModelSearchCell) => void {
  const order = request.models.flatMap(model => Array.from({ length: request.kMax }, (_, i) => `${model} ${i + 1}`));
  const waiting = new Map<string, ModelSearchCell>();
  let next = 0;
  return cell => {
    waiting.set(`${cell.model} ${cell.k}`, cell);
    for (let ready = waiting.get(order[next]!); ready !== undefined; ready = waiting.get(order[next]!)) {
      waiting.delete(order[next]!);
      next++;
      handOn(ready);
    }
  };
}
