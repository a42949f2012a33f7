// The E-step (and the expected statistics) of the incomplete rows, pattern by pattern: each
// (pattern, component) marginal N(x_o | μ_o, Σ_oo) factorised once, the pattern's observed cells
// gathered into a dense block that runs through the complete-data kernels. Rare patterns go
// through rarePatternPass.ts. See missingDataEm.ts for the method.

import type { DataMatrix } from './dataMatrix';
import { BLOCK_ROWS, isTriangular, type ComponentParameters } from './emShapes';
import { accumulateComponentStats, estimateBlock } from './gmmKernels';
import type { GaussianMixtureModel } from './gmmModel';
import { computePrecisionCholFull, logDetTriangular } from './linalg';
import { countPatterns, type MissingPatterns } from './missingPatterns';
import { LOG_2PI, type IncompleteOutputs, type PatternScratch } from './missingDataShapes';
import { passRarePatterns } from './rarePatternPass';

/**
 * Patterns held by fewer rows than this skip the per-pattern pass (an O(k·o³) factorisation and
 * a kernel call for a handful of rows) and go, many patterns to a block, through passRarePatterns.
 * Tests set it to 0 or Infinity to run every row through one path.
 */
export const missingDataSettings = { minPatternRows: 8 };

/** The factors of one pattern's marginals, for every component. */
interface PatternFactors {
  /** observed columns, ascending */
  readonly obs: Int32Array;
  /** missing columns, ascending */
  readonly mis: Int32Array;
  /** the mixture's marginal on the observed columns, in the E-step kernels' layout (nFeatures = obs.length) */
  readonly sub: ComponentParameters;
  /** full/tied: (k × m × o) regression coefficients Σ_mo Σ_oo⁻¹; empty for diag/spherical (no correlation) */
  readonly regression: Float64Array;
  /** full/tied: (k × m × m) conditional covariance Σ_mm − Σ_mo Σ_oo⁻¹ Σ_om; diag/spherical: (k × m) variances */
  readonly conditional: Float64Array;
  /** (k × m) μ_m − Σ_mo Σ_oo⁻¹ μ_o: the conditional mean is this plus regression · x_o */
  readonly intercepts: Float64Array;
}

/**
 * Factorises component marginals on pattern p's observed columns: O(k·d³) per pattern, once per
 * iteration (tied: one factorisation for all components).
 */
function factorPattern(model: GaussianMixtureModel, patterns: MissingPatterns, p: number): PatternFactors {
  const { covarianceType, nComponents: k, nFeatures: d, weights, means, covariances } = model;
  const obsList: number[] = [], misList: number[] = [];
  for (let j = 0; j < d; j++) { (patterns.observed[p * d + j] === 1 ? obsList : misList).push(j); }
  const obs = Int32Array.from(obsList), mis = Int32Array.from(misList);
  const o = obs.length, m = mis.length;
  const subMeans = new Float64Array(k * o);
  for (let c = 0; c < k; c++) { for (let a = 0; a < o; a++) { subMeans[c * o + a] = means[c * d + obs[a]!]!; } }
  const logNorm = new Float64Array(k);
  if (!isTriangular(covarianceType)) {
    const factors = new Float64Array(k * o);
    const conditional = new Float64Array(k * m);
    for (let c = 0; c < k; c++) {
      let logDet = 0;
      for (let a = 0; a < o; a++) {
        const v = covarianceType === 'diag' ? covariances[c * d + obs[a]!]! : covariances[c]!;
        const f = 1 / Math.sqrt(v);
        factors[c * o + a] = f;
        logDet += Math.log(f);
      }
      for (let a = 0; a < m; a++) { conditional[c * m + a] = covarianceType === 'diag' ? covariances[c * d + mis[a]!]! : covariances[c]!; }
      logNorm[c] = Math.log(weights[c]!) + logDet - 0.5 * o * LOG_2PI;
    }
    const sub: ComponentParameters = { covarianceType, nComponents: k, nFeatures: o, means: subMeans, factors, logNorm };
    const intercepts = new Float64Array(k * m);
    for (let c = 0; c < k; c++) { for (let a = 0; a < m; a++) { intercepts[c * m + a] = means[c * d + mis[a]!]!; } }
    return { obs, mis, sub, regression: new Float64Array(0), conditional, intercepts };
  }
  const factors = new Float64Array(k * o * o);
  const regression = new Float64Array(k * m * o);
  const conditional = new Float64Array(k * m * m);
  const block = new Float64Array(o * o);
  const scratch = new Float64Array(2 * o * o);
  const w = new Float64Array(m * o);
  const nBlocks = covarianceType === 'full' ? k : 1;
  for (let b = 0; b < nBlocks; b++) {
    const s = b * d * d;
    for (let a = 0; a < o; a++) {
      for (let q = 0; q < o; q++) { block[a * o + q] = covariances[s + obs[a]! * d + obs[q]!]!; }
    }
    // P upper triangular with Σ_oo⁻¹ = P Pᵀ (jittered like the complete-data factor if Σ_oo is not positive definite)
    computePrecisionCholFull(block, 0, o, factors, b * o * o, scratch);
    const f = b * o * o;
    // W = Σ_mo P (m × o); regression Σ_mo Σ_oo⁻¹ = W Pᵀ; conditional covariance Σ_mm − W Wᵀ
    for (let a = 0; a < m; a++) {
      for (let q = 0; q < o; q++) {
        let sum = 0;
        for (let l = 0; l <= q; l++) { sum += covariances[s + mis[a]! * d + obs[l]!]! * factors[f + l * o + q]!; }
        w[a * o + q] = sum;
      }
    }
    for (let a = 0; a < m; a++) {
      for (let q = 0; q < o; q++) {
        let sum = 0;
        for (let l = q; l < o; l++) { sum += w[a * o + l]! * factors[f + q * o + l]!; }
        regression[b * m * o + a * o + q] = sum;
      }
      for (let e = 0; e < m; e++) {
        let sum = 0;
        for (let l = 0; l < o; l++) { sum += w[a * o + l]! * w[e * o + l]!; }
        conditional[b * m * m + a * m + e] = covariances[s + mis[a]! * d + mis[e]!]! - sum;
      }
    }
  }
  if (covarianceType === 'tied') {
    for (let c = 1; c < k; c++) {
      factors.copyWithin(c * o * o, 0, o * o);
      regression.copyWithin(c * m * o, 0, m * o);
      conditional.copyWithin(c * m * m, 0, m * m);
    }
  }
  for (let c = 0; c < k; c++) { logNorm[c] = Math.log(weights[c]!) + logDetTriangular(factors, c * o * o, o) - 0.5 * o * LOG_2PI; }
  const sub: ComponentParameters = { covarianceType, nComponents: k, nFeatures: o, means: subMeans, factors, logNorm };
  const intercepts = new Float64Array(k * m);
  for (let c = 0; c < k; c++) {
    for (let a = 0; a < m; a++) {
      let value = means[c * d + mis[a]!]!;
      for (let q = 0; q < o; q++) { value -= regression[c * m * o + a * o + q]! * subMeans[c * o + q]!; }
      intercepts[c * m + a] = value;
    }
  }
  return { obs, mis, sub, regression, conditional, intercepts };
}

/**
 * E-step (and with `out.stats` the expected statistics) of every incomplete, non-empty row.
 * Returns Σ log p(x_o) over them.
 */
export function passIncompleteRows(model: GaussianMixtureModel, X: DataMatrix, patterns: MissingPatterns, out: IncompleteOutputs, scratch: PatternScratch): number {
  const { nComponents: k, nFeatures: d } = model;
  const triangular = isTriangular(model.covarianceType);
  const { data } = X;
  let total = 0;
  const rare: number[] = [];
  for (let p = 0; p < countPatterns(patterns); p++) {
    if (patterns.patternStart[p + 1]! - patterns.patternStart[p]! < missingDataSettings.minPatternRows) { rare.push(p); continue; }
    const f = factorPattern(model, patterns, p);
    const o = f.obs.length, m = f.mis.length;
    for (let start = patterns.patternStart[p]!; start < patterns.patternStart[p + 1]!; start += BLOCK_ROWS) {
      const end = Math.min(patterns.patternStart[p + 1]!, start + BLOCK_ROWS);
      const size = end - start;
      for (let r = 0; r < size; r++) {
        const row = patterns.rows[start + r]! * d;
        for (let a = 0; a < o; a++) { scratch.observed[r * o + a] = data[row + f.obs[a]!]!; }
      }
      total += estimateBlock(f.sub, scratch.observed, 0, size, scratch.resp, scratch.rowLogLikelihood);
      for (let r = 0; r < size; r++) {
        const i = patterns.rows[start + r]!;
        if (out.resp) { out.resp.set(scratch.resp.subarray(r * k, r * k + k), i * k); }
        if (out.rowLogLikelihood) { out.rowLogLikelihood[i] = scratch.rowLogLikelihood[r]!; }
      }
      if (out.stats === undefined && out.imputed === undefined) { continue; }
      fillObservedCells(f, size, d, scratch);
      for (let c = 0; c < k; c++) {
        fillConditionalMeans(f, c, size, d, scratch);
        if (out.imputed) {
          for (let r = 0; r < size; r++) {
            const row = patterns.rows[start + r]! * d;
            const weight = scratch.resp[r * k + c]!;
            for (let a = 0; a < m; a++) {
              const j = f.mis[a]!;
              out.imputed[row + j] = (c === 0 ? 0 : out.imputed[row + j]!) + weight * scratch.completed[r * d + j]!;
            }
          }
        }
        const stats = out.stats;
        if (stats === undefined) { continue; }
        accumulateComponentStats(stats, c, scratch.completed, 0, size, scratch.resp);
        // the conditional covariance of the missing cells, weighted by the block's responsibilities
        let rSum = 0;
        for (let r = 0; r < size; r++) { rSum += scratch.resp[r * k + c]!; }
        if (triangular) {
          for (let a = 0; a < m; a++) {
            for (let e = 0; e <= a; e++) { stats.sumSquares[c * d * d + f.mis[a]! * d + f.mis[e]!]! += rSum * f.conditional[c * m * m + a * m + e]!; }
          }
        } else {
          for (let a = 0; a < m; a++) { stats.sumSquares[c * d + f.mis[a]!]! += rSum * f.conditional[c * m + a]!; }
        }
      }
    }
    if (out.stats) { out.stats.nSamples += patterns.patternStart[p + 1]! - patterns.patternStart[p]!; }
  }
  if (rare.length > 0) { total += passRarePatterns(model, X, patterns, rare, out, scratch); }
  return total;
}

/**
 * scratch.completed rows [0, size): the block's observed cells (fillObservedCells, once per
 * block) and here its missing cells at E[x_m | x_o, c] = (μ_m − B μ_o) + B x_o, the intercept
 * precomputed once per (pattern, component).
 */
function fillConditionalMeans(f: PatternFactors, c: number, size: number, d: number, scratch: PatternScratch): void {
  const o = f.obs.length, m = f.mis.length;
  const { regression, intercepts } = f;
  const observed = scratch.observed, completed = scratch.completed;
  for (let a = 0; a < m; a++) {
    const j = f.mis[a]!;
    const intercept = intercepts[c * m + a]!;
    const coef = c * m * o + a * o;
    if (regression.length === 0) {
      for (let r = 0; r < size; r++) { completed[r * d + j] = intercept; }
      continue;
    }
    for (let r = 0; r < size; r++) {
      let value = intercept;
      for (let q = 0; q < o; q++) { value += regression[coef + q]! * observed[r * o + q]!; }
      completed[r * d + j] = value;
    }
  }
}

function fillObservedCells(f: PatternFactors, size: number, d: number, scratch: PatternScratch): void {
  const o = f.obs.length;
  for (let r = 0; r < size; r++) {
    for (let a = 0; a < o; a++) { scratch.completed[r * d + f.obs[a]!] = scratch.observed[r * o + a]!; }
  }
}
