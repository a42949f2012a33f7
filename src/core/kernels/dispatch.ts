// The one seam between the fits and their fast kernels: every straight-line kernel of unrolled.ts
// (EM's E-step and statistics, Lloyd, k-means++) is picked here by d, and undefined means "run
// the generic loop", which does the same arithmetic in the same order. GMM (gmmKernels.ts) and
// k-means (lloydUnits.ts, kmeansPlusPlusUnits.ts) ask the same pickers; nothing else reads the tables.

import { isTriangular, type CovarianceType } from '../emShapes';
import {
  inertiaKernels, lloydAssignKernels, lloydBoundedKernels, lloydFirstKernels, lloydMoveKernels, lloydSeededKernels, logDensityDiagonalKernels,
  logDensityTriangularKernels, MAX_UNROLLED_D, seedPotentialsKernels, seedStartKernels, statsDiagonalKernels, statsTriangularKernels,
  type InertiaKernel, type LloydKernel, type LloydMoveKernel, type LloydSeededKernel, type LogDensityKernel, type SeedPotentialsKernel,
  type SeedStartKernel, type StatsKernel,
} from './unrolled';

/**
 * Set useUnrolled to false (tests, benchmarks) to force the generic loops, and pruneByTriangle to
 * false to make k-means++ and the seeded Lloyd pass compute every distance (same results, slower).
 */
export const kernelSettings = { useUnrolled: true, pruneByTriangle: true };

function pick<K>(table: readonly (K | undefined)[], d: number): K | undefined {
  return kernelSettings.useUnrolled ? table[d] : undefined;
}

/** log wₖ + log N(x | component c) into resp's column c, for rows [start, end). */
export function logDensityKernel(covarianceType: CovarianceType, d: number): LogDensityKernel | undefined {
  return pick(isTriangular(covarianceType) ? logDensityTriangularKernels : logDensityDiagonalKernels, d);
}

/** Component c's Σr, Σr(x − μ), Σr(x − μ)(x − μ)ᵀ over rows [start, end), added to the statistics. */
export function statsKernel(covarianceType: CovarianceType, d: number): StatsKernel | undefined {
  return pick(isTriangular(covarianceType) ? statsTriangularKernels : statsDiagonalKernels, d);
}

/**
 * The three ways runLloyd runs a full Lloyd pass, each its own kernel (one path per optimised
 * function): 'first' (sums, sets the bounds), 'bounded' (sums, bounds, compares labels),
 * 'assign' (labels and distances only).
 */
export type LloydVariant = 'first' | 'bounded' | 'assign';

export function lloydKernel(variant: LloydVariant, d: number): LloydKernel | undefined {
  return pick(variant === 'first' ? lloydFirstKernels : variant === 'bounded' ? lloydBoundedKernels : lloydAssignKernels, d);
}

export function lloydSeededKernel(d: number): LloydSeededKernel | undefined { return pick(lloydSeededKernels, d); }

export function lloydMoveKernel(d: number): LloydMoveKernel | undefined { return pick(lloydMoveKernels, d); }

export function inertiaKernel(d: number): InertiaKernel | undefined { return pick(inertiaKernels, d); }

export function seedStartKernel(d: number): SeedStartKernel | undefined { return pick(seedStartKernels, d); }

export function seedPotentialsKernel(d: number): SeedPotentialsKernel | undefined { return pick(seedPotentialsKernels, d); }

const primed = new Set<number>();

/**
 * Runs every unrolled kernel for this d, in this thread, on a few synthetic rows that take every
 * branch of every kernel, with dummy outputs. Optimised code compiled while a kernel's first long
 * loop runs (OSR) knows nothing of the statements no row has reached yet (after the loop, a rare
 * branch); reaching one there is a "soft" bailout that does not discard the code, so it happens
 * again on every call (measured: 0.4 ms each, hundreds per fit). Giving every statement feedback
 * first avoids it. Results are unaffected (nothing real is written).
 */
export function primeKernels(d: number): void {
  if (!kernelSettings.useUnrolled || primed.has(d) || d < 1 || d > MAX_UNROLLED_D) { return; }
  primed.add(d);
  // V8 allocates a function's feedback vector once it has run enough bytecode: several calls
  for (let i = 0; i < 12; i++) { primeOnce(d); }
}

/** Rows of PRIME_ROWS synthetic points (row i at (i, i, …)), two centers at 2 and 12. */
const PRIME_ROWS = 16;

function primeOnce(d: number): void {
  const R = PRIME_ROWS, k = 2;
  const f = (n: number): Float64Array => new Float64Array(n);
  const data = f(R * d).map((_, at) => Math.floor(at / d));
  const centers = f(k * d).map((_, at) => (at < d ? 2 : 12));
  const factors = f(k * d * d).fill(0.5);
  const resp = f(R * k).map((_, at) => (at % 3 === 0 ? 0 : 0.5));
  for (let c = 0; c < k; c++) {
    for (const table of [logDensityTriangularKernels, logDensityDiagonalKernels]) { table[d]!(data, 0, R, f(R * k), k, c, centers, factors, 0); }
    for (const table of [statsTriangularKernels, statsDiagonalKernels]) { table[d]!(data, 0, R, resp, k, c, centers, f(k), f(k * d), f(k * d * d)); }
  }
  const slot = 2 + k + k * d + k;
  // labels alternate, so some rows are on the wrong center and move
  const alternate = (): Int32Array => Int32Array.from({ length: R }, (_, i) => i % 2);
  const lower = (): Float64Array => f(R).map((_, i) => (i % 4 === 0 ? 1e9 : i % 4 === 1 ? 1e6 : 0));
  const upper = (): Float64Array => f(R).map((_, i) => (i % 4 === 0 ? 0 : 1e7));
  lloydFirstKernels[d]!(data, 0, R, centers, k, alternate(), f(R), f(slot), f(R), f(R), -1, 0);
  lloydBoundedKernels[d]!(data, 0, R, centers, k, alternate(), f(R), f(slot), lower(), f(R), 0, 0);
  lloydAssignKernels[d]!(data, 0, R, centers, k, alternate(), f(R), f(slot), f(R), f(R), -1, 0);
  lloydSeededKernels[d]!(data, 0, R, centers, k, alternate(), f(R).fill(4 * d), f(slot), f(R), f(R), Float64Array.of(0, Infinity), f(k).fill(10), 0, f(2));
  // separations: center 1 is close to center 0 (searched) but far from nothing (none skipped), then far (skipped)
  lloydMoveKernels[d]!(data, 0, R, centers, centers, k, alternate(), upper(), lower(), f(k), f(k), Float64Array.of(0, 1, 1, 0), 0, f(slot));
  lloydMoveKernels[d]!(data, 0, R, centers, centers, k, alternate(), upper(), lower(), f(k), f(k), Float64Array.of(0, 1e9, 1e9, 0), 0, f(slot));
  inertiaKernels[d]!(data, 0, R, centers, alternate());
  const closest = f(R), nearest = new Int32Array(R);
  seedStartKernels[d]!(data, 0, R, closest, nearest, 0);
  // stride 2 + nt: [pending, all, candidate 0, candidate 1] for labels 0 and 1
  const prune = Float64Array.of(30 * d, 5 * d, 5 * d, 5 * d, 0, 0, 0, 0);
  seedPotentialsKernels[d]!(data, 0, R, closest, nearest, R - 1, 1, prune, centers, k, f(k), 0, f(2));
}
