// The wide kernels' packed layouts (wideKernels.ts): rows and factors laid out by 4-wide tiles in
// the kernels' heap, with the largest magnitude seen, which tells whether a partial sum of squares
// can be trusted as a bound (no overflow) for the E-step's early stop.

/** The row's owner: the first largest of its k entries of resp (the previous iteration's guess). */
export function ownerOf(resp: Float64Array, o: number, k: number): number {
  let owner = 0;
  for (let c = 1; c < k; c++) { if (resp[o + c]! > resp[o + owner]!) { owner = c; } }
  return owner;
}

/**
 * The factor P (upper triangular, d × d at factors[offset]) packed by column tile: tile q/4, row l,
 * column q + cc at q·dp + 4l + cc, for l < q + 4; zero below the diagonal and in the padding.
 */
export function packFactor(h: Float64Array, at: number, factors: Float64Array, offset: number, d: number, dp: number): number {
  let largest = 0;
  for (let q = 0; q < dp; q += 4) {
    const base = at + q * dp;
    for (let l = 0; l < q + 4; l++) {
      for (let cc = 0; cc < 4; cc++) {
        const j = q + cc;
        const v = l <= j && j < d ? factors[offset + l * d + j]! : 0;
        h[base + 4 * l + cc] = v;
        largest = largestMagnitude(largest, v);
      }
    }
  }
  return largest;
}

/** max(largest, |v|), NaN when either is NaN (so that a NaN anywhere turns the early stop off). */
export function largestMagnitude(largest: number, v: number): number {
  const a = Math.abs(v);
  return a > largest || Number.isNaN(a) ? a : largest;
}

/**
 * Rows start + order[i] (i < rows) packed by row tile, as slot i: slot 4t + r, column l at
 * 4t·dp + 4l + r; zero padding. Returns the largest |x| (NaN if any x is NaN).
 */
export function packRows(h: Float64Array, at: number, data: Float64Array, start: number, order: Int32Array, rows: number, d: number, dp: number, nTiles: number): number {
  let largest = 0;
  for (let i = 0; i < nTiles * 4; i++) {
    const base = at + (i >> 2) * 4 * dp + (i & 3);
    if (i < rows) {
      const row = (start + order[i]!) * d;
      for (let l = 0; l < d; l++) {
        const x = data[row + l]!;
        h[base + 4 * l] = x;
        largest = largestMagnitude(largest, x);
      }
      for (let l = d; l < dp; l++) { h[base + 4 * l] = 0; }
    } else {
      for (let l = 0; l < dp; l++) { h[base + 4 * l] = 0; }
    }
  }
  return largest;
}
