/**
 * Where each dataset row went in a fit, indexed by dataset row (data/rowAssignment.ts names it
 * RowAssignment and checks it; the fit worker builds it next to the fit: fitSummary.ts).
 */

export interface FittedRows {
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
 * @returns null when rowIndex names a row the dataset does not have
 */
export function assignFittedRows(
  nRows: number, rowIndex: Int32Array, labels: Int32Array | readonly number[], resp: Float32Array | Float64Array, k: number,
): FittedRows | null {
  const fittedOf = new Int32Array(nRows).fill(-1);
  const label = new Int32Array(nRows).fill(-1);
  const certainty = new Float32Array(nRows).fill(NaN);
  for (let i = 0; i < rowIndex.length; i++) {
    const row = rowIndex[i]!;
    if (!(row >= 0 && row < nRows)) { return null; }
    fittedOf[row] = i;
    label[row] = labels[i]!;
    let best = 0;
    for (let c = 0; c < k; c++) { best = Math.max(best, resp[i * k + c]!); }
    certainty[row] = best;
  }
  return { fittedOf, label, certainty };
}
