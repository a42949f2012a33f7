/**
 * What the host asks of the engine, wherever it runs: a fit, a "Compare k" run, a prewarm. Workers
 * (workerFit.ts, compareClient.ts over workerJob.ts and workerKeeper.ts) or the extension host
 * itself (inProcessFit.ts) answer it; cancel stops the job at once.
 */
import type { IterationEvent } from '../../core/kmeans';
import type { ApplyRequest } from '../../core/appliedFit';
import type { FitRequest, FitResult } from '../../core/clusterFit';
import type { FitSummary, FitSummaryRequest } from '../../core/fitSummary';
import type { ComparedModel, ComparisonRequest } from '../../core/modelComparison';
import type { ComparedMethod, MethodComparisonRequest } from '../../core/methodComparison';
import type { RanIn } from '../../shared/protocol';
import type { ModelSearchCell } from '../../core/mixtureModels/modelSearch';
import type { ModelSearchRequest } from '../../compute/modelSearchJob';

export type { RanIn };

export class FitCancelledError extends Error {
  constructor() { super('The fit was cancelled.'); }
}

export interface FitRun {
  readonly ranIn: RanIn;
  readonly result: Promise<FitResult>;
  /**
   * The panel's summary over all rows, computed where the fit ran (core/fitSummary.ts), when the
   * fit was started with a summary request; settles with `result`.
   */
  readonly summary?: Promise<FitSummary | undefined>;
  /** Stops the fit at once; `result` rejects with FitCancelledError. */
  cancel(): void;
}

export interface CompareRun {
  readonly ranIn: RanIn;
  /** Resolves after the last model; rejects with FitCancelledError when cancelled, or with the job's error. */
  readonly done: Promise<void>;
  /** Stops at once; models already handed on stay valid. */
  cancel(): void;
}

export type OnComparedModel = (model: ComparedModel) => void;
export type OnComparedMethod = (method: ComparedMethod) => void;

export interface ModelSearchRun {
  readonly ranIn: RanIn;
  /** Resolves with the final cells (the leaders polished after they were first handed on); rejects as CompareRun.done. */
  readonly done: Promise<ModelSearchCell[]>;
  cancel(): void;
}

export type OnSearchedCell = (cell: ModelSearchCell) => void;

export interface ComputeClient {
  /** `summarize`: also compute the panel's summary over all rows where the fit runs (FitRun.summary). */
  startFit(request: FitRequest, onIteration: (event: IterationEvent) => void, summarize?: FitSummaryRequest): FitRun;
  /** "Apply Saved Model": the model's pass over the rows and the summary over all rows, where fits run (FitRun.summary). */
  startApply(request: ApplyRequest, summarize: FitSummaryRequest): FitRun;
  /** "Compare k": fits k = 1..K in one worker, handing on each model as it is done (compareClient.ts). */
  startCompare(request: ComparisonRequest, onModel: OnComparedModel): CompareRun;
  /** "Compare methods": the mixture, k-means, spectral and HDBSCAN in one worker, each handed on as it is done (compareMethodsClient.ts). */
  startCompareMethods(request: MethodComparisonRequest, onMethod: OnComparedMethod): CompareRun;
  /** "Find best model": every (model, k) in one worker, handing on each cell as it is done (modelSearchClient.ts). */
  startModelSearch(request: ModelSearchRequest, onCell: OnSearchedCell): ModelSearchRun;
  /** Starts a worker to keep, if none is kept, so it is up when the fit comes (called while a file is read). */
  prewarm(): void;
  /** Ends the kept worker (deactivation). */
  dispose(): void;
}
