// The array routines of the k-d tree (kdTree.ts): the (distance, row) max-heap of its k-NN queries
// and the in-place median selection of its build, both on flat typed arrays.

/** Inserts (s, row) at heap position `at` of a max-heap ordered by (distance, row). */
export function siftUp(dist: Float64Array, idx: Int32Array, at: number, s: number, row: number): void {
  let c = at;
  while (c > 0) {
    const parent = (c - 1) >> 1;
    const pd = dist[parent]!;
    if (pd > s || (pd === s && idx[parent]! > row)) { break; }
    dist[c] = pd; idx[c] = idx[parent]!;
    c = parent;
  }
  dist[c] = s; idx[c] = row;
}

/** Replaces the top of a max-heap of `size` entries by (s, row) and restores the order. */
export function siftDown(dist: Float64Array, idx: Int32Array, size: number, s: number, row: number): void {
  let c = 0;
  for (;;) {
    let child = 2 * c + 1;
    if (child >= size) { break; }
    const right = child + 1;
    if (right < size && (dist[right]! > dist[child]! || (dist[right] === dist[child] && idx[right]! > idx[child]!))) { child = right; }
    const cd = dist[child]!;
    if (cd < s || (cd === s && idx[child]! < row)) { break; }
    dist[c] = cd; idx[c] = idx[child]!;
    c = child;
  }
  dist[c] = s; idx[c] = row;
}

/**
 * Quickselect (Hoare 1961) on positions lo..hi of (pts, index), rows moved with their indices:
 * afterwards the row at `nth` is the one a sort by (column value, row index) would put there, with
 * no greater row before and no smaller after. The row index makes every key distinct, so the split
 * is the same whatever the input order.
 */
export function selectByColumn(pts: Float64Array, d: number, index: Int32Array, lo: number, hi: number, nth: number, col: number): void {
  // (value, row) of position a before that of position b
  const less = (a: number, b: number): boolean => {
    const va = pts[a * d + col]!;
    const vb = pts[b * d + col]!;
    return va < vb || (va === vb && index[a]! < index[b]!);
  };
  while (hi > lo) {
    // median of three as the pivot: sorted and reversed inputs stay O(n)
    const mid = lo + ((hi - lo) >> 1);
    if (less(mid, lo)) { swapRows(pts, d, index, mid, lo); }
    if (less(hi, lo)) { swapRows(pts, d, index, hi, lo); }
    if (less(hi, mid)) { swapRows(pts, d, index, hi, mid); }
    const pivotValue = pts[mid * d + col]!;
    const pivotRow = index[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      for (;;) { const v = pts[i * d + col]!; if (v < pivotValue || (v === pivotValue && index[i]! < pivotRow)) { i++; } else { break; } }
      for (;;) { const v = pts[j * d + col]!; if (pivotValue < v || (v === pivotValue && pivotRow < index[j]!)) { j--; } else { break; } }
      if (i <= j) { swapRows(pts, d, index, i, j); i++; j--; }
    }
    if (nth <= j) { hi = j; } else if (nth >= i) { lo = i; } else { return; }
  }
}

function swapRows(pts: Float64Array, d: number, index: Int32Array, a: number, b: number): void {
  const t = index[a]!; index[a] = index[b]!; index[b] = t;
  const oa = a * d;
  const ob = b * d;
  for (let j = 0; j < d; j++) { const v = pts[oa + j]!; pts[oa + j] = pts[ob + j]!; pts[ob + j] = v; }
}
