// The small linear algebra of the constrained M-steps (constrainedMStep.ts and
// alternatingCovariances.ts), on k × d × d blocks laid out row-major in one Float64Array.

import { decomposeSymmetric } from '../eigen';
import { choleskyLower } from '../linalg';

export function maxRelativeChange(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) { m = Math.max(m, Math.abs(a[i]! - b[i]!) / Math.abs(b[i]!)); }
  return m;
}

export function sum(a: Float64Array): number {
  let s = 0;
  for (const v of a) { s += v; }
  return s;
}

export function traceOf(a: Float64Array, offset: number, d: number): number {
  let t = 0;
  for (let j = 0; j < d; j++) { t += a[offset + j * d + j]!; }
  return t;
}

/** (Πⱼ f(j))^(1/d) through logs (no overflow on large d). */
export function geometricMean(d: number, f: (j: number) => number): number {
  let s = 0;
  for (let j = 0; j < d; j++) { s += Math.log(f(j)); }
  return Math.exp(s / d);
}

export function setDiagonal(out: Float64Array, c: number, d: number, f: (j: number) => number): void {
  for (let j = 0; j < d; j++) { out[c * d * d + j * d + j] = f(j); }
}

export function poolScatter(W: Float64Array, k: number, d: number): Float64Array {
  const pooled = new Float64Array(d * d);
  for (let c = 0; c < k; c++) { for (let i = 0; i < d * d; i++) { pooled[i]! += W[c * d * d + i]!; } }
  return pooled;
}

/** log|A| of a symmetric block by Cholesky; −∞ when it is not positive definite. */
export function logDeterminant(a: Float64Array, offset: number, d: number): number {
  const l = new Float64Array(d * d);
  if (!choleskyLower(a, offset, d, l, 0)) { return -Infinity; }
  let s = 0;
  for (let j = 0; j < d; j++) { s += 2 * Math.log(l[j * d + j]!); }
  return s;
}

/** Eigenvalues (k × d, descending) and eigenvectors (k × d × d, ROW j the j-th axis) of each Wₖ. */
export function eigenOfEach(W: Float64Array, k: number, d: number): { values: Float64Array; vectors: Float64Array } {
  const values = new Float64Array(k * d);
  const vectors = new Float64Array(k * d * d);
  for (let c = 0; c < k; c++) {
    const e = decomposeSymmetric(W.subarray(c * d * d, (c + 1) * d * d), d);
    values.set(e.eigenvalues, c * d);
    vectors.set(e.eigenvectors, c * d * d);
  }
  return { values, vectors };
}

/** out block c = Σⱼ f(j) vⱼ vⱼᵀ with vⱼ ROW j of the d × d block rows[rowsOffset..]. */
export function rebuild(out: Float64Array, c: number, d: number, rows: Float64Array, rowsOffset: number, f: (j: number) => number): void {
  const o = c * d * d;
  for (let m = 0; m < d; m++) {
    const value = f(m);
    for (let i = 0; i < d; i++) {
      const vi = rows[rowsOffset + m * d + i]! * value;
      for (let j = 0; j < d; j++) { out[o + i * d + j]! += vi * rows[rowsOffset + m * d + j]!; }
    }
  }
}

export function transpose(a: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) { for (let j = 0; j < d; j++) { out[j * d + i] = a[i * d + j]!; } }
  return out;
}
