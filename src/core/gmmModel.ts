// Parameters of a fitted Gaussian mixture in scikit-learn's shapes, and the conversions between
// covariances, precision Cholesky factors and the per-component form the E-step kernels read.

import { isTriangular, type ComponentParameters, type CovarianceType } from './emShapes';
import type { ChunkExecutor } from './chunkExecutor';
import { computePrecisionCholFull, logDetTriangular, multiplyByOwnTranspose } from './linalg';
import { usesWideKernels } from './wideKernels';

// The shapes every EM file passes around live in the leaf module emShapes.ts (no import circle
// through the kernels); the model's vocabulary stays importable from the model's file too.
export { isTriangular, type ComponentParameters, type CovarianceType } from './emShapes';

export const COVARIANCE_TYPES: readonly CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];

export interface GaussianMixtureModel {
  covarianceType: CovarianceType;
  nComponents: number;
  nFeatures: number;
  /** (nComponents) mixing weights, summing to 1 */
  weights: Float64Array;
  /** (nComponents × nFeatures), row-major */
  means: Float64Array;
  /** full (k × d × d), tied (d × d), diag (k × d), spherical (k): scikit-learn's covariances_ */
  covariances: Float64Array;
  /** same shape as covariances: upper-triangular P with precision = P Pᵀ (full, tied), 1/√variance (diag, spherical) */
  precisionsChol: Float64Array;
}

const LOG_2PI = Math.log(2 * Math.PI);

/** Number of values of covariances / precisionsChol for a covariance type. */
export function covarianceSize(covarianceType: CovarianceType, k: number, d: number): number {
  switch (covarianceType) {
    case 'full': return k * d * d;
    case 'tied': return d * d;
    case 'diag': return k * d;
    case 'spherical': return k;
  }
}

/**
 * Most numbers one copy of a fit's covariances may hold (2 GiB of doubles). A fit holds several
 * copies (covariances, precision factors, statistics, per restart), so past this it cannot be
 * allocated at all: 150,000 columns with a full covariance would need 22.5 billion numbers.
 */
export const MAX_COVARIANCE_VALUES = 2 ** 28;

/** Refuses, before anything is allocated, a covariance too large to hold, and says what would fit. */
export function checkCovarianceSize(covarianceType: CovarianceType, k: number, d: number): void {
  const size = covarianceSize(covarianceType, k, d);
  if (size <= MAX_COVARIANCE_VALUES) { return; }
  const shape = covarianceType === 'full' ? `${k} × ${d} × ${d}` : `${d} × ${d}`;
  const gigabytes = (size * 8 / 2 ** 30).toLocaleString('en-US', { maximumFractionDigits: 0 });
  throw new Error(`A '${covarianceType}' covariance on ${d.toLocaleString('en-US')} columns needs ${shape} numbers (${gigabytes} GiB per copy), `
    + 'more than a fit can hold: choose the diag or spherical covariance, or fewer columns.');
}

/**
 * Refuses, before anything is allocated, a mixture whose result cannot be held: the result gives
 * every cluster's covariance as a whole d × d matrix (for the ellipses, the model file and the
 * CLI's JSON), whatever the covariance type, so diag on 150,000 columns needs k × 150,000² numbers
 * too. k-means keeps no covariance.
 */
export function checkResultCovarianceSize(k: number, d: number): void {
  if (k * d * d <= MAX_COVARIANCE_VALUES) { return; }
  const gigabytes = (k * d * d * 8 / 2 ** 30).toLocaleString('en-US', { maximumFractionDigits: 0 });
  const most = Math.floor(Math.sqrt(MAX_COVARIANCE_VALUES / k));
  throw new Error(`A Gaussian mixture gives each cluster's covariance as a ${d.toLocaleString('en-US')} × ${d.toLocaleString('en-US')} matrix: `
    + `with k = ${k} that is ${gigabytes} GiB, more than can be held. Choose at most ${most.toLocaleString('en-US')} columns, or k-means.`);
}

/** scikit-learn's _n_parameters: free parameters of the model, for BIC and AIC. */
export function countParameters(covarianceType: CovarianceType, k: number, d: number): number {
  const covParams = covarianceType === 'full' ? (k * d * (d + 1)) / 2
    : covarianceType === 'diag' ? k * d
      : covarianceType === 'tied' ? (d * (d + 1)) / 2
        : k;
  return covParams + d * k + k - 1;
}

/**
 * Precision Cholesky factors of covariances in sklearn's shape (_compute_precision_cholesky).
 * Never throws: a non-positive-definite block is jittered (see computePrecisionCholFull) and a
 * non-positive variance is floored; `jittered[c]` tells which components needed it. With an
 * executor that can, the blocks of a wide full model are factored on its threads (the same bits).
 */
export function computePrecisionsChol(
  covarianceType: CovarianceType, k: number, d: number, covariances: Float64Array, executor?: ChunkExecutor,
): { precisionsChol: Float64Array; jittered: boolean[] } {
  const precisionsChol = new Float64Array(covariances.length);
  const jittered: boolean[] = new Array<boolean>(k).fill(false);
  if (covarianceType === 'full' && k > 1 && executor?.precisionCholFull && usesWideKernels(true, d)) {
    // the blocks on the executor's threads (wide data only: there each is d³/3 multiply-adds)
    const jitters = executor.precisionCholFull(covariances, k, d, precisionsChol);
    for (let c = 0; c < k; c++) { jittered[c] = jitters[c]! > 0; }
  } else if (isTriangular(covarianceType)) {
    const scratch = new Float64Array(2 * d * d);
    const nBlocks = covarianceType === 'full' ? k : 1;
    for (let c = 0; c < nBlocks; c++) {
      const jitter = computePrecisionCholFull(covariances, c * d * d, d, precisionsChol, c * d * d, scratch);
      if (jitter > 0) {
        if (covarianceType === 'full') { jittered[c] = true; } else { jittered.fill(true); }
      }
    }
  } else {
    for (let i = 0; i < covariances.length; i++) {
      const v = covariances[i]!;
      const safe = v > 0 ? v : Number.MIN_VALUE * 2 ** 60;
      if (!(v > 0)) { jittered[covarianceType === 'diag' ? Math.floor(i / d) : i] = true; }
      precisionsChol[i] = 1 / Math.sqrt(safe);
    }
  }
  return { precisionsChol, jittered };
}

/** Lays the model out for the E-step kernels (see ComponentParameters). */
export function prepareComponentParameters(model: GaussianMixtureModel): ComponentParameters {
  const { covarianceType, nComponents: k, nFeatures: d, weights, means, precisionsChol } = model;
  const triangular = isTriangular(covarianceType);
  const factors = new Float64Array(triangular ? k * d * d : k * d);
  const logNorm = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    let logDet = 0;
    if (triangular) {
      const src = covarianceType === 'full' ? c * d * d : 0;
      factors.set(precisionsChol.subarray(src, src + d * d), c * d * d);
      logDet = logDetTriangular(precisionsChol, src, d);
    } else {
      for (let j = 0; j < d; j++) {
        const p = covarianceType === 'diag' ? precisionsChol[c * d + j]! : precisionsChol[c]!;
        factors[c * d + j] = p;
        logDet += Math.log(p);
      }
    }
    logNorm[c] = Math.log(weights[c]!) + logDet - 0.5 * d * LOG_2PI;
  }
  return { covarianceType, nComponents: k, nFeatures: d, means, factors, logNorm };
}

/** (k × d × d) covariance matrices for every covariance type (tied repeated, diagonals expanded). */
export function expandCovariances(model: GaussianMixtureModel): Float64Array {
  const { covarianceType, nComponents: k, nFeatures: d, covariances } = model;
  const out = new Float64Array(k * d * d);
  for (let c = 0; c < k; c++) {
    const dst = c * d * d;
    switch (covarianceType) {
      case 'full': out.set(covariances.subarray(dst, dst + d * d), dst); break;
      case 'tied': out.set(covariances.subarray(0, d * d), dst); break;
      case 'diag': for (let j = 0; j < d; j++) { out[dst + j * d + j] = covariances[c * d + j]!; } break;
      case 'spherical': for (let j = 0; j < d; j++) { out[dst + j * d + j] = covariances[c]!; } break;
    }
  }
  return out;
}

/** (k × d × d) precision matrices P Pᵀ for every covariance type. */
export function expandPrecisions(model: GaussianMixtureModel): Float64Array {
  const { covarianceType, nComponents: k, nFeatures: d, precisionsChol } = model;
  const out = new Float64Array(k * d * d);
  for (let c = 0; c < k; c++) {
    const dst = c * d * d;
    if (isTriangular(covarianceType)) {
      multiplyByOwnTranspose(precisionsChol, covarianceType === 'full' ? dst : 0, d, out, dst);
    } else {
      for (let j = 0; j < d; j++) {
        const p = covarianceType === 'diag' ? precisionsChol[c * d + j]! : precisionsChol[c]!;
        out[dst + j * d + j] = p * p;
      }
    }
  }
  return out;
}

/** (k × d) the diagonals of the precision matrices P Pᵀ: expandPrecisions' diagonals, the same bits, in O(k·d²). */
export function precisionDiagonals(model: GaussianMixtureModel): Float64Array {
  const { covarianceType, nComponents: k, nFeatures: d, precisionsChol } = model;
  const out = new Float64Array(k * d);
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) {
      if (isTriangular(covarianceType)) {
        const row = (covarianceType === 'full' ? c * d * d : 0) + j * d;
        let sum = 0;
        for (let q = 0; q < d; q++) { sum += precisionsChol[row + q]! * precisionsChol[row + q]!; }
        out[c * d + j] = sum;
      } else {
        const p = covarianceType === 'diag' ? precisionsChol[c * d + j]! : precisionsChol[c]!;
        out[c * d + j] = p * p;
      }
    }
  }
  return out;
}
