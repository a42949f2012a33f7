import { runClusterFit, type FitResult } from '../core/clusterFit';
import { summarizeFit, transferablesOfSummary } from '../core/fitSummary';
import { serveApply } from './applyJob';
import { serveCompare } from './compareJob';
import { serveCompareMethods } from './compareMethodsJob';
import { serveModelSearch } from './modelSearchJob';
import { inThreadFitExecutor, type ExecutorFor, type FitExecutor } from './fitExecutor';
import { errorMessage, type FromWorker, type ToWorker, transferablesOf } from './messages';

export type Post = (message: FromWorker, transfer?: ArrayBuffer[]) => void;


/**
 * Answers one request: a fit (progress events, then the result with the panel's summary when asked,
 * its buffers transferred, or an error) or a "Compare k" job. `executorFor` picks where a fit's row
 * passes run (Node: a thread pool for large data); the result does not depend on it.
 */
export function serveFit(message: ToWorker, post: Post, executorFor: ExecutorFor = inThreadFitExecutor): void {
  if (message.type === 'compare') { serveCompare(message.request, post, executorFor); return; }
  if (message.type === 'compareMethods') { serveCompareMethods(message.request, post, executorFor); return; }
  if (message.type === 'searchModels') { serveModelSearch(message.request, post, executorFor); return; }
  if (message.type === 'apply') { serveApply(message.request, message.summarize, post); return; }
  let fitExecutor: FitExecutor | undefined;
  let failed = true;
  try {
    const request = message.request;
    fitExecutor = executorFor(request);
    const { executor } = fitExecutor;
    // Into the executor's memory once (shared with its threads), dropping the posted copy.
    request.data = executor.share({ data: request.data, nSamples: request.nSamples, nFeatures: request.nFeatures }).data;
    const result = unshared(runClusterFit(request, event => post({ type: 'iterate', event }), executor));
    // The panel's summary over all rows, here where the matrix already is, not on the host's thread.
    const summary = message.summarize && summarizeFit({ data: request.data, nSamples: request.nSamples, nFeatures: request.nFeatures }, result, message.summarize);
    failed = false;
    post(summary ? { type: 'done', result, summary } : { type: 'done', result }, summary ? [...transferablesOf(result), ...transferablesOfSummary(summary)] : transferablesOf(result));
  } catch (err) {
    post(errorMessage(err));
  } finally {
    fitExecutor?.done(failed);
  }
}

/** Copies any array of the result that lives in shared memory (the pool's), so every buffer can be transferred. */
function unshared(result: FitResult): FitResult {
  const own = <T extends Float64Array | Float32Array | Int32Array>(a: T): T => (a.buffer instanceof ArrayBuffer ? a : a.slice() as T);
  return {
    ...result,
    weights: own(result.weights), means: own(result.means), labels: own(result.labels), resp: own(result.resp),
    covariances: result.covariances && own(result.covariances), histories: result.histories.map(own),
    scaling: result.scaling && { mean: own(result.scaling.mean), scale: own(result.scaling.scale) },
  };
}
