// One component's scatter of a wide full-covariance EM pass, derived instead of summed. A row's
// responsibilities sum to 1 over the components, so the k scatters Σᵢ rᵢc (xᵢ − μ)(xᵢ − μ)ᵀ add up
// to Σᵢ (xᵢ − μ)(xᵢ − μ)ᵀ, the data's Gram matrix about μ, which is the same every pass. One of the
// k scatters (n·d²/2 multiply-adds each; the k of them are half of an iteration's arithmetic) is
// then that Gram matrix, moved to the component's shift, minus the k − 1 others: a k-th of the
// M-step's sums saved, for one pass over the data per fit (the Gram matrix, taken when first needed).
//
// Why not always: a difference loses what its parts share. The derived triangle's rounding error is
// about A times the summed one's, A = tr(Gram about μ) / tr(the component's scatter): about n / Nc
// when the clusters overlap (at most k for the largest component), huge when they lie apart (where
// most responsibilities are exactly 0 and the summed scatter skips those rows: cheap anyway). The
// largest component is derived only where the model entering the pass gives it A ≤
// CHOOSE_AMPLIFICATION (its weights, means and covariances estimate both traces), and the result kept
// only if this pass's A ≤ ACCEPT_AMPLIFICATION (at most 6 of 53 bits lost); else the caller sums the
// pass as before. Everything here runs on one thread in a fixed order, so the results do not
// depend on the number of threads.

import type { ChunkExecutor } from './chunkExecutor';
import type { DataMatrix } from './dataMatrix';
import type { ComponentParameters, SufficientStats } from './emShapes';
import type { GaussianMixtureModel } from './gmmModel';
import { addMovedTriangle, createStatsAbout } from './gmmStats';

/** The model's estimate of A under which its pass leaves the largest component's squares out. */
export const CHOOSE_AMPLIFICATION = 16;
/** This pass's A above which the derived triangle is not used (the pass is summed instead). */
export const ACCEPT_AMPLIFICATION = 64;

export interface SquaresDerivation {
  /** The component whose squares the pass from this model may leave out, or −1. */
  choose(model: GaussianMixtureModel): number;
  /**
   * Writes component c's triangle of stats.sumSquares (left out by the pass) from the Gram matrix
   * and the other components' triangles. Returns false, stats unchanged, when A > ACCEPT_AMPLIFICATION.
   */
  derive(stats: SufficientStats, c: number): boolean;
}

/** The derivation for full-covariance passes over X on this executor (the Gram matrix is taken once, when first needed). */
export function createSquaresDerivation(executor: ChunkExecutor, X: DataMatrix): SquaresDerivation {
  let gram: SufficientStats | null = null;
  return {
    choose(model) {
      return chooseFromModel(model);
    },
    derive(stats, c) {
      gram ??= gramMatrix(executor, X, dataCenter(stats));
      return deriveTriangle(stats, c, gram);
    },
  };
}

/**
 * The largest component (weight; the first on a tie: its A is the smallest), if the model's own
 * estimate of its A is at most CHOOSE_AMPLIFICATION, else −1. From the model: the rows' Σ r ‖x − μc‖²
 * over component o is about Nₒ (tr Σₒ + ‖μₒ − μc‖²) and c's scatter's trace Nc tr Σc.
 */
function chooseFromModel(model: GaussianMixtureModel): number {
  const { nComponents: k, nFeatures: d, weights, means, covariances } = model;
  let c = 0;
  for (let o = 1; o < k; o++) { if (weights[o]! > weights[c]!) { c = o; } }
  const trace = (o: number): number => {
    let t = 0;
    for (let j = 0; j < d; j++) { t += covariances[o * d * d + j * d + j]!; }
    return t;
  };
  let gram = 0;
  for (let o = 0; o < k; o++) {
    let apart = 0;
    for (let j = 0; j < d; j++) { const e = means[o * d + j]! - means[c * d + j]!; apart += e * e; }
    gram += weights[o]! * (trace(o) + apart);
  }
  const own = weights[c]! * trace(c);
  return own > 0 && gram / own <= CHOOSE_AMPLIFICATION ? c : -1;
}

/** (d) The data's mean as the statistics see it: Σ (Rₖ μₖ + sₖ) / Σ Rₖ. */
function dataCenter(stats: SufficientStats): Float64Array {
  const { nComponents: k, nFeatures: d, shift, sumResp, sumDiff } = stats;
  const center = new Float64Array(d);
  let total = 0;
  for (let c = 0; c < k; c++) { total += sumResp[c]!; }
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let c = 0; c < k; c++) { s += sumResp[c]! * shift[c * d + j]! + sumDiff[c * d + j]!; }
    center[j] = s / total;
  }
  return center;
}

/**
 * Σ (x − center)(x − center)ᵀ over every row of X (lower triangle), with Σ (x − center) and n: the
 * EM pass of a one-component model about center (every responsibility is then exactly 1).
 */
function gramMatrix(executor: ChunkExecutor, X: DataMatrix, center: Float64Array): SufficientStats {
  const d = X.nFeatures;
  const factors = new Float64Array(d * d);
  for (let j = 0; j < d; j++) { factors[j * d + j] = 1; }
  const params: ComponentParameters = { covarianceType: 'full', nComponents: 1, nFeatures: d, means: center, factors, logNorm: Float64Array.of(0) };
  const stats = createStatsAbout('full', 1, d, center.slice());
  const ones = executor.allocateFloat64(X.nSamples);
  executor.accumulate(params, X, ones, stats);
  executor.release(ones);
  return stats;
}

/**
 * Component o's scatter moved from its shift to the point about (d values at about[aboutAt]):
 * Σ r (x − about)(x − about)ᵀ = S − ε sᵀ − s εᵀ + R ε εᵀ with ε = about − shiftₒ. Entry (j, l) of
 * the lower triangle, from ε (d values) the caller made.
 */
function movedEntry(stats: SufficientStats, o: number, eps: Float64Array, j: number, l: number): number {
  const { nFeatures: d, sumResp, sumDiff, sumSquares } = stats;
  return sumSquares[o * d * d + j * d + l]! - eps[j]! * sumDiff[o * d + l]! - sumDiff[o * d + j]! * eps[l]! + sumResp[o]! * eps[j]! * eps[l]!;
}

/** (d) about − component o's shift. */
function offset(stats: SufficientStats, o: number, about: Float64Array, aboutAt: number): Float64Array {
  const d = stats.nFeatures;
  return Float64Array.from({ length: d }, (_, j) => about[aboutAt + j]! - stats.shift[o * d + j]!);
}

/**
 * Component c's triangle = the Gram matrix moved to c's shift − Σ_{o ≠ c} o's moved there (the
 * M-step's addMovedTriangle, scale 1 then −1: the same arithmetic as movedEntry); false (nothing
 * written) when A, from the diagonal alone, is too large.
 */
function deriveTriangle(stats: SufficientStats, c: number, gram: SufficientStats): boolean {
  const { nComponents: k, nFeatures: d, shift, sumSquares } = stats;
  const others = Array.from({ length: k }, (_, o) => o).filter(o => o !== c);
  const gramEps = offset(gram, 0, shift, c * d);
  const eps = others.map(o => offset(stats, o, shift, c * d));
  let gramTrace = 0, own = 0;
  for (let j = 0; j < d; j++) {
    const g = movedEntry(gram, 0, gramEps, j, j);
    let v = g;
    others.forEach((o, i) => { v -= movedEntry(stats, o, eps[i]!, j, j); });
    gramTrace += g;
    own += v;
  }
  if (!(own > 0 && gramTrace / own <= ACCEPT_AMPLIFICATION)) { return false; }
  const at = c * d * d;
  for (let j = 0; j < d; j++) { sumSquares.fill(0, at + j * d, at + j * d + j + 1); }
  addMovedTriangle(gram, 0, gramEps, sumSquares, at, 1);
  others.forEach((o, i) => addMovedTriangle(stats, o, eps[i]!, sumSquares, at, -1));
  return true;
}
