/**
 * "Compare k": the same clustering fitted for k = 1..K (and, for Gaussian mixtures, for several
 * covariance types), one model per step, with the scores that choose between them: BIC and AIC
 * for mixtures, inertia (the elbow) and the silhouette for k-means.
 *
 * Each step is exactly the fit the product runs (`runClusterFit`) with the same seed, restarts,
 * scaling and tolerances, so opening a compared model as the current fit gives the same model.
 * Pure and synchronous: the worker runs the steps one after the other and posts each as it ends.
 */
import type { ChunkExecutor } from './chunkExecutor';
import { inThreadExecutor } from './inThreadExecutor';
import { type Algorithm, type FitRequest, type FitSettings, runClusterFit } from './clusterFit';
import type { DataMatrix } from './dataMatrix';
import type { CovarianceType } from './gmmModel';
import type { MixtureModelName } from './mixtureModels/covarianceModels';
import { transform } from './scaling';
import { computeSilhouette, DEFAULT_SILHOUETTE_SAMPLE_SIZE } from './silhouette';

/** The largest K offered: 20 values of k × 4 covariance types is already 80 fits. */
export const MAX_COMPARE_K = 20;

/** Every step is a fit with these settings and data (never modified) and its own k and covariance type. */
export interface ComparisonRequest extends FitSettings {
  /** Fits k = 1..kMax (clamped to the number of rows). */
  kMax: number;
  /** Covariance types fitted for each k, in this order (mixtures); k-means uses only the first. */
  covarianceTypes: CovarianceType[];
  /**
   * One of mclust's models fitted at every k (the fit compared was that model): covarianceTypes is
   * then ['full'], the shape its covariances take. Absent: the covariance types as scikit-learn's.
   */
  model?: MixtureModelName;
  /** Matrix rows whose labels each model reports, for drawing it (a few hundred to ~1,500). */
  sampleRows: Int32Array;
  /** Rows above which the silhouette is estimated on a seeded sample; DEFAULT_SILHOUETTE_SAMPLE_SIZE when absent. */
  silhouetteSampleSize?: number;
}

export interface ComparisonStep {
  /** 0-based position in the plan */
  index: number;
  k: number;
  covarianceType: CovarianceType;
}

/** One fitted model of the comparison: its scores and as much of it as a small plot needs. */
export interface ComparedModel extends ComparisonStep {
  logLikelihood: number | null;
  bic: number | null;
  aic: number | null;
  /** k-means: in the units the clustering used (z-scores when standardising), like the fit's. */
  inertia: number | null;
  /** k-means mean silhouette in the clustering's units; null for mixtures and for k = 1 (undefined). */
  silhouette: number | null;
  converged: boolean;
  nIter: number;
  seconds: number;
  nFeatures: number;
  /** (k) */
  weights: Float64Array;
  /** (k × d), original units */
  means: Float64Array;
  /** (k × d × d), original units; null for k-means */
  covariances: Float64Array | null;
  /** (m) cluster of each of the request's sampleRows */
  labels: Int32Array;
}

/**
 * The steps of a comparison, k outer and covariance type inner, so that every criterion line
 * grows one point at a time together and the small multiples fill in k by k.
 */
export function comparisonPlan(
  algorithm: Algorithm, kMax: number, covarianceTypes: readonly CovarianceType[], nSamples: number,
): ComparisonStep[] {
  const top = Math.max(1, Math.min(Math.floor(kMax), MAX_COMPARE_K, nSamples));
  const types = algorithm === 'kmeans' ? covarianceTypes.slice(0, 1) : [...new Set(covarianceTypes)];
  if (types.length === 0) { throw new Error('a comparison needs at least one covariance type'); }
  const steps: ComparisonStep[] = [];
  for (let k = 1; k <= top; k++) {
    for (const covarianceType of types) { steps.push({ index: steps.length, k, covarianceType }); }
  }
  return steps;
}

/** Fits one step of a comparison; `executor` runs the row passes (results do not depend on it). */
export function fitComparisonStep(request: ComparisonRequest, step: ComparisonStep, executor: ChunkExecutor = inThreadExecutor): ComparedModel {
  const fitRequest: FitRequest = {
    algorithm: request.algorithm, nComponents: step.k, covarianceType: step.covarianceType,
    nInit: request.nInit, maxIter: request.maxIter, tol: request.tol, regCovar: request.regCovar,
    seed: request.seed, standardize: request.standardize,
    ...(request.model === undefined ? {} : { model: request.model }),
    ...(request.screenRestarts === undefined ? {} : { screenRestarts: request.screenRestarts }),
    ...(request.columnNames === undefined ? {} : { columnNames: request.columnNames }),
    data: request.data, nSamples: request.nSamples, nFeatures: request.nFeatures,
  };
  const result = runClusterFit(fitRequest, () => {}, executor);
  let silhouette: number | null = null;
  if (request.algorithm === 'kmeans' && step.k > 1) {
    const raw: DataMatrix = { data: request.data, nSamples: request.nSamples, nFeatures: request.nFeatures };
    // Scored on the data k-means clustered: z-scores when it standardised.
    const X = result.scaling ? transform({ nFeatures: request.nFeatures, ...result.scaling }, raw) : raw;
    const score = computeSilhouette(X, result.labels, {
      sampleSize: request.silhouetteSampleSize ?? DEFAULT_SILHOUETTE_SAMPLE_SIZE, seed: request.seed,
    }).score;
    silhouette = Number.isFinite(score) ? score : null;
  }
  const labels = new Int32Array(request.sampleRows.length);
  for (let s = 0; s < labels.length; s++) { labels[s] = result.labels[request.sampleRows[s]]; }
  return {
    ...step,
    logLikelihood: result.logLikelihood,
    bic: result.bic,
    aic: result.aic,
    inertia: result.inertia,
    silhouette,
    converged: result.converged,
    nIter: result.nIter,
    seconds: result.seconds,
    nFeatures: request.nFeatures,
    // copies: the executor's arrays may live in its shared memory, which it reuses
    weights: result.weights.slice(),
    means: result.means.slice(),
    covariances: result.covariances?.slice() ?? null,
    labels,
  };
}

/** The whole comparison, one model at a time: the caller posts each and may stop between them. */
export function* runComparison(request: ComparisonRequest): Generator<ComparedModel, void, void> {
  for (const step of comparisonPlan(request.algorithm, request.kMax, request.covarianceTypes, request.nSamples)) {
    yield fitComparisonStep(request, step);
  }
}
