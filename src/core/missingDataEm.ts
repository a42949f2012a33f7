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
 *
 * The rooms: this file is one EM iteration and the scoring and imputation under a model;
 * patternPass.ts and rarePatternPass.ts the E-step of the incomplete rows; missingDataFit.ts the
 * restarts and the initialisation.
 */
import type { ChunkExecutor } from './chunkExecutor';
import type { DataMatrix } from './dataMatrix';
import { BLOCK_ROWS, type SufficientStats } from './emShapes';
import { estimateBlock } from './gmmKernels';
import { computePrecisionsChol, prepareComponentParameters, type GaussianMixtureModel } from './gmmModel';
import { createStats, mStepFromStats } from './gmmStats';
import { inThreadExecutor } from './inThreadExecutor';
import { groupMissingPatterns, type MissingPatterns } from './missingPatterns';
import { createScratch, type PatternScratch } from './missingDataShapes';
import { passIncompleteRows } from './patternPass';

export { missingDataSettings } from './patternPass';

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
export function accumulateExpectedStats(model: GaussianMixtureModel, context: MissingDataContext): SufficientStats {
  const params = prepareComponentParameters(model);
  const stats = createStats(params);
  if (context.complete.nSamples > 0) { context.executor.accumulate(params, context.complete, context.completeResp, stats); }
  stats.logLikelihood += passIncompleteRows(model, context.X, context.patterns, { stats }, context.scratch);
  return stats;
}

/** (n × k) responsibilities of every row (empty rows: the weights) and Σ log p(x_o). */
export function estimateAllRows(model: GaussianMixtureModel, context: MissingDataContext, rowLogLikelihood?: Float64Array): { resp: Float64Array; logLikelihood: number } {
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
