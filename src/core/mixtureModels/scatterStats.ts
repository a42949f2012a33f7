// What every model's M-step reads, the scatter statistics of a pass (from the accumulated
// sufficient statistics, or directly from the rows for tests), and what it gives back: the
// covariances under the model's constraint (constrainedMStep.ts).

import type { SufficientStats } from '../gmmStats';

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
