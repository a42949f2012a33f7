// Where the row loops of EM, Lloyd and k-means++ run. The fit loops (gmm.ts, kmeans.ts) call a
// ChunkExecutor for every pass over the rows; the default runs them in this thread, a compute layer
// may run them on several threads over shared memory (src/compute/parallel).
//
// Results do not depend on the executor: every sum over rows has ONE canonical order. The rows
// are cut into units of whole BLOCK_ROWS blocks (planUnits: depends only on the number of rows
// and the size of the partial sums, never on the number of threads); each unit's partial sums
// start from zero and run over its rows in order; the units' partials are then added in unit
// order. A multi-threaded executor computes the units in any order on any thread, stores each
// unit's partials in its own slot and adds them in unit order: bit-identical to this thread.
// With one block per unit (the usual case) this is exactly the historical block-by-block order.
//
// This file is the contract; the work of one unit is in emUnits.ts, lloydUnits.ts and
// kmeansPlusPlusUnits.ts, and inThreadExecutor.ts runs the units here, one after the other.

import type { DataMatrix } from './dataMatrix';
import { BLOCK_ROWS, type ComponentParameters, type SufficientStats } from './emShapes';

/** Upper bound on the numbers kept as per-unit partial sums of one pass (16 MB of doubles). */
export const MAX_PARTIAL_VALUES = 1 << 21;
/** Units of a pass are at least this many when rows allow: enough for dynamic load balancing. */
const MIN_UNITS = 64;

export interface UnitPlan {
  /** rows per unit, a multiple of BLOCK_ROWS */
  readonly unitRows: number;
  readonly nUnits: number;
}

/** The canonical cut of nRows rows into units for partial sums of slotSize numbers per unit. */
export function planUnits(nRows: number, slotSize: number): UnitPlan {
  const nBlocks = Math.ceil(nRows / BLOCK_ROWS);
  const maxUnits = Math.max(MIN_UNITS, Math.floor(MAX_PARTIAL_VALUES / Math.max(1, slotSize)));
  const unitRows = Math.max(1, Math.ceil(nBlocks / maxUnits)) * BLOCK_ROWS;
  return { unitRows, nUnits: Math.ceil(nRows / unitRows) };
}

/** The row passes of the fits. Arrays written by a pass must come from allocate* (shared when threaded). */
export interface ChunkExecutor {
  /** threads that run passes (1: this thread) */
  readonly nThreads: number;
  /** X with its data where every thread of the executor can read it (the same matrix when it already is) */
  share(X: DataMatrix): DataMatrix;
  allocateFloat64(length: number): Float64Array;
  allocateInt32(length: number): Int32Array;
  /** An array from allocate* the caller no longer uses: a later allocation of that size may reuse it (contents undefined). */
  release(array: Float64Array | Int32Array): void;
  /**
   * EM pass: responsibilities of every row into resp (n × k); their statistics and log-likelihood
   * added to stats. derivedComponent (≥ 0, wide full models only: see derivedSquares.ts): that
   * component's triangle of Σr(x − μ)(x − μ)ᵀ is left out (undefined): the caller derives it.
   */
  accumulate(params: ComponentParameters, X: DataMatrix, resp: Float64Array, stats: SufficientStats, derivedComponent?: number): void;
  /** E-step only: responsibilities into resp; returns Σ log-likelihood */
  estimate(params: ComponentParameters, X: DataMatrix, resp: Float64Array): number;
  /**
   * Lloyd pass: nearest center of every row into labels and its squared distance into distances;
   * Σ (x − center of its label), the counts and Σ |x − center|² into `sums` (overwritten).
   * `changed` counts rows whose label differs from what labels held (when compareLabels).
   * `bounds` (optional) lets rows skip the search (Hamerly) and are set for the next pass: see
   * LloydBounds; the results are the same.
   */
  lloyd(X: DataMatrix, centers: Float64Array, labels: Int32Array, distances: Float64Array, compareLabels: boolean,
    sums: LloydSums, bounds?: LloydBounds): { inertia: number; changed: number };
  /** nearest center of every row into labels, distance into distances; returns the inertia */
  assign(X: DataMatrix, centers: Float64Array, labels: Int32Array, distances: Float64Array): number;
  /** Σ |x − center of its label|² */
  inertia(X: DataMatrix, centers: Float64Array, labels: Int32Array): number;
  /** (d) Σ x of each column (about null) or Σ (x − about)² (about: d values) */
  columnSums(X: DataMatrix, about: Float64Array | null): Float64Array;
  /**
   * The first Lloyd pass after k-means++ (see seedKMeansPlusPlus in kmeans.ts): labels / distances
   * hold each row's nearest of centers 0..k−2 and its squared distance; the last center is folded
   * in (prune[label]: squared distance under which it cannot be nearer), which makes them exactly
   * the full search's; inertia and sums as lloyd() returns them, and bounds for the next pass, the
   * lower ones from the gaps between centers (gaps[c] ≤ |center c − every other center|).
   */
  lloydSeeded(X: DataMatrix, centers: Float64Array, labels: Int32Array, distances: Float64Array, prune: Float64Array,
    gaps: Float64Array, bounds: LloydBounds, sums: LloydSums): { inertia: number; changed: number };
  /**
   * A later Lloyd pass that keeps `sums` up to date instead of recomputing them: they hold
   * Σ (x − anchor), counts and Σ |x − anchor|² per cluster for the labels of the previous pass
   * (anchors: fixed points, k × d), and the rows that change label move their share. Rows whose
   * bounds (upper: distance to their center; drifts (k): how far each center moved since;
   * others (k): the largest drift of the other centers) show that no other center can be nearer
   * keep their label without touching their data; the others search only the centers that
   * separations (k × k distances between the centers) do not rule out. Labels are exactly the full
   * search's; returns how many changed. distances are not written.
   */
  lloydMove(X: DataMatrix, centers: Float64Array, anchors: Float64Array, labels: Int32Array, bounds: LloydBounds,
    drifts: Float64Array, others: Float64Array, separations: Float64Array, sums: LloydSums): number;
  /**
   * k-means++, first center: closest[i] = |xᵢ − x_row|², labels[i] = 0.
   * Returns each unit's Σ closest, units of seedUnits(n, nCandidates).
   */
  seedStart(X: DataMatrix, closest: Float64Array, labels: Int32Array, row: number, nCandidates: number): Float64Array;
  /**
   * k-means++ candidates, one pass: rows nearer to x_pendingRow than to their center take it
   * (closest, labels = pendingLabel), then each unit's Σᵢ min(closestᵢ, |xᵢ − x_cand|²) for every
   * candidate, added up as Σᵢ closestᵢ − Σᵢ max(0, closestᵢ − |xᵢ − x_cand|²) so that rows ruled out
   * add nothing: (nUnits × nCandidates), units of seedUnits(n, nCandidates). prune:
   * ((pendingLabel + 1) × (2 + nCandidates)) squared distances under which a row's center is
   * certainly nearer than the pending row (column 0), than it and every candidate (column 1), or
   * than candidate t (column 2 + t): see kmeans.ts. Sums and labels are the unpruned ones.
   */
  seedPotentials(X: DataMatrix, closest: Float64Array, labels: Int32Array, pendingRow: number, pendingLabel: number,
    candidates: Int32Array, prune: Float64Array): Float64Array;
  /**
   * Optional: scikit-learn's precision Cholesky factor (computePrecisionCholFull of linalg.ts) of
   * each of k d × d covariance blocks (k × d × d) into precisionsChol (k × d × d); returns each
   * block's jitter (k). One block per unit, each the same code wherever it runs: the same bits on
   * any thread. Why: at d = 500 the four factors of a full M-step take d³/3 multiply-adds each, on
   * one thread while the others wait for the next pass.
   */
  precisionCholFull?(covariances: Float64Array, k: number, d: number, precisionsChol: Float64Array): Float64Array;
}

/** The units of the k-means++ passes (the same for both, so their unit sums index the same rows). */
export function seedUnits(nRows: number, nCandidates: number): UnitPlan {
  return planUnits(nRows, Math.max(16, nCandidates));
}

/**
 * Hamerly's bounds for Lloyd passes: lower[i] ≤ the distance (not squared) from row i to every
 * center but its label's, upper[i] ≥ the distance to its label's. A pass with drift ≥ 0 (the
 * largest distance a center moved since the previous pass, whose labels are in `labels`) lowers
 * each bound by drift and, when the row's distance to its own center stays below it (with margins
 * for rounding: 1e-9 relative and tolAbs absolute), keeps the label without looking at the other
 * centers: they cannot be nearer, so the label, distance and sums are exactly those of the full
 * search. drift < 0: full search. Every pass leaves both bounds valid for its centers.
 */
export interface LloydBounds {
  /** (n) from allocateFloat64 */
  lower: Float64Array;
  /** (n) from allocateFloat64 */
  upper: Float64Array;
  drift: number;
  tolAbs: number;
}

/** What a Lloyd pass adds up per cluster, about the centers of the pass or fixed anchors. */
export interface LloydSums {
  /** (k × d) Σ (x − center or anchor) */
  shiftedSums: Float64Array;
  /** (k) */
  counts: Float64Array;
  /** (k) Σ |x − center or anchor|² */
  squares: Float64Array;
}

/** tolAbs for centers of this magnitude: covers rounding of x − c on data far from the origin. */
export function lloydBoundTolerance(centers: Float64Array, d: number): number {
  let max = 0;
  for (let i = 0; i < centers.length; i++) { max = Math.max(max, Math.abs(centers[i]!)); }
  return roundingTolerance(max, d);
}

/** The absolute rounding margin of distances between points whose coordinates are at most maxAbs. */
export function roundingTolerance(maxAbs: number, d: number): number {
  return 1e-12 * Math.sqrt(d) * Math.max(1, maxAbs);
}
