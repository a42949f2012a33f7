// Small dense linear algebra on row-major d × d blocks stored inside larger Float64Arrays
// (a matrix is addressed by its offset, so k covariances live in one k×d×d buffer).

import { widePrecisionCholesky } from './widePrecisionFactor';
import { usesWideKernels } from './wideKernels';

/**
 * Lower Cholesky factor L (A = L Lᵀ) of the symmetric d×d block a[offset..], written to
 * out[outOffset..] with zeros above the diagonal. Reads only the lower triangle of a.
 * Returns false when A is not numerically positive definite (out is then partial).
 */
export function choleskyLower(a: Float64Array, offset: number, d: number, out: Float64Array, outOffset: number): boolean {
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[offset + i * d + j]!;
      for (let p = 0; p < j; p++) { sum -= out[outOffset + i * d + p]! * out[outOffset + j * d + p]!; }
      if (i === j) {
        if (!(sum > 0) || !Number.isFinite(sum)) { return false; }
        out[outOffset + i * d + i] = Math.sqrt(sum);
      } else {
        out[outOffset + i * d + j] = sum / out[outOffset + j * d + j]!;
      }
    }
    for (let j = i + 1; j < d; j++) { out[outOffset + i * d + j] = 0; }
  }
  return true;
}

/**
 * Inverse of a lower-triangular d×d block by forward substitution, into out (lower triangular).
 * Row by row: row i of the inverse is (eᵢ − Σ_{p<i} lᵢₚ · row p) / lᵢᵢ, so every inner loop runs
 * along contiguous rows; each entry's sum still takes p in ascending order from its column.
 */
export function invertLowerTriangular(l: Float64Array, offset: number, d: number, out: Float64Array, outOffset: number): void {
  for (let i = 0; i < d; i++) {
    const row = outOffset + i * d;
    out.fill(0, row, row + d);
    out[row + i] = 1;
    for (let p = 0; p < i; p++) {
      const lip = l[offset + i * d + p]!;
      const from = outOffset + p * d;
      for (let col = 0; col <= p; col++) { out[row + col]! -= lip * out[from + col]!; }
    }
    const diagonal = l[offset + i * d + i]!;
    for (let col = 0; col <= i; col++) { out[row + col] = out[row + col]! / diagonal; }
  }
}

/**
 * scikit-learn's precision Cholesky factor of a covariance block: P = (L⁻¹)ᵀ with cov = L Lᵀ,
 * upper triangular, so precision = P Pᵀ and y = (x − μ) P has squared norm the Mahalanobis
 * distance. When cov is not positive definite (only possible with regCovar = 0 or overflowing
 * values) the diagonal is raised step by step until it is, so the result stays finite;
 * returns the jitter added (0 normally). scratch needs 2·d·d numbers.
 */
export function computePrecisionCholFull(
  cov: Float64Array, offset: number, d: number, out: Float64Array, outOffset: number, scratch: Float64Array,
): number {
  let jitter = 0;
  let trace = 0;
  for (let j = 0; j < d; j++) { trace += Math.abs(cov[offset + j * d + j]!); }
  const base = Number.isFinite(trace) && trace > 0 ? (trace / d) * 1e-12 : 1e-12;
  if (usesWideKernels(true, d)) {
    // the same factor by tiles (another summation order: only for wide data)
    for (let attempt = 0; ; attempt++) {
      if (widePrecisionCholesky(cov, offset, d, jitter, out, outOffset)) { return jitter; }
      if (attempt > 60) { break; }
      jitter = jitter === 0 ? base : jitter * 10;
      if (!Number.isFinite(jitter)) { jitter = Number.MAX_VALUE; }
    }
  }
  const lowerStart = d * d;
  for (let attempt = 0; ; attempt++) {
    for (let i = 0; i < d * d; i++) { scratch[i] = cov[offset + i]!; }
    for (let j = 0; j < d; j++) { scratch[j * d + j] = scratch[j * d + j]! + jitter; }
    if (choleskyLower(scratch, 0, d, scratch, lowerStart) || attempt > 60) { break; }
    jitter = jitter === 0 ? base : jitter * 10;
    if (!Number.isFinite(jitter)) { jitter = Number.MAX_VALUE; }
  }
  invertLowerTriangular(scratch, lowerStart, d, scratch, 0);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) { out[outOffset + i * d + j] = scratch[j * d + i]!; }
  }
  return jitter;
}

/** Σ log P_jj of a triangular block: log det of the factor, i.e. ½ log det of the precision. */
export function logDetTriangular(p: Float64Array, offset: number, d: number): number {
  let sum = 0;
  for (let j = 0; j < d; j++) { sum += Math.log(p[offset + j * d + j]!); }
  return sum;
}

/** out = A⁻¹ for a symmetric positive definite block (through its Cholesky factor); false if not SPD. */
export function invertSymmetricPositiveDefinite(
  a: Float64Array, offset: number, d: number, out: Float64Array, outOffset: number,
): boolean {
  const l = new Float64Array(d * d);
  if (!choleskyLower(a, offset, d, l, 0)) { return false; }
  const lInv = new Float64Array(d * d);
  invertLowerTriangular(l, 0, d, lInv, 0);
  // A⁻¹ = L⁻ᵀ L⁻¹
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let p = i; p < d; p++) { sum += lInv[p * d + i]! * lInv[p * d + j]!; }
      out[outOffset + i * d + j] = sum;
      out[outOffset + j * d + i] = sum;
    }
  }
  return true;
}

/** out = P Pᵀ for a d×d block (the precision from its Cholesky factor, or a covariance from L). */
export function multiplyByOwnTranspose(p: Float64Array, offset: number, d: number, out: Float64Array, outOffset: number): void {
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let q = 0; q < d; q++) { sum += p[offset + i * d + q]! * p[offset + j * d + q]!; }
      out[outOffset + i * d + j] = sum;
      out[outOffset + j * d + i] = sum;
    }
  }
}

/** Edge of the square blocks mirrorLowerTriangle copies through: both a block's rows and its columns stay in the cache. */
const MIRROR_BLOCK = 32;

/**
 * The d × d matrix at a[offset] made symmetric from its lower triangle: a[l][j] = a[j][l] for l < j.
 * Block by block: copied one row at a time, the upper triangle's writes would each touch another
 * cache line d numbers away (at d = 500 the M-step spent more on that than on its sums).
 */
export function mirrorLowerTriangle(a: Float64Array, offset: number, d: number): void {
  for (let l0 = 0; l0 < d; l0 += MIRROR_BLOCK) {
    for (let j0 = l0; j0 < d; j0 += MIRROR_BLOCK) {
      const lEnd = Math.min(d, l0 + MIRROR_BLOCK), jEnd = Math.min(d, j0 + MIRROR_BLOCK);
      for (let l = l0; l < lEnd; l++) {
        for (let j = Math.max(j0, l + 1); j < jEnd; j++) { a[offset + l * d + j] = a[offset + j * d + l]!; }
      }
    }
  }
}
