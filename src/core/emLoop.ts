// The EM loop itself, shared by every Gaussian mixture fit (complete data in gmm.ts, missing cells
// in missingDataFit.ts): they differ only in how the E-step gathers its statistics and in the
// M-step they take, so the loop, its convergence test and the choice among restarts are one code.

import type { SufficientStats } from './emShapes';
import type { GaussianMixtureModel } from './gmmModel';

/** One restart's EM run. */
export interface EmRun {
  model: GaussianMixtureModel;
  /** the lower bound of the last E-step (mean log-likelihood per fitted row) */
  lowerBound: number;
  nIter: number;
  /** stopped because the lower bound moved less than tol */
  converged: boolean;
  /** (nIter) the lower bound of each iteration */
  history: Float64Array;
}

/**
 * EM iterations from `model` (scikit-learn's fit loop): the E-step's statistics give the lower
 * bound (their log-likelihood / nUsed), the M-step the next model; stop when the lower bound moved
 * less than tol, or after maxIter. onStep sees each iteration's new model and the lower bound
 * that produced it.
 */
export function iterateEm(
  model: GaussianMixtureModel, maxIter: number, tol: number, nUsed: number,
  eStep: (model: GaussianMixtureModel) => SufficientStats, mStep: (stats: SufficientStats) => GaussianMixtureModel,
  onStep: (iteration: number, model: GaussianMixtureModel, lowerBound: number) => void,
): EmRun {
  const history = new Float64Array(maxIter);
  let lowerBound = -Infinity;
  let nIter = 0;
  let converged = false;
  for (let iter = 1; iter <= maxIter; iter++) {
    const previous = lowerBound;
    const stats = eStep(model);
    lowerBound = stats.logLikelihood / nUsed;
    model = mStep(stats);
    nIter = iter;
    history[iter - 1] = lowerBound;
    onStep(iter, model, lowerBound);
    if (Math.abs(lowerBound - previous) < tol) { converged = true; break; }
  }
  return { model, lowerBound, nIter, converged, history: history.slice(0, nIter) };
}

/** scikit-learn's choice among restarts: the higher lower bound wins, the earlier one on a tie; any beats one that never reached a finite bound. */
export function isBetterRestart(run: { lowerBound: number }, best: { lowerBound: number } | undefined): boolean {
  return best === undefined || run.lowerBound > best.lowerBound || best.lowerBound === -Infinity;
}
