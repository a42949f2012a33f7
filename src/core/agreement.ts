/**
 * How well a clustering agrees with a labelling the user already has (a known class column): the
 * contingency table of clusters × classes, and three scores computed from it alone, as
 * scikit-learn defines them (sklearn.metrics.cluster):
 *   - adjusted Rand index (Hubert & Arabie 1985), through the pair confusion matrix as
 *     `adjusted_rand_score` does: 1 for identical partitions, ≈ 0 for independent ones;
 *   - normalised mutual information with the arithmetic mean of the entropies
 *     (`normalized_mutual_info_score`'s default; Vinh, Epps & Bailey 2010);
 *   - purity: the share of rows whose class is their cluster's most frequent class.
 * Everything here is a function of the table, so the host counts (one pass over all rows) and
 * the webview scores without ever holding the rows.
 */

/** Clusters × classes counts. */
export interface ContingencyTable {
  readonly nClusters: number;
  readonly nClasses: number;
  /** (nClusters × nClasses) row-major counts */
  readonly counts: Float64Array;
}

/**
 * Counts rows by (cluster, class); rows with a negative label or class (noise, left out, no value)
 * are not counted.
 * @param labels (n) cluster of each row, 0..nClusters−1
 * @param classes (n) class code of each row, 0..nClasses−1
 */
export function buildContingencyTable(labels: Int32Array, classes: Int32Array, nClusters: number, nClasses: number): ContingencyTable {
  if (labels.length !== classes.length) {
    throw new RangeError(`buildContingencyTable: ${labels.length} labels for ${classes.length} classes`);
  }
  const counts = new Float64Array(nClusters * nClasses);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    const v = classes[i];
    if (c < 0 || v < 0) { continue; }
    if (c >= nClusters || v >= nClasses) { throw new RangeError(`buildContingencyTable: row ${i} has cluster ${c} / class ${v} beyond ${nClusters} × ${nClasses}`); }
    counts[c * nClasses + v]++;
  }
  return { nClusters, nClasses, counts };
}

interface Margins { n: number; clusterSizes: Float64Array; classSizes: Float64Array }

function marginsOf(table: ContingencyTable): Margins {
  const { nClusters: k, nClasses: v, counts } = table;
  const clusterSizes = new Float64Array(k);
  const classSizes = new Float64Array(v);
  let n = 0;
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < v; j++) {
      const x = counts[c * v + j];
      clusterSizes[c] += x;
      classSizes[j] += x;
      n += x;
    }
  }
  return { n, clusterSizes, classSizes };
}

function countNonZero(values: Float64Array): number {
  let m = 0;
  for (const x of values) { if (x > 0) { m++; } }
  return m;
}

/**
 * Adjusted Rand index. From the pair confusion matrix (pairs together in both, in one only, in
 * neither): ARI = 2(tp·tn − fn·fp) / ((tp + fn)(fn + tn) + (tp + fp)(fp + tn)), and 1 when no pair
 * is split differently (sklearn's convention, which covers one cluster against one class).
 * Counts of pairs reach n² ≈ 10¹² at a million rows: exact in doubles.
 */
export function adjustedRandIndex(table: ContingencyTable): number {
  const { nClusters: k, nClasses: v, counts } = table;
  const { n, clusterSizes, classSizes } = marginsOf(table);
  let sumSquares = 0;
  for (const x of counts) { sumSquares += x * x; }
  let clusterSquares = 0;
  for (let c = 0; c < k; c++) { clusterSquares += clusterSizes[c] * clusterSizes[c]; }
  let classSquares = 0;
  for (let j = 0; j < v; j++) { classSquares += classSizes[j] * classSizes[j]; }
  // Ordered pairs (as sklearn's pair_confusion_matrix counts them).
  const tp = sumSquares - n;
  const fp = clusterSquares - sumSquares; // together in the clustering, apart in the classes
  const fn = classSquares - sumSquares; // together in the classes, apart in the clustering
  const tn = n * n - fp - fn - sumSquares;
  if (fn === 0 && fp === 0) { return 1; }
  return (2 * (tp * tn - fn * fp)) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
}

/** Entropy (nats) of the sizes of a partition of n rows. */
function entropyOf(sizes: Float64Array, n: number): number {
  let h = 0;
  for (const x of sizes) { if (x > 0) { h -= (x / n) * Math.log(x / n); } }
  return h;
}

/**
 * Normalised mutual information, MI / ((H(clusters) + H(classes)) / 2). 1 when both are one
 * group (sklearn's limit case), 0 when the mutual information is 0.
 */
export function normalizedMutualInformation(table: ContingencyTable): number {
  const { nClusters: k, nClasses: v, counts } = table;
  const { n, clusterSizes, classSizes } = marginsOf(table);
  const nonEmptyClusters = countNonZero(clusterSizes);
  if (nonEmptyClusters === countNonZero(classSizes) && nonEmptyClusters <= 1) { return 1; }
  let mi = 0;
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < v; j++) {
      const x = counts[c * v + j];
      if (x > 0) { mi += (x / n) * (Math.log(x) + Math.log(n) - Math.log(clusterSizes[c]) - Math.log(classSizes[j])); }
    }
  }
  // Rounding can leave a tiny negative or positive MI for independent partitions; sklearn clips at 0.
  if (mi <= 0) { return 0; }
  const normaliser = (entropyOf(clusterSizes, n) + entropyOf(classSizes, n)) / 2;
  return mi / normaliser;
}

/** (nClusters) the most frequent class of each cluster (the first on a tie), −1 for an empty cluster. */
export function majorityClasses(table: ContingencyTable): Int32Array {
  const { nClusters: k, nClasses: v, counts } = table;
  const out = new Int32Array(k).fill(-1);
  for (let c = 0; c < k; c++) {
    let best = 0;
    for (let j = 0; j < v; j++) {
      if (counts[c * v + j] > best) { best = counts[c * v + j]; out[c] = j; }
    }
  }
  return out;
}

/** Share of the counted rows whose class is their cluster's majority class; NaN for no rows. */
export function purity(table: ContingencyTable): number {
  const { nClusters: k, nClasses: v, counts } = table;
  const majority = majorityClasses(table);
  let agree = 0;
  let n = 0;
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < v; j++) { n += counts[c * v + j]; }
    if (majority[c] >= 0) { agree += counts[c * v + majority[c]]; }
  }
  return n > 0 ? agree / n : NaN;
}
