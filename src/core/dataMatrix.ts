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
  for (let start = 0; start < data.length; start += SCAN_BLOCK) {
    const end = Math.min(data.length, start + SCAN_BLOCK);
    // x · 0 is 0 for every finite x and NaN for ±∞ and NaN: one test per block, no branch per value
    // (four sums, so that the additions do not wait for each other)
    let probe0 = 0, probe1 = 0, probe2 = 0, probe3 = 0;
    let i = start;
    for (; i + 3 < end; i += 4) { probe0 += data[i]! * 0; probe1 += data[i + 1]! * 0; probe2 += data[i + 2]! * 0; probe3 += data[i + 3]! * 0; }
    for (; i < end; i++) { probe0 += data[i]! * 0; }
    if (probe0 + probe1 + probe2 + probe3 === 0) { continue; }
    for (let i = start; i < end; i++) {
      if (!Number.isFinite(data[i]!)) { return i; }
    }
  }
  return -1;
}

/** Values per block of the column scans: a block stays in L1 while each of its columns is summed. */
const SCAN_BLOCK = 4096;

/** Mean of each column, length nFeatures. */
export function computeColumnMeans(X: DataMatrix): Float64Array {
  const { nSamples, nFeatures: d } = X;
  const means = sumColumns(X, null);
  for (let j = 0; j < d; j++) { means[j] /= Math.max(nSamples, 1); }
  return means;
}

/**
 * Σ x (about null) or Σ (x − about)² of each column, each column's terms added row by row in order;
 * with `residuals`, Σ (x − about) is added to it as well.
 */
export function sumColumns(X: DataMatrix, about: Float64Array | null, residuals?: Float64Array): Float64Array {
  const { data, nSamples: n, nFeatures: d } = X;
  const sums = new Float64Array(d);
  const blockRows = Math.max(1, Math.floor(SCAN_BLOCK / d));
  for (let start = 0; start < n; start += blockRows) { addColumnSums(data, d, start, Math.min(n, start + blockRows), about, sums, residuals); }
  return sums;
}

/**
 * Adds the column sums of rows [start, end) to sums[offset …] (and residuals), as sumColumns. Each column of
 * the rows is summed in a local: a running sum kept in an array would make every addition wait
 * for the previous one's store (several times slower); the rows stay in L1 across the columns.
 */
export function addColumnSums(
  data: Float64Array, d: number, start: number, end: number, about: Float64Array | null, sums: Float64Array, residuals?: Float64Array,
  offset = 0,
): void {
  for (let j = 0; j < d; j++) {
    let sum = sums[offset + j]!;
    if (about === null) {
      for (let i = start; i < end; i++) { sum += data[i * d + j]!; }
    } else {
      const m = about[j]!;
      let residual = residuals?.[j] ?? 0;
      for (let i = start; i < end; i++) { const diff = data[i * d + j]! - m; sum += diff * diff; residual += diff; }
      if (residuals) { residuals[j] = residual; }
    }
    sums[offset + j] = sum;
  }
}
