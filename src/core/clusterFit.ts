/**
 * One clustering fit as the product runs it: optional z-scoring, then a Gaussian mixture or
 * k-means, with the model and its likelihood reported back in the data's ORIGINAL units, so the
 * numbers compare with scikit-learn run on the raw file. Used by the fit workers, the web host's
 * in-process fallback and the CLI.
 */
import { inThreadExecutor, type ChunkExecutor } from './chunkExecutor';
import type { DataMatrix } from './dataMatrix';
import { fitGaussianMixture, type GaussianMixtureReplay, type GmmInit } from './gmm';
import { checkResultCovarianceSize, type CovarianceType } from './gmmModel';
import type { IterationEvent } from './kmeans';
import { fitKMeans } from './kmeans';
import {
  expandCovariances, fitStandardScaler, inverseTransformCovariances, inverseTransformMeans, logJacobian, type StandardScaler,
} from './scaling';

export type Algorithm = 'gmm' | 'kmeans';

/** The data and the settings a fit and a comparison of fits share. */
export interface FitSettings {
  algorithm: Algorithm;
  nInit: number;
  maxIter: number;
  tol: number;
  regCovar: number;
  seed: number;
  standardize: boolean;
  /** (nSamples × nFeatures) row-major; transferred to a worker, so the caller gives up its copy */
  data: Float64Array;
  nSamples: number;
  nFeatures: number;
}

export interface FitRequest extends FitSettings {
  nComponents: number;
  covarianceType: CovarianceType;
  /** GMM initialisation (scikit-learn's `init_params`); 'kmeans' when absent. */
  init?: GmmInit;
}

export interface FitReplay {
  nFrames: number;
  /** (nFrames × k) */
  weights: Float64Array;
  /** (nFrames × k × d) */
  means: Float64Array;
  /** (nFrames × k × d × d) */
  covariances: Float64Array;
  /** (nFrames) frame 0 is NaN */
  lowerBounds: Float64Array;
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
  /** k-means inertia, in the units the clustering used (z-scores when standardising). */
  inertia: number | null;
  histories: Float64Array[];
  bestRestart: number;
  converged: boolean;
  nIter: number;
  collapsedComponents: number[];
  /**
   * EM's parameters after each iteration of the kept restart (frame 0: the initialisation), in
   * original units, for replaying the fit; null for k-means or when too large to keep (gmm.ts REPLAY_LIMIT).
   */
  replay: FitReplay | null;
  /** The z-scoring the fit ran on, or null for raw values: k-means distances depend on it. */
  scaling: { mean: Float64Array; scale: Float64Array } | null;
  seconds: number;
}

/**
 * `executor` runs the row passes (default: this thread; src/compute gives a thread pool): the
 * result is the same whichever runs them.
 */
export function runClusterFit(
  request: FitRequest, onIteration: (event: IterationEvent) => void, executor: ChunkExecutor = inThreadExecutor,
): FitResult {
  const started = Date.now();
  if (request.algorithm === 'gmm') { checkResultCovarianceSize(request.nComponents, request.nFeatures); }
  const raw: DataMatrix = { data: request.data, nSamples: request.nSamples, nFeatures: request.nFeatures };
  const scaler = request.standardize ? fitStandardScaler(raw) : undefined;
  const X = scaler ? standardizeInto(scaler, raw, executor) : executor.share(raw);
  const k = request.nComponents;
  const n = request.nSamples;
  const base = { algorithm: request.algorithm, covarianceType: request.covarianceType, nComponents: k, nSamples: n, nFeatures: request.nFeatures };

  if (request.algorithm === 'kmeans') {
    const fit = fitKMeans(X, { nClusters: k, nInit: request.nInit, maxIter: request.maxIter, seed: request.seed, onIteration, executor });
    const { resp, counts } = oneHot(fit.labels, k);
    return {
      ...base,
      weights: counts.map(c => c / n),
      means: scaler ? inverseTransformMeans(scaler, fit.centers) : fit.centers,
      covariances: null,
      labels: fit.labels,
      resp,
      logLikelihood: null, bic: null, aic: null,
      inertia: fit.inertia,
      histories: fit.histories,
      bestRestart: fit.bestRestart,
      converged: fit.converged,
      nIter: fit.nIter,
      collapsedComponents: [],
      replay: null,
      scaling: scaler ? { mean: scaler.mean, scale: scaler.scale } : null,
      seconds: (Date.now() - started) / 1000,
    };
  }

  const fit = fitGaussianMixture(X, {
    nComponents: k, covarianceType: request.covarianceType, nInit: request.nInit, maxIter: request.maxIter,
    tol: request.tol, regCovar: request.regCovar, seed: request.seed, init: request.init ?? 'kmeans', onIteration, executor,
    recordParameters: true,
  });
  // Likelihoods are compared across scalings and with scikit-learn on the raw file, so they are
  // reported in original units: the density picks up the Jacobian of the z-score map per row.
  const logLikelihood = fit.logLikelihood + (scaler ? n * logJacobian(scaler.scale) : 0);
  const p = fit.nParameters;
  return {
    ...base,
    weights: fit.model.weights,
    means: scaler ? inverseTransformMeans(scaler, fit.model.means) : fit.model.means,
    covariances: scaler
      ? inverseTransformCovariances(scaler, fit.model.covariances, request.covarianceType, k)
      : expandCovariances(fit.model.covariances, request.covarianceType, k, request.nFeatures),
    labels: fit.labels,
    resp: Float32Array.from(fit.resp),
    logLikelihood,
    bic: -2 * logLikelihood + p * Math.log(n),
    aic: -2 * logLikelihood + 2 * p,
    inertia: null,
    histories: fit.histories,
    bestRestart: fit.bestRestart,
    converged: fit.converged,
    nIter: fit.nIter,
    collapsedComponents: fit.collapsedComponents,
    scaling: scaler ? { mean: scaler.mean, scale: scaler.scale } : null,
    replay: fit.replay ? replayInOriginalUnits(fit.replay, scaler, request.covarianceType, k, request.nFeatures) : null,
    seconds: (Date.now() - started) / 1000,
  };
}

/**
 * k-means' memberships as probabilities (n × k, one 1 per row) and the clusters' sizes. A loop of
 * its own, so V8 optimises it at once rather than running it in the fit's rarely called body.
 */
function oneHot(labels: Int32Array, k: number): { resp: Float32Array; counts: Float64Array } {
  const resp = new Float32Array(labels.length * k);
  const counts = new Float64Array(k);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    resp[i * k + label] = 1;
    counts[label]!++;
  }
  return { resp, counts };
}

/** Every recorded EM frame with means and k × d × d covariances in the file's units, like the result. */
function replayInOriginalUnits(
  replay: GaussianMixtureReplay, scaler: StandardScaler | undefined, covarianceType: CovarianceType, k: number, d: number,
): FitReplay {
  const { nFrames } = replay;
  const perFrame = replay.covariances.length / nFrames;
  const means = new Float64Array(nFrames * k * d);
  const covariances = new Float64Array(nFrames * k * d * d);
  for (let f = 0; f < nFrames; f++) {
    const frameMeans = replay.means.subarray(f * k * d, (f + 1) * k * d);
    const frameCovariances = replay.covariances.slice(f * perFrame, (f + 1) * perFrame);
    means.set(scaler ? inverseTransformMeans(scaler, frameMeans) : frameMeans, f * k * d);
    covariances.set(scaler
      ? inverseTransformCovariances(scaler, frameCovariances, covarianceType, k)
      : expandCovariances(frameCovariances, covarianceType, k, d), f * k * d * d);
  }
  return { nFrames, weights: replay.weights, means, covariances, lowerBounds: replay.lowerBounds };
}

/** scaling.transform, written straight into memory of the executor (no second copy to share). */
function standardizeInto(scaler: StandardScaler, X: DataMatrix, executor: ChunkExecutor): DataMatrix {
  const { nFeatures: d, mean, scale } = scaler;
  const { data: x, nSamples: n } = X;
  const z = executor.allocateFloat64(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) { z[i * d + j] = (x[i * d + j]! - mean[j]!) / scale[j]!; }
  }
  return { data: z, nSamples: n, nFeatures: d };
}
