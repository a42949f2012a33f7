/**
 * "Compare methods" for one panel: the request built from the current fit (its columns, scaling,
 * seed and k; each method with the user's own settings for it), the sample of rows every method
 * labels for its small multiple, and the run's messages to the webview. No vscode here: the
 * webview tests build real comparisons with it.
 */
import type { FitResult } from '../../core/clusterFit';
import { COMPARED_METHODS, type MethodComparisonRequest } from '../../core/methodComparison';
import { Random } from '../../core/random';
import { sampleStratified } from '../../core/sampling';
import type { FeatureSelection } from '../../data/featureMatrix';
import type { AlgorithmDefaults, FitOptions, HostMessage } from '../../shared/protocol';
import { FitRefusal } from '../../core/fitFeasibility';
import { COMPARE_SAMPLE_SIZE } from './comparison';
import { type ComputeClient, FitCancelledError } from './computeClient';
import { dataForWorker } from './workerPort';

type StartMessage = Extract<HostMessage, { type: 'didStartCompareMethods' }>;

/** What a comparison of methods needs of the current fit. */
export interface FitToCompare {
  options: FitOptions;
  selection: FeatureSelection;
  result: FitResult;
}

/**
 * Each method's options, as the panel would fit it: the current fit's columns, scaling, seed and
 * k (for DBSCAN or HDBSCAN, the number of clusters they found; at least 2), the mixture's and
 * k-means' restarts and tolerances from the user's settings unless the current fit is that method,
 * HDBSCAN's and spectral clustering's sizes from the current fit when it is that method (else from
 * the data). Rows with a missing cell are left out of all four, the mixture's included
 * (missing: 'drop'), so every method clusters the same rows.
 */
export function methodOptions(current: FitOptions, k: number, defaults: AlgorithmDefaults, dropped: boolean): FitOptions[] {
  const base: FitOptions = {
    algorithm: 'gmm', nComponents: Math.max(2, k), covarianceType: current.covarianceType, columns: current.columns,
    standardize: current.standardize, seed: current.seed, missing: dropped ? 'drop' : current.missing,
    nInit: 1, maxIter: 100, tol: 1e-3,
  };
  return COMPARED_METHODS.map(algorithm => {
    const own = algorithm === current.algorithm;
    const iterations = algorithm === 'gmm' || algorithm === 'kmeans' ? (own ? current : defaults[algorithm])
      // spectral clustering's restarts are k-means' (on its embedding); HDBSCAN has none
      : { nInit: current.algorithm === 'spectral' ? current.nInit : defaults.kmeans.nInit, maxIter: defaults.kmeans.maxIter, tol: defaults.kmeans.tol };
    const options: FitOptions = { ...base, algorithm, nInit: iterations.nInit, maxIter: iterations.maxIter, tol: iterations.tol };
    if (algorithm === 'spectral' && current.nNeighbors !== undefined) { options.nNeighbors = current.nNeighbors; }
    if (algorithm === 'hdbscan' && own) {
      if (current.minClusterSize !== undefined) { options.minClusterSize = current.minClusterSize; }
      if (current.minSamples !== undefined) { options.minSamples = current.minSamples; }
    }
    return options;
  });
}

export function planMethodComparison(
  fit: FitToCompare, defaults: AlgorithmDefaults, compareId: number, regCovar: number,
): { request: MethodComparisonRequest; start: StartMessage } {
  const { selection, result } = fit;
  const { matrix } = selection;
  const d = matrix.nFeatures;
  // complete rows only (a mixture fitted with missing cells modelled has NaN in its matrix)
  const kept: number[] = [];
  for (let i = 0; i < matrix.nSamples; i++) {
    let complete = true;
    for (let j = 0; j < d; j++) { if (Number.isNaN(matrix.data[i * d + j]!)) { complete = false; break; } }
    if (complete) { kept.push(i); }
  }
  const n = kept.length;
  const data = n === matrix.nSamples ? dataForWorker(matrix.data) : dataForWorker(gather(matrix.data, kept, d));
  const k = result.nComponents;
  const noisy = result.labels.some(label => label < 0);
  const strata = Int32Array.from(kept, i => (result.labels[i]! < 0 ? k : result.labels[i]!));
  const rows = sampleStratified(strata, noisy ? k + 1 : k, COMPARE_SAMPLE_SIZE, new Random(fit.options.seed));
  const values = new Float64Array(rows.length * d);
  const rowIndex = new Int32Array(rows.length);
  for (let s = 0; s < rows.length; s++) {
    const i = kept[rows[s]!]!;
    values.set(matrix.data.subarray(i * d, (i + 1) * d), s * d);
    rowIndex[s] = selection.rowIndex[i]!;
  }
  const dropped = matrix.nSamples - n;
  const methods = methodOptions(fit.options, k, defaults, dropped > 0);
  return {
    request: {
      data, nSamples: n, nFeatures: d, sampleRows: rows,
      fits: methods.map(o => ({
        algorithm: o.algorithm, nComponents: o.nComponents, covarianceType: o.covarianceType, nInit: o.nInit, maxIter: o.maxIter, tol: o.tol,
        regCovar, seed: o.seed, standardize: o.standardize, screenRestarts: true, columnNames: selection.columns,
        nNeighbors: o.nNeighbors, minSamples: o.minSamples, minClusterSize: o.minClusterSize,
      })),
    },
    start: { type: 'didStartCompareMethods', compareId, methods, droppedRows: dropped, sample: { rowIndex, values } },
  };
}

function gather(data: Float64Array, rows: readonly number[], d: number): Float64Array {
  const out = new Float64Array(rows.length * d);
  rows.forEach((i, s) => out.set(data.subarray(i * d, (i + 1) * d), s * d));
  return out;
}

export interface CompareMethodsSession {
  readonly compareId: number;
  readonly running: boolean;
  /** Every message of the run so far, for a webview that reloads. */
  readonly messages: readonly HostMessage[];
  cancel(): void;
}

let nextCompareId = 1;

/** Starts a comparison of methods in `compute` and reports it through `post`, from didStartCompareMethods to its end. */
export function startMethodComparison(
  compute: ComputeClient, fit: FitToCompare, defaults: AlgorithmDefaults, regCovar: number, post: (message: HostMessage) => void,
): CompareMethodsSession {
  const compareId = nextCompareId++;
  const { request, start } = planMethodComparison(fit, defaults, compareId, regCovar);
  const messages: HostMessage[] = [];
  const send = (message: HostMessage) => { messages.push(message); post(message); };
  send(start);
  if (request.nSamples < 3) {
    send({ type: 'didFailCompareMethods', compareId, message: `Compare methods needs at least 3 rows with a value in every chosen column; there are ${request.nSamples}.` });
    return { compareId, running: false, messages, cancel() { /* nothing runs */ } };
  }
  let running = true;
  const run = compute.startCompareMethods(request, method => send({ type: 'didCompareMethod', compareId, method }));
  run.done.then(
    () => { running = false; send({ type: 'didFinishCompareMethods', compareId }); },
    (err: unknown) => {
      running = false;
      if (err instanceof FitCancelledError) { send({ type: 'didCancelCompareMethods', compareId }); return; }
      const message = err instanceof FitRefusal ? `${err.message} ${err.hint}` : err instanceof Error ? err.message : String(err);
      send({ type: 'didFailCompareMethods', compareId, message });
    });
  return {
    compareId,
    get running() { return running; },
    messages,
    cancel() { if (running) { run.cancel(); } },
  };
}
