/**
 * "Apply Saved Model" in a worker: the model's pass over every row (core/appliedFit.ts) and the
 * panel's summary over all rows (core/fitSummary.ts), posted as a fit's 'done', so the extension
 * host's thread only assembles the panel's fit. Cancel is the host terminating the worker.
 */
import { applySavedModel, type ApplyRequest } from '../core/appliedFit';
import { summarizeFit, transferablesOfSummary, type FitSummaryRequest } from '../core/fitSummary';
import { errorMessage, transferablesOf, type FromWorker } from './messages';

export type PostApply = (message: FromWorker, transfer?: ArrayBuffer[]) => void;

export function serveApply(request: ApplyRequest, summarize: FitSummaryRequest, post: PostApply): void {
  try {
    const X = { data: request.data, nSamples: request.nSamples, nFeatures: request.nFeatures };
    const result = applySavedModel(request.saved, X);
    const summary = summarizeFit(X, result, summarize);
    // a result may hold the model's own arrays (its weights, its scaling): each buffer once
    post({ type: 'done', result, summary }, [...new Set([...transferablesOf(result), ...transferablesOfSummary(summary)])]);
  } catch (err) {
    post(errorMessage(err));
  }
}
