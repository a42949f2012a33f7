/**
 * Gaussian mixtures fitted by EM on data with missing cells (NaN), the missing cells integrated
 * out under "missing at random" (Ghahramani & Jordan 1994, "Supervised learning from incomplete
 * data via an EM approach", NIPS 6; Little & Rubin, Statistical Analysis with Missing Data, ch. 11).
 *
 * E-step: a row's responsibilities and log-likelihood come from each component's marginal on the
 * row's observed columns o: N(x_o | μ_o, Σ_oo). Rows are grouped by missingness pattern
 * (missingPatterns.ts) and each (pattern, component) Σ_oo is factorised once per iteration; the
 * pattern's rows then run through the same block kernels as complete data, on their observed
 * columns gathered into a small dense block.
 * M-step: scikit-learn's M-step (gmmStats.mStepFromStats) on the expected sufficient statistics:
 * a row's missing cells are replaced by their conditional mean E[x_m | x_o, c] = μ_m + Σ_mo Σ_oo⁻¹ (x_o − μ_o)
 * and Σ r · (Σ_mm − Σ_mo Σ_oo⁻¹ Σ_om), the conditional covariance, is added to the scatter.
 * Rows with no missing cell take the complete-data path (executor, generated kernels) unchanged.
 *
 * The lower bound is the observed-data mean log-likelihood; it never decreases (EM). Rows whose
 * every cell is missing carry no information: they are left out of the fit, listed in
 * `emptyRows`, and given the mixing weights as responsibilities (the posterior of nothing observed).
 *
 * Initialisation: the engine's own initialisation (init option: k-means by default) run on the
 * rows with at least one value, their missing cells filled with the column mean; EM then runs on
 * the observed cells only, so the imputation affects the start, never the fitted model.
 */
import type { ChunkExecutor } from './chunkExecutor';
import type { DataMatrix } from './dataMatrix';
import {
  findCollapsedComponents, resolveGaussianMixtureOptions, runGaussianMixture, type GaussianMixtureOptions, type GaussianMixtureResult,
} from './gmm';
import { accumulateComponentStats, computeLogDensity, estimateBlock, normalizeRows } from './gmmKernels';
import {
  computePrecisionsChol, countParameters, expandPrecisions, isTriangular, prepareComponentParameters, type ComponentParameters, type GaussianMixtureModel,
} from './gmmModel';
import { BLOCK_ROWS, createStats, mStepFromStats, type SufficientStats } from './gmmStats';
import { choleskyLower, computePrecisionCholFull, invertLowerTriangular, logDetTriangular } from './linalg';
import { inThreadExecutor } from './inThreadExecutor';
import { countPatterns, groupMissingPatterns, type MissingPatterns } from './missingPatterns';
import { Random } from './random';

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Patterns held by fewer rows than this skip the per-pattern pass (an O(k·o³) factorisation and
 * a kernel call for a handful of rows) and go, many patterns to a block, through passRarePatterns.
 * Tests set it to 0 or Infinity to run every row through one path.
 */
export const missingDataSettings = { minPatternRows: 8 };

export interface MissingDataSummary {
  /** NaN cells in the data */
  nMissingCells: number;
  /** rows with at least one missing cell (empty rows included) */
  rowsWithMissing: number;
  /** rows whose every cell is missing: not fitted, responsibilities = weights */
  emptyRows: Int32Array;
  /** rows the model was fitted on (nSamples − emptyRows.length); BIC's n */
  nUsed: number;
  /** distinct missingness patterns among the incomplete rows */
  nPatterns: number;
}

export interface MissingDataMixtureResult extends GaussianMixtureResult {
  missing: MissingDataSummary;
  /** as ScreenedMixtureResult: rows the starts were compared on, and the start that won there */
  comparedOnRows: number;
  screenBest: number;
}

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

/** Scratch of the incomplete-row pass, sized for one block (reused across patterns and iterations). */
interface PatternScratch {
  observed: Float64Array;
  resp: Float64Array;
  rowLogLikelihood: Float64Array;
  completed: Float64Array;
}

function createScratch(k: number, d: number): PatternScratch {
  return {
    observed: new Float64Array(BLOCK_ROWS * d), resp: new Float64Array(BLOCK_ROWS * k),
    rowLogLikelihood: new Float64Array(BLOCK_ROWS), completed: new Float64Array(BLOCK_ROWS * d),
  };
}

/** Where the incomplete-row pass writes, besides its returned log-likelihood. */
interface IncompleteOutputs {
  /** expected sufficient statistics (about the model's means) to add the rows to */
  stats?: SufficientStats;
  /** (n × k) responsibilities at the rows' own index */
  resp?: Float64Array;
  /** (n) log p(x_o) at the rows' own index */
  rowLogLikelihood?: Float64Array;
  /** (n × d) a copy of X whose missing cells receive Σ_c r_c E[x_m | x_o, c] */
  imputed?: Float64Array;
}

/**
 * E-step (and with `out.stats` the expected statistics) of every incomplete, non-empty row.
 * Returns Σ log p(x_o) over them.
 */
function passIncompleteRows(model: GaussianMixtureModel, X: DataMatrix, patterns: MissingPatterns, out: IncompleteOutputs, scratch: PatternScratch): number {
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
function passRarePatterns(
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

/** The state EM keeps across iterations: the complete rows copied once into memory the executor shares. */
export interface MissingDataContext {
  readonly X: DataMatrix;
  readonly patterns: MissingPatterns;
  /** the complete rows, contiguous, for the complete-data kernels */
  readonly complete: DataMatrix;
  /** (complete rows × k) */
  readonly completeResp: Float64Array;
  readonly executor: ChunkExecutor;
  readonly scratch: PatternScratch;
  readonly nUsed: number;
}

/** What EM on X keeps across iterations (its complete rows copied, grouped by pattern): see emIterationWithMissing. */
export function createContext(X: DataMatrix, patterns: MissingPatterns, k: number, executor: ChunkExecutor): MissingDataContext {
  const d = X.nFeatures;
  const nc = patterns.completeRows.length;
  const data = executor.allocateFloat64(nc * d);
  for (let r = 0; r < nc; r++) {
    const i = patterns.completeRows[r]!;
    data.set(X.data.subarray(i * d, i * d + d), r * d);
  }
  return {
    X, patterns, complete: { data, nSamples: nc, nFeatures: d }, completeResp: executor.allocateFloat64(nc * k), executor,
    scratch: createScratch(k, d), nUsed: X.nSamples - patterns.emptyRows.length,
  };
}

/** One EM iteration (E-step with expected statistics, M-step); the lower bound reached is logLikelihood / context.nUsed. */
export function emIterationWithMissing(model: GaussianMixtureModel, context: MissingDataContext, regCovar: number): { model: GaussianMixtureModel; logLikelihood: number } {
  const stats = accumulateExpectedStats(model, context);
  return { model: mStepFromStats(stats, regCovar).model, logLikelihood: stats.logLikelihood };
}

export function releaseContext(context: MissingDataContext): void {
  context.executor.release(context.complete.data);
  context.executor.release(context.completeResp);
}

/** One E-step with expected statistics over every fitted row; their log-likelihood is stats.logLikelihood. */
function accumulateExpectedStats(model: GaussianMixtureModel, context: MissingDataContext): SufficientStats {
  const params = prepareComponentParameters(model);
  const stats = createStats(params);
  if (context.complete.nSamples > 0) { context.executor.accumulate(params, context.complete, context.completeResp, stats); }
  stats.logLikelihood += passIncompleteRows(model, context.X, context.patterns, { stats }, context.scratch);
  return stats;
}

/** (n × k) responsibilities of every row (empty rows: the weights) and Σ log p(x_o). */
function estimateAllRows(model: GaussianMixtureModel, context: MissingDataContext, rowLogLikelihood?: Float64Array): { resp: Float64Array; logLikelihood: number } {
  const { X, patterns, complete, completeResp, executor } = context;
  const k = model.nComponents;
  const resp = new Float64Array(X.nSamples * k);
  let logLikelihood = 0;
  if (complete.nSamples > 0) {
    const params = prepareComponentParameters(model);
    if (rowLogLikelihood) {
      // per-row values asked for: the in-thread block E-step, which writes them (the executor's does not)
      const completeLogLik = new Float64Array(complete.nSamples);
      for (let start = 0; start < complete.nSamples; start += BLOCK_ROWS) {
        logLikelihood += estimateBlock(params, complete.data, start, Math.min(complete.nSamples, start + BLOCK_ROWS), completeResp, completeLogLik);
      }
      for (let r = 0; r < complete.nSamples; r++) { rowLogLikelihood[patterns.completeRows[r]!] = completeLogLik[r]!; }
    } else {
      logLikelihood += executor.estimate(params, complete, completeResp);
    }
    for (let r = 0; r < complete.nSamples; r++) {
      resp.set(completeResp.subarray(r * k, r * k + k), patterns.completeRows[r]! * k);
    }
  }
  logLikelihood += passIncompleteRows(model, X, patterns, { resp, ...(rowLogLikelihood ? { rowLogLikelihood } : {}) }, context.scratch);
  for (const i of patterns.emptyRows) {
    resp.set(model.weights, i * k);
    if (rowLogLikelihood) { rowLogLikelihood[i] = 0; }
  }
  return { resp, logLikelihood };
}

/**
 * The observed-data responsibilities (n × k) and log-likelihoods of X's rows under a model:
 * log p(x_o) per row (0 for a row with nothing observed), their sum.
 */
export function scoreWithMissing(model: GaussianMixtureModel, X: DataMatrix): { resp: Float64Array; rowLogLikelihood: Float64Array; logLikelihood: number } {
  const context = createContext(X, groupMissingPatterns(X), model.nComponents, inThreadExecutor);
  const rowLogLikelihood = new Float64Array(X.nSamples);
  const { resp, logLikelihood } = estimateAllRows(model, context, rowLogLikelihood);
  return { resp, rowLogLikelihood, logLikelihood };
}

/** One EM iteration from `model`: the observed-data log-likelihood under it and the M-step's model. */
export function stepWithMissing(model: GaussianMixtureModel, X: DataMatrix, regCovar: number): { model: GaussianMixtureModel; logLikelihood: number } {
  const context = createContext(X, groupMissingPatterns(X), model.nComponents, inThreadExecutor);
  const stats = accumulateExpectedStats(model, context);
  return { model: mStepFromStats(stats, regCovar).model, logLikelihood: stats.logLikelihood };
}

/**
 * A copy of X with every missing cell replaced by its conditional expectation under the model,
 * Σ_c r_c E[x_m | x_o, c] (rows with nothing observed: Σ_c w_c μ_c).
 */
export function imputeConditionalMeans(model: GaussianMixtureModel, X: DataMatrix): Float64Array {
  const { nComponents: k, nFeatures: d, weights, means } = model;
  const patterns = groupMissingPatterns(X);
  const imputed = X.data.slice();
  passIncompleteRows(model, X, patterns, { imputed }, createScratch(k, d));
  for (const i of patterns.emptyRows) {
    for (let j = 0; j < d; j++) {
      let sum = 0;
      for (let c = 0; c < k; c++) { sum += weights[c]! * means[c * d + j]!; }
      imputed[i * d + j] = sum;
    }
  }
  return imputed;
}

/**
 * imputeConditionalMeans for a model given as whole d × d covariances (a fit's result, every type
 * expanded; as 'full' they give the same conditionals), e.g. in the file's units.
 * @param covariances (k × d × d)
 */
export function imputeWithCovariances(weights: Float64Array, means: Float64Array, covariances: Float64Array, X: DataMatrix): Float64Array {
  const k = weights.length, d = X.nFeatures;
  const model: GaussianMixtureModel = {
    covarianceType: 'full', nComponents: k, nFeatures: d, weights, means, covariances,
    precisionsChol: computePrecisionsChol('full', k, d, covariances).precisionsChol,
  };
  return imputeConditionalMeans(model, X);
}

/**
 * The rows with at least one value, missing cells filled with their column's observed mean: the
 * data the initialisation (k-means) runs on. A column with no value at all gets 0.
 */
function meanImputedRows(X: DataMatrix, patterns: MissingPatterns): DataMatrix {
  const { data, nSamples: n, nFeatures: d } = X;
  const sums = new Float64Array(d), counts = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) { const x = data[i * d + j]!; if (x === x) { sums[j]! += x; counts[j]!++; } }
  }
  const nUsed = n - patterns.emptyRows.length;
  const out = new Float64Array(nUsed * d);
  let r = 0, e = 0;
  for (let i = 0; i < n; i++) {
    if (e < patterns.emptyRows.length && patterns.emptyRows[e] === i) { e++; continue; }
    for (let j = 0; j < d; j++) {
      const x = data[i * d + j]!;
      out[r * d + j] = x === x ? x : counts[j]! > 0 ? sums[j]! / counts[j]! : 0;
    }
    r++;
  }
  return { data: out, nSamples: nUsed, nFeatures: d };
}

/**
 * Fits a Gaussian mixture to X whose NaN cells are missing (at random). Options as
 * fitGaussianMixture (validated the same way); `sampleSize` as screenedRestarts: the nInit starts
 * are compared on that many rows drawn from the rows with a value, the best refined on all.
 * recordParameters is not supported (no replay).
 */
export function fitGaussianMixtureWithMissing(
  X: DataMatrix, options: Partial<GaussianMixtureOptions>, sampleSize: number | null = null,
): MissingDataMixtureResult {
  if (X.nSamples < 1 || X.nFeatures < 1 || X.data.length !== X.nSamples * X.nFeatures) {
    throw new Error(`data has ${X.data.length} values, expected ${X.nSamples} × ${X.nFeatures}`);
  }
  for (let i = 0; i < X.data.length; i++) {
    const x = X.data[i]!;
    if (x === Infinity || x === -Infinity) { throw new Error(`the data contains ${x} at row ${Math.floor(i / X.nFeatures)}, column ${i % X.nFeatures}`); }
  }
  const patterns = groupMissingPatterns(X);
  // held in an object the run empties once the starts are drawn, so the copy is not kept during EM
  const start: StartData = { imputed: meanImputedRows(X, patterns) };
  const nUsed = start.imputed!.nSamples;
  if (nUsed === 0) { throw new Error('every cell of the data is missing'); }
  // validates the options on the rows that will be fitted (k ≤ rows, shapes of the inits)
  const resolved = resolveGaussianMixtureOptions(start.imputed!, { ...options, recordParameters: false });
  const random = new Random(resolved.seed);
  const executor = resolved.executor ?? inThreadExecutor;
  const summary: MissingDataSummary = {
    nMissingCells: patterns.nMissingCells,
    rowsWithMissing: X.nSamples - patterns.completeRows.length,
    emptyRows: patterns.emptyRows, nUsed, nPatterns: countPatterns(patterns),
  };
  if (sampleSize === null || sampleSize >= nUsed || resolved.modelInit !== undefined) {
    const fit = runWithMissing(X, patterns, start, resolved, random, executor);
    return { ...fit, missing: summary, comparedOnRows: nUsed, screenBest: fit.bestRestart };
  }
  // the starts on a sample of the fitted rows, then the best one on all rows
  const used: number[] = [];
  for (let i = 0, e = 0; i < X.nSamples; i++) {
    if (e < patterns.emptyRows.length && patterns.emptyRows[e] === i) { e++; } else { used.push(i); }
  }
  const picked = random.sampleWithoutReplacement(used.length, sampleSize).sort((a, b) => a - b);
  const d = X.nFeatures;
  const sampleData = new Float64Array(sampleSize * d);
  picked.forEach((u, s) => { sampleData.set(X.data.subarray(used[u]! * d, used[u]! * d + d), s * d); });
  const sample: DataMatrix = { data: sampleData, nSamples: sampleSize, nFeatures: d };
  const samplePatterns = groupMissingPatterns(sample);
  start.imputed = undefined;
  const screen = runWithMissing(sample, samplePatterns, { imputed: meanImputedRows(sample, samplePatterns) }, resolved, random, executor);
  const onIteration = resolved.onIteration;
  const full = runWithMissing(X, patterns, start, {
    ...resolved, nInit: 1, modelInit: screen.model,
    ...(onIteration ? { onIteration: e => onIteration({ ...e, restart: resolved.nInit }) } : { onIteration: undefined }),
  }, random, executor);
  return {
    ...full, histories: [...screen.histories, ...full.histories], bestRestart: resolved.nInit,
    missing: summary, comparedOnRows: sampleSize, screenBest: screen.bestRestart,
  };
}

/** The mean-imputed rows the starts are drawn on; emptied once they are. */
interface StartData { imputed: DataMatrix | undefined }

/** EM restarts on validated options (runGaussianMixture's loop, on observed cells). */
function runWithMissing(
  X: DataMatrix, patterns: MissingPatterns, start: StartData, options: GaussianMixtureOptions, random: Random, executor: ChunkExecutor,
): GaussianMixtureResult {
  const { nComponents: k, covarianceType, tol, regCovar, maxIter, nInit, onIteration } = options;
  // every start's initial model first (the same draws, in the same order, as runGaussianMixture's
  // restarts, since EM itself draws nothing), so the mean-imputed copy is let go before EM runs
  const starts: GaussianMixtureModel[] = [];
  for (let restart = 0; restart < nInit; restart++) {
    starts.push(options.modelInit ? copyModel(options.modelInit) : initialModel(start.imputed!, options, random, executor));
  }
  start.imputed = undefined;
  const context = createContext(X, patterns, k, executor);
  const histories: Float64Array[] = [];
  let best: { model: GaussianMixtureModel; lowerBound: number; nIter: number; converged: boolean; restart: number } | undefined;
  for (let restart = 0; restart < nInit; restart++) {
    let model = starts[restart]!;
    const history = new Float64Array(maxIter);
    let lowerBound = -Infinity;
    let nIter = 0;
    let converged = false;
    for (let iter = 1; iter <= maxIter; iter++) {
      const previous = lowerBound;
      const stats = accumulateExpectedStats(model, context);
      lowerBound = stats.logLikelihood / context.nUsed;
      model = mStepFromStats(stats, regCovar).model;
      nIter = iter;
      history[iter - 1] = lowerBound;
      onIteration?.({ restart, iteration: iter, value: lowerBound });
      if (Math.abs(lowerBound - previous) < tol) { converged = true; break; }
    }
    histories.push(history.slice(0, nIter));
    if (best === undefined || lowerBound > best.lowerBound || best.lowerBound === -Infinity) {
      best = { model, lowerBound, nIter, converged, restart };
    }
  }
  const { model } = best!;
  // final E-step so labels and resp agree with the returned model
  const { resp, logLikelihood } = estimateAllRows(model, context);
  releaseContext(context);
  const labels = new Int32Array(X.nSamples);
  for (let i = 0; i < X.nSamples; i++) {
    let top = 0;
    for (let c = 1; c < k; c++) { if (resp[i * k + c]! > resp[i * k + top]!) { top = c; } }
    labels[i] = top;
  }
  const nParameters = countParameters(covarianceType, k, X.nFeatures);
  return {
    model, labels, resp, lowerBound: best!.lowerBound, logLikelihood,
    bic: -2 * logLikelihood + nParameters * Math.log(context.nUsed), aic: -2 * logLikelihood + 2 * nParameters, nParameters,
    nIter: best!.nIter, converged: best!.converged, histories, bestRestart: best!.restart,
    collapsedComponents: findCollapsedComponents(model, regCovar),
  };
}

/** The engine's initialisation (options.init) on the mean-imputed rows: runGaussianMixture with no EM iteration. */
function initialModel(imputed: DataMatrix, options: GaussianMixtureOptions, random: Random, executor: ChunkExecutor): GaussianMixtureModel {
  const { onIteration: _ignored, ...rest } = options;
  const start = runGaussianMixture(imputed, { ...rest, nInit: 1, maxIter: 0, recordParameters: false, executor }, random);
  executor.release(start.resp);
  return start.model;
}

function copyModel(m: GaussianMixtureModel): GaussianMixtureModel {
  return { ...m, weights: m.weights.slice(), means: m.means.slice(), covariances: m.covariances.slice(), precisionsChol: m.precisionsChol.slice() };
}
