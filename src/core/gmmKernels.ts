// Inner loops of EM over one block of rows (≤ BLOCK_ROWS). Generic over d; the straight-line
// versions for small d come through the one seam kernels/dispatch.ts, wide data through wideKernels.ts.

import { FLUSH_LOG_RATIO, isTriangular, type ComponentParameters, type SufficientStats } from './emShapes';
import { expNonPositive } from './expNonPositive';
import { logDensityKernel, statsKernel } from './kernels/dispatch';
import { usesWideKernels, wideBlockStats, wideLogDensities } from './wideKernels';


/**
 * E-step of rows [start, end): log wₖ + log N(xᵢ | μₖ, Σₖ) one component at a time (its mean and
 * factor stay hot), then a log-sum-exp per row turning resp's row into responsibilities.
 * Returns Σ rows' log-likelihood; writes each into rowLogLikelihood[i] when given.
 */
export function estimateBlock(
  params: ComponentParameters, data: Float64Array, start: number, end: number, resp: Float64Array,
  rowLogLikelihood: Float64Array | null,
): number {
  const k = params.nComponents;
  if (usesWideKernels(isTriangular(params.covarianceType), params.nFeatures)) {
    // densities the normalisation flushes may be bounds (the same bits after it): see wideLogDensities
    wideLogDensities(params, data, start, end, resp, true);
    return normalizeRows(k, start, end, resp, rowLogLikelihood);
  }
  const kernel = logDensityKernel(params.covarianceType, params.nFeatures);
  for (let c = 0; c < k; c++) {
    if (kernel !== undefined) {
      kernel(data, start, end, resp, k, c, params.means, params.factors, params.logNorm[c]!);
    } else {
      computeLogDensityGeneric(params, c, data, start, end, resp);
    }
  }
  return normalizeRows(k, start, end, resp, rowLogLikelihood);
}

/** resp[i·k + c] = log wₖ + log N(xᵢ | component c) for rows [start, end): the kernel for d, or the generic loop. */
export function computeLogDensity(
  params: ComponentParameters, c: number, data: Float64Array, start: number, end: number, resp: Float64Array,
): void {
  const kernel = logDensityKernel(params.covarianceType, params.nFeatures);
  if (kernel !== undefined) {
    kernel(data, start, end, resp, params.nComponents, c, params.means, params.factors, params.logNorm[c]!);
  } else {
    computeLogDensityGeneric(params, c, data, start, end, resp);
  }
}

/** resp[i·k + c] = log wₖ + log N(xᵢ | component c), any d. */
export function computeLogDensityGeneric(
  params: ComponentParameters, c: number, data: Float64Array, start: number, end: number, resp: Float64Array,
): void {
  const { nComponents: k, nFeatures: d, means, factors, logNorm } = params;
  const mu = c * d;
  const norm = logNorm[c]!;
  if (isTriangular(params.covarianceType)) {
    const f = c * d * d;
    for (let i = start; i < end; i++) {
      const row = i * d;
      let sq = 0;
      // y = (x − μ) P with P upper triangular: yⱼ = Σ_{l ≤ j} (x − μ)ₗ P[l][j]
      for (let j = 0; j < d; j++) {
        let y = 0;
        for (let l = 0; l <= j; l++) { y += (data[row + l]! - means[mu + l]!) * factors[f + l * d + j]!; }
        sq += y * y;
      }
      resp[i * k + c] = norm - 0.5 * sq;
    }
  } else {
    for (let i = start; i < end; i++) {
      const row = i * d;
      let sq = 0;
      for (let j = 0; j < d; j++) {
        const y = (data[row + j]! - means[mu + j]!) * factors[mu + j]!;
        sq += y * y;
      }
      resp[i * k + c] = norm - 0.5 * sq;
    }
  }
}

/** Log-sum-exp of each row of log densities → responsibilities summing to 1; returns Σ log-sum-exp. */
export function normalizeRows(k: number, start: number, end: number, resp: Float64Array, rowLogLikelihood: Float64Array | null): number {
  let total = 0;
  for (let i = start; i < end; i++) {
    const o = i * k;
    let max = -Infinity;
    for (let c = 0; c < k; c++) { const v = resp[o + c]!; if (v > max) { max = v; } }
    let logLik: number;
    if (max === -Infinity || Number.isNaN(max)) {
      // every density underflowed (or is undefined): equal shares, never 0/0
      for (let c = 0; c < k; c++) { resp[o + c] = 1 / k; }
      logLik = max;
    } else {
      let sum = 0;
      for (let c = 0; c < k; c++) {
        const t = resp[o + c]! - max;
        const e = t < FLUSH_LOG_RATIO ? 0 : expNonPositive(t);
        resp[o + c] = e;
        sum += e;
      }
      const inv = 1 / sum;
      for (let c = 0; c < k; c++) { resp[o + c]! *= inv; }
      logLik = max + Math.log(sum);
    }
    total += logLik;
    if (rowLogLikelihood !== null) { rowLogLikelihood[i] = logLik; }
  }
  return total;
}

/**
 * Adds rows [start, end)'s Σr, Σr(x − μ), Σr(x − μ)(x − μ)ᵀ to stats, one component at a time.
 * overwriteSquares (wide data only, see emUnit): the triangles of Σr(x − μ)(x − μ)ᵀ are written, not
 * added to, so that they need no zeroing first (the same bits as adding to zeros). derivedComponent
 * (wide data): that component's triangle is left out (see ChunkExecutor.accumulate).
 */
export function accumulateBlockStats(
  stats: SufficientStats, data: Float64Array, start: number, end: number, resp: Float64Array, overwriteSquares = false, derivedComponent = -1,
): void {
  if (usesWideKernels(isTriangular(stats.covarianceType), stats.nFeatures)) {
    wideBlockStats(stats, data, start, end, resp, overwriteSquares, derivedComponent);
    return;
  }
  if (overwriteSquares || derivedComponent >= 0) { throw new Error('accumulateBlockStats: only the wide kernels overwrite or leave out squares'); }
  const kernel = statsKernel(stats.covarianceType, stats.nFeatures);
  for (let c = 0; c < stats.nComponents; c++) {
    if (kernel !== undefined) {
      kernel(data, start, end, resp, stats.nComponents, c, stats.shift, stats.sumResp, stats.sumDiff, stats.sumSquares);
    } else {
      accumulateComponentStatsGeneric(stats, c, data, start, end, resp);
    }
  }
}

/** Adds component c's statistics of rows [start, end) to stats: the kernel for d, or the generic loop. */
export function accumulateComponentStats(
  stats: SufficientStats, c: number, data: Float64Array, start: number, end: number, resp: Float64Array,
): void {
  const kernel = statsKernel(stats.covarianceType, stats.nFeatures);
  if (kernel !== undefined) {
    kernel(data, start, end, resp, stats.nComponents, c, stats.shift, stats.sumResp, stats.sumDiff, stats.sumSquares);
  } else {
    accumulateComponentStatsGeneric(stats, c, data, start, end, resp);
  }
}

/** Per-block accumulators of the generic loop, reused (one E-step runs at a time per thread). */
let blockAccumulators = new Float64Array(0);

export function accumulateComponentStatsGeneric(
  stats: SufficientStats, c: number, data: Float64Array, start: number, end: number, resp: Float64Array,
): void {
  const { nComponents: k, nFeatures: d, shift, sumResp, sumDiff, sumSquares } = stats;
  const mu = c * d;
  const triangular = isTriangular(stats.covarianceType);
  const sq = triangular ? c * d * d : c * d;
  // The block is summed from zero, then added to stats: the same order as the unrolled kernels,
  // whose sums live in locals, so both give the same bits.
  const size = d + (triangular ? d * d : d);
  if (blockAccumulators.length < size) { blockAccumulators = new Float64Array(size); }
  const acc = blockAccumulators;
  acc.fill(0, 0, size);
  let rSum = 0;
  for (let i = start; i < end; i++) {
    const r = resp[i * k + c]!;
    if (r === 0) { continue; }
    rSum += r;
    const row = i * d;
    for (let j = 0; j < d; j++) {
      const dj = data[row + j]! - shift[mu + j]!;
      const rdj = r * dj;
      acc[j]! += rdj;
      if (triangular) {
        for (let l = 0; l <= j; l++) { acc[d + j * d + l]! += rdj * (data[row + l]! - shift[mu + l]!); }
      } else {
        acc[d + j]! += rdj * dj;
      }
    }
  }
  sumResp[c]! += rSum;
  for (let j = 0; j < d; j++) { sumDiff[mu + j]! += acc[j]!; }
  if (triangular) {
    for (let j = 0; j < d; j++) { for (let l = 0; l <= j; l++) { sumSquares[sq + j * d + l]! += acc[d + j * d + l]!; } }
  } else {
    for (let j = 0; j < d; j++) { sumSquares[sq + j]! += acc[d + j]!; }
  }
}
