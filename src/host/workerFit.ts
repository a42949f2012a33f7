/**
 * Runs a fit off the extension host's thread, in a worker: cancel is a terminate(), so nothing is
 * left running afterwards. A worker that finished its job is kept for the next one (WorkerKeeper).
 */
import { FitRefusal } from '../core/fitFeasibility';
import type { IterationEvent } from '../core/kmeans';
import type { ApplyRequest } from '../core/appliedFit';
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
  const fit: ToWorker = summarize ? { type: 'fit', request, summarize } : { type: 'fit', request };
  return startResultJob(ranIn, workers, fit, transferOf(request.data), onIteration);
}

/** "Apply Saved Model" in a worker: the model's pass over the rows and the summary over all rows, answered as a fit. */
export function startWorkerApply(ranIn: RanIn, workers: WorkerKeeper, request: ApplyRequest, summarize: FitSummaryRequest): FitRun {
  return startResultJob(ranIn, workers, { type: 'apply', request, summarize }, transferOf(request.data), () => {});
}

/** A job answered by progress events and one 'done' (a result, and the summary when asked), or an error. */
function startResultJob(
  ranIn: RanIn, workers: WorkerKeeper, message: ToWorker, transfer: ArrayBuffer[], onIteration: (event: IterationEvent) => void,
): FitRun {
  let lastEvent = 0;
  const job = runWorkerJob<Done>(workers, message, transfer, (answer, settle) => {
    switch (answer.type) {
      case 'iterate': {
        const now = Date.now();
        if (now - lastEvent >= ITERATION_EVENT_INTERVAL_MS) { lastEvent = now; onIteration(answer.event); }
        return;
      }
      case 'done': settle.resolve(answer); return;
      case 'error': settle.reject(answer.hint === undefined ? new Error(answer.message) : new FitRefusal(answer.message, answer.hint)); return;
      default: return;
    }
  });
  const result = job.promise.then(done => done.result);
  const summary = job.promise.then(done => done.summary);
  // a run whose caller reads only the result must not leave the summary's rejection unhandled
  summary.catch(() => {});
  return { ranIn, result, summary, cancel: job.cancel };
}
