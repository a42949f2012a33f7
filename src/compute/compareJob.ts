/**
 * The "Compare k" job of a worker: fits the comparison's models one after the other and posts
 * each as soon as it is done, so the panel draws them progressively. Cancel is the host
 * terminating the worker; nothing here needs to watch for it.
 */
import { comparisonPlan, fitComparisonStep, type ComparedModel, type ComparisonRequest } from '../core/modelComparison';
import { errorMessage, type FromWorker } from './messages';
import { inThreadFitExecutor, type ExecutorFor } from './fitExecutor';

export type PostCompare = (message: FromWorker, transfer?: ArrayBuffer[]) => void;

/** `executorFor` as for a fit (the Node worker's thread pool for large data), asked once per model. */
export function serveCompare(request: ComparisonRequest, post: PostCompare, executorFor: ExecutorFor = inThreadFitExecutor): void {
  try {
    for (const step of comparisonPlan(request.algorithm, request.kMax, request.covarianceTypes, request.nSamples)) {
      const fitExecutor = executorFor(request);
      let failed = true;
      try {
        const model = fitComparisonStep(request, step, fitExecutor.executor);
        failed = false;
        post({ type: 'compared', model }, transferablesOfModel(model));
      } finally {
        fitExecutor.done(failed);
      }
    }
    post({ type: 'compareDone' });
  } catch (err) {
    post(errorMessage(err));
  }
}

/** A model's buffers, each once (two views of one buffer may not be transferred twice). */
export function transferablesOfModel(model: ComparedModel): ArrayBuffer[] {
  const arrays = [model.weights, model.means, model.labels];
  if (model.covariances) { arrays.push(model.covariances); }
  return [...new Set(arrays.map(a => a.buffer as ArrayBuffer))];
}
