// A fit that is one cell of "Find best model": the (model, k) the search showed, opened as the
// current fit. A fit from the panel's own starts (k-means, ten restarts) can land on another
// optimum than the search's, and then the model opened is not the one clicked. So the cell is fitted
// again exactly as the search fitted it (modelSearch.ts: the hierarchical partition at k and the
// k-means start on whitened rows, screened, the better run to mclust's tolerance, and polished
// when it was among the search's leaders), which gives the search's bits, and the result is that
// model in the fit's layout with a final E-step, as every fit ends.

import type { ChunkExecutor } from '../chunkExecutor';
import type { DataMatrix } from '../dataMatrix';
import { FitRefusal } from '../fitRefusal';
import { resolveGaussianMixtureOptions, runGaussianMixture } from '../gmm';
import { computePrecisionsChol, type CovarianceType, type GaussianMixtureModel } from '../gmmModel';
import { Random } from '../random';
import type { ScreenedMixtureResult } from '../screenedRestarts';
import { MODEL_ALIASES, resolveModelName, type MixtureModelName } from './covarianceModels';
import { fitSearchCell, planModelSearch, polishSearchModel } from './modelSearch';

/** How the search fitted the cell: its seed and regCovar, and whether the cell was one of the leaders it polished. */
export interface SearchStart {
  /** the cell was among the search's polishTop best by BIC when it ended (its fit then ran on to a smaller tolerance) */
  polish: boolean;
}

export interface SearchCellRequest {
  nComponents: number;
  covarianceType: CovarianceType;
  /** one of mclust's other ten models (covarianceType 'full'); absent: the covariance type's model */
  model?: MixtureModelName;
  regCovar: number;
  seed: number;
  /** draws every replay frame (one: the model) when true */
  recordParameters?: boolean;
}

/**
 * The search's model of (model, k) on X (the rows as the search scaled them), as a fit of
 * request.covarianceType: the same weights, means and covariances, labels and responsibilities
 * from one final E-step, the search run's iterations (screening included) and convergence. Throws FitRefusal when the
 * search refuses the cell (too many parameters).
 */
export function fitFromSearchStart(X: DataMatrix, request: SearchCellRequest, start: SearchStart, executor: ChunkExecutor): ScreenedMixtureResult {
  const { nComponents: k, covarianceType } = request;
  const d = X.nFeatures;
  const name = resolveModelName(request.model ?? MODEL_ALIASES[covarianceType]!, d);
  const plan = planModelSearch(X, { models: [name], kMax: k, seed: request.seed, regCovar: request.regCovar });
  const fitted = fitSearchCell(plan, name, k, executor);
  let { cell, model } = fitted;
  if (model === undefined) {
    throw new FitRefusal(`${name} with ${k} clusters cannot be fitted to these rows: ${cell.reason ?? 'the search refused it'}.`,
      'Open a cell the search fitted, or fit this model from the controls.');
  }
  if (start.polish) { ({ cell, model } = polishSearchModel(plan, cell, model, executor)); }
  const fit = runGaussianMixture(X, resolveGaussianMixtureOptions(X, {
    nComponents: k, covarianceType, regCovar: request.regCovar, maxIter: 0, modelInit: inLayout(model, covarianceType), executor,
    recordParameters: request.recordParameters ?? false, ...(request.model ? { model: request.model } : {}),
  }), new Random(request.seed));
  return { ...fit, nIter: fitted.nIter ?? 0, converged: cell.converged ?? false, comparedOnRows: X.nSamples, screenBest: 0 };
}

/**
 * A search model (axis-aligned ones kept as 'diag', the others 'full') in the layout of a fit of
 * covarianceType: the same matrices, stored as that type stores them (a tied fit keeps one, a
 * spherical one a variance per component: the model's constraints make them equal).
 */
export function inLayout(model: GaussianMixtureModel, covarianceType: CovarianceType): GaussianMixtureModel {
  const { nComponents: k, nFeatures: d } = model;
  const full = model.covarianceType === 'full';
  const entry = (c: number, i: number, j: number): number => (full ? model.covariances[c * d * d + i * d + j]! : i === j ? model.covariances[c * d + i]! : 0);
  let covariances: Float64Array;
  switch (covarianceType) {
    case 'full': covariances = Float64Array.from({ length: k * d * d }, (_, at) => entry(Math.floor(at / (d * d)), Math.floor(at / d) % d, at % d)); break;
    case 'tied': covariances = Float64Array.from({ length: d * d }, (_, at) => entry(0, Math.floor(at / d), at % d)); break;
    case 'diag': covariances = Float64Array.from({ length: k * d }, (_, at) => entry(Math.floor(at / d), at % d, at % d)); break;
    case 'spherical': covariances = Float64Array.from({ length: k }, (_, c) => entry(c, 0, 0)); break;
  }
  const { precisionsChol } = computePrecisionsChol(covarianceType, k, d, covariances);
  return { covarianceType, nComponents: k, nFeatures: d, weights: model.weights.slice(), means: model.means.slice(), covariances, precisionsChol };
}
