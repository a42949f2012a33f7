/**
 * "Find best model" for one panel: the request built from the current fit (its rows, columns and
 * scaling; every mclust model for k = 1..K), the run's messages to the webview, and the cells as
 * the protocol carries them. No vscode here: the unit and webview tests run real searches with it.
 */
import { checkFitData, FitRefusal } from '../../core/fitFeasibility';
import { modelsFor } from '../../core/mixtureModels/covarianceModels';
import type { ModelSearchCell } from '../../core/mixtureModels/modelSearch';
import type { ModelSearchRequest } from '../../compute/modelSearchJob';
import type { Dataset } from '../../data/csvReader';
import { buildFeatureMatrix, type FeatureSelection } from '../../data/featureMatrix';
import { type FitOptions, type HostMessage, MAX_SEARCH_K, type SearchedModel } from '../../shared/protocol';
import { FitCancelledError, type ComputeClient } from './computeClient';
import { dataForWorker } from './workerPort';

/** mclust's default range, k = 1 … 9. */
export const DEFAULT_SEARCH_K = 9;

type StartMessage = Extract<HostMessage, { type: 'didStartModelSearch' }>;

/** What a search needs of the current fit. */
export interface SearchedFit {
  options: FitOptions;
  selection: FeatureSelection;
}

/**
 * The search of the current fit's rows: its columns and scaling, its seed; rows with a missing
 * cell are left out (the search fits complete rows: the missing-data EM has scikit-learn's four
 * models only).
 */
export function planModelSearch(
  fit: SearchedFit, dataset: Dataset, kMax: number, searchId: number, regCovar: number,
): { request: ModelSearchRequest; start: StartMessage } {
  const { options } = fit;
  const complete = hasMissing(fit.selection.matrix.data) ? buildFeatureMatrix(dataset, options.columns, 'drop') : fit.selection;
  const { matrix } = complete;
  const top = Math.max(1, Math.min(Math.floor(kMax), MAX_SEARCH_K));
  const models = [...modelsFor(matrix.nFeatures)];
  return {
    request: {
      // A worker takes ownership of what it is sent; the fit's matrix must stay readable here.
      data: dataForWorker(matrix.data), nSamples: matrix.nSamples, nFeatures: matrix.nFeatures,
      standardize: options.standardize, models, kMax: top, seed: options.seed, regCovar,
    },
    start: {
      type: 'didStartModelSearch', searchId, options, kMax: top, models, nSamples: matrix.nSamples, droppedRows: complete.droppedRows,
    },
  };
}

function hasMissing(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) { if (values[i] !== values[i]) { return true; } }
  return false;
}

/** A cell as the protocol carries it: numbers that are not finite (a refused cell's NaN) as null. */
export function toSearchedModel(cell: ModelSearchCell): SearchedModel {
  const finite = (v: number) => (Number.isFinite(v) ? v : null);
  const fitted = cell.status !== 'refused';
  return {
    model: cell.model, k: cell.k, nParameters: cell.nParameters, status: cell.status, reason: cell.reason ?? null,
    logLikelihood: fitted ? finite(cell.logLikelihood) : null, bic: fitted ? finite(cell.bic) : null, icl: fitted ? finite(cell.icl) : null,
    start: cell.start ?? null, startsAgreed: cell.startsAgreed ?? null, converged: cell.converged ?? null,
    collapsedComponents: cell.collapsedComponents ?? [],
  };
}

export interface ModelSearchSession {
  readonly searchId: number;
  readonly running: boolean;
  /** Every message of the run so far, for a webview that reloads. */
  readonly messages: readonly HostMessage[];
  cancel(): void;
}

let nextSearchId = 1;

/** Starts a search in `compute` and reports it through `post`, from didStartModelSearch to its end. */
export function startModelSearch(
  compute: ComputeClient, fit: SearchedFit, dataset: Dataset, kMax: number, regCovar: number, post: (message: HostMessage) => void,
  now: () => number = Date.now,
): ModelSearchSession {
  const searchId = nextSearchId++;
  const { request, start } = planModelSearch(fit, dataset, kMax, searchId, regCovar);
  const messages: HostMessage[] = [];
  const send = (message: HostMessage) => { messages.push(message); post(message); };
  send(start);
  try {
    if (request.nSamples === 0) { throw new Error('No row has a value in every chosen column: the model search fits complete rows only. Choose other columns.'); }
    checkFitData({ data: request.data, nSamples: request.nSamples, nFeatures: request.nFeatures });
  } catch (err) {
    send({ type: 'didFailModelSearch', searchId, message: describeError(err) });
    return { searchId, running: false, messages, cancel() { /* nothing runs */ } };
  }
  const started = now();
  let running = true;
  const run = compute.startModelSearch(request, cell => send({ type: 'didSearchModel', searchId, model: toSearchedModel(cell) }));
  run.done.then(
    cells => {
      running = false;
      send({ type: 'didFinishModelSearch', searchId, models: cells.map(toSearchedModel), seconds: Math.max(0, (now() - started) / 1000) });
    },
    (err: unknown) => {
      running = false;
      if (err instanceof FitCancelledError) { send({ type: 'didCancelModelSearch', searchId }); return; }
      send({ type: 'didFailModelSearch', searchId, message: describeError(err) });
    });
  return {
    searchId,
    get running() { return running; },
    messages,
    cancel() { if (running) { run.cancel(); } },
  };
}

function describeError(err: unknown): string {
  return err instanceof FitRefusal ? `${err.message} ${err.hint}` : err instanceof Error ? err.message : String(err);
}
