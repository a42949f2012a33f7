/**
 * What a statistician asks of a mixture's classification, per cluster: each row's uncertainty
 * (1 − its largest membership probability, mclust's `uncertainty`) summarised over the rows
 * labelled with the cluster, and how many exceed a threshold. Pure: the fit worker runs it after a fit (fitSummary.ts).
 */

/** mclust's plots mark rows whose uncertainty is above 0.2 (about the top 5 % … 25 % of a typical fit). */
export const UNCERTAINTY_THRESHOLD = 0.2;

export interface ClusterUncertainty {
  /** (k) mean of 1 − max p over the cluster's rows; NaN for a cluster with no row */
  mean: Float64Array;
  /** (k) the largest, 0 for a cluster with no row */
  max: Float64Array;
  /** (k) rows with 1 − max p above `threshold` */
  above: Int32Array;
  threshold: number;
}

/**
 * @param resp (n × k) membership probabilities of the fitted rows
 * @param labels (n) each row's most probable cluster
 */
export function summarizeUncertainty(resp: Float32Array | Float64Array, labels: Int32Array, k: number, threshold = UNCERTAINTY_THRESHOLD): ClusterUncertainty {
  const sum = new Float64Array(k);
  const count = new Int32Array(k);
  const max = new Float64Array(k);
  const above = new Int32Array(k);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (c < 0 || c >= k) { continue; }
    let top = 0;
    for (let j = 0; j < k; j++) { top = Math.max(top, resp[i * k + j]); }
    // float32 probabilities may sum a hair above 1: an uncertainty is never below 0
    const u = Math.max(0, 1 - top);
    sum[c] += u;
    count[c]++;
    if (u > max[c]) { max[c] = u; }
    if (u > threshold) { above[c]++; }
  }
  return { mean: sum.map((s, c) => (count[c] > 0 ? s / count[c] : NaN)), max, above, threshold };
}
