// Fitting a Gaussian mixture on data with missing cells: the restarts of EM (missingDataEm.ts's
// iterations) from the engine's own initialisation on mean-imputed rows, optionally screened on a
// sample of the rows, and what the fit says about the missing cells.

import type { ChunkExecutor } from './chunkExecutor';
import type { DataMatrix } from './dataMatrix';
import { isBetterRestart, iterateEm } from './emLoop';
import {
  findCollapsedComponents, resolveGaussianMixtureOptions, runGaussianMixture, type GaussianMixtureOptions, type GaussianMixtureResult,
} from './gmm';
import { countParameters, covarianceSize, type GaussianMixtureModel } from './gmmModel';
import { createReplay, recordFrame, REPLAY_LIMIT, trimReplay, type GaussianMixtureReplay } from './gmmReplay';
import { mStepFromStats } from './gmmStats';
import { createConstrainedMStep } from './mixtureModels/constrainedMStep';
import { countModelParameters } from './mixtureModels/covarianceModels';
import { inThreadExecutor } from './inThreadExecutor';
import { countPatterns, groupMissingPatterns, type MissingPatterns } from './missingPatterns';
import { Random } from './random';
import { createContext, estimateAllRows, accumulateExpectedStats, releaseContext } from './missingDataEm';

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
 * `model` (one of mclust's) takes its M-step on the expected statistics; recordParameters records
 * the refined run's iterations (the replay).
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
  const recordParameters = options.recordParameters === true;
  const random = new Random(resolved.seed);
  const executor = resolved.executor ?? inThreadExecutor;
  const summary: MissingDataSummary = {
    nMissingCells: patterns.nMissingCells,
    rowsWithMissing: X.nSamples - patterns.completeRows.length,
    emptyRows: patterns.emptyRows, nUsed, nPatterns: countPatterns(patterns),
  };
  if (sampleSize === null || sampleSize >= nUsed || resolved.modelInit !== undefined) {
    const fit = runWithMissing(X, patterns, start, { ...resolved, recordParameters }, random, executor);
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
    ...resolved, nInit: 1, modelInit: screen.model, recordParameters,
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
  const d = X.nFeatures;
  // the replay as runGaussianMixture keeps it: every iteration's parameters, within REPLAY_LIMIT
  const recording = options.recordParameters === true && (maxIter + 1) * (k + k * d + covarianceSize(covarianceType, k, d)) <= REPLAY_LIMIT;
  const histories: Float64Array[] = [];
  let best: { model: GaussianMixtureModel; lowerBound: number; nIter: number; converged: boolean; restart: number; replay?: GaussianMixtureReplay } | undefined;
  for (let restart = 0; restart < nInit; restart++) {
    // a constrained model's M-step keeps state between iterations (EVE/VVE's orientation): one per restart
    const mStep = options.model ? createConstrainedMStep(options.model, regCovar) : (stats: Parameters<typeof mStepFromStats>[0]) => mStepFromStats(stats, regCovar);
    const replay = recording ? createReplay(maxIter + 1, k, d, covarianceType) : undefined;
    if (replay) { recordFrame(replay, 0, starts[restart]!, NaN); }
    const run = iterateEm(starts[restart]!, maxIter, tol, context.nUsed, model => accumulateExpectedStats(model, context),
      stats => mStep(stats).model, (iteration, model, lowerBound) => {
        if (replay) { recordFrame(replay, iteration, model, lowerBound); }
        onIteration?.({ restart, iteration, value: lowerBound });
      });
    histories.push(run.history);
    if (isBetterRestart(run, best)) { best = { ...run, restart, ...(replay ? { replay: trimReplay(replay, run.nIter + 1) } : {}) }; }
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
  const nParameters = options.model ? countModelParameters(options.model, k, d) : countParameters(covarianceType, k, d);
  const result: GaussianMixtureResult = {
    model, labels, resp, lowerBound: best!.lowerBound, logLikelihood,
    bic: -2 * logLikelihood + nParameters * Math.log(context.nUsed), aic: -2 * logLikelihood + 2 * nParameters, nParameters,
    nIter: best!.nIter, converged: best!.converged, histories, bestRestart: best!.restart,
    collapsedComponents: findCollapsedComponents(model, regCovar),
  };
  if (best!.replay) { result.replay = best!.replay; }
  return result;
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
