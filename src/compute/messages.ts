/**
 * Messages between the host's compute client and a fit worker. Both sides are our own code, in
 * the same bundle version, so these are plain types; big arrays travel as transferred buffers.
 */
import type { IterationEvent } from '../core/kmeans';

export type Algorithm = 'gmm' | 'kmeans';
export type CovarianceType = 'full' | 'tied' | 'diag' | 'spherical';

export interface FitRequest {
  algorithm: Algorithm;
  nComponents: number;
  covarianceType: CovarianceType;
  nInit: number;
  maxIter: number;
  tol: number;
  regCovar: number;
  seed: number;
  standardize: boolean;
  /** (nSamples × nFeatures) row-major, transferred to the worker */
  data: Float64Array;
  nSamples: number;
  nFeatures: number;
}

export interface FitResult {
  algorithm: Algorithm;
  covarianceType: CovarianceType;
  nComponents: number;
  nSamples: number;
  nFeatures: number;
  /** (k) */
  weights: Float64Array;
  /** (k × d), original units */
  means: Float64Array;
  /** (k × d × d), original units; null for k-means */
  covariances: Float64Array | null;
  /** (n) 0-based */
  labels: Int32Array;
  /** (n × k) responsibilities; one-hot for k-means */
  resp: Float32Array;
  /** Total log-likelihood in the data's original units (GMM). */
  logLikelihood: number | null;
  bic: number | null;
  aic: number | null;
  inertia: number | null;
  histories: Float64Array[];
  bestRestart: number;
  converged: boolean;
  nIter: number;
  collapsedComponents: number[];
  seconds: number;
}

export type ToWorker = { type: 'fit'; request: FitRequest };

export type FromWorker =
  | { type: 'iterate'; event: IterationEvent }
  | { type: 'done'; result: FitResult }
  | { type: 'error'; message: string };

/** Buffers of a result, for a zero-copy postMessage. */
export function transferablesOf(result: FitResult): ArrayBuffer[] {
  const arrays = [result.weights, result.means, result.labels, result.resp, ...result.histories];
  if (result.covariances) { arrays.push(result.covariances); }
  return arrays.map(a => a.buffer as ArrayBuffer);
}
