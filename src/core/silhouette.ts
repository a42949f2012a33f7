/**
 * Silhouette coefficient of a clustering, like scikit-learn's `silhouette_score` (Euclidean):
 * s(i) = (b − a) / max(a, b) with a the mean distance to the other members of i's cluster and
 * b the smallest mean distance to the members of another cluster; s = 0 for a row alone in its
 * cluster, and 0 when a = b = 0 (duplicated points; sklearn's nan_to_num gives the same).
 *
 * Exact on up to `sampleSize` rows; above, like `silhouette_score(..., sample_size=…)`, it is
 * the exact silhouette of a seeded uniform sample of rows (a and b are measured within the
 * sample). O(m²·d) time with m = min(n, sampleSize), O(m·k) memory: pairs are visited in
 * blocks of rows that stay in cache, each unordered pair once, and no m × m matrix is formed.
 */
import type { DataMatrix } from './dataMatrix';
import { Random } from './random';

/** Rows above which the silhouette is estimated on a sample (sklearn's usual choice). */
export const DEFAULT_SILHOUETTE_SAMPLE_SIZE = 5000;

export interface SilhouetteOptions {
  /** default DEFAULT_SILHOUETTE_SAMPLE_SIZE; n ≤ sampleSize means exact */
  readonly sampleSize?: number;
  /** seed of the row sample; default 0. The same seed gives the same score. */
  readonly seed?: number;
}

export interface SilhouetteResult {
  /** mean silhouette over the rows used; NaN when they hold fewer than 2 clusters */
  readonly score: number;
  /** (k) mean silhouette of the used rows of each cluster; NaN for a cluster with none */
  readonly clusterScores: Float64Array;
  /** (k) number of used rows of each cluster */
  readonly clusterSizes: Int32Array;
  /** min(n, sampleSize) */
  readonly nSamplesUsed: number;
  /** true when the score is an estimate on a sample */
  readonly sampled: boolean;
}

// Rows per block: two blocks of 64 rows with d ≤ ~30 (the usual case) fit in L1.
const BLOCK = 64;

/**
 * @param X (n × d) row-major
 * @param labels (n) cluster index of each row in 0..k−1, k = max label + 1
 *   (empty clusters are fine: they are ignored, as sklearn ignores absent labels)
 *
 * Undefined, and returned as NaN, when the rows used hold fewer than 2 distinct labels
 * (sklearn raises instead). Unlike sklearn, one label per row is not an error: every row is
 * a singleton and scores 0.
 * @throws RangeError on a negative or non-integer label or a length mismatch
 */
export function computeSilhouette(
  X: DataMatrix, labels: Int32Array, options: SilhouetteOptions = {},
): SilhouetteResult {
  const { data, nSamples: n, nFeatures: d } = X;
  if (labels.length !== n) {
    throw new RangeError(`computeSilhouette: ${labels.length} labels for ${n} rows`);
  }
  const sampleSize = options.sampleSize ?? DEFAULT_SILHOUETTE_SAMPLE_SIZE;
  if (!Number.isInteger(sampleSize) || sampleSize < 1) {
    throw new RangeError(`computeSilhouette: sampleSize = ${sampleSize} must be a positive integer`);
  }
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (labels[i] < 0) { throw new RangeError(`computeSilhouette: negative label ${labels[i]} at row ${i}`); }
    if (labels[i] + 1 > k) { k = labels[i] + 1; }
  }

  const sampled = n > sampleSize;
  const m = sampled ? sampleSize : n;
  let points: Float64Array = data;
  let used: Int32Array = labels;
  if (sampled) {
    const rows = sampleRows(n, m, new Random(options.seed ?? 0));
    points = new Float64Array(m * d);
    used = new Int32Array(m);
    for (let r = 0; r < m; r++) {
      points.set(data.subarray(rows[r] * d, rows[r] * d + d), r * d);
      used[r] = labels[rows[r]];
    }
  }

  const clusterSizes = new Int32Array(k);
  for (let i = 0; i < m; i++) { clusterSizes[used[i]]++; }
  let nNonEmpty = 0;
  for (let c = 0; c < k; c++) { if (clusterSizes[c] > 0) { nNonEmpty++; } }
  const clusterScores = new Float64Array(k).fill(NaN);
  if (nNonEmpty < 2) {
    return { score: NaN, clusterScores, clusterSizes, nSamplesUsed: m, sampled };
  }

  const values = rowSilhouettes(points, used, m, d, k, clusterSizes);
  const clusterTotals = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < m; i++) {
    clusterTotals[used[i]] += values[i];
    total += values[i];
  }
  for (let c = 0; c < k; c++) {
    if (clusterSizes[c] > 0) { clusterScores[c] = clusterTotals[c] / clusterSizes[c]; }
  }
  return { score: total / m, clusterScores, clusterSizes, nSamplesUsed: m, sampled };
}

/**
 * The silhouette of every row (sklearn's `silhouette_samples`, Euclidean), all rows exact: the
 * values behind Rousseeuw's silhouette plot. Same conventions as computeSilhouette (0 for a row
 * alone in its cluster or with a = b = 0); all NaN when fewer than 2 clusters are present.
 * O(n²·d) time: the caller samples (the panel draws at most a few thousand rows).
 * @param X (n × d) row-major
 * @param labels (n) cluster of each row in 0..k−1
 * @returns (n)
 */
export function silhouetteSamples(X: DataMatrix, labels: Int32Array): Float64Array {
  const { data, nSamples: n, nFeatures: d } = X;
  if (labels.length !== n) { throw new RangeError(`silhouetteSamples: ${labels.length} labels for ${n} rows`); }
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (labels[i] < 0) { throw new RangeError(`silhouetteSamples: negative label ${labels[i]} at row ${i}`); }
    if (labels[i] + 1 > k) { k = labels[i] + 1; }
  }
  const clusterSizes = new Int32Array(k);
  for (let i = 0; i < n; i++) { clusterSizes[labels[i]]++; }
  if (clusterSizes.filter(size => size > 0).length < 2) { return new Float64Array(n).fill(NaN); }
  return rowSilhouettes(data, labels, n, d, k, clusterSizes);
}

/** (m) s(i) of each row, given the sizes of the clusters (at least 2 of them non-empty). */
function rowSilhouettes(points: Float64Array, labels: Int32Array, m: number, d: number, k: number, clusterSizes: Int32Array): Float64Array {
  const distanceSums = sumDistancesByCluster(points, labels, m, d, k);
  const values = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const own = labels[i];
    const row = i * k;
    if (clusterSizes[own] <= 1) { continue; }
    const a = distanceSums[row + own] / (clusterSizes[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) {
      if (c === own || clusterSizes[c] === 0) { continue; }
      const mean = distanceSums[row + c] / clusterSizes[c];
      if (mean < b) { b = mean; }
    }
    const denominator = Math.max(a, b);
    values[i] = denominator > 0 ? (b - a) / denominator : 0;
  }
  return values;
}

/**
 * For every row i and cluster c, Σ of Euclidean distances from row i to the rows of c.
 * Distances are from explicit differences, not ‖x‖² + ‖y‖² − 2x·y, which loses the small
 * within-cluster distances when the data sit far from the origin.
 * @returns (m × k) row-major
 */
function sumDistancesByCluster(
  points: Float64Array, labels: Int32Array, m: number, d: number, k: number,
): Float64Array {
  const sums = new Float64Array(m * k);
  for (let ib = 0; ib < m; ib += BLOCK) {
    const iEnd = Math.min(ib + BLOCK, m);
    for (let jb = ib; jb < m; jb += BLOCK) {
      const jEnd = Math.min(jb + BLOCK, m);
      for (let i = ib; i < iEnd; i++) {
        const xi = i * d;
        const li = labels[i];
        const rowSumBase = i * k;
        for (let j = jb === ib ? i + 1 : jb; j < jEnd; j++) {
          const xj = j * d;
          let sq = 0;
          for (let f = 0; f < d; f++) {
            const diff = points[xi + f] - points[xj + f];
            sq += diff * diff;
          }
          const dist = Math.sqrt(sq);
          sums[rowSumBase + labels[j]] += dist;
          sums[j * k + li] += dist;
        }
      }
    }
  }
  return sums;
}

/** m distinct row indices, uniform without replacement (partial Fisher–Yates), ascending. */
function sampleRows(n: number, m: number, random: Random): Int32Array {
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) { pool[i] = i; }
  for (let r = 0; r < m; r++) {
    const pick = r + random.nextInt(n - r);
    const t = pool[r];
    pool[r] = pool[pick];
    pool[pick] = t;
  }
  // Ascending order keeps the gather sequential in memory.
  return pool.slice(0, m).sort();
}
