/**
 * One clustering fit as the product runs it: optional z-scoring, then a Gaussian mixture or
 * k-means, with the model and its likelihood reported back in the data's ORIGINAL units, so the
 * numbers compare with scikit-learn run on the raw file. Used by the fit workers, the web host's
 * in-process fallback and the CLI.
 */
import type { ChunkExecutor } from './chunkExecutor';
import { findNonFinite, type DataMatrix } from './dataMatrix';
import { fitDensity, isDensityAlgorithm, type DensityAlgorithm } from './densityFit';
import { assertFitFeasible, checkFitData, FitRefusal } from './fitFeasibility';
import type { IterationEvent } from './fitOptions';
import type { FitReplay, FitRequest, FitResult } from './fitRequest';
import { REPLAY_LIMIT, type GaussianMixtureReplay } from './gmm';
import { checkResultCovarianceSize, type CovarianceType } from './gmmModel';
import { inThreadExecutor } from './inThreadExecutor';
import { fitKMeans } from './kmeans';
import { fitGaussianMixtureWithMissing } from './missingDataFit';
import { hasMissingCells } from './missingPatterns';
import { summarizeRestarts } from './restartSummary';
import {
  expandCovariances, fitMagnitudeScaler, fitStandardScaler, inverseTransformCovariances, inverseTransformMeans, logJacobian,
  observedLogJacobian, type StandardScaler,
} from './scaling';
import { MODEL_ALIASES } from './mixtureModels/covarianceModels';
import { fitGaussianMixtureScreened, restartSampleSize } from './screenedRestarts';
import { fitFromSearchStart } from './mixtureModels/searchStartFit';
export type { Algorithm } from './algorithm';
export type { FitMissing, FitReplay, FitRequest, FitResult, FitSettings } from './fitRequest';

/**
 * `executor` runs the row passes (default: this thread; src/compute gives a thread pool): the
 * result is the same whichever runs them.
 */
export function runClusterFit(
  request: FitRequest, onIteration: (event: IterationEvent) => void, executor: ChunkExecutor = inThreadExecutor,
): FitResult {
  const started = Date.now();
  if (isDensityAlgorithm(request.algorithm)) { return runDensityFit(request, request.algorithm, onIteration, executor, started); }
  if (request.algorithm === 'gmm') { checkResultCovarianceSize(request.nComponents, request.nFeatures); }
  const raw: DataMatrix = { data: request.data, nSamples: request.nSamples, nFeatures: request.nFeatures };
  assertFitFeasible({ ...request, algorithm: request.algorithm });
  checkFitData(raw);
  const withMissing = hasMissingCells(raw);
  if (withMissing && request.algorithm === 'kmeans') {
    throw new FitRefusal('k-means needs a value in every chosen cell, and some are missing.',
      'Leave the rows with a missing cell out (missing values: drop), fill them with the column mean (impute), or fit a Gaussian mixture, which models them.');
  }
  // Raw values far from 1 in magnitude (1e300) are divided by one power of two so that squares stay finite.
  const scaler = request.standardize ? fitStandardScaler(raw) : fitMagnitudeScaler(raw);
  if (request.algorithm === 'gmm' && scaler) { refuseUnrepresentableCovariances(raw, scaler, request); }
  const X = scaler ? standardizeInto(scaler, raw, executor) : executor.share(raw);
  const k = request.nComponents;
  const n = request.nSamples;
  const base = { algorithm: request.algorithm, covarianceType: request.covarianceType, nComponents: k, nSamples: n, nFeatures: request.nFeatures };

  if (request.algorithm === 'kmeans') {
    const fit = fitKMeans(X, { nClusters: k, nInit: request.nInit, maxIter: request.maxIter, seed: request.seed, onIteration, executor });
    const { resp, counts } = oneHot(fit.labels, k);
    return assertFiniteResult({
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
      restarts: summarizeRestarts('kmeans', fit.histories.map(lastValue), fit.bestRestart, request.tol, n, n),
      converged: fit.converged,
      nIter: fit.nIter,
      collapsedComponents: [],
      replay: null,
      scaling: scaler ? { mean: scaler.mean, scale: scaler.scale } : null,
      seconds: (Date.now() - started) / 1000,
    });
  }

  if (withMissing) {
    // scikit-learn's four run as their covariance types (their own fast E-step); mclust's other ten
    // as 'full' with the model's M-step on the expected statistics.
    const asType = request.model === undefined ? request.covarianceType : typeOfModel(request.model);
    const missingRequest = asType === undefined ? request : { ...request, covarianceType: asType, model: undefined };
    return runMissingDataFit(missingRequest, X, scaler, onIteration, executor, started);
  }
  const sampleSize = request.screenRestarts ? restartSampleSize(n, request.nInit, request.covarianceType, k, request.nFeatures) : null;
  const fit = request.searchStart ? fitFromSearchStart(X, { ...request, recordParameters: true }, request.searchStart, executor) : fitGaussianMixtureScreened(X, {
    nComponents: k, covarianceType: request.covarianceType, nInit: request.nInit, maxIter: request.maxIter,
    tol: request.tol, regCovar: request.regCovar, seed: request.seed, init: request.init ?? 'kmeans', onIteration, executor,
    recordParameters: true, ...(request.model ? { model: request.model } : {}),
  }, sampleSize);
  // Likelihoods are compared across scalings and with scikit-learn on the raw file, so they are
  // reported in original units: the density picks up the Jacobian of the z-score map per row.
  const logLikelihood = fit.logLikelihood + (scaler ? n * logJacobian(scaler.scale) : 0);
  return mixtureResult(request, fit, scaler, n, logLikelihood, started, {
    // Expanded to k × d × d per frame, a diag replay on wide data would be gigabytes (d = 1,000, k = 3:
    // 2.4 GB): kept only within the limit the recording itself obeys.
    replay: fit.replay && fit.replay.nFrames * k * request.nFeatures ** 2 <= REPLAY_LIMIT
      ? replayInOriginalUnits(fit.replay, scaler, request.covarianceType, k, request.nFeatures) : null,
  });
}

/**
 * A Gaussian mixture on data with missing cells: EM on the observed cells (missingDataEm.ts), the
 * likelihood over observed cells in the file's units, BIC with n = the rows fitted; replayed as a
 * complete-data fit is.
 */
function runMissingDataFit(
  request: FitRequest, X: DataMatrix, scaler: StandardScaler | undefined, onIteration: (event: IterationEvent) => void,
  executor: ChunkExecutor, started: number,
): FitResult {
  const k = request.nComponents, d = request.nFeatures;
  let observed = 0;
  const observedCounts = new Float64Array(d);
  for (let i = 0; i < X.data.length; i++) { if (X.data[i] === X.data[i]) { observedCounts[i % d]!++; observed++; } }
  const rowsWithCells = request.nSamples - countEmptyRows(X);
  const sampleSize = request.screenRestarts ? restartSampleSize(rowsWithCells, request.nInit, request.covarianceType, k, d) : null;
  const fit = fitGaussianMixtureWithMissing(X, {
    nComponents: k, covarianceType: request.covarianceType, nInit: request.nInit, maxIter: request.maxIter,
    tol: request.tol, regCovar: request.regCovar, seed: request.seed, init: request.init ?? 'kmeans', onIteration, executor,
    recordParameters: true, ...(request.model ? { model: request.model } : {}),
  }, sampleSize);
  const nUsed = fit.missing.nUsed;
  const logLikelihood = fit.logLikelihood + (scaler ? observedLogJacobian(scaler.scale, observedCounts) : 0);
  return mixtureResult(request, fit, scaler, nUsed, logLikelihood, started, {
    replay: fit.replay && fit.replay.nFrames * k * d ** 2 <= REPLAY_LIMIT
      ? replayInOriginalUnits(fit.replay, scaler, request.covarianceType, k, d) : null,
    missing: { cells: request.nSamples * d - observed, rows: fit.missing.rowsWithMissing, emptyRows: fit.missing.emptyRows },
  });
}

/** What EM gives a mixture result from, with or without missing cells (gmm.ts, missingDataEm.ts). */
type MixtureOutcome = Pick<ReturnType<typeof fitGaussianMixtureScreened>,
  'model' | 'labels' | 'resp' | 'histories' | 'bestRestart' | 'screenBest' | 'comparedOnRows' | 'converged' | 'nIter' | 'collapsedComponents' | 'nParameters'>;

/**
 * A mixture's result in the file's units: the model mapped back through the scaler, BIC and AIC
 * with n = the rows fitted, whether the starts agreed.
 */
function mixtureResult(request: FitRequest, fit: MixtureOutcome, scaler: StandardScaler | undefined, nUsed: number,
  logLikelihood: number, started: number, rest: Pick<FitResult, 'replay'> & Pick<Partial<FitResult>, 'missing'>): FitResult {
  const k = request.nComponents, d = request.nFeatures;
  const p = fit.nParameters;
  const starts = fit.comparedOnRows < nUsed ? fit.histories.slice(0, request.nInit) : fit.histories;
  return assertFiniteResult({
    algorithm: 'gmm', covarianceType: request.covarianceType, nComponents: k, nSamples: nUsed, nFeatures: d,
    weights: fit.model.weights,
    means: scaler ? inverseTransformMeans(scaler, fit.model.means) : fit.model.means,
    covariances: scaler
      ? inverseTransformCovariances(scaler, fit.model.covariances, request.covarianceType, k)
      : expandCovariances(fit.model.covariances, request.covarianceType, k, d),
    labels: fit.labels,
    resp: Float32Array.from(fit.resp),
    logLikelihood,
    bic: -2 * logLikelihood + p * Math.log(nUsed),
    aic: -2 * logLikelihood + 2 * p,
    inertia: null,
    histories: fit.histories,
    bestRestart: fit.bestRestart,
    restarts: summarizeRestarts('gmm', starts.map(lastValue), fit.screenBest, request.tol, fit.comparedOnRows, nUsed),
    converged: fit.converged,
    nIter: fit.nIter,
    collapsedComponents: fit.collapsedComponents,
    scaling: scaler ? { mean: scaler.mean, scale: scaler.scale } : null,
    seconds: (Date.now() - started) / 1000,
    ...rest,
  });
}

function countEmptyRows(X: DataMatrix): number {
  const { data, nSamples: n, nFeatures: d } = X;
  let empty = 0;
  for (let i = 0; i < n; i++) {
    let j = 0;
    while (j < d && data[i * d + j] !== data[i * d + j]) { j++; }
    if (j === d) { empty++; }
  }
  return empty;
}

/**
 * Spectral clustering, DBSCAN or HDBSCAN on the same scaled rows as the mixtures. Their steps are
 * reported as "iterations" of one start (value: the step's number), so the panel's progress moves.
 */
function runDensityFit(
  request: FitRequest, algorithm: DensityAlgorithm, onIteration: (event: IterationEvent) => void, executor: ChunkExecutor, started: number,
): FitResult {
  const raw: DataMatrix = { data: request.data, nSamples: request.nSamples, nFeatures: request.nFeatures };
  checkFitData(raw);
  const scaler = request.standardize ? fitStandardScaler(raw) : fitMagnitudeScaler(raw);
  const X = scaler ? standardizeInto(scaler, raw, executor) : raw;
  const fit = fitDensity(algorithm, X, request.nComponents, request.nInit, request.seed, request,
    (step, of) => onIteration({ restart: 0, iteration: step, value: step / of }));
  const k = fit.nClusters;
  const n = request.nSamples;
  const d = request.nFeatures;
  const resp = new Float32Array(n * k);
  const counts = new Float64Array(k);
  const sums = new Float64Array(k * d);
  for (let i = 0; i < n; i++) {
    const c = fit.labels[i]!;
    if (c < 0) { continue; }
    resp[i * k + c] = fit.strength[i]!;
    counts[c]!++;
    for (let j = 0; j < d; j++) { sums[c * d + j]! += raw.data[i * d + j]!; }
  }
  // each cluster's mean of its member rows in the file's units (no model centre: the profiles' and the CLI's means)
  for (let c = 0; c < k; c++) { for (let j = 0; j < d; j++) { sums[c * d + j]! /= counts[c]!; } }
  return assertFiniteResult({
    algorithm, covarianceType: request.covarianceType, nComponents: k, nSamples: n, nFeatures: d,
    weights: counts.map(count => count / n), means: sums, covariances: null, labels: fit.labels, resp,
    logLikelihood: null, bic: null, aic: null, inertia: null,
    histories: [], bestRestart: 0, restarts: null, converged: true, nIter: 0, collapsedComponents: [], replay: null,
    scaling: scaler ? { mean: scaler.mean, scale: scaler.scale } : null,
    seconds: (Date.now() - started) / 1000,
    density: fit.info,
    ...(fit.model === undefined ? {} : { densityModel: fit.model }),
    ...(fit.modelRefusal === undefined ? {} : { densityModelRefusal: fit.modelRefusal }),
    ...(fit.embedding === undefined ? {} : { spectralEmbedding: fit.embedding }),
  });
}

function lastValue(history: Float64Array): number {
  return history.length > 0 ? history[history.length - 1]! : NaN;
}

/**
 * The largest standard deviation whose covariance a mixture can report in the file's units: its
 * square, times the few-fold excess a cluster's variance may have over the column's, stays below
 * the largest double (1.8e308).
 */
const MAX_REPORTABLE_SD = 1e150;

/** A Gaussian mixture on a column with σ ≈ 1e200 would have a variance of 1e400: refused, with the reason. */
function refuseUnrepresentableCovariances(raw: DataMatrix, scaler: StandardScaler, request: FitRequest): void {
  // the standard scaler's scale is σ; a magnitude scaler's is a power of two, so σ is computed
  const sd = request.standardize ? scaler.scale : fitStandardScaler(raw).scale;
  for (let j = 0; j < sd.length; j++) {
    if (sd[j]! > MAX_REPORTABLE_SD) {
      throw new FitRefusal(
        `${columnName(request, j)} spreads over about ${sd[j]!.toPrecision(2)} (its standard deviation): its variance, about `
        + `${sd[j]!.toPrecision(2)}², is beyond the largest number a double holds (1.8e308), so a Gaussian mixture cannot report its covariance.`,
        `Divide the column by 1e${Math.ceil(Math.log10(sd[j]!)) - 100} first (its spread becomes about 1e100), or cluster with k-means, which reports no covariances.`);
    }
  }
}

function columnName(request: FitRequest, j: number): string {
  const name = request.columnNames?.[j];
  return name === undefined ? `Column ${j + 1}` : `Column "${name}"`;
}

/**
 * The last guard: a result with a likelihood, weight, mean, covariance, inertia or probability
 * that is not a finite number is an error with its reason, never a result (no null likelihood,
 * no p = 0.5 everywhere).
 */
export function assertFiniteResult(result: FitResult): FitResult {
  const what = result.logLikelihood !== null && !Number.isFinite(result.logLikelihood) ? 'log-likelihood'
    : result.inertia !== null && !Number.isFinite(result.inertia) ? 'inertia'
      : !allFinite(result.weights) ? 'cluster weights'
        : !allFinite(result.means) ? 'cluster means'
          : result.covariances && !allFinite(result.covariances) ? 'covariances'
            : !allFinite(result.resp) ? 'membership probabilities' : undefined;
  if (what !== undefined) {
    throw new FitRefusal(
      `The fit's ${what} came out as a value that is not a finite number: the arithmetic overflowed on these values, so no result is shown.`,
      'Rescale the columns (divide the largest by a power of ten), or choose fewer columns or the diag covariance.');
  }
  return result;
}

function allFinite(values: Float64Array | Float32Array): boolean {
  if (values instanceof Float64Array) { return findNonFinite({ data: values, nSamples: values.length, nFeatures: 1 }) < 0; }
  let probe = 0;
  for (let i = 0; i < values.length; i++) { probe += values[i]! * 0; }
  return probe === 0;
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
  // x − mean overflows only for values near ±1.8e308 of opposite signs: those are computed as x/s − mean/s
  if (findNonFinite({ data: z, nSamples: n, nFeatures: d }) >= 0) {
    for (let i = 0; i < n * d; i++) {
      if (!Number.isFinite(z[i]!)) { const j = i % d; z[i] = x[i]! / scale[j]! - mean[j]! / scale[j]!; }
    }
  }
  return { data: z, nSamples: n, nFeatures: d };
}

/** The scikit-learn covariance type an mclust model is (VVV = full, EEE = tied, VVI = diag, VII = spherical), or undefined. */
function typeOfModel(model: string): CovarianceType | undefined {
  const entry = Object.entries(MODEL_ALIASES).find(([, name]) => name === model);
  return entry?.[0] as CovarianceType | undefined;
}
