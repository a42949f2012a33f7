// Gaussian mixture models fitted by EM, following scikit-learn's GaussianMixture: same defaults,
// same initialisations, same E-step (log space, precision Cholesky factors), same M-step and
// lower bound (mean log-likelihood), restarts keep the best lower bound, final E-step for labels.
// Read top to bottom: fit → restarts → init (gmmInit.ts) → E-step (a ChunkExecutor's pass, the
// kernels behind kernels/dispatch.ts) → M-step (gmmStats.ts) → converged? (the loop of emLoop.ts,
// shared with missing-data EM). The options are gmmOptions.ts, the per-iteration frames gmmReplay.ts.

import { findNonFinite, type DataMatrix } from './dataMatrix';
import { createSquaresDerivation } from './derivedSquares';
import { isBetterRestart, iterateEm } from './emLoop';
import { initializeModel } from './gmmInit';
import {
  countParameters, covarianceSize, precisionDiagonals, prepareComponentParameters, type GaussianMixtureModel,
} from './gmmModel';
import { resolveGaussianMixtureOptions, type GaussianMixtureOptions, type GaussianMixtureResult } from './gmmOptions';
import { createReplay, recordFrame, REPLAY_LIMIT, trimReplay, type GaussianMixtureReplay } from './gmmReplay';
import { createStats, estimateChunk, mStepFromStats, type SufficientStats } from './gmmStats';
import { inThreadExecutor } from './inThreadExecutor';
import { createConstrainedMStep } from './mixtureModels/constrainedMStep';
import { countModelParameters } from './mixtureModels/covarianceModels';
import { Random } from './random';
import { usesWideKernels } from './wideKernels';

export type { CovarianceType, GaussianMixtureModel } from './gmmModel';
export { expandCovariances } from './gmmModel';
export type { IterationEvent } from './fitOptions';
export { GMM_INITS, resolveGaussianMixtureOptions, type GaussianMixtureOptions, type GaussianMixtureResult, type GmmInit } from './gmmOptions';
export { REPLAY_LIMIT, type GaussianMixtureReplay } from './gmmReplay';

/** Fits a Gaussian mixture to the rows of X by EM; options are validated (clear errors), defaults are scikit-learn's. */
export function fitGaussianMixture(X: DataMatrix, options: Partial<GaussianMixtureOptions> = {}): GaussianMixtureResult {
  const resolved = resolveGaussianMixtureOptions(X, options);
  return runGaussianMixture(X, resolved, new Random(resolved.seed));
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
  // wide full models: the largest component's scatter from the Gram matrix where that is exact enough (derivedSquares.ts)
  const derivation = covarianceType === 'full' && k > 1 && usesWideKernels(true, d) ? createSquaresDerivation(executor, X) : null;
  let best: { model: GaussianMixtureModel; lowerBound: number; nIter: number; converged: boolean; restart: number; replay?: GaussianMixtureReplay } | undefined;
  for (let restart = 0; restart < nInit; restart++) {
    const mStep = options.model ? createConstrainedMStep(options.model, regCovar) : (s: SufficientStats, w?: number) => mStepFromStats(s, regCovar, w, executor);
    // init
    const start = initializeModel(X, options, random, resp, mStep);
    const replay = recording ? createReplay(maxIter + 1, k, d, covarianceType) : undefined;
    if (replay) { recordFrame(replay, 0, start, NaN); }
    // E → M until converged
    const eStep = (model: GaussianMixtureModel): SufficientStats => {
      const params = prepareComponentParameters(model);
      let stats = createStats(params);
      const derived = derivation?.choose(model) ?? -1;
      executor.accumulate(params, X, resp, stats, derived);
      if (derived >= 0 && !derivation!.derive(stats, derived)) {
        // this pass's clusters lie too far apart for the difference: summed after all
        stats = createStats(params);
        executor.accumulate(params, X, resp, stats);
      }
      return stats;
    };
    const run = iterateEm(start, maxIter, tol, n, eStep, stats => mStep(stats).model, (iteration, model, lowerBound) => {
      if (replay) { recordFrame(replay, iteration, model, lowerBound); }
      onIteration?.({ restart, iteration, value: lowerBound });
    });
    histories.push(run.history);
    if (isBetterRestart(run, best)) {
      best = { ...run, restart, ...(replay ? { replay: trimReplay(replay, run.nIter + 1) } : {}) };
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
