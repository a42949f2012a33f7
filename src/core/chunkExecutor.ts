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

import { addColumnSums, type DataMatrix } from './dataMatrix';
import { accumulateBlockStats, estimateBlock } from './gmmKernels';
import { isTriangular, type ComponentParameters, type CovarianceType } from './gmmModel';
import { BLOCK_ROWS, type SufficientStats } from './gmmStats';
import { kernelSettings, primeKernels } from './kernels/dispatch';
import {
  inertiaKernels, lloydAssignKernels, lloydBoundedKernels, lloydFirstKernels, lloydMoveKernels, lloydSeededKernels, seedPotentialsKernels, seedStartKernels,
} from './kernels/unrolled';

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
  /** EM pass: responsibilities of every row into resp (n × k); their statistics and log-likelihood added to stats */
  accumulate(params: ComponentParameters, X: DataMatrix, resp: Float64Array, stats: SufficientStats): void;
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
}

/** The units of the k-means++ passes (the same for both, so their unit sums index the same rows). */
export function seedUnits(nRows: number, nCandidates: number): UnitPlan {
  return planUnits(nRows, Math.max(16, nCandidates));
}

/** |x_i − x_row|² exactly as the seeding kernels compute it. */
export function seedDistance(data: Float64Array, d: number, i: number, row: number): number {
  let dist = 0;
  for (let j = 0; j < d; j++) {
    const diff = data[i * d + j]! - data[row * d + j]!;
    dist += diff * diff;
  }
  return dist;
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

// ---------------------------------------------------------------------------------------------
// Per-unit work, shared by the in-thread executor and the worker threads of src/compute/parallel.

/** Numbers of one EM unit's partials: [logLikelihood, sumResp (k), sumDiff (k × d), sumSquares]. */
export function emSlotSize(covarianceType: CovarianceType, k: number, d: number): number {
  return 1 + k + k * d + (isTriangular(covarianceType) ? k * d * d : k * d);
}

/** SufficientStats whose arrays are views on partials[offset + 1 …] (partials[offset] holds the log-likelihood). */
export function statsView(covarianceType: CovarianceType, k: number, d: number, shift: Float64Array, partials: Float64Array, offset: number): SufficientStats {
  const sq = isTriangular(covarianceType) ? k * d * d : k * d;
  let o = offset + 1;
  const sumResp = partials.subarray(o, o += k);
  const sumDiff = partials.subarray(o, o += k * d);
  const sumSquares = partials.subarray(o, o + sq);
  return { covarianceType, nComponents: k, nFeatures: d, shift, sumResp, sumDiff, sumSquares, logLikelihood: 0, nSamples: 0 };
}

/** EM on rows [start, end): resp written, statistics added to unitStats (zeroed by the caller); returns Σ log-likelihood. */
export function emUnit(
  params: ComponentParameters, data: Float64Array, start: number, end: number, resp: Float64Array, unitStats: SufficientStats | null,
): number {
  primeKernels(params.nFeatures);
  let logLikelihood = 0;
  for (let blockStart = start; blockStart < end; blockStart += BLOCK_ROWS) {
    const blockEnd = Math.min(end, blockStart + BLOCK_ROWS);
    logLikelihood += estimateBlock(params, data, blockStart, blockEnd, resp, null);
    if (unitStats !== null) { accumulateBlockStats(unitStats, data, blockStart, blockEnd, resp); }
  }
  return logLikelihood;
}

/** stats += one unit's partials (in unit order: that is the canonical order). */
export function mergeEmUnit(stats: SufficientStats, partials: Float64Array, offset: number, rows: number): void {
  stats.logLikelihood += partials[offset]!;
  let o = offset + 1;
  o = addFrom(stats.sumResp, partials, o);
  o = addFrom(stats.sumDiff, partials, o);
  if (isTriangular(stats.covarianceType)) {
    // the kernels fill the lower triangles only (the rest stays 0): half the adds, on the one thread that merges
    const { nComponents: k, nFeatures: d, sumSquares } = stats;
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < d; j++) {
        const at = c * d * d + j * d;
        for (let l = 0; l <= j; l++) { sumSquares[at + l]! += partials[o + at + l]!; }
      }
    }
  } else {
    addFrom(stats.sumSquares, partials, o);
  }
  stats.nSamples += rows;
}

function addFrom(into: Float64Array, from: Float64Array, offset: number): number {
  for (let i = 0; i < into.length; i++) { into[i]! += from[offset + i]!; }
  return offset + into.length;
}

/** Numbers of one Lloyd unit's partials: [inertia, changed, counts (k), shifted sums (k × d), squares (k)]. */
export function lloydSlotSize(k: number, d: number): number {
  return 2 + k + k * d + k;
}

/**
 * Lloyd on rows [start, end): labels, distances; the unit's partials written (not added) to
 * partials[offset …] in the layout of lloydSlotSize. With sums false, only inertia and changed are
 * written. lower / upper / drift / tolAbs: see LloydBounds (lower null: no bounds).
 */
export function lloydUnit(
  data: Float64Array, d: number, start: number, end: number, centers: Float64Array, k: number,
  labels: Int32Array, distances: Float64Array, compareLabels: boolean, sums: boolean, partials: Float64Array, offset: number,
  lower: Float64Array | null = null, upper: Float64Array | null = null, drift = -1, tolAbs = 0,
): void {
  primeKernels(d);
  // accumulate in this thread's scratch, then copy: other threads write the neighbouring slots
  const slotSize = sums ? lloydSlotSize(k, d) : 2;
  const out = unitScratch(slotSize);
  lloydUnitInto(data, d, start, end, centers, k, labels, distances, compareLabels, sums, out, lower, upper, drift, tolAbs);
  partials.set(out.subarray(0, slotSize), offset);
}

/** This thread's scratch for a unit's partials. */
let scratch = new Float64Array(256);
/** The two-slot select of the kernels that take a row's nearer of two distances without a branch. */
const selectScratch = new Float64Array(2);

function unitScratch(length: number): Float64Array {
  if (scratch.length < length) { scratch = new Float64Array(Math.max(length, 2 * scratch.length)); }
  return scratch;
}

function lloydUnitInto(
  data: Float64Array, d: number, start: number, end: number, centers: Float64Array, k: number,
  labels: Int32Array, distances: Float64Array, compareLabels: boolean, sums: boolean, partials: Float64Array,
  lower: Float64Array | null, upper: Float64Array | null, drift: number, tolAbs: number,
): void {
  const countsAt = 2, sumsAt = 2 + k, squaresAt = 2 + k + k * d;
  if (sums) { partials.fill(0, countsAt, squaresAt + k); }
  // the unrolled kernels cover the three ways runLloyd calls; anything else takes the generic loop
  if (kernelSettings.useUnrolled) {
    const withBounds = lower !== null && upper !== null;
    const table = sums && withBounds && !compareLabels && drift < 0 ? lloydFirstKernels
      : sums && withBounds && compareLabels && drift >= 0 ? lloydBoundedKernels
        : !sums && lower === null && !compareLabels ? lloydAssignKernels : undefined;
    const kernel = table?.[d];
    if (kernel !== undefined) {
      kernel(data, start, end, centers, k, labels, distances, partials, lower ?? partials, upper ?? partials, drift, tolAbs);
      return;
    }
  }
  // the generic loop of the kernels above, for any d
  const bounded = lower !== null && drift >= 0;
  let inertia = 0;
  let changed = 0;
  for (let i = start, row = start * d; i < end; i++, row += d) {
    let best = Infinity, label = 0;
    let search = true;
    if (bounded) {
      const hint = labels[i]!;
      const dist = rowDistance(data, row, centers, hint * d, d);
      const bound = lower[i]! - drift;
      if (Math.sqrt(dist) * (1 + 1e-9) + tolAbs < bound) { best = dist; label = hint; lower[i] = bound; search = false; }
    }
    if (search) {
      let second = Infinity;
      for (let c = 0; c < k; c++) {
        const dist = rowDistance(data, row, centers, c * d, d);
        if (dist < best) { second = best; best = dist; label = c; } else if (dist < second) { second = dist; }
      }
      if (lower !== null) { lower[i] = Math.sqrt(second); }
    }
    if (compareLabels && labels[i] !== label) { changed++; }
    labels[i] = label;
    distances[i] = best;
    inertia += best;
    if (sums) {
      if (upper !== null) { upper[i] = Math.sqrt(best); }
      partials[countsAt + label]! += 1;
      partials[squaresAt + label]! += best;
      const s = sumsAt + label * d, ctr = label * d;
      for (let j = 0; j < d; j++) { partials[s + j]! += data[row + j]! - centers[ctr + j]!; }
    }
  }
  partials[0] = inertia;
  partials[1] = changed;
}

/** |x − point|², x at data[row …], the point at points[at …]: the kernels' order of operations. */
function rowDistance(data: Float64Array, row: number, points: Float64Array, at: number, d: number): number {
  let dist = 0;
  for (let j = 0; j < d; j++) {
    const diff = data[row + j]! - points[at + j]!;
    dist += diff * diff;
  }
  return dist;
}

/** Adds one Lloyd unit's partials (partials[offset …]) to the running totals, in unit order. */
export function mergeLloydUnit(partials: Float64Array, offset: number, totals: { inertia: number; changed: number }, sums: LloydSums): void {
  const { counts, shiftedSums, squares } = sums;
  const k = counts.length;
  totals.inertia += partials[offset]!;
  totals.changed += partials[offset + 1]!;
  for (let c = 0; c < k; c++) { counts[c]! += partials[offset + 2 + c]!; }
  const sumsAt = offset + 2 + k;
  for (let j = 0; j < shiftedSums.length; j++) { shiftedSums[j]! += partials[sumsAt + j]!; }
  const squaresAt = sumsAt + shiftedSums.length;
  for (let c = 0; c < k; c++) { squares[c]! += partials[squaresAt + c]!; }
}

export function clearLloydSums(sums: LloydSums): void {
  sums.shiftedSums.fill(0);
  sums.counts.fill(0);
  sums.squares.fill(0);
}

/**
 * The first Lloyd pass after k-means++ on rows [start, end) (ChunkExecutor.lloydSeeded); the unit's
 * partials written to partials[offset …] in the layout of lloydSlotSize.
 */
export function lloydSeededUnit(
  data: Float64Array, d: number, start: number, end: number, centers: Float64Array, k: number, labels: Int32Array,
  distances: Float64Array, prune: Float64Array, gaps: Float64Array, lower: Float64Array, upper: Float64Array, tolAbs: number,
  partials: Float64Array, offset: number,
): void {
  primeKernels(d);
  const slotSize = lloydSlotSize(k, d);
  const out = unitScratch(slotSize);
  out.fill(0, 0, slotSize);
  const kernel = kernelSettings.useUnrolled ? lloydSeededKernels[d] : undefined;
  if (kernel !== undefined) {
    kernel(data, start, end, centers, k, labels, distances, out, lower, upper, prune, gaps, tolAbs, selectScratch);
  } else {
    const sumsAt = 2 + k, squaresAt = 2 + k + k * d, last = (k - 1) * d;
    let inertia = 0;
    for (let i = start, row = start * d; i < end; i++, row += d) {
      let best = distances[i]!, label = labels[i]!;
      if (!(best < prune[label]!)) {
        const dist = rowDistance(data, row, centers, last, d);
        if (dist < best) { best = dist; label = k - 1; labels[i] = label; distances[i] = dist; }
      }
      const root = Math.sqrt(best);
      upper[i] = root;
      lower[i] = gaps[label]! - root * (1 + 1e-9) - tolAbs;
      inertia += best;
      out[2 + label]! += 1;
      out[squaresAt + label]! += best;
      const s = sumsAt + label * d, ctr = label * d;
      for (let j = 0; j < d; j++) { out[s + j]! += data[row + j]! - centers[ctr + j]!; }
    }
    out[0] = inertia;
  }
  partials.set(out.subarray(0, slotSize), offset);
}

/**
 * A later Lloyd pass on rows [start, end) (ChunkExecutor.lloydMove): the unit's changes of counts,
 * sums and squares written to partials[offset …] in the layout of lloydSlotSize, with the number
 * of changed labels at [offset + 1].
 */
export function lloydMoveUnit(
  data: Float64Array, d: number, start: number, end: number, centers: Float64Array, anchors: Float64Array, k: number,
  labels: Int32Array, upper: Float64Array, lower: Float64Array, drifts: Float64Array, others: Float64Array, separations: Float64Array,
  tolAbs: number, partials: Float64Array, offset: number,
): void {
  primeKernels(d);
  const slotSize = lloydSlotSize(k, d);
  const out = unitScratch(slotSize);
  out.fill(0, 0, slotSize);
  const kernel = kernelSettings.useUnrolled ? lloydMoveKernels[d] : undefined;
  if (kernel !== undefined) {
    kernel(data, start, end, centers, anchors, k, labels, upper, lower, drifts, others, separations, tolAbs, out);
  } else {
    const sumsAt = 2 + k, squaresAt = 2 + k + k * d;
    let changed = 0;
    for (let i = start, row = start * d; i < end; i++, row += d) {
      const label = labels[i]!;
      const bound = lower[i]! - others[label]!;
      let reach = upper[i]! + drifts[label]!;
      if (reach * (1 + 1e-9) + tolAbs < bound) { upper[i] = reach; lower[i] = bound; continue; }
      const own = rowDistance(data, row, centers, label * d, d);
      reach = Math.sqrt(own);
      if (reach * (1 + 1e-9) + tolAbs < bound) { upper[i] = reach; lower[i] = bound; continue; }
      const limit = 2 * (reach * (1 + 1e-9) + tolAbs);
      let best = own, second = Infinity, next = label, skipped = Infinity;
      for (let c = 0; c < k; c++) {
        if (c === label) { continue; }
        const separation = separations[label * k + c]!;
        if (separation > limit) { skipped = Math.min(skipped, separation - reach); continue; }
        const dist = rowDistance(data, row, centers, c * d, d);
        if (dist < best || (dist === best && c < next)) { second = best; best = dist; next = c; } else if (dist < second) { second = dist; }
      }
      upper[i] = Math.sqrt(best);
      lower[i] = Math.min(Math.sqrt(second), skipped * (1 - 1e-9) - tolAbs);
      if (next === label) { continue; }
      changed++;
      labels[i] = next;
      out[2 + label]! -= 1;
      out[2 + next]! += 1;
      let leaving = 0, joining = 0;
      for (let j = 0; j < d; j++) {
        const a = data[row + j]! - anchors[label * d + j]!, b = data[row + j]! - anchors[next * d + j]!;
        out[sumsAt + label * d + j]! -= a;
        out[sumsAt + next * d + j]! += b;
        leaving += a * a;
        joining += b * b;
      }
      out[squaresAt + label]! -= leaving;
      out[squaresAt + next]! += joining;
    }
    out[1] = changed;
  }
  partials.set(out.subarray(0, slotSize), offset);
}

/** Σ |x − center of its label|² over rows [start, end). */
export function inertiaUnit(data: Float64Array, d: number, start: number, end: number, centers: Float64Array, labels: Int32Array): number {
  primeKernels(d);
  const kernel = kernelSettings.useUnrolled ? inertiaKernels[d] : undefined;
  if (kernel !== undefined) { return kernel(data, start, end, centers, labels); }
  let inertia = 0;
  for (let i = start, row = start * d; i < end; i++, row += d) { inertia += rowDistance(data, row, centers, labels[i]! * d, d); }
  return inertia;
}

/** Column sums over rows [start, end) written to out[offset …] (d values): Σ x, or Σ (x − about)². */
export function columnSumsUnit(
  data: Float64Array, d: number, start: number, end: number, about: Float64Array | null, out: Float64Array, offset: number,
): void {
  out.fill(0, offset, offset + d);
  addColumnSums(data, d, start, end, about, out, undefined, offset);
}

/** k-means++ first center on rows [start, end) (see ChunkExecutor.seedStart); returns Σ closest over them. */
export function seedStartUnit(data: Float64Array, d: number, start: number, end: number, closest: Float64Array, labels: Int32Array, row: number): number {
  primeKernels(d);
  const kernel = kernelSettings.useUnrolled ? seedStartKernels[d] : undefined;
  if (kernel !== undefined) { return kernel(data, start, end, closest, labels, row); }
  let sum = 0;
  for (let i = start; i < end; i++) {
    const dist = seedDistance(data, d, i, row);
    closest[i] = dist;
    labels[i] = 0;
    sum += dist;
  }
  return sum;
}

/**
 * Rows [start, end) of a k-means++ candidates pass (ChunkExecutor.seedPotentials): closest and
 * labels brought up to date with pendingRow, then Σ closest − Σ max(0, closest − |x − x_cand|²),
 * that is Σ min(closest, |x − x_cand|²), per candidate into out[offset + t]. Rows the prune table
 * rules out touch no data: their reductions are zeros, so the sums are the unpruned ones.
 */
export function seedPotentialsUnit(
  data: Float64Array, d: number, start: number, end: number, closest: Float64Array, labels: Int32Array, pendingRow: number,
  pendingLabel: number, candidates: Int32Array, prune: Float64Array, out: Float64Array, offset: number,
): void {
  primeKernels(d);
  const nt = candidates.length;
  const acc = unitScratch(nt);
  const kernel = kernelSettings.useUnrolled ? seedPotentialsKernels[d] : undefined;
  if (kernel !== undefined) {
    // all candidates against each row while it is in cache; per candidate the same order.
    // Sums go to this thread's scratch first: other threads write the neighbouring slots.
    const cands = candidateScratch(nt * d);
    for (let t = 0; t < nt; t++) { cands.set(data.subarray(candidates[t]! * d, candidates[t]! * d + d), t * d); }
    kernel(data, start, end, closest, labels, pendingRow, pendingLabel, prune, cands, nt, acc, 0, selectScratch);
    out.set(acc.subarray(0, nt), offset);
    return;
  }
  acc.fill(0, 0, nt);
  const stride = nt + 2;
  let total = 0;
  for (let i = start; i < end; i++) {
    let cl = closest[i]!;
    const at = labels[i]! * stride;
    if (cl < prune[at + 1]!) {
      total += cl;
      continue;
    }
    if (!(cl < prune[at]!)) {
      const dist = seedDistance(data, d, i, pendingRow);
      if (dist < cl) { cl = dist; closest[i] = dist; labels[i] = pendingLabel; }
    }
    total += cl;
    for (let t = 0; t < nt; t++) {
      const reduction = cl - seedDistance(data, d, i, candidates[t]!);
      if (reduction > 0) { acc[t]! += reduction; }
    }
  }
  for (let t = 0; t < nt; t++) { out[offset + t] = total - acc[t]!; }
}

let candidateCoordinates = new Float64Array(64);

function candidateScratch(length: number): Float64Array {
  if (candidateCoordinates.length < length) { candidateCoordinates = new Float64Array(length); }
  return candidateCoordinates;
}

// ---------------------------------------------------------------------------------------------

/**
 * A Lloyd pass in this thread: unit by unit, each unit's partials added to `sums` in unit order
 * (cleared first for a full pass; a later pass adds its changes).
 */
function lloydUnitsInThread(
  X: DataMatrix, sums: LloydSums, clear: boolean, unit: (start: number, end: number, partials: Float64Array) => void,
): { inertia: number; changed: number } {
  const n = X.nSamples;
  const slot = lloydSlotSize(sums.counts.length, X.nFeatures);
  const { unitRows, nUnits } = planUnits(n, slot);
  const partials = new Float64Array(slot);
  if (clear) { clearLloydSums(sums); }
  const totals = { inertia: 0, changed: 0 };
  for (let u = 0; u < nUnits; u++) {
    const start = u * unitRows;
    unit(start, Math.min(n, start + unitRows), partials);
    mergeLloydUnit(partials, 0, totals, sums);
  }
  return totals;
}

/** Runs every pass in the calling thread, unit by unit, with the canonical sums. */
export const inThreadExecutor: ChunkExecutor = {
  nThreads: 1,
  share: X => X,
  allocateFloat64: length => new Float64Array(length),
  allocateInt32: length => new Int32Array(length),
  release: () => {},
  accumulate(params, X, resp, stats) {
    const { covarianceType, nComponents: k, nFeatures: d } = params;
    const n = X.nSamples;
    const slot = emSlotSize(covarianceType, k, d);
    const { unitRows, nUnits } = planUnits(n, slot);
    const partials = new Float64Array(slot);
    const unitStats = statsView(covarianceType, k, d, stats.shift, partials, 0);
    for (let u = 0; u < nUnits; u++) {
      const start = u * unitRows, end = Math.min(n, start + unitRows);
      partials.fill(0);
      partials[0] = emUnit(params, X.data, start, end, resp, unitStats);
      mergeEmUnit(stats, partials, 0, end - start);
    }
  },
  estimate(params, X, resp) {
    const { unitRows, nUnits } = planUnits(X.nSamples, 1);
    let total = 0;
    for (let u = 0; u < nUnits; u++) {
      const start = u * unitRows;
      total += emUnit(params, X.data, start, Math.min(X.nSamples, start + unitRows), resp, null);
    }
    return total;
  },
  lloyd(X, centers, labels, distances, compareLabels, sums, bounds) {
    const k = sums.counts.length;
    return lloydUnitsInThread(X, sums, true, (start, end, partials) => lloydUnit(X.data, X.nFeatures, start, end, centers, k, labels, distances,
      compareLabels, true, partials, 0, bounds?.lower ?? null, bounds?.upper ?? null, bounds?.drift ?? -1, bounds?.tolAbs ?? 0));
  },
  assign(X, centers, labels, distances) {
    const { nSamples: n, nFeatures: d } = X;
    const k = centers.length / d;
    const { unitRows, nUnits } = planUnits(n, 2);
    const partials = new Float64Array(2);
    let inertia = 0;
    for (let u = 0; u < nUnits; u++) {
      const start = u * unitRows;
      lloydUnit(X.data, d, start, Math.min(n, start + unitRows), centers, k, labels, distances, false, false, partials, 0);
      inertia += partials[0]!;
    }
    return inertia;
  },
  inertia(X, centers, labels) {
    const { nSamples: n, nFeatures: d } = X;
    const { unitRows, nUnits } = planUnits(n, 1);
    let inertia = 0;
    for (let u = 0; u < nUnits; u++) {
      const start = u * unitRows;
      inertia += inertiaUnit(X.data, d, start, Math.min(n, start + unitRows), centers, labels);
    }
    return inertia;
  },
  columnSums(X, about) {
    const { nSamples: n, nFeatures: d } = X;
    const { unitRows, nUnits } = planUnits(n, d);
    const sums = new Float64Array(d), partials = new Float64Array(d);
    for (let u = 0; u < nUnits; u++) {
      const start = u * unitRows;
      columnSumsUnit(X.data, d, start, Math.min(n, start + unitRows), about, partials, 0);
      for (let j = 0; j < d; j++) { sums[j]! += partials[j]!; }
    }
    return sums;
  },
  lloydSeeded(X, centers, labels, distances, prune, gaps, bounds, sums) {
    const k = sums.counts.length;
    return lloydUnitsInThread(X, sums, true, (start, end, partials) => lloydSeededUnit(X.data, X.nFeatures, start, end, centers, k, labels,
      distances, prune, gaps, bounds.lower, bounds.upper, bounds.tolAbs, partials, 0));
  },
  lloydMove(X, centers, anchors, labels, bounds, drifts, others, separations, sums) {
    const k = sums.counts.length;
    return lloydUnitsInThread(X, sums, false, (start, end, partials) => lloydMoveUnit(X.data, X.nFeatures, start, end, centers, anchors, k,
      labels, bounds.upper, bounds.lower, drifts, others, separations, bounds.tolAbs, partials, 0)).changed;
  },
  seedStart(X, closest, labels, row, nCandidates) {
    const { nSamples: n, nFeatures: d } = X;
    const { unitRows, nUnits } = seedUnits(n, nCandidates);
    const sums = new Float64Array(nUnits);
    for (let u = 0; u < nUnits; u++) {
      const start = u * unitRows;
      sums[u] = seedStartUnit(X.data, d, start, Math.min(n, start + unitRows), closest, labels, row);
    }
    return sums;
  },
  seedPotentials(X, closest, labels, pendingRow, pendingLabel, candidates, prune) {
    const { nSamples: n, nFeatures: d } = X;
    const nt = candidates.length;
    const { unitRows, nUnits } = seedUnits(n, nt);
    const partials = new Float64Array(nUnits * nt);
    for (let u = 0; u < nUnits; u++) {
      const start = u * unitRows;
      seedPotentialsUnit(X.data, d, start, Math.min(n, start + unitRows), closest, labels, pendingRow, pendingLabel, candidates, prune, partials, u * nt);
    }
    return partials;
  },
};
