/**
 * Runs a "Compare k" job off the extension host's thread, like a fit: one worker for the whole
 * run, each model handed on as it arrives, and cancel = terminate, so nothing keeps running.
 */
import { FitRefusal } from '../core/fitFeasibility';
import { type ComparisonRequest, runComparison } from '../core/modelComparison';
import { type CompareRun, FitCancelledError, type OnComparedModel, type RanIn } from './pure/computeClient';
import { runWorkerJob } from './workerJob';
import type { WorkerKeeper } from './workerKeeper';
import { transferOf } from './pure/workerPort';

export function startWorkerCompare(ranIn: RanIn, workers: WorkerKeeper, request: ComparisonRequest, onModel: OnComparedModel): CompareRun {
  const job = runWorkerJob<void>(workers, { type: 'compare', request }, transferOf(request.data), (message, settle) => {
    switch (message.type) {
      case 'compared': onModel(message.model); return;
      case 'compareDone': settle.resolve(); return;
      case 'error': settle.reject(message.hint === undefined ? new Error(message.message) : new FitRefusal(message.message, message.hint)); return;
      default: return;
    }
  });
  return { ranIn, done: job.promise, cancel: job.cancel };
}

/**
 * Where no worker can be started (the web extension host served by a VS Code server): the same
 * steps in the extension host, yielding to its event loop between models so messages and a
 * cancel get through. A single model is not interruptible there.
 */
export function startInProcessCompare(request: ComparisonRequest, onModel: OnComparedModel): CompareRun {
  let cancelled = false;
  const done = (async () => {
    const models = runComparison(request);
    for (;;) {
      // First yield, then fit: the caller has announced the run before the first model arrives.
      await new Promise(resolve => setTimeout(resolve, 0));
      if (cancelled) { throw new FitCancelledError(); }
      const next = models.next();
      if (next.done) { return; }
      onModel(next.value);
    }
  })();
  return { ranIn: 'extension-host', done, cancel() { cancelled = true; } };
}
