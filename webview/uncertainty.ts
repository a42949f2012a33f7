/**
 * mclust's uncertainty: 1 − max p, the probability that a row's label is wrong under the fit.
 * The numbers behind the uncertainty curve and the scatter's "size by uncertainty". Pure (no DOM),
 * unit-tested.
 */
import { CERTAINTY_LEVELS, certaintyLevel } from './palette';

/** Radius (px) of a sure point and of the most uncertain one (split evenly over k clusters). */
export const SURE_RADIUS = 1;
export const UNSURE_RADIUS = 8;

/**
 * A point's radius from its certainty: linear in 1 − max p, from SURE_RADIUS at certainty 1 to
 * UNSURE_RADIUS at 1/k (the most uncertain a row can be), so the doubtful rows stand out. In the
 * scatter's CERTAINTY_LEVELS steps (palette.ts), as its opacity: one radius per drawn dataset
 * keeps chart.js on its fast path (a radius per point made the first draw four times slower).
 */
export function uncertaintyRadius(certainty: number, k: number): number {
  return radiusOfLevel(certaintyLevel(certainty, k));
}

/** The radius of a certainty level (0 = split evenly over the clusters, CERTAINTY_LEVELS − 1 = sure). */
export function radiusOfLevel(level: number): number {
  return UNSURE_RADIUS - (level / (CERTAINTY_LEVELS - 1)) * (UNSURE_RADIUS - SURE_RADIUS);
}

/**
 * The drawn rows' certainties, most certain first (so 1 − certainty, the curve, rises). Rows
 * without a cluster (noise, label −1) have no uncertainty and are left out.
 * @returns (m′) descending
 */
export function sortedCertainties(certainty: Float32Array, labels: Int32Array): Float64Array {
  let m = 0;
  for (let s = 0; s < labels.length; s++) { if (labels[s] >= 0) { m++; } }
  const out = new Float64Array(m);
  let i = 0;
  for (let s = 0; s < labels.length; s++) { if (labels[s] >= 0) { out[i++] = certainty[s]; } }
  return out.sort().reverse();
}

/** How many of the (descending) certainties are below `below`: the table filter's rows in the sample. */
export function countBelow(descending: Float64Array, below: number): number {
  // The first index whose certainty is < below (binary search on a descending array).
  let lo = 0;
  let hi = descending.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (descending[mid] < below) { hi = mid; } else { lo = mid + 1; }
  }
  return descending.length - lo;
}

/**
 * At most `maxPoints` points of the curve (x = share of rows, 0..1; y = 1 − certainty), at evenly
 * spaced ranks, always with the first and last: the curve is monotone, so this loses nothing the
 * eye can see, and the chart draws in constant time however many rows there are.
 */
export function curvePoints(descending: Float64Array, maxPoints: number): { x: number; y: number }[] {
  const m = descending.length;
  if (m === 0) { return []; }
  if (m === 1) { return [{ x: 0, y: 1 - descending[0] }, { x: 1, y: 1 - descending[0] }]; }
  const n = Math.min(m, Math.max(2, maxPoints));
  return Array.from({ length: n }, (_, i) => {
    const rank = Math.round((i * (m - 1)) / (n - 1));
    return { x: rank / (m - 1), y: 1 - descending[rank] };
  });
}
