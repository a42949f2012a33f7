// The M-step from sufficient statistics (mStepFromStats), and the whole-matrix E-step and
// statistics of the paths that run outside the executors (initialisation, predict). The fit's own
// passes go through a ChunkExecutor (emUnits.ts), which fills the same SufficientStats unit by unit.

import type { ChunkExecutor } from './chunkExecutor';
import type { DataMatrix } from './dataMatrix';
import { BLOCK_ROWS, isTriangular, type ComponentParameters, type CovarianceType, type SufficientStats } from './emShapes';
import { estimateBlock, accumulateBlockStats } from './gmmKernels';
import { computePrecisionsChol, type GaussianMixtureModel } from './gmmModel';
import { mirrorLowerTriangle } from './linalg';

// kept importable from the M-step's file, where the mixture models' M-steps take them
export { BLOCK_ROWS, type SufficientStats } from './emShapes';

/** Empty statistics about the means of `params` (the shift is copied). */
export function createStats(params: ComponentParameters): SufficientStats {
  return createStatsAbout(params.covarianceType, params.nComponents, params.nFeatures, params.means.slice());
}

export function createStatsAbout(covarianceType: CovarianceType, k: number, d: number, shift: Float64Array): SufficientStats {
  return {
    covarianceType, nComponents: k, nFeatures: d, shift,
    sumResp: new Float64Array(k), sumDiff: new Float64Array(k * d),
    sumSquares: new Float64Array(isTriangular(covarianceType) ? k * d * d : k * d),
    logLikelihood: 0, nSamples: 0,
  };
}

/**
 * E-step only on rows [start, end): responsibilities into resp and, when given, each row's
 * log-likelihood into rowLogLikelihood (length nSamples, same row index). Returns their sum.
 */
export function estimateChunk(
  params: ComponentParameters, X: DataMatrix, start: number, end: number, resp: Float64Array,
  rowLogLikelihood: Float64Array | null,
): number {
  let total = 0;
  for (let blockStart = start; blockStart < end; blockStart += BLOCK_ROWS) {
    total += estimateBlock(params, X.data, blockStart, Math.min(end, blockStart + BLOCK_ROWS), resp, rowLogLikelihood);
  }
  return total;
}

/** Statistics of rows [start, end) for given responsibilities (initialisation, no E-step). */
export function accumulateResponsibilities(
  X: DataMatrix, start: number, end: number, resp: Float64Array, stats: SufficientStats,
): void {
  for (let blockStart = start; blockStart < end; blockStart += BLOCK_ROWS) {
    accumulateBlockStats(stats, X.data, blockStart, Math.min(end, blockStart + BLOCK_ROWS), resp);
  }
  stats.nSamples += end - start;
}

/**
 * covariances[dst] += scale · Σ r (x − m)(x − m)ᵀ of component c (lower triangle), from its sums about
 * the shift: S − δ sᵀ − s δᵀ + R δ δᵀ with x − m = (x − μ) − δ (also derivedSquares.ts' moves). Its own small function: the M-step
 * runs a few times a fit, too few for V8 to optimise a loop inside it, and at d = 500 this one
 * takes half a million turns.
 */
export function addMovedTriangle(stats: SufficientStats, c: number, delta: Float64Array, covariances: Float64Array, dst: number, scale: number): void {
  const { nFeatures: d, sumResp, sumDiff, sumSquares } = stats;
  const r = sumResp[c]!, sq = c * d * d, sd = c * d;
  for (let j = 0; j < d; j++) {
    const dj = delta[j]!, sj = sumDiff[sd + j]!, row = sq + j * d, out = dst + j * d;
    for (let l = 0; l <= j; l++) {
      const s = sumSquares[row + l]! - dj * sumDiff[sd + l]! - sj * delta[l]! + r * dj * delta[l]!;
      covariances[out + l]! += s * scale;
    }
  }
}

/** Result of an M-step: the new model, and which components needed a jitter to stay positive definite. */
export interface MStepResult {
  model: GaussianMixtureModel;
  jittered: boolean[];
}

/**
 * scikit-learn's M-step (_estimate_gaussian_parameters + _compute_precision_cholesky) from merged
 * statistics: Nₖ = Σr + 10·eps, means Σ r x / Nₖ, covariances Σ r (x − mₖ)(x − mₖ)ᵀ / Nₖ + regCovar·I
 * (tied: pooled over components / Σ Nₖ; diag: the diagonal; spherical: its mean over features).
 * Weights are Nₖ / Σ Nₖ, or Nₖ / weightDenominator when given (sklearn's initialisation divides by n).
 * An executor, when given, may factor the precisions on its threads (computePrecisionsChol).
 */
export function mStepFromStats(stats: SufficientStats, regCovar: number, weightDenominator?: number, executor?: ChunkExecutor): MStepResult {
  const { covarianceType, nComponents: k, nFeatures: d, shift, sumResp, sumDiff, sumSquares } = stats;
  const weights = new Float64Array(k);
  const means = new Float64Array(k * d);
  const nk = new Float64Array(k);
  let nkTotal = 0;
  for (let c = 0; c < k; c++) {
    nk[c] = sumResp[c]! + 10 * Number.EPSILON;
    nkTotal += nk[c]!;
  }
  const denominator = weightDenominator ?? nkTotal;
  const delta = new Float64Array(d);
  const triangular = isTriangular(covarianceType);
  const covariances = new Float64Array(covarianceType === 'full' ? k * d * d : covarianceType === 'tied' ? d * d
    : covarianceType === 'diag' ? k * d : k);
  for (let c = 0; c < k; c++) {
    const r = sumResp[c]!;
    const n = nk[c]!;
    weights[c] = n / denominator;
    for (let j = 0; j < d; j++) {
      // Σ r x / Nₖ written about the shift: (R·μ + Σ r (x − μ)) / Nₖ
      means[c * d + j] = (shift[c * d + j]! * r + sumDiff[c * d + j]!) / n;
      delta[j] = means[c * d + j]! - shift[c * d + j]!;
    }
    // Σ r (x − m)(x − m)ᵀ = S − δ sᵀ − s δᵀ + R δ δᵀ with x − m = (x − μ) − δ
    if (triangular) {
      addMovedTriangle(stats, c, delta, covariances, covarianceType === 'full' ? c * d * d : 0, covarianceType === 'full' ? 1 / n : 1);
    } else {
      let sphericalSum = 0;
      for (let j = 0; j < d; j++) {
        const s = sumSquares[c * d + j]! - 2 * delta[j]! * sumDiff[c * d + j]! + r * delta[j]! * delta[j]!;
        const variance = s / n + regCovar;
        if (covarianceType === 'diag') { covariances[c * d + j] = variance; } else { sphericalSum += variance; }
      }
      if (covarianceType === 'spherical') { covariances[c] = sphericalSum / d; }
    }
  }
  if (triangular) {
    const nBlocks = covarianceType === 'full' ? k : 1;
    const tiedScale = covarianceType === 'tied' ? 1 / nkTotal : 1;
    for (let b = 0; b < nBlocks; b++) {
      const o = b * d * d;
      for (let j = 0; j < d; j++) {
        for (let l = 0; l < j; l++) { covariances[o + j * d + l] = covariances[o + j * d + l]! * tiedScale; }
        covariances[o + j * d + j] = covariances[o + j * d + j]! * tiedScale + regCovar;
      }
      mirrorLowerTriangle(covariances, o, d);
    }
  }
  const { precisionsChol, jittered } = computePrecisionsChol(covarianceType, k, d, covariances, executor);
  return { model: { covarianceType, nComponents: k, nFeatures: d, weights, means, covariances, precisionsChol }, jittered };
}
