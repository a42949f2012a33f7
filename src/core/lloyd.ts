// Lloyd's iterations (scikit-learn's _kmeans_single_lloyd) over a ChunkExecutor's passes, with
// Hamerly's bounds so that most rows skip the search after a few iterations, and the sums of
// each cluster moved by the rows that change cluster instead of recomputed. Labels are exactly
// the full search's in every iteration; the geometry of the centers (separations, gaps) lets the
// passes skip the centers the triangle inequality rules out.

import { lloydBoundTolerance, type ChunkExecutor, type LloydBounds, type LloydSums } from './chunkExecutor';
import type { DataMatrix } from './dataMatrix';
import { inThreadExecutor } from './inThreadExecutor';
import { pruneThreshold } from './kmeansPlusPlus';

export interface LloydWorkspace {
  executor: ChunkExecutor;
  /**
   * Σ (x − anchor), counts and Σ |x − anchor|² per cluster. Sums about a point near each cluster
   * (its center at the last full pass) keep full precision on data far from the origin.
   */
  sums: LloydSums;
  /** (k × d) the points the sums are about */
  anchors: Float64Array;
  /** (k × d) */
  newCenters: Float64Array;
  /** (k) how far each center moved in the last update, and the largest move of the others */
  drifts: Float64Array;
  others: Float64Array;
  /** (n) squared distance of each sample to its assigned center, after full passes */
  distances: Float64Array;
  /** (n) Hamerly bounds (chunkExecutor.LloydBounds): most rows skip the search after a few iterations */
  lower: Float64Array;
  upper: Float64Array;
}

export function createLloydWorkspace(n: number, k: number, d: number, executor: ChunkExecutor = inThreadExecutor): LloydWorkspace {
  return {
    executor,
    sums: { shiftedSums: new Float64Array(k * d), counts: new Float64Array(k), squares: new Float64Array(k) },
    anchors: new Float64Array(k * d), newCenters: new Float64Array(k * d), drifts: new Float64Array(k), others: new Float64Array(k),
    distances: executor.allocateFloat64(n), lower: executor.allocateFloat64(n), upper: executor.allocateFloat64(n),
  };
}

/**
 * Lloyd iterations from `centers` (updated in place to the final centers; labels filled).
 * Mirrors sklearn's _kmeans_single_lloyd: stop on identical labels (strict) or when the squared
 * center shift is ≤ tol, then re-assign so labels match the returned centers.
 * seeded: labels and workspace.distances hold what seedKMeansPlusPlus left (each row's nearest of
 * all centers but the last), so the first pass need not search: same results, a fraction of the work.
 * The first pass adds up every row; later ones (lloydMove) only visit the rows their bounds cannot
 * settle and move the sums of the rows that change cluster. Labels are the full search's in every
 * iteration; the inertia of those iterations comes from the sums (inertiaFromSums).
 */
export function runLloyd(
  X: DataMatrix, centers: Float64Array, labels: Int32Array, maxIter: number, tol: number,
  workspace: LloydWorkspace, onIteration: (iteration: number, inertia: number) => void, seeded = false,
): { inertia: number; nIter: number; converged: boolean } {
  const k = centers.length / X.nFeatures;
  const d = X.nFeatures;
  const { executor, sums, anchors, newCenters, distances, drifts, others } = workspace;
  const bounds: LloydBounds = { lower: workspace.lower, upper: workspace.upper, drift: -1, tolAbs: 0 };
  let strict = false;
  let converged = false;
  let nIter = 0;
  // a full pass recomputes the sums about the current centers, which become the anchors
  let full = true;
  // the seeded pass's lower bounds are each row's center's gap to the others minus the row's
  // distance: kept with the separations per center pair, they give the next pass tighter bounds (seededOthers)
  let seededGeometry: { separations: Float64Array; gaps: Float64Array } | null = null;
  for (let iter = 0; iter < maxIter; iter++) {
    nIter = iter + 1;
    bounds.tolAbs = lloydBoundTolerance(centers, d);
    let inertia: number;
    let changed: number;
    const ranFull = full;
    if (full) {
      // labels still hold the previous iteration's: the pass counts the rows that changed
      seededGeometry = iter === 0 && seeded ? centerGeometry(centers, d) : null;
      ({ inertia, changed } = seededGeometry !== null
        ? executor.lloydSeeded(X, centers, labels, distances, lastCenterPruning(centers, d, bounds.tolAbs), seededGeometry.gaps, bounds, sums)
        : executor.lloyd(X, centers, labels, distances, iter > 0, sums, bounds));
      anchors.set(centers);
    } else {
      changed = executor.lloydMove(X, centers, anchors, labels, bounds, drifts, others, centerSeparations(centers, d), sums);
      inertia = inertiaFromSums(centers, anchors, sums, d);
    }
    full = false;
    if (sums.counts.includes(0)) {
      // sklearn moves empty clusters to the rows farthest from their centers: exact distances first
      if (!ranFull) { executor.assign(X, centers, labels, distances); }
      relocateEmptyClusters(X, anchors, k, labels, distances, sums.shiftedSums, sums.counts);
      // the relocated rows keep their labels (as in sklearn) but not their sums: recompute next time
      full = true;
    }
    let shift = 0;
    for (let c = 0; c < k; c++) {
      const count = sums.counts[c]!;
      let moved = 0;
      for (let j = 0; j < d; j++) {
        const at = c * d + j;
        const next = count > 0 ? anchors[at]! + sums.shiftedSums[at]! / count : centers[at]!;
        const delta = next - centers[at]!;
        newCenters[at] = next;
        moved += delta * delta;
      }
      shift += moved;
      drifts[c] = Math.sqrt(moved);
    }
    if (ranFull && seededGeometry !== null) { seededOthers(seededGeometry.separations, seededGeometry.gaps, drifts, others); } else { largestOfOthers(drifts, others); }
    // the next pass may use the bounds: centers moved by at most drift (relocated ones included)
    bounds.drift = Math.max(...drifts);
    centers.set(newCenters);
    onIteration(nIter, inertia);
    if (iter > 0 && changed === 0) { strict = true; converged = true; break; }
    if (shift <= tol) { converged = true; break; }
  }
  if (!strict) {
    // labels for the returned centers: one more pass, bounded like the others (the sums it moves are not used)
    bounds.tolAbs = lloydBoundTolerance(centers, d);
    executor.lloydMove(X, centers, anchors, labels, bounds, drifts, others, centerSeparations(centers, d), sums);
  }
  return { inertia: executor.inertia(X, centers, labels), nIter, converged };
}

/**
 * The Hamerly "others" term after the seeded pass, per center c: that pass set each row's lower
 * bound to gap(c) − r (r: the row's distance to c, gap(c) = min over c' of |c − c'|, centerGeometry).
 * By the triangle inequality the row is at least |c − c'| − r − drift(c') from the moved c', so
 * gap(c) − min over c' of (|c − c'| − drift(c')) may be taken off instead of the largest drift of
 * all: far centers that moved much no longer loosen every row's bound. Never larger than that
 * largest drift (up to the 1e-9 margins, which keep the rounded bound on the safe side).
 */
function seededOthers(separations: Float64Array, gaps: Float64Array, drifts: Float64Array, others: Float64Array): void {
  const k = drifts.length;
  for (let c = 0; c < k; c++) {
    let reach = Infinity;
    for (let o = 0; o < k; o++) {
      if (o !== c) { reach = Math.min(reach, separations[c * k + o]! * (1 - 1e-9) - drifts[o]! * (1 + 1e-9)); }
    }
    others[c] = k > 1 ? Math.max(0, gaps[c]! - reach) : 0;
  }
}

/** others[c] = the largest of values without values[c]. */
function largestOfOthers(values: Float64Array, others: Float64Array): void {
  let first = -Infinity, second = -Infinity, at = -1;
  for (let c = 0; c < values.length; c++) {
    const v = values[c]!;
    if (v > first) { second = first; first = v; at = c; } else if (v > second) { second = v; }
  }
  for (let c = 0; c < values.length; c++) { others[c] = Math.max(0, c === at ? second : first); }
}

/**
 * Σ |x − center|² over each cluster's rows from its sums about the anchor a:
 * Σ |x − a|² − 2 (center − a)·Σ (x − a) + n |center − a|².
 */
export function inertiaFromSums(centers: Float64Array, anchors: Float64Array, sums: LloydSums, d: number): number {
  const { shiftedSums, counts, squares } = sums;
  let inertia = 0;
  for (let c = 0; c < counts.length; c++) {
    let dot = 0, norm = 0;
    for (let j = 0; j < d; j++) {
      const offset = centers[c * d + j]! - anchors[c * d + j]!;
      dot += offset * shiftedSums[c * d + j]!;
      norm += offset * offset;
    }
    inertia += Math.max(0, squares[c]! - 2 * dot + counts[c]! * norm);
  }
  return inertia;
}

/**
 * Nearest center of every sample into labels and its squared distance into distances; returns the
 * inertia. One center at a time over a block of rows, so the center sits in locals (unrolled.ts).
 */
export function assignLabels(
  X: DataMatrix, centers: Float64Array, _k: number, labels: Int32Array, distances: Float64Array,
  executor: ChunkExecutor = inThreadExecutor,
): number {
  return executor.assign(X, centers, labels, distances);
}

/**
 * sklearn's _relocate_empty_clusters_dense: each empty cluster takes one of the samples farthest
 * from their (old) center, largest distance first; labels are left as they are. shiftedSums are
 * about `anchors`.
 */
function relocateEmptyClusters(
  X: DataMatrix, anchors: Float64Array, k: number, labels: Int32Array, distances: Float64Array,
  shiftedSums: Float64Array, counts: Float64Array,
): void {
  let nEmpty = 0;
  for (let c = 0; c < k; c++) { if (counts[c] === 0) { nEmpty++; } }
  if (nEmpty === 0) { return; }
  const { data, nFeatures: d } = X;
  const far = largestIndices(distances, nEmpty);
  let e = 0;
  for (let c = 0; c < k; c++) {
    if (counts[c] !== 0) { continue; }
    const idx = far[e++]!;
    const old = labels[idx]!;
    for (let j = 0; j < d; j++) {
      const x = data[idx * d + j]!;
      shiftedSums[old * d + j]! -= x - anchors[old * d + j]!;
      shiftedSums[c * d + j] = x - anchors[c * d + j]!;
    }
    counts[old]! -= 1;
    counts[c] = 1;
  }
}

/** Indices of the m largest values, largest first (m is small: the number of empty clusters). */
function largestIndices(values: Float64Array, m: number): Int32Array {
  const out = new Int32Array(m).fill(-1);
  const top = new Float64Array(m).fill(-Infinity);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v > top[m - 1]!) && out[m - 1] !== -1) { continue; }
    let p = m - 1;
    while (p > 0 && (v > top[p - 1]! || out[p - 1] === -1)) { top[p] = top[p - 1]!; out[p] = out[p - 1]!; p--; }
    top[p] = v;
    out[p] = i;
  }
  return out;
}

/** (k) the seeded first Lloyd pass's thresholds: under prune[r], the last center is not nearer than center r. */
function lastCenterPruning(centers: Float64Array, d: number, tolAbs: number): Float64Array {
  const k = centers.length / d;
  const prune = new Float64Array(k);
  for (let r = 0; r < k; r++) { prune[r] = r === k - 1 ? Infinity : pruneThreshold(centerDistance(centers, d, r, k - 1), tolAbs); }
  return prune;
}

/** (k × k) distances (not squared) between the centers. */
function centerSeparations(centers: Float64Array, d: number): Float64Array {
  const k = centers.length / d;
  const separations = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const separation = Math.sqrt(centerDistance(centers, d, a, b));
      separations[a * k + b] = separation;
      separations[b * k + a] = separation;
    }
  }
  return separations;
}

/** The seeded pass's centers: (k × k) separations and (k) gaps, a lower bound on each one's distance to its nearest other. */
function centerGeometry(centers: Float64Array, d: number): { separations: Float64Array; gaps: Float64Array } {
  const k = centers.length / d;
  const separations = centerSeparations(centers, d);
  const gaps = new Float64Array(k).fill(Infinity);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      if (b !== a) { gaps[a] = Math.min(gaps[a]!, separations[a * k + b]! * (1 - 1e-9)); }
    }
  }
  return { separations, gaps };
}

function centerDistance(centers: Float64Array, d: number, a: number, b: number): number {
  let dist = 0;
  for (let j = 0; j < d; j++) { const diff = centers[a * d + j]! - centers[b * d + j]!; dist += diff * diff; }
  return dist;
}
