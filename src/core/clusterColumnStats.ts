/**
 * One numeric column of the file summarised per cluster, over ALL its rows: each cluster's mean,
 * the overall mean and spread, and how many of each cluster's rows have no value there. The
 * numeric half of the cluster profiles (host/pure/clusterProfiles.ts), here so that the fit
 * worker can compute it next to the fit (fitSummary.ts).
 */

export interface ColumnClusterStats {
  /** mean over the rows of every cluster; NaN when no clustered row has a value */
  overallMean: number;
  /** sample standard deviation (n − 1) over the same rows; 0 below two values */
  overallStd: number;
  /** (k) each cluster's mean; NaN for a cluster with no value here */
  means: Float64Array;
  /** (k) each cluster's rows without a value (NaN) here */
  missing: Int32Array;
}

/**
 * @param values (nRows) the column, NaN = missing
 * @param clusterOfRow (nRows) 0-based cluster of each row, −1 = not clustered (left out)
 */
export function summarizeColumnByCluster(values: Float64Array, clusterOfRow: Int32Array, k: number): ColumnClusterStats {
  // Welford per cluster and overall: one pass, stable on large offsets.
  const count = new Float64Array(k + 1);
  const mean = new Float64Array(k + 1);
  const m2 = new Float64Array(k + 1);
  const add = (slot: number, x: number) => {
    count[slot]++;
    const delta = x - mean[slot];
    mean[slot] += delta / count[slot];
    m2[slot] += delta * (x - mean[slot]);
  };
  const missing = new Int32Array(k);
  for (let row = 0; row < clusterOfRow.length; row++) {
    const c = clusterOfRow[row];
    const x = values[row];
    if (c < 0) { continue; }
    if (Number.isNaN(x)) { missing[c]++; continue; }
    add(c, x);
    add(k, x);
  }
  return {
    overallMean: count[k] > 0 ? mean[k] : NaN,
    overallStd: count[k] > 1 ? Math.sqrt(m2[k] / (count[k] - 1)) : 0,
    means: Float64Array.from({ length: k }, (_, c) => (count[c] > 0 ? mean[c] : NaN)),
    missing,
  };
}
