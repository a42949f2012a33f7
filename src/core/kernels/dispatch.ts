// Picks the straight-line kernel of unrolled.ts for small d; false means "use the generic loop".

import { isTriangular, type ComponentParameters } from '../gmmModel';
import type { SufficientStats } from '../gmmStats';
import {
  logDensityDiagonalKernels, logDensityTriangularKernels, nearestCenterKernels, statsDiagonalKernels, statsTriangularKernels,
} from './unrolled';

/** Set to false (tests, benchmarks) to force the generic loops. */
export const kernelSettings = { useUnrolled: true };

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
