// The M-step of each of mclust's 14 models from the weighted statistics of a pass: nₖ = Σᵢ rᵢₖ,
// the means, and the scatter Wₖ = Σᵢ rᵢₖ (xᵢ − μₖ)(xᵢ − μₖ)ᵀ. Each Σₖ = λₖ Dₖ Aₖ Dₖᵀ maximises
//   −½ Σₖ [nₖ log|Σₖ| + tr(Σₖ⁻¹ Wₖ)]
// under the model's constraints. Closed forms (Celeux & Govaert 1995, table 1) for EII, VII, EEI,
// EVI, VVI, EEE, EEV, EVV, VVV; the others alternate between their parts, each step an exact
// maximisation of one part given the rest, so the objective never falls (VEI, VEE, VEV: volumes
// ↔ shared shape/matrix, Celeux & Govaert §3); EVE and VVE update the common orientation D by a
// sweep of exact plane rotations (derivation at fitCommonOrientation).
// regCovar enters as nₖ·regCovar·I added to Wₖ: for VVV, VVI, VII and EEE this is exactly
// scikit-learn's "+ regCovar on the diagonal", and for every model it keeps the constraints
// (I commutes with any orientation, so volumes, shapes and axes stay as constrained).

import { decomposeSymmetric } from '../eigen';
import { computePrecisionsChol, type GaussianMixtureModel } from '../gmmModel';
import type { MStepResult, SufficientStats } from '../gmmStats';
import { choleskyLower, invertSymmetricPositiveDefinite } from '../linalg';
import { type MixtureModelName } from './covarianceModels';

/** What every model's M-step reads. */
export interface ScatterStats {
  readonly nComponents: number;
  readonly nFeatures: number;
  /** (k) Σᵢ rᵢₖ (+ 10·eps, as scikit-learn, so an empty component divides by a positive number) */
  readonly nk: Float64Array;
  /** (k × d) Σᵢ rᵢₖ xᵢ / nₖ */
  readonly means: Float64Array;
  /** (k × d × d) Wₖ = Σᵢ rᵢₖ (xᵢ − mₖ)(xᵢ − mₖ)ᵀ, both triangles */
  readonly scatter: Float64Array;
}

export interface ConstrainedOptions {
  /** nₖ·regCovar added to the diagonal of each Wₖ */
  regCovar: number;
  /**
   * the alternating models stop when no volume moves by more than tol relatively (EVE, VVE: and no
   * axis turns by more than tol radians) (default 1e-12). A tolerance on the objective would not do:
   * near the optimum it changes with the square of the parameters' error.
   */
  tol?: number;
  /** alternations at most (default 2,000) */
  maxIter?: number;
  /** EVE, VVE: (d × d) starting orientation, columns the axes (e.g. the previous EM iteration's) */
  orientationInit?: Float64Array;
}

export interface ConstrainedCovariances {
  /** (k × d × d) Σₖ */
  covariances: Float64Array;
  /** EVE, VVE: (d × d) the common orientation D, columns the axes */
  orientation?: Float64Array;
  /** alternations done (0 for closed forms) */
  nIter: number;
  /** closed form, or the alternation met tol */
  converged: boolean;
}

/**
 * Scatter statistics from a pass accumulated as 'full' (gmmStats), about the new means. From a
 * pass accumulated as 'diag' only the diagonal of each Wₖ is known: the rest stays 0, which is
 * all the axis-aligned models read (isDiagonalModel).
 */
export function scatterFromStats(stats: SufficientStats): ScatterStats {
  const { nComponents: k, nFeatures: d, shift, sumResp, sumDiff, sumSquares } = stats;
  const diagonal = stats.covarianceType === 'diag';
  if (stats.covarianceType !== 'full' && !diagonal) { throw new Error('scatterFromStats needs statistics accumulated as full or diag'); }
  const nk = new Float64Array(k);
  const means = new Float64Array(k * d);
  const scatter = new Float64Array(k * d * d);
  const delta = new Float64Array(d);
  for (let c = 0; c < k; c++) {
    const r = sumResp[c]!;
    const n = r + 10 * Number.EPSILON;
    nk[c] = n;
    for (let j = 0; j < d; j++) {
      means[c * d + j] = (shift[c * d + j]! * r + sumDiff[c * d + j]!) / n;
      delta[j] = means[c * d + j]! - shift[c * d + j]!;
    }
    // Σ r (x − m)(x − m)ᵀ = S − δ sᵀ − s δᵀ + R δ δᵀ with x − m = (x − μ) − δ (as gmmStats)
    const o = c * d * d;
    if (diagonal) {
      for (let j = 0; j < d; j++) {
        scatter[o + j * d + j] = sumSquares[c * d + j]! - 2 * delta[j]! * sumDiff[c * d + j]! + r * delta[j]! * delta[j]!;
      }
      continue;
    }
    for (let j = 0; j < d; j++) {
      for (let l = 0; l <= j; l++) {
        const v = sumSquares[o + j * d + l]! - delta[j]! * sumDiff[c * d + l]! - sumDiff[c * d + j]! * delta[l]! + r * delta[j]! * delta[l]!;
        scatter[o + j * d + l] = v;
        scatter[o + l * d + j] = v;
      }
    }
  }
  return { nComponents: k, nFeatures: d, nk, means, scatter };
}

/** Scatter statistics of the rows of X (n × d) for responsibilities resp (n × k), computed directly. */
export function computeScatter(data: Float64Array, n: number, d: number, resp: Float64Array, k: number): ScatterStats {
  const nk = new Float64Array(k);
  const means = new Float64Array(k * d);
  const scatter = new Float64Array(k * d * d);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      const r = resp[i * k + c]!;
      nk[c]! += r;
      for (let j = 0; j < d; j++) { means[c * d + j]! += r * data[i * d + j]!; }
    }
  }
  for (let c = 0; c < k; c++) {
    nk[c]! += 10 * Number.EPSILON;
    for (let j = 0; j < d; j++) { means[c * d + j] = means[c * d + j]! / nk[c]!; }
  }
  const diff = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      const r = resp[i * k + c]!;
      for (let j = 0; j < d; j++) { diff[j] = data[i * d + j]! - means[c * d + j]!; }
      for (let j = 0; j < d; j++) {
        for (let l = 0; l < d; l++) { scatter[c * d * d + j * d + l]! += r * diff[j]! * diff[l]!; }
      }
    }
  }
  return { nComponents: k, nFeatures: d, nk, means, scatter };
}

/** Σₖ for the model from the scatter statistics (see the file comment). */
export function estimateConstrainedCovariances(
  name: MixtureModelName, stats: ScatterStats, options: ConstrainedOptions,
): ConstrainedCovariances {
  const { nComponents: k, nFeatures: d, nk } = stats;
  const W = stats.scatter.slice();
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) { W[c * d * d + j * d + j]! += nk[c]! * options.regCovar; }
  }
  const tol = options.tol ?? 1e-12;
  const maxIter = options.maxIter ?? 2000;
  const n = sum(nk);
  const out = new Float64Array(k * d * d);
  const closed = (): ConstrainedCovariances => ({ covariances: out, nIter: 0, converged: true });
  switch (name) {
    case 'E': case 'EII': {
      let trace = 0;
      for (let c = 0; c < k; c++) { trace += traceOf(W, c * d * d, d); }
      for (let c = 0; c < k; c++) { setDiagonal(out, c, d, () => trace / (n * d)); }
      return closed();
    }
    case 'V': case 'VII':
      for (let c = 0; c < k; c++) { const v = traceOf(W, c * d * d, d) / (nk[c]! * d); setDiagonal(out, c, d, () => v); }
      return closed();
    case 'EEI': {
      const pooled = poolScatter(W, k, d);
      for (let c = 0; c < k; c++) { setDiagonal(out, c, d, j => pooled[j * d + j]! / n); }
      return closed();
    }
    case 'EVI': {
      // λAₖ = diag(Wₖ)·λ/gₖ with gₖ = |diag Wₖ|^(1/d), λ = Σ gₖ / n
      const g = new Float64Array(k);
      for (let c = 0; c < k; c++) { g[c] = geometricMean(d, j => W[c * d * d + j * d + j]!); }
      const lambda = sum(g) / n;
      for (let c = 0; c < k; c++) { setDiagonal(out, c, d, j => W[c * d * d + j * d + j]! * (lambda / g[c]!)); }
      return closed();
    }
    case 'VVI':
      for (let c = 0; c < k; c++) { setDiagonal(out, c, d, j => W[c * d * d + j * d + j]! / nk[c]!); }
      return closed();
    case 'EEE': {
      const pooled = poolScatter(W, k, d);
      for (let c = 0; c < k; c++) { for (let i = 0; i < d * d; i++) { out[c * d * d + i] = pooled[i]! / n; } }
      return closed();
    }
    case 'VVV':
      for (let c = 0; c < k; c++) { for (let i = 0; i < d * d; i++) { out[c * d * d + i] = W[c * d * d + i]! / nk[c]!; } }
      return closed();
    case 'EVV': {
      // Σₖ = λ Cₖ, Cₖ = Wₖ / |Wₖ|^(1/d), λ = Σ |Wₖ|^(1/d) / n
      const g = new Float64Array(k);
      for (let c = 0; c < k; c++) { g[c] = Math.exp(logDeterminant(W, c * d * d, d) / d); }
      const lambda = sum(g) / n;
      for (let c = 0; c < k; c++) { for (let i = 0; i < d * d; i++) { out[c * d * d + i] = W[c * d * d + i]! * (lambda / g[c]!); } }
      return closed();
    }
    case 'EEV': {
      // Wₖ = Lₖ Ωₖ Lₖᵀ (eigenvalues descending); Σₖ = Lₖ (Σⱼ Ωⱼ / n) Lₖᵀ
      const eig = eigenOfEach(W, k, d);
      const pooled = new Float64Array(d);
      for (let c = 0; c < k; c++) { for (let j = 0; j < d; j++) { pooled[j]! += eig.values[c * d + j]!; } }
      for (let c = 0; c < k; c++) { rebuild(out, c, d, eig.vectors, c * d * d, j => pooled[j]! / n); }
      return closed();
    }
    case 'VEI': return fitVEI(W, nk, k, d, tol, maxIter, out);
    case 'VEE': return fitVEE(W, nk, k, d, tol, maxIter, out);
    case 'VEV': return fitVEV(W, nk, k, d, tol, maxIter, out);
    case 'EVE': case 'VVE': return fitCommonOrientation(name, W, nk, k, d, tol, maxIter, out, options.orientationInit);
  }
}

/** Σₖ = λₖ B, B diagonal with |B| = 1: B ∝ diag(Σ Wₖ/λₖ), λₖ = tr(Wₖ B⁻¹) / (d nₖ). */
function fitVEI(W: Float64Array, nk: Float64Array, k: number, d: number, tol: number, maxIter: number, out: Float64Array): ConstrainedCovariances {
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
function fitVEE(W: Float64Array, nk: Float64Array, k: number, d: number, tol: number, maxIter: number, out: Float64Array): ConstrainedCovariances {
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
function fitVEV(W: Float64Array, nk: Float64Array, k: number, d: number, tol: number, maxIter: number, out: Float64Array): ConstrainedCovariances {
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
function fitCommonOrientation(
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

/**
 * scikit-learn-shaped M-step for a named model from statistics accumulated as 'full': weights
 * nₖ / Σ nₖ (or / weightDenominator), means, Σₖ from the model, precision factors. The model is
 * returned as covarianceType 'full' (k × d × d), which the E-step reads whatever the constraint.
 */
export function constrainedMStep(
  name: MixtureModelName, stats: SufficientStats, options: ConstrainedOptions, weightDenominator?: number,
): MStepResult & { constrained: ConstrainedCovariances } {
  const scatter = scatterFromStats(stats);
  const constrained = estimateConstrainedCovariances(name, scatter, options);
  const { nComponents: k, nFeatures: d, nk } = scatter;
  const total = weightDenominator ?? sum(nk);
  const weights = nk.map(v => v / total);
  const { precisionsChol, jittered } = computePrecisionsChol('full', k, d, constrained.covariances);
  const model: GaussianMixtureModel = {
    covarianceType: 'full', nComponents: k, nFeatures: d, weights, means: scatter.means, covariances: constrained.covariances, precisionsChol,
  };
  return { model, jittered, constrained };
}

function maxRelativeChange(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) { m = Math.max(m, Math.abs(a[i]! - b[i]!) / Math.abs(b[i]!)); }
  return m;
}

function sum(a: Float64Array): number {
  let s = 0;
  for (const v of a) { s += v; }
  return s;
}

function traceOf(a: Float64Array, offset: number, d: number): number {
  let t = 0;
  for (let j = 0; j < d; j++) { t += a[offset + j * d + j]!; }
  return t;
}

/** (Πⱼ f(j))^(1/d) through logs (no overflow on large d). */
function geometricMean(d: number, f: (j: number) => number): number {
  let s = 0;
  for (let j = 0; j < d; j++) { s += Math.log(f(j)); }
  return Math.exp(s / d);
}

function setDiagonal(out: Float64Array, c: number, d: number, f: (j: number) => number): void {
  for (let j = 0; j < d; j++) { out[c * d * d + j * d + j] = f(j); }
}

function poolScatter(W: Float64Array, k: number, d: number): Float64Array {
  const pooled = new Float64Array(d * d);
  for (let c = 0; c < k; c++) { for (let i = 0; i < d * d; i++) { pooled[i]! += W[c * d * d + i]!; } }
  return pooled;
}

/** log|A| of a symmetric block by Cholesky; −∞ when it is not positive definite. */
function logDeterminant(a: Float64Array, offset: number, d: number): number {
  const l = new Float64Array(d * d);
  if (!choleskyLower(a, offset, d, l, 0)) { return -Infinity; }
  let s = 0;
  for (let j = 0; j < d; j++) { s += 2 * Math.log(l[j * d + j]!); }
  return s;
}

/** Eigenvalues (k × d, descending) and eigenvectors (k × d × d, ROW j the j-th axis) of each Wₖ. */
function eigenOfEach(W: Float64Array, k: number, d: number): { values: Float64Array; vectors: Float64Array } {
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
function rebuild(out: Float64Array, c: number, d: number, rows: Float64Array, rowsOffset: number, f: (j: number) => number): void {
  const o = c * d * d;
  for (let m = 0; m < d; m++) {
    const value = f(m);
    for (let i = 0; i < d; i++) {
      const vi = rows[rowsOffset + m * d + i]! * value;
      for (let j = 0; j < d; j++) { out[o + i * d + j]! += vi * rows[rowsOffset + m * d + j]!; }
    }
  }
}

function transpose(a: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) { for (let j = 0; j < d; j++) { out[j * d + i] = a[i * d + j]!; } }
  return out;
}

/**
 * The M-step for a whole EM run of one model: keeps EVE's and VVE's orientation between calls, so
 * each iteration starts its rotation sweeps from the last one's axes (a few sweeps instead of tens).
 */
export function createConstrainedMStep(
  name: MixtureModelName, regCovar: number, alternation: { tol?: number; maxIter?: number } = {},
): (stats: SufficientStats, weightDenominator?: number) => MStepResult {
  let orientation: Float64Array | undefined;
  return (stats, weightDenominator) => {
    const step = constrainedMStep(name, stats, orientation ? { ...alternation, regCovar, orientationInit: orientation } : { ...alternation, regCovar }, weightDenominator);
    orientation = step.constrained.orientation;
    return step;
  };
}

/**
 * The M-step of an axis-aligned model (EII … VVI, E, V) as a 'diag' model: its E-step and its
 * statistics then cost O(d) per row and component instead of O(d²) (the search's EM, searchEm.ts).
 * Reads statistics accumulated as 'diag' or 'full' (the start's); the parameters are those of
 * constrainedMStep, laid out as scikit-learn's diag ((k × d) variances).
 */
export function createDiagonalMStep(
  name: MixtureModelName, regCovar: number,
): (stats: SufficientStats, weightDenominator?: number) => MStepResult {
  return (stats, weightDenominator) => {
    const scatter = scatterFromStats(stats);
    const { covariances: full } = estimateConstrainedCovariances(name, scatter, { regCovar });
    const { nComponents: k, nFeatures: d, nk } = scatter;
    const covariances = new Float64Array(k * d);
    for (let c = 0; c < k; c++) { for (let j = 0; j < d; j++) { covariances[c * d + j] = full[c * d * d + j * d + j]!; } }
    const total = weightDenominator ?? sum(nk);
    const weights = nk.map(v => v / total);
    const { precisionsChol, jittered } = computePrecisionsChol('diag', k, d, covariances);
    return { model: { covarianceType: 'diag', nComponents: k, nFeatures: d, weights, means: scatter.means, covariances, precisionsChol }, jittered };
  };
}
