/**
 * Adjusted Rand index of two labellings of the same rows (Hubert & Arabie 1985), as scikit-learn's
 * `adjusted_rand_score` computes it: from the pair confusion matrix (ordered pairs of distinct
 * rows put together or apart by each labelling), 1 for the same partition up to numbering, about
 * 0 for independent ones, negative for worse than chance. Every label value is a class of its
 * own, so DBSCAN's and HDBSCAN's noise (−1) is one class here, as it is in scikit-learn.
 *
 * O(n + number of non-empty cells) time: a hash of the contingency table, no k × k matrix.
 * Exact in doubles up to n ≈ 9·10⁷ (n² below 2⁵³).
 */

/**
 * @param a (n) labels of the first clustering (any integers)
 * @param b (n) labels of the second
 * @throws RangeError when the lengths differ
 */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (b.length !== n) { throw new RangeError(`adjustedRandIndex: ${a.length} and ${b.length} labels`); }
  // the contingency table as a map of rows (a's labels), each a map of b's labels to counts
  const table = new Map<number, Map<number, number>>();
  const colSums = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const x = a[i]!, y = b[i]!;
    let row = table.get(x);
    if (!row) { row = new Map(); table.set(x, row); }
    row.set(y, (row.get(y) ?? 0) + 1);
    colSums.set(y, (colSums.get(y) ?? 0) + 1);
  }
  let sumSquares = 0;
  let rowSquares = 0;
  for (const row of table.values()) {
    let rowSum = 0;
    for (const c of row.values()) { sumSquares += c * c; rowSum += c; }
    rowSquares += rowSum * rowSum;
  }
  let colSquares = 0;
  for (const c of colSums.values()) { colSquares += c * c; }
  // scikit-learn's pair_confusion_matrix: together in both (tp), in b only (fp), in a only (fn), apart in both (tn)
  const tp = sumSquares - n;
  const fp = colSquares - sumSquares;
  const fn = rowSquares - sumSquares;
  const tn = n * n - fp - fn - sumSquares;
  // the same partition, including the degenerate ones (one cluster each, or every row alone)
  if (fn === 0 && fp === 0) { return 1; }
  return (2 * (tp * tn - fn * fp)) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
}
