/**
 * Runs "Find best model" off the extension host's thread, like a fit: one worker for the whole
 * search, each (model, k) handed on as it arrives, and cancel = terminate, so nothing keeps running.
 */
import { FitRefusal } from '../core/fitFeasibility';
import type { ModelSearchCell } from '../core/mixtureModels/modelSearch';
import { runModelSearch, type ModelSearchRequest } from '../compute/modelSearchJob';
import { FitCancelledError, type ModelSearchRun, type OnSearchedCell, type RanIn } from './pure/computeClient';
import { runWorkerJob } from './workerJob';
import type { WorkerKeeper } from './workerKeeper';
import { transferOf } from './pure/workerPort';

export function startWorkerModelSearch(ranIn: RanIn, workers: WorkerKeeper, request: ModelSearchRequest, onCell: OnSearchedCell): ModelSearchRun {
  const job = runWorkerJob<ModelSearchCell[]>(workers, { type: 'searchModels', request }, transferOf(request.data), (message, settle) => {
    switch (message.type) {
      case 'searched': onCell(message.cell); return;
      case 'searchDone': settle.resolve(message.cells); return;
      case 'error': settle.reject(message.hint === undefined ? new Error(message.message) : new FitRefusal(message.message, message.hint)); return;
      default: return;
    }
  });
  return { ranIn, done: job.promise, cancel: job.cancel };
}

/**
 * Where no worker can be started (the web extension host served by a VS Code server): the search
 * in the extension host after one yield, so the caller's announcement goes out first. It is one
 * synchronous call: a cancel is heard before it starts, and after it its result is thrown away.
 */
export function startInProcessModelSearch(request: ModelSearchRequest, onCell: OnSearchedCell): ModelSearchRun {
  let cancelled = false;
  const done = (async () => {
    await new Promise(resolve => setTimeout(resolve, 0));
    if (cancelled) { throw new FitCancelledError(); }
    const cells = runModelSearch(request, cell => { if (!cancelled) { onCell(cell); } });
    if (cancelled) { throw new FitCancelledError(); }
    return cells;
  })();
  return { ranIn: 'extension-host', done, cancel() { cancelled = true; } };
}
