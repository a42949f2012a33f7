/**
 * What the panel shows of a fit that is computed over ALL rows, after the fit: where each dataset
 * row went, the rows drawn for the plot, the PCA plane, each cluster's uncertainty and each numeric
 * column per cluster. At a million rows this takes as long as a fast fit, so the fit worker computes
 * it next to the fit, on the matrix it already holds, and the extension host's thread only
 * assembles the snapshot (host/pure/fitSnapshot.ts). Where no worker runs, the host calls the same
 * function: the summary is the same wherever it is computed.
 */
import { summarizeColumnByCluster, type ColumnClusterStats } from './clusterColumnStats';
import { summarizeUncertainty, type ClusterUncertainty } from './clusterUncertainty';
import type { DataMatrix } from './dataMatrix';
import { assignFittedRows, type FittedRows } from './fittedRows';
import type { FitResult } from './fitRequest';
import { imputeWithCovariances } from './missingDataEm';
import { fitPca, type PcaModel } from './pca';
import { Random } from './random';
import { sampleStratified } from './sampling';

/** What the summary needs beyond the fit's own matrix and result. */
export interface FitSummaryRequest {
  /** rows of the dataset */
  nRows: number;
  /** (n) dataset row of each fitted row */
  rowIndex: Int32Array;
  /** the dataset's numeric columns (nRows each, NaN = missing), all of them, in the dataset's order */
  numericColumns: Float64Array[];
  /** the plot draws at most this many rows, stratified by cluster */
  maxPoints: number;
  /** seeds the drawing (the fit's seed) */
  seed: number;
}

export interface FitSummary {
  /** where each dataset row went */
  rows: FittedRows;
  /** (m) the fitted rows drawn for the plot, ascending */
  drawn: Int32Array;
  /** (m × d) their values; a missing cell a mixture modelled is at its conditional expectation */
  drawnValues: Float64Array;
  /** the first two principal axes of the z-scored fitted rows (missing cells completed); null below two columns */
  pca: PcaModel | null;
  /** a mixture's uncertainty per cluster; null for the other methods */
  uncertainty: ClusterUncertainty | null;
  /** per numeric column of `numericColumns`, its statistics per cluster over all rows */
  columns: ColumnClusterStats[];
}

/**
 * @param matrix (n × d) the fitted rows as the fit was given them (the file's units, NaN where a mixture modelled a missing cell)
 * @param rows where each dataset row went, when the caller has it already
 */
export function summarizeFit(matrix: DataMatrix, result: FitResult, request: FitSummaryRequest, rows?: FittedRows): FitSummary {
  const assigned = rows ?? assignFittedRows(request.nRows, request.rowIndex, result.labels, result.resp, result.nComponents);
  if (!assigned) { throw new RangeError('The clustering result refers to rows the file does not have.'); }
  // a mixture fitted with missing cells: the plot and the PCA plane place each missing cell at its
  // conditional expectation under the fitted model, Σ_c r_c E[x_m | x_o, c]
  const completed = result.missing && result.covariances
    ? { data: imputeWithCovariances(result.weights, result.means, result.covariances, matrix), nSamples: matrix.nSamples, nFeatures: matrix.nFeatures }
    : matrix;
  const k = result.nComponents;
  const d = matrix.nFeatures;
  // noise (−1, DBSCAN and HDBSCAN) is a stratum of its own, drawn like a cluster
  const noisy = (result.density?.nNoise ?? 0) > 0;
  const strata = noisy ? result.labels.map(label => (label < 0 ? k : label)) : result.labels;
  const drawn = sampleStratified(strata, noisy ? k + 1 : k, request.maxPoints, new Random(request.seed));
  const drawnValues = new Float64Array(drawn.length * d);
  for (let s = 0; s < drawn.length; s++) { drawnValues.set(completed.data.subarray(drawn[s] * d, (drawn[s] + 1) * d), s * d); }
  return {
    rows: assigned,
    drawn,
    drawnValues,
    // PCA of the z-scored columns: on raw columns the one with the largest unit (grams) would be PC1 alone.
    pca: d >= 2 ? fitPca(completed, 2, { standardize: true }) : null,
    uncertainty: result.algorithm === 'gmm' ? summarizeUncertainty(result.resp, result.labels, k) : null,
    columns: request.numericColumns.map(values => summarizeColumnByCluster(values, assigned.label, k)),
  };
}

/** The summary's buffers, each once, for a zero-copy postMessage. */
export function transferablesOfSummary(summary: FitSummary): ArrayBuffer[] {
  const arrays: { buffer: ArrayBufferLike }[] = [
    summary.rows.fittedOf, summary.rows.label, summary.rows.certainty, summary.drawn, summary.drawnValues,
  ];
  if (summary.pca) { arrays.push(summary.pca.mean, summary.pca.components, summary.pca.explainedVariance, summary.pca.explainedVarianceRatio); }
  if (summary.uncertainty) { arrays.push(summary.uncertainty.mean, summary.uncertainty.max, summary.uncertainty.above); }
  for (const c of summary.columns) { arrays.push(c.means, c.missing); }
  return [...new Set(arrays.map(a => a.buffer))].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}
