// Per-thread scratch of the unit kernels (lloydUnits.ts, kmeansPlusPlusUnits.ts): a unit sums into
// this thread's own array, then copies its slot out, because other threads write the neighbouring
// slots of the shared partials.

/** This thread's scratch for a unit's partials. */
let scratch = new Float64Array(256);
/** The two-slot select of the kernels that take a row's nearer of two distances without a branch. */
export const selectScratch = new Float64Array(2);

export function unitScratch(length: number): Float64Array {
  if (scratch.length < length) { scratch = new Float64Array(Math.max(length, 2 * scratch.length)); }
  return scratch;
}
