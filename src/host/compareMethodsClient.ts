/**
 * Runs a "Compare methods" job off the extension host's thread, like "Compare k": one worker for
 * the run, each method handed on as it arrives, and cancel = terminate, so nothing keeps running.
 */
import { FitRefusal } from '../core/fitFeasibility';
import { type MethodComparisonRequest, runMethodComparison } from '../core/methodComparison';
import { type CompareRun, FitCancelledError, type OnComparedMethod, type RanIn } from './pure/computeClient';
import { transferOf } from './pure/workerPort';
import { runWorkerJob } from './workerJob';
import type { WorkerKeeper } from './workerKeeper';

export function startWorkerCompareMethods(ranIn: RanIn, workers: WorkerKeeper, request: MethodComparisonRequest, onMethod: OnComparedMethod): CompareRun {
  const job = runWorkerJob<void>(workers, { type: 'compareMethods', request }, transferOf(request.data), (message, settle) => {
    switch (message.type) {
      case 'comparedMethod': onMethod(message.method); return;
      case 'compareMethodsDone': settle.resolve(); return;
      case 'error': settle.reject(message.hint === undefined ? new Error(message.message) : new FitRefusal(message.message, message.hint)); return;
      default: return;
    }
  });
  return { ranIn, done: job.promise, cancel: job.cancel };
}

/**
 * Where no worker can be started (the web extension host served by a VS Code server): the same
 * methods in the extension host, yielding to its event loop between them so messages and a
 * cancel get through. A single method is not interruptible there.
 */
export function startInProcessCompareMethods(request: MethodComparisonRequest, onMethod: OnComparedMethod): CompareRun {
  let cancelled = false;
  const done = (async () => {
    const methods = runMethodComparison(request);
    for (;;) {
      // First yield, then fit: the caller has announced the run before the first method arrives.
      await new Promise(resolve => setTimeout(resolve, 0));
      if (cancelled) { throw new FitCancelledError(); }
      const next = methods.next();
      if (next.done) { return; }
      onMethod(next.value);
    }
  })();
  return { ranIn: 'extension-host', done, cancel() { cancelled = true; } };
}
