// Picks a straight-line kernel for small d; false means "use the generic loop".

import type { ComponentParameters } from '../gmmModel';
import type { SufficientStats } from '../gmmStats';

export function specialisedLogDensity(
  _params: ComponentParameters, _c: number, _data: Float64Array, _start: number, _end: number, _resp: Float64Array,
): boolean {
  return false;
}

export function specialisedStats(
  _stats: SufficientStats, _c: number, _data: Float64Array, _start: number, _end: number, _resp: Float64Array,
): boolean {
  return false;
}
