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

import { computePrecisionsChol, type GaussianMixtureModel } from '../gmmModel';
import type { MStepResult, SufficientStats } from '../gmmStats';
import { fitCommonOrientation, fitVEE, fitVEI, fitVEV } from './alternatingCovariances';
import { eigenOfEach, geometricMean, logDeterminant, poolScatter, rebuild, setDiagonal, sum, traceOf } from './covarianceAlgebra';
import { type MixtureModelName } from './covarianceModels';
import { scatterFromStats, type ConstrainedCovariances, type ConstrainedOptions, type ScatterStats } from './scatterStats';

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
