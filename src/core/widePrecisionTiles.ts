// The JavaScript twins of the precision factor's WebAssembly kernels (choleskyTiles, invertTiles in
// generateWideKernels.mjs): the same arithmetic in the same order, lane by lane, so that the plain
// module and these loops give the same bits. Blocked by tiles of 4 × 4: nearly all the work is
// 4 × 4 sums of products held in registers while their inner dimension streams through the cache
// (as the scatter does), and a little is the triangular solve of each tile.
//
// Layouts (offsets in doubles; dp, the padded d, a multiple of 4):
// - row-major: entry (i, j) at i·dp + j (the covariance in, the precision factor out);
// - by row tile: entry (i, j) at ((i >> 2)·dp + j)·4 + (i & 3): for each column, the 4 rows of a
//   tile are contiguous (one tile: dp columns × 4 rows);
// - by column tile: entry (i, j) at ((j >> 2)·dp + i)·4 + (j & 3): for each row, the 4 columns of
//   a tile are contiguous.

/**
 * The lower Cholesky factor L of the dp × dp matrix A at a (row-major, lower triangle read) into
 * l (by row tile) and rcp (dp numbers), by columns of tiles J, then down the rows of tiles I ≥ J
 * (left-looking):
 *   S[r][c] = Σ_{p < 4J} L[i][p]·L[j][p] (i = 4I + r, j = 4J + c; p ascending, from 0),
 *   then column by column c: s = A[i][j] − S[r][c], s = s − L[i][4J + q]·L[j][4J + q] for q < c,
 *   the pivot L[j][j] = √s (row r = c of the diagonal tile), kept as rcp[j] = 1 / √s, and below
 *   it L[i][j] = s · rcp[j] (a product is quicker than a quotient; LAPACK's dpotf2 also scales by
 *   the reciprocal).
 * Only the entries below the diagonal are written to l (and read: the WebAssembly kernel leaves
 * whatever its lanes computed on and above the diagonal of the diagonal tiles).
 * Returns false at the first pivot that is not a positive finite number (rows in order).
 */
export function choleskyTilesJs(h: Float64Array, a: number, l: number, rcp: number, dp: number): boolean {
  const s = new Float64Array(16);
  for (let j0 = 0, lJ = l; j0 < dp; j0 += 4, lJ += 4 * dp) {
    for (let i0 = j0, lI = lJ; i0 < dp; i0 += 4, lI += 4 * dp) {
      productTile(h, lJ, lI, j0, s);
      const diagonal = i0 === j0;
      for (let c = 0; c < 4; c++) {
        const col = lI + 4 * (j0 + c), rj = rcp + j0 + c;
        for (let r = diagonal ? c : 0; r < 4; r++) {
          let v = h[a + (i0 + r) * dp + j0 + c]! - s[4 * c + r]!;
          for (let q = 0; q < c; q++) { v -= h[lI + 4 * (j0 + q) + r]! * h[lJ + 4 * (j0 + q) + c]!; }
          if (diagonal && r === c) {
            if (!(v > 0 && v < Infinity)) { return false; }
            h[rj] = 1 / Math.sqrt(v);
          } else {
            h[col + r] = v * h[rj]!;
          }
        }
      }
    }
  }
  return true;
}

/**
 * X = L⁻¹ (lower triangular) of the dp × dp factor at l (by row tile, below its diagonal, and
 * rcp[i] = 1 / L[i][i], as choleskyTilesJs leaves them) into x (by column tile; its rows above each column tile are not written), and its
 * transpose, the precision factor P = Xᵀ, into p (row-major; entries below the diagonal not
 * written), by columns of tiles C, then down the rows of tiles R ≥ C:
 *   S[r][c] = Σ_{4C ≤ p < 4R} L[i][p]·X[p][j] (i = 4R + r, j = 4C + c; p ascending, from 0),
 *   then row by row r: s = [i = j] − S[r][c], s = s − L[i][4R + q]·X[4R + q][j] for q < r,
 *   X[i][j] = s · rcp[i]
 * (above the diagonal of a diagonal tile this gives +0).
 */
export function invertTilesJs(h: Float64Array, l: number, rcp: number, x: number, p: number, dp: number): void {
  const s = new Float64Array(16);
  for (let c0 = 0, lC = l, xC = x; c0 < dp; c0 += 4, lC += 4 * dp, xC += 4 * dp) {
    for (let r0 = c0, lR = lC; r0 < dp; r0 += 4, lR += 4 * dp) {
      productTile(h, lR + 4 * c0, xC + 4 * c0, r0 - c0, s);
      const diagonal = r0 === c0;
      for (let r = 0; r < 4; r++) {
        const row = xC + 4 * (r0 + r), ri = h[rcp + r0 + r]!;
        for (let c = 0; c < 4; c++) {
          let v = (diagonal && r === c ? 1 : 0) - s[4 * r + c]!;
          for (let q = 0; q < r; q++) { v -= h[lR + 4 * (r0 + q) + r]! * h[xC + 4 * (r0 + q) + c]!; }
          h[row + c] = h[p + (c0 + c) * dp + r0 + r] = v * ri;
        }
      }
    }
  }
}

/**
 * s[4u + w] = Σ_{p < n} h[u4 + 4p + u]·h[w4 + 4p + w] (u, w < 4), each from 0 with p ascending:
 * the kernels' 4 × 4 sums in registers (u is splat, w the lanes of two vectors).
 */
export function productTile(h: Float64Array, u4: number, w4: number, n: number, s: Float64Array): void {
  let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
  let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
  for (let p = 0, u = u4, w = w4; p < n; p++, u += 4, w += 4) {
    const u0 = h[u]!, u1 = h[u + 1]!, u2 = h[u + 2]!, u3 = h[u + 3]!;
    const w0 = h[w]!, w1 = h[w + 1]!, w2 = h[w + 2]!, w3 = h[w + 3]!;
    s00 += u0 * w0; s01 += u0 * w1; s02 += u0 * w2; s03 += u0 * w3;
    s10 += u1 * w0; s11 += u1 * w1; s12 += u1 * w2; s13 += u1 * w3;
    s20 += u2 * w0; s21 += u2 * w1; s22 += u2 * w2; s23 += u2 * w3;
    s30 += u3 * w0; s31 += u3 * w1; s32 += u3 * w2; s33 += u3 * w3;
  }
  s[0] = s00; s[1] = s01; s[2] = s02; s[3] = s03; s[4] = s10; s[5] = s11; s[6] = s12; s[7] = s13;
  s[8] = s20; s[9] = s21; s[10] = s22; s[11] = s23; s[12] = s30; s[13] = s31; s[14] = s32; s[15] = s33;
}
