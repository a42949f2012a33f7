/**
 * A histogram scaled as a density (each bar's area is its share of the values), so a fitted
 * density drawn over it is on the same scale.
 */

export interface Histogram {
  /** (nBins + 1) ascending bin edges */
  edges: Float64Array;
  /** (nBins) count / (n · bin width) */
  density: Float64Array;
  /** (nBins) */
  counts: Int32Array;
}

/**
 * Rice's rule, ⌈2 n^⅓⌉ bins, held between 10 and 80: enough bars to show two modes at a few hundred
 * values, few enough that a million values still make a smooth outline.
 */
export function binCount(n: number): number {
  return Math.max(10, Math.min(80, Math.ceil(2 * Math.cbrt(n))));
}

/**
 * Equal-width bins over [min, max] of the values; the maximum falls in the last bin.
 * @param values (n) finite
 */
export function densityHistogram(values: ArrayLike<number>, nBins: number): Histogram {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) { const v = values[i]; if (v < min) { min = v; } if (v > max) { max = v; } }
  // All values equal (or none): one unit-wide bin about them.
  if (!(max > min)) { const centre = Number.isFinite(min) ? min : 0; min = centre - 0.5; max = centre + 0.5; }
  const width = (max - min) / nBins;
  const edges = Float64Array.from({ length: nBins + 1 }, (_, b) => (b === nBins ? max : min + b * width));
  const counts = new Int32Array(nBins);
  for (let i = 0; i < values.length; i++) { counts[Math.min(nBins - 1, Math.floor((values[i] - min) / width))]++; }
  const n = Math.max(1, values.length);
  return { edges, counts, density: Float64Array.from(counts, c => c / (n * width)) };
}
