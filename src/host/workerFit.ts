/**
 * Runs a fit off the extension host's thread, in a worker: cancel is a terminate(), so nothing is
 * left running afterwards. A worker that finished its job is kept for the next one (WorkerKeeper).
 */
import { FitRefusal } from '../core/fitFeasibility';
import type { IterationEvent } from '../core/kmeans';
import type { FitRequest, FitResult } from '../core/clusterFit';
import type { FitRun, RanIn } from './pure/computeClient';
import { runWorkerJob } from './workerJob';
import type { WorkerKeeper } from './workerKeeper';
import { transferOf } from './pure/workerPort';

/** Iteration events are throttled: a fast fit can do thousands a second and the UI needs ~20. */
const ITERATION_EVENT_INTERVAL_MS = 50;

export function startWorkerFit(
  ranIn: RanIn, workers: WorkerKeeper, request: FitRequest, onIteration: (event: IterationEvent) => void,
): FitRun {
  let lastEvent = 0;
  const job = runWorkerJob<FitResult>(workers, { type: 'fit', request }, transferOf(request.data), (message, settle) => {
    switch (message.type) {
      case 'iterate': {
        const now = Date.now();
        if (now - lastEvent >= ITERATION_EVENT_INTERVAL_MS) { lastEvent = now; onIteration(message.event); }
        return;
      }
      case 'done': settle.resolve(message.result); return;
      case 'error': settle.reject(message.hint === undefined ? new Error(message.message) : new FitRefusal(message.message, message.hint)); return;
      default: return;
    }
  });
  return { ranIn, result: job.promise, cancel: job.cancel };
}
