/**
 * Messages between the host's compute client and a fit worker. Both sides are our own code, in
 * the same bundle version, so these are plain types; big arrays travel as transferred buffers.
 */
import type { ApplyRequest } from '../core/appliedFit';
import type { FitRequest, FitResult } from '../core/clusterFit';
import { FitRefusal } from '../core/fitFeasibility';
import type { FitSummary, FitSummaryRequest } from '../core/fitSummary';
import type { IterationEvent } from '../core/fitOptions';
import type { ComparedModel, ComparisonRequest } from '../core/modelComparison';
import type { ComparedMethod, MethodComparisonRequest } from '../core/methodComparison';
import type { ModelSearchCell } from '../core/mixtureModels/modelSearch';
import type { ModelSearchRequest } from './modelSearchRequest';

export type ToWorker =
  // summarize: the panel's summary over all rows, computed after the fit on the matrix the worker holds (core/fitSummary.ts)
  | { type: 'fit'; request: FitRequest; summarize?: FitSummaryRequest }
  // "Compare k": one 'compared' message per finished model, then 'compareDone' (compareJob.ts).
  | { type: 'compare'; request: ComparisonRequest }
  // "Compare methods": one 'comparedMethod' message per method, then 'compareMethodsDone' (compareMethodsJob.ts).
  | { type: 'compareMethods'; request: MethodComparisonRequest }
  // "Find best model": one 'searched' message per (model, k), then 'searchDone' (modelSearchJob.ts).
  | { type: 'searchModels'; request: ModelSearchRequest }
  // "Apply Saved Model": one 'done' with the result and the summary over all rows (applyJob.ts).
  | { type: 'apply'; request: ApplyRequest; summarize: FitSummaryRequest };

export type FromWorker =
  | { type: 'iterate'; event: IterationEvent }
  /** summary: when the fit was sent with `summarize` */
  | { type: 'done'; result: FitResult; summary?: FitSummary }
  /** hint: what to try, when the engine refused the request (FitRefusal) */
  | { type: 'error'; message: string; hint?: string }
  | { type: 'compared'; model: ComparedModel }
  | { type: 'compareDone' }
  | { type: 'comparedMethod'; method: ComparedMethod }
  | { type: 'compareMethodsDone' }
  | { type: 'searched'; cell: ModelSearchCell }
  /** the final cells: the leaders by BIC were polished after they were first posted */
  | { type: 'searchDone'; cells: ModelSearchCell[] };

/** Buffers of a result, for a zero-copy postMessage. */
export function transferablesOf(result: FitResult): ArrayBuffer[] {
  const arrays = [result.weights, result.means, result.labels, result.resp, ...result.histories];
  if (result.covariances) { arrays.push(result.covariances); }
  if (result.scaling) { arrays.push(result.scaling.mean, result.scaling.scale); }
  if (result.replay) { arrays.push(result.replay.weights, result.replay.means, result.replay.covariances, result.replay.lowerBounds); }
  return arrays.map(a => a.buffer as ArrayBuffer);
}

/** The worker's report of a failure; a refusal keeps its hint for the panel. */
export function errorMessage(err: unknown): FromWorker {
  if (err instanceof FitRefusal) { return { type: 'error', message: err.message, hint: err.hint }; }
  return { type: 'error', message: err instanceof Error ? err.message : String(err) };
}
