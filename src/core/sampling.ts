import type { Random } from './random';

/**
 * Picks at most `maxPoints` row indices, stratified by cluster, for drawing: every cluster keeps
 * its share of the sample, and a small cluster keeps up to `minPerCluster` points so it never
 * vanishes from the plot. Returns sorted indices (ascending), so the sample reads in file order.
 * All rows are returned when there are no more than `maxPoints`.
 */
export function sampleStratified(
  labels: Int32Array, nClusters: number, maxPoints: number, random: Random, minPerCluster = 50,
): Int32Array {
  const n = labels.length;
  if (n <= maxPoints) { return Int32Array.from({ length: n }, (_, i) => i); }
  const counts = new Int32Array(nClusters);
  for (let i = 0; i < n; i++) { counts[labels[i]]++; }
  const quota = new Int32Array(nClusters);
  for (let c = 0; c < nClusters; c++) {
    quota[c] = Math.min(counts[c], Math.max(Math.floor((counts[c] * maxPoints) / n), minPerCluster));
  }
  // Selection sampling (Knuth's algorithm S) per cluster in one pass: each row is taken with
  // probability (still needed) / (still to see), which gives exactly quota[c] rows, uniformly.
  const remaining = Int32Array.from(counts);
  const needed = Int32Array.from(quota);
  let total = 0;
  for (let c = 0; c < nClusters; c++) { total += quota[c]; }
  const picked = new Int32Array(total);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    if (needed[c] > 0 && random.nextFloat() * remaining[c] < needed[c]) {
      picked[m++] = i;
      needed[c]--;
    }
    remaining[c]--;
  }
  return picked;
}
