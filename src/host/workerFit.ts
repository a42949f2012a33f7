/**
 * Runs a fit off the extension host's thread, in a worker: cancel is a terminate(), so nothing is
 * left running afterwards. A worker that finished its job is kept for the next one (WorkerKeeper).
 */
import { FitRefusal } from '../core/fitFeasibility';
import type { IterationEvent } from '../core/kmeans';
import type { FitRequest } from '../core/clusterFit';
import type { FitSummaryRequest } from '../core/fitSummary';
import type { FromWorker, ToWorker } from '../compute/messages';
import type { FitRun, RanIn } from './pure/computeClient';
import { runWorkerJob } from './workerJob';
import type { WorkerKeeper } from './workerKeeper';
import { transferOf } from './pure/workerPort';

type Done = Extract<FromWorker, { type: 'done' }>;

/** Iteration events are throttled: a fast fit can do thousands a second and the UI needs ~20. */
const ITERATION_EVENT_INTERVAL_MS = 50;

export function startWorkerFit(
  ranIn: RanIn, workers: WorkerKeeper, request: FitRequest, onIteration: (event: IterationEvent) => void, summarize?: FitSummaryRequest,
): FitRun {
  let lastEvent = 0;
  const fit: ToWorker = summarize ? { type: 'fit', request, summarize } : { type: 'fit', request };
  const job = runWorkerJob<Done>(workers, fit, transferOf(request.data), (message, settle) => {
    switch (message.type) {
      case 'iterate': {
        const now = Date.now();
        if (now - lastEvent >= ITERATION_EVENT_INTERVAL_MS) { lastEvent = now; onIteration(message.event); }
        return;
      }
      case 'done': settle.resolve(message); return;
      case 'error': settle.reject(message.hint === undefined ? new Error(message.message) : new FitRefusal(message.message, message.hint)); return;
      default: return;
    }
  });
  const result = job.promise.then(done => done.result);
  const summary = job.promise.then(done => done.summary);
  // a run whose caller reads only the result must not leave the summary's rejection unhandled
  summary.catch(() => {});
  return { ranIn, result, summary, cancel: job.cancel };
}
