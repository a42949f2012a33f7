// The E-step of incomplete rows whose missingness pattern is rare (fewer rows than
// missingDataSettings.minPatternRows): many patterns to a block, each row completed by its
// conditional mean and run through the complete-data kernels (see factorRarePattern).

import type { DataMatrix } from './dataMatrix';
import { BLOCK_ROWS, isTriangular, type ComponentParameters } from './emShapes';
import { accumulateComponentStats, computeLogDensity, normalizeRows } from './gmmKernels';
import { expandPrecisions, prepareComponentParameters, type GaussianMixtureModel } from './gmmModel';
import { choleskyLower, invertLowerTriangular } from './linalg';
import type { MissingPatterns } from './missingPatterns';
import { LOG_2PI, type IncompleteOutputs, type PatternScratch } from './missingDataShapes';

/** One rare pattern's conditionals and marginal constants, for every component (factorRarePattern). */
interface RarePatternFactors {
  readonly obs: Int32Array;
  readonly mis: Int32Array;
  /** full/tied: (k × m × o) Σ_mo Σ_oo⁻¹; empty for diag/spherical */
  readonly regression: Float64Array;
  /** full/tied: (k × m × m) Σ_mm|o; diag/spherical: (k × m) variances */
  readonly conditional: Float64Array;
  /** (k × m) μ_m − Σ_mo Σ_oo⁻¹ μ_o */
  readonly intercepts: Float64Array;
  /** (k) log wₖ − ½ log det Σ_oo − o/2 · log 2π */
  readonly logNorm: Float64Array;
}

/**
 * Pattern p's factors from the components' precisions Λ = Σ⁻¹ (full, tied) in O(k·(m³ + m²·o)),
 * not the O(k·o³) of factorising Σ_oo: by the Schur complement Σ_mm|o = Λ_mm⁻¹,
 * Σ_mo Σ_oo⁻¹ = −Λ_mm⁻¹ Λ_mo and log det Σ_oo = log det Σ + log det Λ_mm; the marginal's quadratic
 * form (x_o − μ_o)ᵀ Σ_oo⁻¹ (x_o − μ_o) equals (x̂ − μ)ᵀ Λ (x̂ − μ) for x̂ the row completed by its
 * conditional mean, so the complete-data kernel runs on completed rows. diag/spherical: no regression.
 */
function factorRarePattern(
  model: GaussianMixtureModel, full: ComponentParameters, precisions: Float64Array | null, patterns: MissingPatterns, p: number,
): RarePatternFactors {
  const { covarianceType, nComponents: k, nFeatures: d, means, covariances } = model;
  const obsList: number[] = [], misList: number[] = [];
  for (let j = 0; j < d; j++) { (patterns.observed[p * d + j] === 1 ? obsList : misList).push(j); }
  const obs = Int32Array.from(obsList), mis = Int32Array.from(misList);
  const o = obs.length, m = mis.length;
  const logNorm = new Float64Array(k);
  const intercepts = new Float64Array(k * m);
  if (precisions === null) {
    const conditional = new Float64Array(k * m);
    for (let c = 0; c < k; c++) {
      // full.logNorm holds Σ_j log(1/σ_j) − d/2·log 2π; the marginal drops the missing columns' terms
      let dropped = 0;
      for (let a = 0; a < m; a++) {
        const j = mis[a]!;
        conditional[c * m + a] = covarianceType === 'diag' ? covariances[c * d + j]! : covariances[c]!;
        dropped += Math.log(full.factors[c * d + j]!);
        intercepts[c * m + a] = means[c * d + j]!;
      }
      logNorm[c] = full.logNorm[c]! - dropped + 0.5 * m * LOG_2PI;
    }
    return { obs, mis, regression: new Float64Array(0), conditional, intercepts, logNorm };
  }
  const regression = new Float64Array(k * m * o);
  const conditional = new Float64Array(k * m * m);
  const logDetMissing = new Float64Array(k);
  const block = new Float64Array(m * m), lower = new Float64Array(m * m), inverse = new Float64Array(m * m);
  const nBlocks = covarianceType === 'full' ? k : 1;
  for (let b = 0; b < nBlocks; b++) {
    const s = b * d * d;
    for (let a = 0; a < m; a++) { for (let e = 0; e < m; e++) { block[a * m + e] = precisions[s + mis[a]! * d + mis[e]!]!; } }
    factorWithJitter(block, m, lower);
    let logDet = 0;
    for (let a = 0; a < m; a++) { logDet += 2 * Math.log(lower[a * m + a]!); }
    logDetMissing[b] = logDet;
    // Λ_mm⁻¹ = L⁻ᵀ L⁻¹
    invertLowerTriangular(lower, 0, m, inverse, 0);
    const cond = b * m * m;
    for (let a = 0; a < m; a++) {
      for (let e = 0; e < m; e++) {
        let sum = 0;
        for (let q = Math.max(a, e); q < m; q++) { sum += inverse[q * m + a]! * inverse[q * m + e]!; }
        conditional[cond + a * m + e] = sum;
      }
    }
    for (let a = 0; a < m; a++) {
      for (let q = 0; q < o; q++) {
        let sum = 0;
        for (let e = 0; e < m; e++) { sum += conditional[cond + a * m + e]! * precisions[s + mis[e]! * d + obs[q]!]!; }
        regression[b * m * o + a * o + q] = -sum;
      }
    }
  }
  if (covarianceType === 'tied') {
    for (let c = 1; c < k; c++) {
      regression.copyWithin(c * m * o, 0, m * o);
      conditional.copyWithin(c * m * m, 0, m * m);
      logDetMissing[c] = logDetMissing[0]!;
    }
  }
  for (let c = 0; c < k; c++) {
    // full.logNorm has −d/2·log 2π and log det P = −½ log det Σ; the marginal needs −o/2·log 2π and −½ log det Σ_oo
    logNorm[c] = full.logNorm[c]! - 0.5 * logDetMissing[c]! + 0.5 * m * LOG_2PI;
    for (let a = 0; a < m; a++) {
      let value = means[c * d + mis[a]!]!;
      for (let q = 0; q < o; q++) { value -= regression[c * m * o + a * o + q]! * means[c * d + obs[q]!]!; }
      intercepts[c * m + a] = value;
    }
  }
  return { obs, mis, regression, conditional, intercepts, logNorm };
}

/**
 * Lower Cholesky factor of a principal block of a precision matrix: positive definite in exact
 * arithmetic; should round-off say otherwise, a jitter growing from 1e-12 of its mean diagonal is
 * added, as computePrecisionCholFull does for covariances.
 */
function factorWithJitter(block: Float64Array, m: number, lower: Float64Array): void {
  if (choleskyLower(block, 0, m, lower, 0)) { return; }
  let trace = 0;
  for (let a = 0; a < m; a++) { trace += Math.abs(block[a * m + a]!); }
  const jittered = block.slice();
  for (let jitter = (Number.isFinite(trace) && trace > 0 ? trace / m : 1) * 1e-12; ; jitter *= 10) {
    for (let a = 0; a < m; a++) { jittered[a * m + a] = block[a * m + a]! + jitter; }
    if (choleskyLower(jittered, 0, m, lower, 0) || !Number.isFinite(jitter)) { return; }
  }
}

/**
 * The rows of rare patterns, BLOCK_ROWS to a block whatever their pattern: per component each row
 * is completed by its conditional mean, the block runs through the complete-data kernels (the log
 * density with each row's pattern constant added after, L + (0 − ½q) being L − ½q to the bit, and
 * the statistics), and each row's conditional covariance joins the scatter.
 */
export function passRarePatterns(
  model: GaussianMixtureModel, X: DataMatrix, patterns: MissingPatterns, rare: number[], out: IncompleteOutputs, scratch: PatternScratch,
): number {
  const { nComponents: k, nFeatures: d } = model;
  const triangular = isTriangular(model.covarianceType);
  const full = prepareComponentParameters(model);
  const precisions = triangular ? expandPrecisions(model) : null;
  const unnormalised: ComponentParameters = { ...full, logNorm: new Float64Array(k) };
  const rows: number[] = [];
  const factorOf: RarePatternFactors[] = [];
  for (const p of rare) {
    const f = factorRarePattern(model, full, precisions, patterns, p);
    for (let slot = patterns.patternStart[p]!; slot < patterns.patternStart[p + 1]!; slot++) { rows.push(patterns.rows[slot]!); factorOf.push(f); }
  }
  const { resp, completed } = scratch;
  let total = 0;
  for (let start = 0; start < rows.length; start += BLOCK_ROWS) {
    const size = Math.min(rows.length - start, BLOCK_ROWS);
    for (let r = 0; r < size; r++) { completed.set(X.data.subarray(rows[start + r]! * d, rows[start + r]! * d + d), r * d); }
    for (let c = 0; c < k; c++) {
      completeRareRows(factorOf, start, c, size, d, completed);
      computeLogDensity(unnormalised, c, completed, 0, size, resp);
      for (let r = 0; r < size; r++) { resp[r * k + c]! += factorOf[start + r]!.logNorm[c]!; }
    }
    total += normalizeRows(k, 0, size, resp, scratch.rowLogLikelihood);
    for (let r = 0; r < size; r++) {
      const i = rows[start + r]!;
      if (out.resp) { out.resp.set(resp.subarray(r * k, r * k + k), i * k); }
      if (out.rowLogLikelihood) { out.rowLogLikelihood[i] = scratch.rowLogLikelihood[r]!; }
    }
    if (out.stats === undefined && out.imputed === undefined) { continue; }
    for (let c = 0; c < k; c++) {
      completeRareRows(factorOf, start, c, size, d, completed);
      for (let r = 0; r < size; r++) {
        const f = factorOf[start + r]!;
        const weight = resp[r * k + c]!;
        const m = f.mis.length;
        if (out.imputed) {
          const row = rows[start + r]! * d;
          for (let a = 0; a < m; a++) { const j = f.mis[a]!; out.imputed[row + j] = (c === 0 ? 0 : out.imputed[row + j]!) + weight * completed[r * d + j]!; }
        }
        if (out.stats === undefined || weight === 0) { continue; }
        const sumSquares = out.stats.sumSquares;
        if (triangular) {
          for (let a = 0; a < m; a++) {
            for (let e = 0; e <= a; e++) { sumSquares[c * d * d + f.mis[a]! * d + f.mis[e]!]! += weight * f.conditional[c * m * m + a * m + e]!; }
          }
        } else {
          for (let a = 0; a < m; a++) { sumSquares[c * d + f.mis[a]!]! += weight * f.conditional[c * m + a]!; }
        }
      }
      const stats = out.stats;
      if (stats) { accumulateComponentStats(stats, c, completed, 0, size, resp); }
    }
  }
  if (out.stats) { out.stats.nSamples += rows.length; }
  return total;
}

/** completed rows [0, size) (block `start` of the rare rows): missing cells at intercept + regression · x_o for component c. */
function completeRareRows(factorOf: RarePatternFactors[], start: number, c: number, size: number, d: number, completed: Float64Array): void {
  for (let r = 0; r < size; r++) {
    const f = factorOf[start + r]!;
    const o = f.obs.length, m = f.mis.length;
    const row = r * d;
    for (let a = 0; a < m; a++) {
      let value = f.intercepts[c * m + a]!;
      if (f.regression.length > 0) {
        const coef = c * m * o + a * o;
        for (let q = 0; q < o; q++) { value += f.regression[coef + q]! * completed[row + f.obs[q]!]!; }
      }
      completed[row + f.mis[a]!] = value;
    }
  }
}
