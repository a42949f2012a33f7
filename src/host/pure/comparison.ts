/**
 * "Compare k" for one panel: the request built from the current fit (same rows, columns, seed,
 * restarts, scaling and tolerances, only k and the covariance type vary), the sample of rows every
 * compared model labels for its small multiple, and the run's messages to the webview. No vscode
 * here: the webview tests build real comparisons with it.
 */
import type { FitResult } from '../../core/clusterFit';
import { checkComparisonRequest, FitRefusal } from '../../core/fitFeasibility';
import type { ComparisonRequest } from '../../core/modelComparison';
import { Random } from '../../core/random';
import { sampleStratified } from '../../core/sampling';
import type { FeatureSelection } from '../../data/featureMatrix';
import { COVARIANCE_TYPES, type FitOptions, type HostMessage, MAX_COMPARE_K } from '../../shared/protocol';
import { FitCancelledError } from './computeClient';
import { dataForWorker } from './workerPort';
import type { ComputeClient } from './computeClient';

/**
 * Rows drawn in each small multiple. Small canvases show ~1,500 points legibly, and one shared
 * sample (stratified by the current fit's clusters, so no cluster vanishes) is sent once with
 * didStartCompare: every model then adds only its labels for those rows (6 KB), and the multiples
 * differ only in colour, which is what the eye compares.
 */
export const COMPARE_SAMPLE_SIZE = 1500;

type StartMessage = Extract<HostMessage, { type: 'didStartCompare' }>;

/** What a comparison needs of the current fit. */
export interface ComparedFit {
  options: FitOptions;
  selection: FeatureSelection;
  result: FitResult;
}

export function planComparison(
  fit: ComparedFit, kMax: number, allCovarianceTypes: boolean, compareId: number, regCovar: number,
): { request: ComparisonRequest; start: StartMessage } {
  const { options, selection, result } = fit;
  const { matrix } = selection;
  const d = matrix.nFeatures;
  const covarianceTypes = options.algorithm === 'gmm' && allCovarianceTypes ? [...COVARIANCE_TYPES] : [options.covarianceType];
  // a fit of one of mclust's other ten models compares that model at every k (all types: scikit-learn's four, as the view says)
  const model = options.algorithm === 'gmm' && !allCovarianceTypes ? options.model : undefined;
  // k above the rows is not clamped away: the run is refused with the reason (checkComparison)
  const top = Math.max(1, Math.min(Math.floor(kMax), MAX_COMPARE_K));
  const rows = sampleStratified(result.labels, result.nComponents, COMPARE_SAMPLE_SIZE, new Random(options.seed));
  const values = new Float64Array(rows.length * d);
  const rowIndex = new Int32Array(rows.length);
  for (let s = 0; s < rows.length; s++) {
    values.set(matrix.data.subarray(rows[s] * d, (rows[s] + 1) * d), s * d);
    rowIndex[s] = selection.rowIndex[rows[s]];
  }
  return {
    request: {
      algorithm: options.algorithm, kMax: top, covarianceTypes, ...(model === undefined ? {} : { model }),
      nInit: options.nInit, maxIter: options.maxIter, tol: options.tol, regCovar, seed: options.seed,
      standardize: options.standardize, screenRestarts: true, columnNames: selection.columns,
      // A worker takes ownership of what it is sent; the fit's matrix must stay readable here.
      data: dataForWorker(matrix.data), nSamples: matrix.nSamples, nFeatures: d,
      sampleRows: rows,
    },
    start: { type: 'didStartCompare', compareId, options, kMax: top, covarianceTypes, sample: { rowIndex, values } },
  };
}

export interface CompareSession {
  readonly compareId: number;
  readonly running: boolean;
  /** Every message of the run so far, for a webview that reloads. */
  readonly messages: readonly HostMessage[];
  cancel(): void;
}

let nextCompareId = 1;

/** Starts a comparison in `compute` and reports it through `post`, from didStartCompare to its end. */
export function startComparison(
  compute: ComputeClient, fit: ComparedFit, kMax: number, allCovarianceTypes: boolean, regCovar: number,
  post: (message: HostMessage) => void,
): CompareSession {
  const compareId = nextCompareId++;
  const { request, start } = planComparison(fit, kMax, allCovarianceTypes, compareId, regCovar);
  const messages: HostMessage[] = [];
  const send = (message: HostMessage) => { messages.push(message); post(message); };
  send(start);
  // Ill-posed or unaffordable: explained before any worker starts.
  const verdict = checkComparisonRequest(request);
  if (!verdict.ok) {
    send({ type: 'didFailCompare', compareId, message: `${verdict.message} ${verdict.hint}` });
    return { compareId, running: false, messages, cancel() { /* nothing runs */ } };
  }
  let running = true;
  const run = compute.startCompare(request, model => send({ type: 'didCompareModel', compareId, model }));
  run.done.then(
    () => { running = false; send({ type: 'didFinishCompare', compareId }); },
    (err: unknown) => {
      running = false;
      if (err instanceof FitCancelledError) { send({ type: 'didCancelCompare', compareId }); return; }
      const message = err instanceof FitRefusal ? `${err.message} ${err.hint}` : err instanceof Error ? err.message : String(err);
      send({ type: 'didFailCompare', compareId, message });
    });
  return {
    compareId,
    get running() { return running; },
    messages,
    cancel() { if (running) { run.cancel(); } },
  };
}
