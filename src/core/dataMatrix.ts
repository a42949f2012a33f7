// The one data layout of the engine: a dense row-major matrix of doubles.

/** Row-major samples: data[i * nFeatures + j]. */
export interface DataMatrix {
  /** (nSamples × nFeatures), row-major */
  readonly data: Float64Array;
  readonly nSamples: number;
  readonly nFeatures: number;
}

/** Wraps a row-major buffer (not copied); throws when its length does not match the shape. */
export function createDataMatrix(data: Float64Array, nSamples: number, nFeatures: number): DataMatrix {
  if (!Number.isInteger(nSamples) || nSamples < 0 || !Number.isInteger(nFeatures) || nFeatures < 1) {
    throw new Error(`invalid matrix shape ${nSamples} × ${nFeatures}`);
  }
  if (data.length !== nSamples * nFeatures) {
    throw new Error(`data has ${data.length} values, expected ${nSamples} × ${nFeatures} = ${nSamples * nFeatures}`);
  }
  return { data, nSamples, nFeatures };
}

/** Copies nested rows (tests, small inputs) into a DataMatrix. */
export function dataMatrixFromRows(rows: readonly (readonly number[])[]): DataMatrix {
  const nSamples = rows.length;
  const nFeatures = nSamples > 0 ? rows[0]!.length : 0;
  const data = new Float64Array(nSamples * nFeatures);
  rows.forEach((row, i) => {
    if (row.length !== nFeatures) { throw new Error(`row ${i} has ${row.length} values, expected ${nFeatures}`); }
    data.set(row, i * nFeatures);
  });
  return { data, nSamples, nFeatures };
}

/** Index of the first NaN or ±Infinity, or -1. */
export function findNonFinite(X: DataMatrix): number {
  const data = X.data;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) { return i; }
  }
  return -1;
}

/** Mean of each column, length nFeatures. */
export function computeColumnMeans(X: DataMatrix): Float64Array {
  const { data, nSamples, nFeatures: d } = X;
  const means = new Float64Array(d);
  for (let i = 0; i < nSamples; i++) {
    for (let j = 0; j < d; j++) { means[j] += data[i * d + j]!; }
  }
  for (let j = 0; j < d; j++) { means[j] /= Math.max(nSamples, 1); }
  return means;
}

/** Population variance (ddof = 0, like numpy's var) of each column, computed about the mean. */
export function computeColumnVariances(X: DataMatrix): Float64Array {
  const { data, nSamples, nFeatures: d } = X;
  const means = computeColumnMeans(X);
  const variances = new Float64Array(d);
  for (let i = 0; i < nSamples; i++) {
    for (let j = 0; j < d; j++) {
      const diff = data[i * d + j]! - means[j]!;
      variances[j] += diff * diff;
    }
  }
  for (let j = 0; j < d; j++) { variances[j] /= Math.max(nSamples, 1); }
  return variances;
}
