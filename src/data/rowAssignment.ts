// Where each dataset row went in a fit, indexed by dataset row: built once per fit (the host keeps
// it with the fit), then read by the table, the cluster profiles, the snapshot's sample and the
// labelled export, which all start from a dataset row and need its fitted row, cluster and
// certainty. Fitted rows are the rows of the feature matrix (FeatureSelection.rowIndex maps them
// to dataset rows); a dataset row left out of the fit (a missing value) has none.

import { assignFittedRows } from '../core/fittedRows';
import { CsvError } from './csvError';

export interface RowAssignment {
  /** (nRows) index of the dataset row in the fit (into labels and resp), −1 = not fitted */
  readonly fittedOf: Int32Array;
  /** (nRows) 0-based cluster, −1 = not fitted or not clustered */
  readonly label: Int32Array;
  /** (nRows) the largest membership probability, NaN = not fitted */
  readonly certainty: Float32Array;
}

/**
 * @param nRows rows of the dataset
 * @param rowIndex (n) dataset row of each fitted row
 * @param labels (n) 0-based cluster of each fitted row, −1 = not clustered
 * @param resp (n × k) membership probabilities, row-major
 * Throws a CsvError ('invalid-labels') when rowIndex names a row the dataset does not have.
 */
export function assignRows(
  nRows: number, rowIndex: Int32Array, labels: Int32Array | readonly number[], resp: Float32Array | Float64Array, k: number,
): RowAssignment {
  const rows = assignFittedRows(nRows, rowIndex, labels, resp, k);
  if (!rows) { throw new CsvError('invalid-labels', 'The clustering result refers to rows the file does not have.', 'Run the clustering again before exporting.'); }
  return rows;
}
