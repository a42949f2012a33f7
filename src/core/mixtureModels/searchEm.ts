// EM for the model search, one (model, start) at a time, driven from outside one iteration at a
// time. The same steps as gmm.ts's runGaussianMixture (an E-step pass that also gathers the
// statistics, lowerBound = Σ log p / n, the model's constrained M-step, stop when the lower bound
// gains less than tol), but a run is an object the search can step, set aside and resume:
//   - two starts screened in turn keep their own M-step state (EVE's and VVE's orientation is
//     warm-started from the previous iteration across the screening and the run to convergence);
//   - a run fitted on a sample of the rows goes on over all rows from where it stopped;
//   - only the run that is kept pays for the final E-step.

import type { ChunkExecutor } from '../chunkExecutor';
import { computeColumnMeans, type DataMatrix } from '../dataMatrix';
import { findCollapsedComponents } from '../gmm';
import { prepareComponentParameters, type GaussianMixtureModel } from '../gmmModel';
import { accumulateResponsibilities, createStats, createStatsAbout, type MStepResult, type SufficientStats } from '../gmmStats';
import { createConstrainedMStep, createDiagonalMStep } from './constrainedMStep';
import { isDiagonalModel, type MixtureModelName } from './covarianceModels';

/**
 * EVE, VVE: rotation sweeps per M-step at most. Each M-step starts from the previous iteration's
 * orientation, so a few sweeps continue one optimisation across EM iterations; every sweep and
 * every update of the diagonals is an exact maximisation of one part, so a capped M-step still
 * never lowers the EM objective (a generalised EM, Dempster, Laird & Rubin 1977), and at EM's
 * fixed point the sweeps have converged too. Uncapped, the M-step ran to 1e-12 on every iteration.
 */
const ORIENTATION_SWEEPS = 5;

export interface EmRun {
  readonly name: MixtureModelName;
  readonly nComponents: number;
  /** the parameters after the last M-step */
  model: GaussianMixtureModel;
  /** Σ log p(xᵢ) / n at the last E-step (−∞ before the first) */
  lowerBound: number;
  /** E-step passes done */
  nIter: number;
  /** the last step gained less than tol */
  converged: boolean;
  readonly mStep: (stats: SufficientStats, weightDenominator?: number) => MStepResult;
}

/**
 * Statistics of a start's responsibilities (n × k, e.g. a one-hot partition), about the column
 * means (full precision on data far from 0). Every model of the search starts from the same ones,
 * so the search computes them once per (start, k).
 */
export function computeStartStats(X: DataMatrix, resp: Float64Array, k: number): SufficientStats {
  const { nSamples: n, nFeatures: d } = X;
  const mean = computeColumnMeans(X);
  const shift = new Float64Array(k * d);
  for (let c = 0; c < k; c++) { shift.set(mean, c * d); }
  const stats = createStatsAbout('full', k, d, shift);
  accumulateResponsibilities(X, 0, n, resp, stats);
  return stats;
}

/** A run whose parameters are one M-step of the model from the start's statistics (weights over n rows, as scikit-learn's start). */
export function startEmRun(name: MixtureModelName, regCovar: number, startStats: SufficientStats, n: number): EmRun {
  const mStep = createMStep(name, regCovar);
  return { name, nComponents: startStats.nComponents, model: mStep(startStats, n).model, lowerBound: -Infinity, nIter: 0, converged: false, mStep };
}

/** A run that goes on from a fitted model (its M-step state, e.g. EVE's orientation, starts afresh). */
export function resumeEmRun(name: MixtureModelName, regCovar: number, model: GaussianMixtureModel): EmRun {
  return { name, nComponents: model.nComponents, model, lowerBound: -Infinity, nIter: 0, converged: false, mStep: createMStep(name, regCovar) };
}

function createMStep(name: MixtureModelName, regCovar: number): EmRun['mStep'] {
  // axis-aligned models run as 'diag' (E-step and statistics O(d), not O(d²), per row and component)
  if (isDiagonalModel(name)) { return createDiagonalMStep(name, regCovar); }
  return createConstrainedMStep(name, regCovar, name === 'EVE' || name === 'VVE' ? { maxIter: ORIENTATION_SWEEPS } : {});
}

/**
 * Runs EM iterations until the lower bound gains less than tol or nIter reaches maxIter (the
 * run's total). resp (n × k, from the executor's allocate) is scratch. A run resumed on other rows
 * (all rows after a sample) restarts its stopping test: its lower bound is then of those rows.
 */
export function iterateEmRun(run: EmRun, X: DataMatrix, resp: Float64Array, executor: ChunkExecutor, tol: number, maxIter: number): void {
  const n = X.nSamples;
  while (run.nIter < maxIter && !run.converged) {
    const previous = run.lowerBound;
    const params = prepareComponentParameters(run.model);
    const stats = createStats(params);
    executor.accumulate(params, X, resp, stats);
    run.lowerBound = stats.logLikelihood / n;
    run.model = run.mStep(stats).model;
    run.nIter++;
    if (Math.abs(run.lowerBound - previous) < tol) { run.converged = true; }
  }
}

/** Sets a run to go on over other rows (e.g. all of them after a sample): its stopping test starts again. */
export function resumeOnOtherRows(run: EmRun): void {
  run.lowerBound = -Infinity;
  run.converged = false;
}

export interface FinishedRun {
  model: GaussianMixtureModel;
  /** Σ log p(xᵢ) under the final model */
  logLikelihood: number;
  /** (n × k) responsibilities under the final model (the resp passed in) */
  resp: Float64Array;
  collapsedComponents: number[];
}

/** The final E-step (as gmm.ts: labels and responsibilities agree with the returned model). */
export function finishEmRun(run: EmRun, X: DataMatrix, resp: Float64Array, executor: ChunkExecutor, regCovar: number): FinishedRun {
  const logLikelihood = executor.estimate(prepareComponentParameters(run.model), X, resp);
  return { model: run.model, logLikelihood, resp, collapsedComponents: findCollapsedComponents(run.model, regCovar) };
}
