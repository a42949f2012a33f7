/**
 * The "Compare methods" job of a worker: fits the mixture, k-means, spectral clustering and
 * HDBSCAN on the same rows one after the other and posts each as soon as it is done, so the panel
 * draws them progressively. Cancel is the host terminating the worker.
 */
import { type MethodComparisonRequest, runMethodComparison, type ComparedMethod } from '../core/methodComparison';
import { inThreadFitExecutor, type ExecutorFor } from './fitExecutor';
import { errorMessage, type FromWorker } from './messages';

export type PostCompareMethods = (message: FromWorker, transfer?: ArrayBuffer[]) => void;

/** `executorFor` as for a fit (the Node worker's thread pool for large data), kept for the whole run. */
export function serveCompareMethods(request: MethodComparisonRequest, post: PostCompareMethods, executorFor: ExecutorFor = inThreadFitExecutor): void {
  const fitExecutor = executorFor(request);
  let failed = true;
  try {
    for (const method of runMethodComparison(request, fitExecutor.executor)) {
      post({ type: 'comparedMethod', method }, transferablesOfMethod(method));
    }
    failed = false;
    post({ type: 'compareMethodsDone' });
  } catch (err) {
    post(errorMessage(err));
  } finally {
    fitExecutor.done(failed);
  }
}

/** A method's buffers, each once. */
export function transferablesOfMethod(method: ComparedMethod): ArrayBuffer[] {
  const arrays = [method.means, method.labels, method.agreement];
  if (method.covariances) { arrays.push(method.covariances); }
  return [...new Set(arrays.map(a => a.buffer as ArrayBuffer))];
}
