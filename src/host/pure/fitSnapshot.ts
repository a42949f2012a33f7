/** Turns a finished fit into the snapshot the webview draws itself from. No vscode here: tests use it. */
import { cautionFor } from '../../core/fitFeasibility';
import { summarizeFit, type FitSummary, type FitSummaryRequest } from '../../core/fitSummary';
import type { PcaModel } from '../../core/pca';
import type { FitResult } from '../../core/clusterFit';
import type { Dataset } from '../../data/csvReader';
import type { FeatureSelection } from '../../data/featureMatrix';
import { assignRows, type RowAssignment } from '../../data/rowAssignment';
import type { FitOptions, FitSnapshot } from '../../shared/protocol';
import { computeClusterProfiles } from './clusterProfiles';
import { checkedCovarianceType } from './modelShape';
import type { RanIn } from './computeClient';

const MAX_REPLAY_NUMBERS = 400_000;

/** A finished fit as the host keeps it: what was asked, the matrix, the result, the snapshot sent, and the rows. */
export interface CompletedFit {
  readonly options: FitOptions;
  readonly selection: FeatureSelection;
  readonly result: FitResult;
  readonly snapshot: FitSnapshot;
  /** Where each dataset row went: built once per fit, read by the table, the profiles, the snapshot and the export. */
  readonly rows: RowAssignment;
}

/**
 * What the webview needs of a finished fit: the model, its scores, the PCA plane of all fitted
 * rows, and a drawable sample of at most `maxPoints` rows, stratified by cluster. `rows`: the fit's
 * row assignment (the host builds it once per fit; built here when absent). `summary`: what is
 * computed over all rows, when the fit worker computed it with the fit (core/fitSummary.ts);
 * computed here when absent, by the same function, so the snapshot is the same either way.
 */
export function buildSnapshot(
  fitId: number, options: FitOptions, dataset: Dataset, selection: FeatureSelection, result: FitResult, ranIn: RanIn, maxPoints: number,
  rows?: RowAssignment, summary: FitSummary = summarizeFit(selection.matrix, result, summaryRequestFor(dataset, selection, maxPoints, options.seed),
    rows ?? assignRows(dataset.nRows, selection.rowIndex, result.labels, result.resp, result.nComponents)),
): FitSnapshot {
  const k = result.nComponents;
  const d = selection.matrix.nFeatures;
  const drawn = summary.drawn;
  const m = drawn.length;
  const values = summary.drawnValues;
  const labels = new Int32Array(m);
  const certainty = new Float32Array(m);
  const rowIndex = new Int32Array(m);
  const probabilities = new Float32Array(m * k);
  const imputed = result.missing ? new Uint8Array(m * d) : null;
  for (let s = 0; s < m; s++) {
    const i = drawn[s];
    if (imputed) { for (let j = 0; j < d; j++) { imputed[s * d + j] = Number.isNaN(selection.matrix.data[i * d + j]) ? 1 : 0; } }
    labels[s] = result.labels[i];
    rowIndex[s] = selection.rowIndex[i];
    probabilities.set(result.resp.subarray(i * k, (i + 1) * k), s * k);
    certainty[s] = summary.rows.certainty[rowIndex[s]];
  }
  return {
    fitId,
    options,
    algorithm: result.algorithm,
    covarianceType: result.covarianceType,
    nComponents: k,
    columns: selection.columns,
    nSamples: result.nSamples,
    droppedRows: selection.droppedRows,
    ...(result.missing ? { modelledCells: result.missing.cells } : {}),
    ranIn,
    seconds: result.seconds,
    converged: result.converged,
    nIter: result.nIter,
    weights: result.weights,
    means: result.means,
    covariances: result.covariances,
    logLikelihood: result.logLikelihood,
    bic: result.bic,
    aic: result.aic,
    inertia: result.inertia,
    histories: result.histories,
    bestRestart: result.bestRestart,
    restarts: result.restarts && {
      nStarts: result.restarts.nStarts, bestStart: result.restarts.bestStart, comparedOnRows: result.restarts.comparedOnRows,
      disagree: result.restarts.disagree, sentence: result.restarts.sentence,
    },
    // The replay crosses to the webview only while it is small: 400k doubles is 3.2 MB.
    replay: result.replay && result.replay.covariances.length <= MAX_REPLAY_NUMBERS ? result.replay : null,
    caution: cautionFor({ ...result, covarianceType: checkedCovarianceType({ ...options, algorithm: result.algorithm }), nFeatures: d }),
    density: result.density ?? null,
    profiles: computeClusterProfiles(dataset, result.labels, summary.rows, k, summary.columns),
    ...(summary.uncertainty ? { uncertainty: summary.uncertainty } : {}),
    ...(result.algorithm === 'gmm' && result.collapsedComponents.length > 0 ? { collapsedComponents: result.collapsedComponents } : {}),
    pca: summary.pca ? pickPca(summary.pca) : null,
    ...(result.scaling ? { scaling: { mean: result.scaling.mean, scale: result.scaling.scale } } : {}),
    sample: { rowIndex, values, labels, certainty, probabilities, ...(imputed ? { imputed } : {}), ...sampledEmbedding(result, drawn) },
  };
}

/** What the summary of a fit of `selection` needs from the dataset: its rows and every numeric column, in order. */
export function summaryRequestFor(dataset: Dataset, selection: FeatureSelection, maxPoints: number, seed: number): FitSummaryRequest {
  const numericColumns: Float64Array[] = [];
  for (const column of dataset.columns) { if (column.kind === 'numeric') { numericColumns.push(column.values); } }
  return { nRows: dataset.nRows, rowIndex: selection.rowIndex, numericColumns, maxPoints, seed };
}

/** spectral: the drawn rows' coordinates on the first two non-trivial eigenvectors, for the scatter plot's spectral plane. */
function sampledEmbedding(result: FitResult, drawn: ArrayLike<number>): { embedding?: Float64Array } {
  const all = result.spectralEmbedding;
  if (!all) { return {}; }
  const embedding = new Float64Array(drawn.length * 2);
  for (let s = 0; s < drawn.length; s++) { embedding[2 * s] = all[2 * drawn[s]!]!; embedding[2 * s + 1] = all[2 * drawn[s]! + 1]!; }
  return { embedding };
}

function pickPca(pca: PcaModel): NonNullable<FitSnapshot['pca']> {
  return { mean: pca.mean, components: pca.components, explainedVarianceRatio: pca.explainedVarianceRatio };
}
