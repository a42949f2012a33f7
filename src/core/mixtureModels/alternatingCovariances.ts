// The models without a closed form (VEI, VEE, VEV; EVE and VVE) alternate between their parts,
// each step an exact maximisation of one part given the rest, so the objective never falls
// (Celeux & Govaert 1995, §3; the common orientation by plane rotations, at fitCommonOrientation).
// W is (k × d × d) the scatter with regCovar added, nk (k), out (k × d × d) receives Σₖ.

import { decomposeSymmetric } from '../eigen';
import { invertSymmetricPositiveDefinite } from '../linalg';
import { eigenOfEach, geometricMean, logDeterminant, maxRelativeChange, poolScatter, rebuild, setDiagonal, sum, traceOf, transpose } from './covarianceAlgebra';
import type { ConstrainedCovariances } from './scatterStats';

/** Σₖ = λₖ B, B diagonal with |B| = 1: B ∝ diag(Σ Wₖ/λₖ), λₖ = tr(Wₖ B⁻¹) / (d nₖ). */
export function fitVEI(W: Float64Array, nk: Float64Array, k: number, d: number, tol: number, maxIter: number, out: Float64Array): ConstrainedCovariances {
  const lambda = new Float64Array(k);
  for (let c = 0; c < k; c++) { lambda[c] = traceOf(W, c * d * d, d) / (d * nk[c]!); }
  const b = new Float64Array(d);
  const previous = lambda.slice();
  let nIter = 0, converged = false;
  for (; nIter < maxIter;) {
    nIter++;
    b.fill(0);
    for (let c = 0; c < k; c++) { for (let j = 0; j < d; j++) { b[j]! += W[c * d * d + j * d + j]! / lambda[c]!; } }
    const g = geometricMean(d, j => b[j]!);
    for (let j = 0; j < d; j++) { b[j] = b[j]! / g; }
    for (let c = 0; c < k; c++) {
      let t = 0;
      for (let j = 0; j < d; j++) { t += W[c * d * d + j * d + j]! / b[j]!; }
      lambda[c] = t / (d * nk[c]!);
    }
    if (maxRelativeChange(lambda, previous) <= tol) { converged = true; break; }
    previous.set(lambda);
  }
  for (let c = 0; c < k; c++) { setDiagonal(out, c, d, j => lambda[c]! * b[j]!); }
  return { covariances: out, nIter, converged };
}

/** Σₖ = λₖ C, |C| = 1: C ∝ Σ Wₖ/λₖ, λₖ = tr(Wₖ C⁻¹) / (d nₖ). */
export function fitVEE(W: Float64Array, nk: Float64Array, k: number, d: number, tol: number, maxIter: number, out: Float64Array): ConstrainedCovariances {
  const lambda = new Float64Array(k);
  for (let c = 0; c < k; c++) { lambda[c] = traceOf(W, c * d * d, d) / (d * nk[c]!); }
  const C = new Float64Array(d * d);
  const inverse = new Float64Array(d * d);
  const previous = lambda.slice();
  let nIter = 0, converged = false;
  for (; nIter < maxIter;) {
    nIter++;
    C.fill(0);
    for (let c = 0; c < k; c++) { for (let i = 0; i < d * d; i++) { C[i]! += W[c * d * d + i]! / lambda[c]!; } }
    const g = Math.exp(logDeterminant(C, 0, d) / d);
    for (let i = 0; i < d * d; i++) { C[i] = C[i]! / g; }
    if (!invertSymmetricPositiveDefinite(C, 0, d, inverse, 0)) { break; }
    for (let c = 0; c < k; c++) {
      let t = 0;
      for (let i = 0; i < d * d; i++) { t += W[c * d * d + i]! * inverse[i]!; }
      lambda[c] = t / (d * nk[c]!);
    }
    if (maxRelativeChange(lambda, previous) <= tol) { converged = true; break; }
    previous.set(lambda);
  }
  for (let c = 0; c < k; c++) { for (let i = 0; i < d * d; i++) { out[c * d * d + i] = lambda[c]! * C[i]!; } }
  return { covariances: out, nIter, converged };
}

/** Σₖ = λₖ Lₖ A Lₖᵀ with Wₖ = Lₖ Ωₖ Lₖᵀ: A ∝ Σ Ωₖ/λₖ (|A| = 1), λₖ = tr(Ωₖ A⁻¹) / (d nₖ). */
export function fitVEV(W: Float64Array, nk: Float64Array, k: number, d: number, tol: number, maxIter: number, out: Float64Array): ConstrainedCovariances {
  const eig = eigenOfEach(W, k, d);
  const omega = eig.values;
  const lambda = new Float64Array(k);
  for (let c = 0; c < k; c++) { lambda[c] = traceOf(W, c * d * d, d) / (d * nk[c]!); }
  const a = new Float64Array(d);
  const previous = lambda.slice();
  let nIter = 0, converged = false;
  for (; nIter < maxIter;) {
    nIter++;
    a.fill(0);
    for (let c = 0; c < k; c++) { for (let j = 0; j < d; j++) { a[j]! += omega[c * d + j]! / lambda[c]!; } }
    const g = geometricMean(d, j => a[j]!);
    for (let j = 0; j < d; j++) { a[j] = a[j]! / g; }
    for (let c = 0; c < k; c++) {
      let t = 0;
      for (let j = 0; j < d; j++) { t += omega[c * d + j]! / a[j]!; }
      lambda[c] = t / (d * nk[c]!);
    }
    if (maxRelativeChange(lambda, previous) <= tol) { converged = true; break; }
    previous.set(lambda);
  }
  for (let c = 0; c < k; c++) { rebuild(out, c, d, eig.vectors, c * d * d, j => lambda[c]! * a[j]!); }
  return { covariances: out, nIter, converged };
}

/**
 * EVE (Σₖ = λ D Aₖ Dᵀ) and VVE (Σₖ = D Λₖ Dᵀ, Λₖ any positive diagonal) alternate
 * (1) the diagonals given D, in closed form from Bₖ = Dᵀ Wₖ D: VVE Λₖ = diag(Bₖ)/nₖ; EVE
 *     Λₖ = λ diag(Bₖ)/|diag Bₖ|^(1/d), λ = Σ |diag Bₖ|^(1/d) / n;
 * (2) one sweep of plane rotations of D given Mₖ = Λₖ⁻¹, each the exact minimiser of
 *     f(D) = Σₖ tr(Wₖ D Mₖ Dᵀ) over the rotations of one pair of axes (a, b). Turning the pair by θ
 *     gives f(θ) = const + P cos 2θ + Q sin 2θ with P = ½ Σₖ (mₖₐ − mₖᵦ)(Bₖ,ₐₐ − Bₖ,ᵦᵦ) and
 *     Q = Σₖ (mₖₐ − mₖᵦ) Bₖ,ₐᵦ, least at (cos 2θ, sin 2θ) = −(P, Q)/√(P² + Q²) (a Jacobi sweep as
 *     in Flury's common principal components, derived here for this objective). A majorise-minimise
 *     step over the whole of D (Browne & McNicholas 2014) also never rises but took hundreds of
 *     iterations on iris where these sweeps take tens.
 * Both steps are exact minimisations of one part, so the objective never rises.
 */
export function fitCommonOrientation(
  name: 'EVE' | 'VVE', W: Float64Array, nk: Float64Array, k: number, d: number, tol: number, maxIter: number,
  out: Float64Array, orientationInit: Float64Array | undefined,
): ConstrainedCovariances {
  // the axes of the pooled scatter (exact when the components share their axes), or the caller's
  const D = orientationInit && orientationInit.length === d * d ? orientationInit.slice()
    : transpose(decomposeSymmetric(poolScatter(W, k, d), d).eigenvectors, d);
  const n = sum(nk);
  const B = new Float64Array(k * d * d);
  for (let c = 0; c < k; c++) { sandwich(D, W, c * d * d, d, B, c * d * d); }
  const inv = new Float64Array(k * d);
  const diagonals = (): void => {
    let lambda = 0;
    const g = new Float64Array(k);
    for (let c = 0; c < k; c++) {
      g[c] = geometricMean(d, j => B[c * d * d + j * d + j]!);
      lambda += g[c]!;
    }
    lambda /= n;
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < d; j++) {
        const b = B[c * d * d + j * d + j]!;
        inv[c * d + j] = name === 'VVE' ? nk[c]! / b : g[c]! / (lambda * b);
      }
    }
  };
  diagonals();
  const previous = inv.slice();
  let nIter = 0, converged = false;
  for (; nIter < maxIter;) {
    nIter++;
    let largestTurn = 0;
    for (let a = 0; a < d; a++) {
      for (let b = a + 1; b < d; b++) {
        let P = 0, Q = 0;
        for (let c = 0; c < k; c++) {
          const o = c * d * d;
          const m = inv[c * d + a]! - inv[c * d + b]!;
          P += 0.5 * m * (B[o + a * d + a]! - B[o + b * d + b]!);
          Q += m * B[o + a * d + b]!;
        }
        const r = Math.hypot(P, Q);
        if (!(r > 0)) { continue; }
        // cos 2θ = −P/r, sin 2θ = −Q/r; half-angle formulas choose the turn in (−π/2, π/2]
        const cos2 = -P / r, sin2 = -Q / r;
        const cos = Math.sqrt((1 + cos2) / 2);
        const sin = cos > 1e-300 ? sin2 / (2 * cos) : 1;
        largestTurn = Math.max(largestTurn, Math.abs(sin));
        rotatePair(D, B, k, d, a, b, cos, sin);
      }
    }
    diagonals();
    const moved = maxRelativeChange(inv, previous);
    previous.set(inv);
    if (largestTurn <= tol && moved <= tol) { converged = true; break; }
  }
  for (let c = 0; c < k; c++) { rebuild(out, c, d, transpose(D, d), 0, j => 1 / inv[c * d + j]!); }
  return { covariances: out, orientation: D, nIter, converged };
}

/**
 * Turns axes a and b of D (columns) by θ: a' = cos·a + sin·b, b' = −sin·a + cos·b, and updates
 * every Bₖ = Dᵀ Wₖ D to match (rows and columns a, b) in O(k·d) instead of recomputing it.
 */
function rotatePair(D: Float64Array, B: Float64Array, k: number, d: number, a: number, b: number, cos: number, sin: number): void {
  for (let p = 0; p < d; p++) {
    const x = D[p * d + a]!, y = D[p * d + b]!;
    D[p * d + a] = cos * x + sin * y;
    D[p * d + b] = -sin * x + cos * y;
  }
  for (let c = 0; c < k; c++) {
    const o = c * d * d;
    const baa = B[o + a * d + a]!, bbb = B[o + b * d + b]!, bab = B[o + a * d + b]!;
    for (let j = 0; j < d; j++) {
      if (j === a || j === b) { continue; }
      const x = B[o + a * d + j]!, y = B[o + b * d + j]!;
      const nx = cos * x + sin * y, ny = -sin * x + cos * y;
      B[o + a * d + j] = nx; B[o + j * d + a] = nx;
      B[o + b * d + j] = ny; B[o + j * d + b] = ny;
    }
    B[o + a * d + a] = cos * cos * baa + 2 * cos * sin * bab + sin * sin * bbb;
    B[o + b * d + b] = sin * sin * baa - 2 * cos * sin * bab + cos * cos * bbb;
    const off = (cos * cos - sin * sin) * bab + cos * sin * (bbb - baa);
    B[o + a * d + b] = off; B[o + b * d + a] = off;
  }
}

/** out[outOffset..] = Dᵀ W D for the d × d block W[offset..]. */
function sandwich(D: Float64Array, W: Float64Array, offset: number, d: number, out: Float64Array, outOffset: number): void {
  const WD = new Float64Array(d * d);
  for (let p = 0; p < d; p++) {
    for (let j = 0; j < d; j++) {
      let t = 0;
      for (let q = 0; q < d; q++) { t += W[offset + p * d + q]! * D[q * d + j]!; }
      WD[p * d + j] = t;
    }
  }
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let t = 0;
      for (let p = 0; p < d; p++) { t += D[p * d + i]! * WD[p * d + j]!; }
      out[outOffset + i * d + j] = t;
    }
  }
}
