/**
 * The "Compare k" job of a worker: fits the comparison's models one after the other and posts
 * each as soon as it is done, so the panel draws them progressively. Cancel is the host
 * terminating the worker; nothing here needs to watch for it.
 */
import { type ComparedModel, type ComparisonRequest, runComparison } from '../core/modelComparison';
import type { FromWorker } from './messages';

export type PostCompare = (message: FromWorker, transfer?: ArrayBuffer[]) => void;

export function serveCompare(request: ComparisonRequest, post: PostCompare): void {
  try {
    for (const model of runComparison(request)) {
      post({ type: 'compared', model }, transferablesOfModel(model));
    }
    post({ type: 'compareDone' });
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
}

/** A model's buffers, each once (two views of one buffer may not be transferred twice). */
export function transferablesOfModel(model: ComparedModel): ArrayBuffer[] {
  const arrays = [model.weights, model.means, model.labels];
  if (model.covariances) { arrays.push(model.covariances); }
  return [...new Set(arrays.map(a => a.buffer as ArrayBuffer))];
}
