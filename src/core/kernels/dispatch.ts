// Picks the straight-line kernel of unrolled.ts for small d; false means "use the generic loop".

import { isTriangular, type ComponentParameters } from '../gmmModel';
import type { SufficientStats } from '../gmmStats';
import {
  lloydAssignKernels, lloydBoundedKernels, lloydFirstKernels, lloydSeededKernels, logDensityDiagonalKernels, logDensityTriangularKernels,
  MAX_UNROLLED_D, nearestCenterKernels, seedPotentialsKernels, seedStartKernels, statsDiagonalKernels, statsTriangularKernels,
} from './unrolled';

/**
 * Set useUnrolled to false (tests, benchmarks) to force the generic loops, and pruneByTriangle to
 * false to make k-means++ and the seeded Lloyd pass compute every distance (same results, slower).
 */
export const kernelSettings = { useUnrolled: true, pruneByTriangle: true };

export function specialisedLogDensity(
  params: ComponentParameters, c: number, data: Float64Array, start: number, end: number, resp: Float64Array,
): boolean {
  if (!kernelSettings.useUnrolled) { return false; }
  const table = isTriangular(params.covarianceType) ? logDensityTriangularKernels : logDensityDiagonalKernels;
  const kernel = table[params.nFeatures];
  if (kernel === undefined) { return false; }
  kernel(data, start, end, resp, params.nComponents, c, params.means, params.factors, params.logNorm[c]!);
  return true;
}

export function specialisedStats(
  stats: SufficientStats, c: number, data: Float64Array, start: number, end: number, resp: Float64Array,
): boolean {
  if (!kernelSettings.useUnrolled) { return false; }
  const table = isTriangular(stats.covarianceType) ? statsTriangularKernels : statsDiagonalKernels;
  const kernel = table[stats.nFeatures];
  if (kernel === undefined) { return false; }
  kernel(data, start, end, resp, stats.nComponents, c, stats.shift, stats.sumResp, stats.sumDiff, stats.sumSquares);
  return true;
}

export function specialisedNearestCenter(
  d: number, data: Float64Array, start: number, end: number, centers: Float64Array, c: number,
  bestDist: Float64Array, bestLabel: Int32Array,
): boolean {
  if (!kernelSettings.useUnrolled) { return false; }
  const kernel = nearestCenterKernels[d];
  if (kernel === undefined) { return false; }
  kernel(data, start, end, centers, c, bestDist, bestLabel);
  return true;
}

const primed = new Set<number>();

/**
 * Runs every unrolled kernel for this d once on an empty range (no row, dummy outputs) in this
 * thread. V8 optimises a kernel while its first long loop runs (OSR); the statements after the loop
 * had then never run, have no type feedback, and the optimised code bails out there, call after
 * call. Priming gives them feedback first. Results are unaffected (nothing real is written).
 */
export function primeKernels(d: number): void {
  if (!kernelSettings.useUnrolled || primed.has(d) || d < 1 || d > MAX_UNROLLED_D) { return; }
  primed.add(d);
  // a few calls: V8 allocates a function's feedback vector only after several invocations
  for (let i = 0; i < 12; i++) { primeOnce(d); }
}

function primeOnce(d: number): void {
  const f = (n: number): Float64Array => new Float64Array(n);
  const data = f(d), means = f(d), factors = f(d * d), resp = f(1), labels = new Int32Array(1);
  for (const table of [logDensityTriangularKernels, logDensityDiagonalKernels]) { table[d]!(data, 0, 0, resp, 1, 0, means, factors, 0); }
  for (const table of [statsTriangularKernels, statsDiagonalKernels]) { table[d]!(data, 0, 0, resp, 1, 0, means, f(1), f(d), f(d * d)); }
  nearestCenterKernels[d]!(data, 0, 0, means, 0, f(1), labels);
  for (const table of [lloydFirstKernels, lloydBoundedKernels, lloydAssignKernels]) { table[d]!(data, 0, 0, means, 1, labels, f(1), f(3 + d), f(1), 0, 0); }
  lloydSeededKernels[d]!(data, 0, 0, means, 1, labels, f(1), f(3 + d), f(1), f(1), f(1), 0);
  seedStartKernels[d]!(data, 0, 0, f(1), labels, 0);
  seedPotentialsKernels[d]!(data, 0, 0, f(1), labels, 0, 0, f(2), means, 1, f(1), 0);
}
