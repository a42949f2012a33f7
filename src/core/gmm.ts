// Gaussian mixture models fitted by EM, following scikit-learn's GaussianMixture: same defaults,
// same initialisations, same E-step (log space, precision Cholesky factors), same M-step and
// lower bound (mean log-likelihood), restarts keep the best lower bound, final E-step for labels.

import type { ChunkExecutor } from './chunkExecutor';
import { inThreadExecutor } from './inThreadExecutor';
import { findNonFinite, computeColumnMeans, type DataMatrix } from './dataMatrix';
import {
  checkCovarianceSize, computePrecisionsChol, countParameters, covarianceSize, isTriangular, precisionDiagonals, prepareComponentParameters,
  COVARIANCE_TYPES, type CovarianceType, type GaussianMixtureModel,
} from './gmmModel';
import {
  accumulateResponsibilities, createStats, createStatsAbout, estimateChunk, mStepFromStats, type MStepResult, type SufficientStats,
} from './gmmStats';
import { checkData, checkInteger, stripUndefined, type IterationEvent } from './fitOptions';
import { assignLabels, runKMeans, selectKMeansPlusPlus } from './kmeans';
import { choleskyLower, invertSymmetricPositiveDefinite } from './linalg';
import { createConstrainedMStep } from './mixtureModels/constrainedMStep';
import { countModelParameters, resolveModelName, type MixtureModelName } from './mixtureModels/covarianceModels';
import { Random } from './random';

export type { CovarianceType, GaussianMixtureModel } from './gmmModel';
export { expandCovariances } from './gmmModel';
export type { IterationEvent } from './fitOptions';

export type GmmInit = 'kmeans' | 'k-means++' | 'random' | 'random_from_data';

export const GMM_INITS: readonly GmmInit[] = ['kmeans', 'k-means++', 'random', 'random_from_data'];

export interface GaussianMixtureOptions {
  /** default 1 */
  nComponents: number;
  /** default 'full' */
  covarianceType: CovarianceType;
  /** stop when the lower bound gains less than this (default 1e-3) */
  tol: number;
  /** added to the diagonal of every covariance (default 1e-6) */
  regCovar: number;
  /** EM iterations per restart (default 100); 0 returns the initial parameters */
  maxIter: number;
  /** restarts; the best lower bound wins (default 1) */
  nInit: number;
  /** default 'kmeans' */
  init: GmmInit;
  /** default 0 */
  seed: number;
  /** (k) */
  weightsInit?: Float64Array;
  /** (k × d) */
  meansInit?: Float64Array;
  /** precisions (inverse covariances) in sklearn's shape for the type: full (k×d×d), tied (d×d), diag (k×d), spherical (k) */
  precisionsInit?: Float64Array;
  /**
   * A whole starting model (e.g. the best start found on a sample of the rows, screenedRestarts.ts):
   * EM starts from it with no draw and no k-means; its type and shape must match the options and X.
   */
  modelInit?: GaussianMixtureModel;
  /**
   * One of mclust's models (EII … VVV; E, V on one column; aliases spherical, diag, tied, full):
   * statistics are accumulated as 'full' and the M-step keeps the model's constraints
   * (mixtureModels/constrainedMStep.ts). Needs covarianceType 'full' (the model's shape).
   * Unset: scikit-learn's M-step for covarianceType, unchanged.
   */
  model?: MixtureModelName;
  /** (n × k) starting responsibilities (e.g. a hierarchical partition, one-hot): one M-step from them starts EM */
  respInit?: Float64Array;
  onIteration?: (e: IterationEvent) => void;
  /**
   * Keep the parameters after every iteration of the best restart (result.replay), for an EM
   * replay. Ignored (replay undefined) when (maxIter + 1)·(k + k·d + covariance size) exceeds
   * REPLAY_LIMIT numbers: e.g. full, k = 8, d = 8, maxIter = 100 needs 59k numbers; the limit
   * only bites on large d.
   */
  recordParameters?: boolean;
  /** where the row passes run (default: this thread); results do not depend on it */
  executor?: ChunkExecutor;
}

/** Maximum numbers kept by recordParameters (16 MB of doubles). */
export const REPLAY_LIMIT = 2e6;

/** Parameters of every EM iteration of the best restart: frame 0 is the initialisation, frame t after iteration t. */
export interface GaussianMixtureReplay {
  nFrames: number;
  /** (nFrames × k) */
  weights: Float64Array;
  /** (nFrames × k × d) */
  means: Float64Array;
  /** (nFrames × covariance size of the type), sklearn's shape per frame */
  covariances: Float64Array;
  /** (nFrames) lower bound reached at each frame; frame 0 is NaN (no E-step yet) */
  lowerBounds: Float64Array;
}

export interface GaussianMixtureResult {
  model: GaussianMixtureModel;
  /** (nSamples) most likely component of each row under the final model */
  labels: Int32Array;
  /** (nSamples × nComponents) responsibilities under the final model */
  resp: Float64Array;
  /** sklearn's lower_bound_: mean log-likelihood per sample at the last E-step of the best restart */
  lowerBound: number;
  /** total log-likelihood of X under the final model (sklearn's score(X) · n) */
  logLikelihood: number;
  /** −2·logLikelihood + nParameters·ln n */
  bic: number;
  /** −2·logLikelihood + 2·nParameters */
  aic: number;
  nParameters: number;
  nIter: number;
  /** whether the best restart stopped on tol before maxIter */
  converged: boolean;
  /** lower bound per iteration, one array per restart */
  histories: Float64Array[];
  bestRestart: number;
  /** components whose covariance degenerated: some feature's variance given the others is below 10·regCovar (or a jitter was needed) */
  collapsedComponents: number[];
  replay?: GaussianMixtureReplay;
}

const DEFAULTS: GaussianMixtureOptions = {
  nComponents: 1, covarianceType: 'full', tol: 1e-3, regCovar: 1e-6, maxIter: 100, nInit: 1, init: 'kmeans', seed: 0,
};

/** Fits a Gaussian mixture to the rows of X by EM; options are validated (clear errors), defaults are scikit-learn's. */
export function fitGaussianMixture(X: DataMatrix, options: Partial<GaussianMixtureOptions> = {}): GaussianMixtureResult {
  const resolved = resolveGaussianMixtureOptions(X, options);
  return runGaussianMixture(X, resolved, new Random(resolved.seed));
}

/** Fills defaults and throws an Error naming the first invalid option. */
export function resolveGaussianMixtureOptions(X: DataMatrix, options: Partial<GaussianMixtureOptions>): GaussianMixtureOptions {
  const o: GaussianMixtureOptions = { ...DEFAULTS, ...stripUndefined(options) };
  checkData(X);
  const { nComponents: k, covarianceType } = o;
  const d = X.nFeatures;
  checkInteger('nComponents', k, 1);
  checkInteger('nInit', o.nInit, 1);
  checkInteger('maxIter', o.maxIter, 0);
  if (!COVARIANCE_TYPES.includes(covarianceType)) {
    throw new Error(`covarianceType must be one of ${COVARIANCE_TYPES.join(', ')}, got ${String(covarianceType)}`);
  }
  if (!GMM_INITS.includes(o.init)) { throw new Error(`init must be one of ${GMM_INITS.join(', ')}, got ${String(o.init)}`); }
  if (!(o.tol >= 0) || !Number.isFinite(o.tol)) { throw new Error(`tol must be a finite number ≥ 0, got ${o.tol}`); }
  if (!(o.regCovar >= 0) || !Number.isFinite(o.regCovar)) { throw new Error(`regCovar must be a finite number ≥ 0, got ${o.regCovar}`); }
  if (!Number.isFinite(o.seed)) { throw new Error(`seed must be a finite number, got ${o.seed}`); }
  if (k > X.nSamples) { throw new Error(`k (${k}) is larger than the number of rows (${X.nSamples})`); }
  if (o.model !== undefined) {
    o.model = resolveModelName(o.model, d);
    if (covarianceType !== 'full') { throw new Error(`model ${o.model} is fitted with covarianceType 'full' (the shape of its covariances), got '${covarianceType}'`); }
  }
  if (o.respInit !== undefined && o.respInit.length !== X.nSamples * k) {
    throw new Error(`respInit has ${o.respInit.length} values, expected ${X.nSamples} × ${k}`);
  }
  checkCovarianceSize(covarianceType, k, d);
  if (o.weightsInit !== undefined) {
    const w = o.weightsInit;
    if (w.length !== k) { throw new Error(`weightsInit has ${w.length} values, expected ${k}`); }
    let sum = 0;
    for (const v of w) {
      if (!(v >= 0 && v <= 1)) { throw new Error(`weightsInit must lie in [0, 1], got ${v}`); }
      sum += v;
    }
    if (Math.abs(sum - 1) > 1e-8) { throw new Error(`weightsInit must sum to 1, got ${sum}`); }
  }
  if (o.meansInit !== undefined) {
    if (o.meansInit.length !== k * d) { throw new Error(`meansInit has ${o.meansInit.length} values, expected ${k} × ${d}`); }
    if (!o.meansInit.every(Number.isFinite)) { throw new Error('meansInit must be finite'); }
  }
  if (o.precisionsInit !== undefined) { checkPrecisions(o.precisionsInit, covarianceType, k, d); }
  if (o.modelInit !== undefined) {
    const m = o.modelInit;
    if (m.covarianceType !== covarianceType || m.nComponents !== k || m.nFeatures !== d) {
      throw new Error(`modelInit is ${m.covarianceType} with k = ${m.nComponents}, d = ${m.nFeatures}; expected ${covarianceType} with k = ${k}, d = ${d}`);
    }
  }
  return o;
}

function checkPrecisions(p: Float64Array, covarianceType: CovarianceType, k: number, d: number): void {
  const expected = covarianceSize(covarianceType, k, d);
  if (p.length !== expected) { throw new Error(`precisionsInit has ${p.length} values, expected ${expected} for '${covarianceType}'`); }
  if (!isTriangular(covarianceType)) {
    if (!p.every(v => v > 0 && Number.isFinite(v))) { throw new Error(`precisionsInit for '${covarianceType}' must be positive`); }
    return;
  }
  const scratch = new Float64Array(d * d);
  for (let b = 0; b < p.length / (d * d); b++) {
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < i; j++) {
        const a = p[b * d * d + i * d + j]!, t = p[b * d * d + j * d + i]!;
        if (Math.abs(a - t) > 1e-8 * Math.max(1, Math.abs(a))) { throw new Error('precisionsInit must be symmetric'); }
      }
    }
    if (!choleskyLower(p, b * d * d, d, scratch, 0)) { throw new Error('precisionsInit must be positive definite'); }
  }
}

/** Unchecked EM on validated options; every random draw comes from `random`. */
export function runGaussianMixture(X: DataMatrix, options: GaussianMixtureOptions, random: Random): GaussianMixtureResult {
  const { nComponents: k, covarianceType, tol, regCovar, maxIter, nInit, onIteration } = options;
  const executor = options.executor ?? inThreadExecutor;
  X = executor.share(X);
  const { nSamples: n, nFeatures: d } = X;
  const resp = executor.allocateFloat64(n * k);
  const frameSize = k + k * d + covarianceSize(covarianceType, k, d);
  const recording = options.recordParameters === true && (maxIter + 1) * frameSize <= REPLAY_LIMIT;
  const histories: Float64Array[] = [];
  let best: { model: GaussianMixtureModel; lowerBound: number; nIter: number; converged: boolean; restart: number; replay?: GaussianMixtureReplay } | undefined;
  for (let restart = 0; restart < nInit; restart++) {
    const mStep = options.model ? createConstrainedMStep(options.model, regCovar) : (s: SufficientStats, w?: number) => mStepFromStats(s, regCovar, w);
    let model = initializeModel(X, options, random, resp, mStep);
    const replay = recording ? createReplay(maxIter + 1, k, d, covarianceType) : undefined;
    if (replay) { recordFrame(replay, 0, model, NaN); }
    const history = new Float64Array(maxIter);
    let lowerBound = -Infinity;
    let nIter = 0;
    let converged = false;
    for (let iter = 1; iter <= maxIter; iter++) {
      const previous = lowerBound;
      const params = prepareComponentParameters(model);
      const stats = createStats(params);
      executor.accumulate(params, X, resp, stats);
      lowerBound = stats.logLikelihood / n;
      model = mStep(stats).model;
      nIter = iter;
      history[iter - 1] = lowerBound;
      if (replay) { recordFrame(replay, iter, model, lowerBound); }
      onIteration?.({ restart, iteration: iter, value: lowerBound });
      if (Math.abs(lowerBound - previous) < tol) { converged = true; break; }
    }
    histories.push(history.slice(0, nIter));
    if (best === undefined || lowerBound > best.lowerBound || best.lowerBound === -Infinity) {
      best = { model, lowerBound, nIter, converged, restart, ...(replay ? { replay: trimReplay(replay, nIter + 1) } : {}) };
    }
  }
  const { model } = best!;
  // Final E-step so labels and resp agree with the returned model (sklearn does the same).
  const logLikelihood = executor.estimate(prepareComponentParameters(model), X, resp);
  const labels = argmaxRows(resp, n, k);
  const nParameters = options.model ? countModelParameters(options.model, k, d) : countParameters(covarianceType, k, d);
  const result: GaussianMixtureResult = {
    model, labels, resp, lowerBound: best!.lowerBound, logLikelihood,
    bic: -2 * logLikelihood + nParameters * Math.log(n), aic: -2 * logLikelihood + 2 * nParameters, nParameters,
    nIter: best!.nIter, converged: best!.converged, histories, bestRestart: best!.restart,
    collapsedComponents: findCollapsedComponents(model, regCovar),
  };
  if (best!.replay) { result.replay = best!.replay; }
  return result;
}

/**
 * sklearn's _initialize_parameters + _initialize: responsibilities from the init method, one
 * M-step (weights divided by n), then weightsInit / meansInit / precisionsInit override.
 * `resp` (n × k) is scratch.
 */
function initializeModel(
  X: DataMatrix, options: GaussianMixtureOptions, random: Random, resp: Float64Array,
  mStep: (stats: SufficientStats, weightDenominator?: number) => MStepResult,
): GaussianMixtureModel {
  const { nComponents: k, covarianceType, weightsInit, meansInit, precisionsInit } = options;
  const { nSamples: n, nFeatures: d } = X;
  let model: GaussianMixtureModel;
  if (options.modelInit) {
    const m = options.modelInit;
    return { ...m, weights: m.weights.slice(), means: m.means.slice(), covariances: m.covariances.slice(), precisionsChol: m.precisionsChol.slice() };
  }
  if (weightsInit && meansInit && precisionsInit) {
    // nothing left to estimate from data: skip the random draws
    model = { covarianceType, nComponents: k, nFeatures: d, weights: weightsInit.slice(), means: meansInit.slice(), covariances: new Float64Array(0), precisionsChol: new Float64Array(0) };
  } else {
    const stats = computeInitialStats(X, options, random, resp);
    model = mStep(stats, n).model;
  }
  if (weightsInit) { model.weights = weightsInit.slice(); }
  if (meansInit) { model.means = meansInit.slice(); }
  if (precisionsInit) {
    model.covariances = invertPrecisions(precisionsInit, covarianceType, d);
    // an upper factor of the precision (sklearn's own is lower here; only P Pᵀ and det P matter)
    model.precisionsChol = computePrecisionsChol(covarianceType, k, d, model.covariances).precisionsChol;
  }
  return model;
}

function computeInitialStats(X: DataMatrix, options: GaussianMixtureOptions, random: Random, resp: Float64Array): SufficientStats {
  const { nComponents: k, covarianceType, init } = options;
  const executor = options.executor ?? inThreadExecutor;
  const { nSamples: n, nFeatures: d } = X;
  if (options.respInit) {
    resp.set(options.respInit);
    return statsAboutColumnMeans(X, resp, covarianceType, k);
  }
  if (init === 'kmeans' || init === 'k-means++') {
    let centers: Float64Array;
    let labels: Int32Array;
    if (init === 'kmeans') {
      const km = runKMeans(X, { nClusters: k, nInit: 1, maxIter: 300, tol: 1e-4, seed: 0, executor }, random);
      centers = km.centers;
      labels = km.labels;
    } else {
      centers = selectKMeansPlusPlus(X, k, random, executor).centers;
      labels = executor.allocateInt32(n);
      const distances = executor.allocateFloat64(n);
      assignLabels(X, centers, k, labels, distances, executor);
      executor.release(distances);
    }
    resp.fill(0);
    for (let i = 0; i < n; i++) { resp[i * k + labels[i]!] = 1; }
    executor.release(labels);
    const stats = createStatsAbout(covarianceType, k, d, centers);
    accumulateResponsibilities(X, 0, n, resp, stats);
    return stats;
  }
  if (init === 'random') {
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let c = 0; c < k; c++) { const u = random.nextFloat(); resp[i * k + c] = u; sum += u; }
      for (let c = 0; c < k; c++) { resp[i * k + c]! /= sum; }
    }
    return statsAboutColumnMeans(X, resp, covarianceType, k);
  }
  // random_from_data: one row per component, responsibility 1 there and 0 elsewhere
  const indices = random.sampleWithoutReplacement(n, k);
  const shift = new Float64Array(k * d);
  const stats = createStatsAbout(covarianceType, k, d, shift);
  for (let c = 0; c < k; c++) {
    shift.set(X.data.subarray(indices[c]! * d, indices[c]! * d + d), c * d);
    stats.sumResp[c] = 1;
  }
  stats.nSamples = n;
  return stats;
}

/** Covariances (sklearn shape) from precisions (sklearn shape). */
function invertPrecisions(precisions: Float64Array, covarianceType: CovarianceType, d: number): Float64Array {
  const out = new Float64Array(precisions.length);
  if (isTriangular(covarianceType)) {
    for (let b = 0; b < precisions.length / (d * d); b++) {
      invertSymmetricPositiveDefinite(precisions, b * d * d, d, out, b * d * d);
    }
  } else {
    for (let i = 0; i < precisions.length; i++) { out[i] = 1 / precisions[i]!; }
  }
  return out;
}

/**
 * Components whose precision has a diagonal entry above 1 / (10·regCovar): the variance of some
 * feature given the others fell below 10·regCovar, i.e. the component sits on a point, line or
 * plane and only regCovar keeps it finite.
 */
export function findCollapsedComponents(model: GaussianMixtureModel, regCovar: number): number[] {
  const { nComponents: k, nFeatures: d } = model;
  const precisions = precisionDiagonals(model);
  const threshold = regCovar > 0 ? 1 / (10 * regCovar) : Infinity;
  const collapsed: number[] = [];
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) {
      const p = precisions[c * d + j]!;
      if (p > threshold || !Number.isFinite(p)) { collapsed.push(c); break; }
    }
  }
  return collapsed;
}

/** (n × k) responsibilities of the rows of X under a fitted model. */
export function predictProba(model: GaussianMixtureModel, X: DataMatrix): Float64Array {
  checkModelData(model, X);
  const resp = new Float64Array(X.nSamples * model.nComponents);
  estimateChunk(prepareComponentParameters(model), X, 0, X.nSamples, resp, null);
  return resp;
}

/** (n) most likely component of each row. */
export function predict(model: GaussianMixtureModel, X: DataMatrix): Int32Array {
  return argmaxRows(predictProba(model, X), X.nSamples, model.nComponents);
}

/** (n) log-likelihood log p(xᵢ) of each row under the model (sklearn's score_samples). */
export function scoreSamples(model: GaussianMixtureModel, X: DataMatrix): Float64Array {
  checkModelData(model, X);
  const resp = new Float64Array(X.nSamples * model.nComponents);
  const out = new Float64Array(X.nSamples);
  estimateChunk(prepareComponentParameters(model), X, 0, X.nSamples, resp, out);
  return out;
}

function checkModelData(model: GaussianMixtureModel, X: DataMatrix): void {
  if (X.nFeatures !== model.nFeatures) { throw new Error(`the data has ${X.nFeatures} columns, the model ${model.nFeatures}`); }
  if (X.data.length !== X.nSamples * X.nFeatures) { throw new Error('data length does not match its shape'); }
  if (findNonFinite(X) >= 0) { throw new Error('the data contains a value that is not a finite number'); }
}

function argmaxRows(resp: Float64Array, n: number, k: number): Int32Array {
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestValue = resp[i * k]!;
    for (let c = 1; c < k; c++) { const v = resp[i * k + c]!; if (v > bestValue) { bestValue = v; best = c; } }
    labels[i] = best;
  }
  return labels;
}

function createReplay(nFrames: number, k: number, d: number, covarianceType: CovarianceType): GaussianMixtureReplay {
  return {
    nFrames, weights: new Float64Array(nFrames * k), means: new Float64Array(nFrames * k * d),
    covariances: new Float64Array(nFrames * covarianceSize(covarianceType, k, d)), lowerBounds: new Float64Array(nFrames),
  };
}

function recordFrame(replay: GaussianMixtureReplay, frame: number, model: GaussianMixtureModel, lowerBound: number): void {
  replay.weights.set(model.weights, frame * model.weights.length);
  replay.means.set(model.means, frame * model.means.length);
  replay.covariances.set(model.covariances, frame * model.covariances.length);
  replay.lowerBounds[frame] = lowerBound;
}

function trimReplay(replay: GaussianMixtureReplay, nFrames: number): GaussianMixtureReplay {
  const per = (a: Float64Array): number => a.length / replay.nFrames;
  return {
    nFrames,
    weights: replay.weights.slice(0, nFrames * per(replay.weights)),
    means: replay.means.slice(0, nFrames * per(replay.means)),
    covariances: replay.covariances.slice(0, nFrames * per(replay.covariances)),
    lowerBounds: replay.lowerBounds.slice(0, nFrames),
  };
}

/**
 * The statistics of given responsibilities (n × k), accumulated about the column means rather than
 * the origin: full precision on data far from zero. For the random and given starts.
 */
function statsAboutColumnMeans(X: DataMatrix, resp: Float64Array, covarianceType: CovarianceType, k: number): SufficientStats {
  const { nSamples: n, nFeatures: d } = X;
  const mean = computeColumnMeans(X);
  const shift = new Float64Array(k * d);
  for (let c = 0; c < k; c++) { shift.set(mean, c * d); }
  const stats = createStatsAbout(covarianceType, k, d, shift);
  accumulateResponsibilities(X, 0, n, resp, stats);
  return stats;
}
