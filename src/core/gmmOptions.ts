// The options of a Gaussian mixture fit (scikit-learn's GaussianMixture parameters, and ours),
// their defaults and their checks, and the shape of its result.

import type { ChunkExecutor } from './chunkExecutor';
import type { DataMatrix } from './dataMatrix';
import { checkData, checkInteger, stripUndefined, type IterationEvent } from './fitOptions';
import {
  checkCovarianceSize, covarianceSize, isTriangular, COVARIANCE_TYPES, type CovarianceType, type GaussianMixtureModel,
} from './gmmModel';
import { choleskyLower } from './linalg';
import { resolveModelName, type MixtureModelName } from './mixtureModels/covarianceModels';
import type { GaussianMixtureReplay } from './gmmReplay';

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
