/**
 * "Find best model" in a worker: every (model, k) of mclust's family fitted and scored
 * (core/mixtureModels/modelSearch.ts), each cell posted as soon as it is done, then the final
 * cells (the leaders polished). Rows are scaled as the product's fit scales them, and the scores
 * are reported in the file's units (the z-score map's Jacobian added per row), so a cell's BIC
 * is the BIC the fit of that model reports. Cancel is the host terminating the worker.
 */
import type { DataMatrix } from '../core/dataMatrix';
import { searchModels, type ModelSearchCell } from '../core/mixtureModels/modelSearch';
import { fitMagnitudeScaler, fitStandardScaler, logJacobian, transform } from '../core/scaling';
import { inThreadFitExecutor, type ExecutorFor } from './fitExecutor';
import { errorMessage, type FromWorker } from './messages';
import type { ModelSearchRequest } from './modelSearchRequest';

export type { ModelSearchRequest };

export type PostSearch = (message: FromWorker) => void;

/** The rows a search runs on (scaled as a fit scales them) and the map of a cell's scores into the file's units. */
export function prepareModelSearch(request: ModelSearchRequest): { raw: DataMatrix; X: DataMatrix; inFileUnits: (cell: ModelSearchCell) => ModelSearchCell } {
  const raw: DataMatrix = { data: request.data, nSamples: request.nSamples, nFeatures: request.nFeatures };
  // scaled as runClusterFit scales a fit's rows (core/clusterFit.ts), so both report the same likelihood
  const scaler = request.standardize ? fitStandardScaler(raw) : fitMagnitudeScaler(raw);
  const shift = scaler ? request.nSamples * logJacobian(scaler.scale) : 0;
  const inFileUnits = (cell: ModelSearchCell): ModelSearchCell => (shift === 0 ? { ...cell } : {
    ...cell, logLikelihood: cell.logLikelihood + shift, bic: cell.bic + 2 * shift, bicSklearn: cell.bicSklearn - 2 * shift, icl: cell.icl + 2 * shift,
  });
  return { raw, X: scaler ? transform(scaler, raw) : raw, inFileUnits };
}

/** Runs a search, handing on each cell as it is done; returns the final cells (the leaders polished), in the file's units. */
export function runModelSearch(
  request: ModelSearchRequest, onCell: (cell: ModelSearchCell) => void, executorFor: ExecutorFor = inThreadFitExecutor,
): ModelSearchCell[] {
  const prepared = prepareModelSearch(request);
  const { inFileUnits } = prepared;
  const fitExecutor = executorFor(prepared.raw);
  let failed = true;
  try {
    const { executor } = fitExecutor;
    const X = executor.share(prepared.X);
    const result = searchModels(X, {
      models: request.models, kMax: request.kMax, seed: request.seed, regCovar: request.regCovar, executor,
      onCell: cell => onCell(inFileUnits(cell)),
    });
    failed = false;
    return result.cells.map(inFileUnits);
  } finally {
    fitExecutor.done(failed);
  }
}

/** The worker's side: one 'searched' message per cell, then 'searchDone' with the final cells, or an error. */
export function serveModelSearch(request: ModelSearchRequest, post: PostSearch, executorFor: ExecutorFor = inThreadFitExecutor): void {
  try {
    const cells = runModelSearch(request, cell => post({ type: 'searched', cell }), executorFor);
    post({ type: 'searchDone', cells });
  } catch (err) {
    post(errorMessage(err));
  }
}
