// The tile kernels of wideKernels.ts: their contract, and the JavaScript backend, which does the
// WebAssembly tiles' arithmetic in the same order (so both give the same bits) where WebAssembly
// SIMD is not available.

import { choleskyTilesJs, invertTilesJs, productTile } from './widePrecisionTiles';

/**
 * The tile kernels over a Float64Array heap; offsets count doubles. mahalanobis: out[i] += Σⱼ yᵢⱼ²
 * for nTiles row tiles of packed z against the packed factor p; scatter: s[j][l] += Σᵢ w[i][j] z[i][l]
 * over nRows rows, for the tiles on and below the diagonal, w and z packed in panels of four columns
 * (column j of row i at (j >> 2)·panel + 4i + (j & 3)). See generateWideKernels.mjs.
 */
export interface TileKernels {
  heap: Float64Array;
  /** makes heap hold at least this many doubles (its contents are then undefined) */
  reserve(doubles: number): void;
  mahalanobis(z: number, p: number, out: number, nTiles: number, dp: number): void;
  scatter(w: number, z: number, s: number, nRows: number, dp: number, panel: number): void;
  /** the lower Cholesky factor of the dp × dp row-major matrix at a into l, by row tile, and its diagonal's reciprocals into rcp; false when a pivot is not positive and finite (widePrecisionTiles.ts) */
  choleskyTiles(a: number, l: number, rcp: number, dp: number): boolean;
  /** L⁻¹ of the factor at l (by row tile; rcp its diagonal's reciprocals) into x, by column tile, and its transpose into p, row-major (widePrecisionTiles.ts) */
  invertTiles(l: number, rcp: number, x: number, p: number, dp: number): void;
  /** z = x − μ over nTiles packed row tiles (μ: dp doubles) */
  center(x: number, mu: number, z: number, nTiles: number, dp: number): void;
  /**
   * mahalanobis' sums tile by tile, a row tile stopping before its next column tile once all four
   * of its rows have out[i] > limit[i] (then out holds partial sums: lower bounds)
   */
  mahalanobisBounded(z: number, p: number, out: number, limit: number, nTiles: number, dp: number): void;
  /**
   * the scatter's operands of nRows kept rows: row m is row idx[m] of the rows at x (dp a row,
   * zero padding), z = x − μ and w = r[m]·z into panels of four columns (as scatter reads them),
   * diff[j] += w[j] with the rows in order
   */
  weigh(x: number, mu: number, r: number, idx: number, z: number, w: number, diff: number, nRows: number, dp: number, panel: number): void;
}

/** The JavaScript backend: the WebAssembly tiles' loops, in the same order, on a heap of its own. */
export function jsKernels(): TileKernels {
  const self: TileKernels = {
    heap: new Float64Array(0),
    reserve(doubles) { if (self.heap.length < doubles) { self.heap = new Float64Array(doubles); } },
    mahalanobis: (z, p, out, nTiles, dp) => mahalanobisJs(self.heap, z, p, out, nTiles, dp),
    scatter: (w, z, s, nRows, dp, panel) => scatterJs(self.heap, w, z, s, nRows, dp, panel),
    choleskyTiles: (a, l, rcp, dp) => choleskyTilesJs(self.heap, a, l, rcp, dp),
    invertTiles: (l, rcp, x, p, dp) => invertTilesJs(self.heap, l, rcp, x, p, dp),
    center: (x, mu, z, nTiles, dp) => centerJs(self.heap, x, mu, z, nTiles, dp),
    mahalanobisBounded: (z, p, out, limit, nTiles, dp) => mahalanobisBoundedJs(self.heap, z, p, out, limit, nTiles, dp),
    weigh: (x, mu, r, idx, z, w, diff, nRows, dp, panel) => weighJs(self.heap, x, mu, r, idx, z, w, diff, nRows, dp, panel),
  };
  return self;
}

// ---------------------------------------------------------------------------------------------
// The JavaScript tiles: the same loops and the same order as the WebAssembly ones.

/**
 * One 4 × 4 tile of both Mahalanobis loops: rows zt…zt+3 (packed by fours) times the factor's
 * columns q…q+3 over their first q + 4 entries (productTile's sums), each product squared into out[o…o+3].
 */
function addTileSquares(h: Float64Array, zt: number, pq: number, q: number, o: number): void {
  const a = tileSums;
  productTile(h, zt, pq, q + 4, a);
  for (let r = 0; r < 4; r++) {
    h[o + r] = h[o + r]! + a[4 * r]! * a[4 * r]! + a[4 * r + 1]! * a[4 * r + 1]! + a[4 * r + 2]! * a[4 * r + 2]! + a[4 * r + 3]! * a[4 * r + 3]!;
  }
}

/** addTileSquares' 16 sums. */
const tileSums = new Float64Array(16);

function mahalanobisJs(h: Float64Array, z: number, p: number, out: number, nTiles: number, dp: number): void {
  for (let q = 0, pq = p; q < dp; q += 4, pq += 4 * dp) {
    for (let t = 0, zt = z, o = out; t < nTiles; t++, zt += 4 * dp, o += 4) {
      addTileSquares(h, zt, pq, q, o);
    }
  }
}

function mahalanobisBoundedJs(h: Float64Array, z: number, p: number, out: number, limit: number, nTiles: number, dp: number): void {
  for (let t = 0, zt = z, o = out, lim = limit; t < nTiles; t++, zt += 4 * dp, o += 4, lim += 4) {
    for (let q = 0, pq = p; q < dp; q += 4, pq += 4 * dp) {
      if (h[o]! > h[lim]! && h[o + 1]! > h[lim + 1]! && h[o + 2]! > h[lim + 2]! && h[o + 3]! > h[lim + 3]!) { break; }
      addTileSquares(h, zt, pq, q, o);
    }
  }
}

function scatterJs(h: Float64Array, w: number, z: number, s: number, nRows: number, dp: number, panel: number): void {
  if (nRows === 0) { return; }
  for (let j0 = 0; j0 < dp; j0 += 4) {
    for (let l0 = 0; l0 <= j0; l0 += 4) {
      const s0 = s + j0 * dp + l0, s1 = s0 + dp, s2 = s1 + dp, s3 = s2 + dp;
      let a00 = h[s0]!, a01 = h[s0 + 1]!, a02 = h[s0 + 2]!, a03 = h[s0 + 3]!;
      let a10 = h[s1]!, a11 = h[s1 + 1]!, a12 = h[s1 + 2]!, a13 = h[s1 + 3]!;
      let a20 = h[s2]!, a21 = h[s2 + 1]!, a22 = h[s2 + 2]!, a23 = h[s2 + 3]!;
      let a30 = h[s3]!, a31 = h[s3 + 1]!, a32 = h[s3 + 2]!, a33 = h[s3 + 3]!;
      for (let i = nRows, wp = w + (j0 >> 2) * panel, zp = z + (l0 >> 2) * panel; i > 0; i--, wp += 4, zp += 4) {
        const z0 = h[zp]!, z1 = h[zp + 1]!, z2 = h[zp + 2]!, z3 = h[zp + 3]!;
        const w0 = h[wp]!, w1 = h[wp + 1]!, w2 = h[wp + 2]!, w3 = h[wp + 3]!;
        a00 += w0 * z0; a01 += w0 * z1; a02 += w0 * z2; a03 += w0 * z3;
        a10 += w1 * z0; a11 += w1 * z1; a12 += w1 * z2; a13 += w1 * z3;
        a20 += w2 * z0; a21 += w2 * z1; a22 += w2 * z2; a23 += w2 * z3;
        a30 += w3 * z0; a31 += w3 * z1; a32 += w3 * z2; a33 += w3 * z3;
      }
      h[s0] = a00; h[s0 + 1] = a01; h[s0 + 2] = a02; h[s0 + 3] = a03;
      h[s1] = a10; h[s1 + 1] = a11; h[s1 + 2] = a12; h[s1 + 3] = a13;
      h[s2] = a20; h[s2 + 1] = a21; h[s2 + 2] = a22; h[s2 + 3] = a23;
      h[s3] = a30; h[s3 + 1] = a31; h[s3 + 2] = a32; h[s3 + 3] = a33;
    }
  }
}

function centerJs(h: Float64Array, x: number, mu: number, z: number, nTiles: number, dp: number): void {
  for (let t = 0; t < nTiles; t++) {
    for (let l = 0; l < dp; l++, x += 4, z += 4) {
      const m = h[mu + l]!;
      h[z] = h[x]! - m; h[z + 1] = h[x + 1]! - m; h[z + 2] = h[x + 2]! - m; h[z + 3] = h[x + 3]! - m;
    }
  }
}

function weighJs(h: Float64Array, x: number, mu: number, r: number, idx: number, z: number, w: number, diff: number, nRows: number, dp: number, panel: number): void {
  for (let m = 0; m < nRows; m++) {
    const row = x + h[idx + m]! * dp, rm = h[r + m]!;
    for (let j = 0, zp = z + 4 * m, wp = w + 4 * m; j < dp; j += 4, zp += panel, wp += panel) {
      for (let jj = 0; jj < 4; jj++) {
        const dj = h[row + j + jj]! - h[mu + j + jj]!;
        const rdj = rm * dj;
        h[zp + jj] = dj;
        h[wp + jj] = rdj;
        h[diff + j + jj] = h[diff + j + jj]! + rdj;
      }
    }
  }
}
