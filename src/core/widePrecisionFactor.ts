// The precision factor of a wide covariance (full-covariance EM's M-step, one call per component):
// P = (L⁻¹)ᵀ of cov + jitter·I, cov = L Lᵀ, by the tile kernels of wideKernels.ts. The covariance
// is copied in row by row; the factor is laid out by tiles of four rows, its inverse by tiles of
// four columns, both computed by 4 × 4 tiles of sums in registers (see widePrecisionTiles.ts, and
// choleskyTiles, invertTiles in generateWideKernels.mjs), which also write P row-major, ready to
// be copied out row by row. Padded to a multiple of 4 by the identity: the factor and its inverse
// of [cov 0; 0 I] are [L 0; 0 I] and [L⁻¹ 0; 0 I], and no entry of the real rows reads the padding's.

import { kernels } from './wideBackends';
import { overwriting } from './wideKernels';

/**
 * scikit-learn's precision Cholesky factor P = (L⁻¹)ᵀ of cov + jitter·I (cov = L Lᵀ: d × d at
 * cov[offset], lower triangle read) into out[outOffset] (upper triangular, zeros below). Another
 * summation order than choleskyLower and invertLowerTriangular of linalg.ts (whose loops walk
 * columns, which at d = 500 costs more than the E-step): the same within rounding. Returns false
 * when cov + jitter·I is not numerically positive definite (out is then unchanged).
 */
export function widePrecisionCholesky(cov: Float64Array, offset: number, d: number, jitter: number, out: Float64Array, outOffset: number): boolean {
  const dp = (d + 3) & ~3;
  const kern = kernels();
  kern.reserve(3 * dp * dp + dp);
  overwriting(3 * dp * dp + dp);
  const h = kern.heap;
  // A (row-major, dp a row; then P), L (by row tile), X (by column tile), 1 / L's diagonal
  const A = 0, L = dp * dp, X = 2 * dp * dp, R = 3 * dp * dp;
  for (let i = 0; i < d; i++) {
    h.set(cov.subarray(offset + i * d, offset + i * d + i + 1), A + i * dp);
    h[A + i * dp + i]! += jitter;
  }
  for (let i = d; i < dp; i++) {
    h.fill(0, A + i * dp, A + i * dp + i);
    h[A + i * dp + i] = 1;
  }
  if (!kern.choleskyTiles(A, L, R, dp)) { return false; }
  kern.invertTiles(L, R, X, A, dp);
  for (let i = 0; i < d; i++) {
    const o = outOffset + i * d;
    out.fill(0, o, o + i);
    out.set(h.subarray(A + i * dp + i, A + i * dp + d), o + i);
  }
  return true;
}
