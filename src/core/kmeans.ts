// k-means (Lloyd's algorithm) with greedy k-means++ seeding, following scikit-learn's KMeans:
// same defaults, tolerance scaled by the mean feature variance, strict-or-shift convergence,
// empty clusters relocated to the points farthest from their centers, nInit restarts.

import {
  lloydBoundTolerance, roundingTolerance, seedUnits, type ChunkExecutor, type LloydBounds, type LloydSums,
} from './chunkExecutor';
import type { DataMatrix } from './dataMatrix';
import { checkInteger, checkShape, stripUndefined, throwIfNonFinite, type IterationEvent } from './fitOptions';
import { inThreadExecutor } from './inThreadExecutor';
import { seedDistance } from './kmeansPlusPlusUnits';
import { kernelSettings } from './kernels/dispatch';
import { Random } from './random';

// the fits' shared event, importable from here too (the host and the compute messages name it so)
export type { IterationEvent } from './fitOptions';

export interface KMeansOptions {
  nClusters: number;
  /** restarts from different k-means++ seeds; the lowest inertia wins (default 10) */
  nInit: number;
  /** default 300 */
  maxIter: number;
  /** relative: multiplied by the mean variance of the features, like scikit-learn (default 1e-4) */
  tol: number;
  /** default 0 */
  seed: number;
  /** explicit initial centers (nClusters × nFeatures); forces a single run like sklearn's init=array */
  centersInit?: Float64Array;
  onIteration?: (e: IterationEvent) => void;
  /** where the row passes run (default: this thread); results do not depend on it */
  executor?: ChunkExecutor;
}

export interface KMeansResult {
  nClusters: number;
  nFeatures: number;
  /** (nClusters × nFeatures), row-major */
  centers: Float64Array;
  /** (nSamples) */
  labels: Int32Array;
  /** sum of squared distances of the samples to their centers */
  inertia: number;
  nIter: number;
  converged: boolean;
  /** inertia per iteration, one array per restart */
  histories: Float64Array[];
  bestRestart: number;
}

const DEFAULTS: Omit<KMeansOptions, 'nClusters'> = { nInit: 10, maxIter: 300, tol: 1e-4, seed: 0 };

/** Clusters the rows of X; options are validated (clear errors), defaults are scikit-learn's. */
export function fitKMeans(X: DataMatrix, options: Partial<KMeansOptions> = {}): KMeansResult {
  const resolved = resolveKMeansOptions(X, options);
  return runKMeans(X, resolved, new Random(resolved.seed));
}

/** Fills defaults and throws an Error naming the first invalid option. */
export function resolveKMeansOptions(X: DataMatrix, options: Partial<KMeansOptions>): KMeansOptions {
  const o: KMeansOptions = { ...DEFAULTS, nClusters: 8, ...stripUndefined(options) };
  // finiteness is checked by runKMeans's first pass over the data (finiteColumnSums)
  checkShape(X);
  checkInteger('nClusters', o.nClusters, 1);
  checkInteger('nInit', o.nInit, 1);
  checkInteger('maxIter', o.maxIter, 1);
  if (!(o.tol >= 0) || !Number.isFinite(o.tol)) { throw new Error(`tol must be a finite number ≥ 0, got ${o.tol}`); }
  if (!Number.isFinite(o.seed)) { throw new Error(`seed must be a finite number, got ${o.seed}`); }
  if (o.nClusters > X.nSamples) {
    throw new Error(`k (${o.nClusters}) is larger than the number of rows (${X.nSamples})`);
  }
  if (o.centersInit !== undefined && o.centersInit.length !== o.nClusters * X.nFeatures) {
    throw new Error(`centersInit has ${o.centersInit.length} values, expected ${o.nClusters} × ${X.nFeatures}`);
  }
  return o;
}

/** Unchecked k-means on a validated X and options; every random draw comes from `random`. */
export function runKMeans(X: DataMatrix, options: KMeansOptions, random: Random): KMeansResult {
  const { nClusters: k, maxIter, onIteration, centersInit } = options;
  const executor = options.executor ?? inThreadExecutor;
  X = executor.share(X);
  const d = X.nFeatures;
  const sums = finiteColumnSums(X, executor);
  const tol = options.tol === 0 ? 0 : options.tol * meanOf(columnVariances(X, executor, sums));
  const nInit = centersInit !== undefined ? 1 : options.nInit;
  const workspace = createLloydWorkspace(X.nSamples, k, d, executor);
  const histories: Float64Array[] = [];
  let best: KMeansResult | undefined;
  // two label buffers: the best restart's and the current one's
  let labels = executor.allocateInt32(X.nSamples);
  let spare: Int32Array | undefined;
  for (let restart = 0; restart < nInit; restart++) {
    // k-means++ leaves every row's nearest center in labels and distances: Lloyd starts from them
    const seeded = centersInit === undefined;
    const centers = seeded ? seedKMeansPlusPlus(X, k, random, executor, workspace.distances, labels).centers : centersInit.slice();
    const history = new Float64Array(maxIter);
    const run = runLloyd(X, centers, labels, maxIter, tol, workspace, (iteration, inertia) => {
      history[iteration - 1] = inertia;
      onIteration?.({ restart, iteration, value: inertia });
    }, seeded);
    histories.push(history.slice(0, run.nIter));
    // like sklearn, a restart that finds the same partition again does not replace the first: a
    // rounding-level difference in inertia must not permute the labels
    if (best === undefined || (run.inertia < best.inertia && !isSameClustering(labels, best.labels, k))) {
      const previous = best?.labels;
      best = { nClusters: k, nFeatures: d, centers, labels, inertia: run.inertia, nIter: run.nIter, converged: run.converged, histories, bestRestart: restart };
      if (restart + 1 < nInit) { labels = previous ?? (spare ??= executor.allocateInt32(X.nSamples)); }
    }
  }
  if (labels !== best!.labels) { executor.release(labels); }
  executor.release(workspace.distances);
  executor.release(workspace.lower);
  executor.release(workspace.upper);
  return best!;
}

interface LloydWorkspace {
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

/** sklearn's _is_same_clustering: b is a relabelling of a. */
function isSameClustering(a: Int32Array, b: Int32Array, k: number): boolean {
  const mapping = new Int32Array(k).fill(-1);
  for (let i = 0; i < a.length; i++) {
    const from = a[i]!;
    if (mapping[from] === -1) { mapping[from] = b[i]!; } else if (mapping[from] !== b[i]) { return false; }
  }
  return true;
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

/**
 * Greedy k-means++ (scikit-learn's _kmeans_plusplus): the first center is a uniform sample; each
 * next one is the best, by resulting potential, of 2 + ⌊ln k⌋ samples drawn ∝ D². Returns the
 * (nClusters × nFeatures) centers.
 */
export function kmeansPlusPlus(X: DataMatrix, nClusters: number, random: Random, executor: ChunkExecutor = inThreadExecutor): Float64Array {
  return selectKMeansPlusPlus(X, nClusters, random, executor).centers;
}

/** kmeansPlusPlus that also returns the row index of each chosen center. */
export function selectKMeansPlusPlus(
  X: DataMatrix, nClusters: number, random: Random, executor: ChunkExecutor = inThreadExecutor,
): { centers: Float64Array; indices: Int32Array } {
  X = executor.share(X);
  const closest = executor.allocateFloat64(X.nSamples);
  const labels = executor.allocateInt32(X.nSamples);
  const seeds = seedKMeansPlusPlus(X, nClusters, random, executor, closest, labels);
  executor.release(closest);
  executor.release(labels);
  return seeds;
}

/**
 * k-means++ that leaves, in closest and labels (from executor.allocate*; X shared), each row's
 * squared distance to its nearest of the first nClusters − 1 centers and that center's index:
 * runLloyd(…, seeded) folds the last one in. Sums over rows run in the executor's canonical units
 * (chunkExecutor.ts); the D² draw searches the cumulative sum defined by them (unit prefix +
 * running sum inside the unit), like numpy's searchsorted on a cumsum. One pass over the rows per
 * center: the distances to a chosen center are folded into the next center's candidates pass, and
 * the draw computes them for the one unit it searches. The passes skip the distances that the
 * triangle inequality rules out (seedPruning): the chosen centers are the unpruned ones.
 */
export function seedKMeansPlusPlus(
  X: DataMatrix, nClusters: number, random: Random, executor: ChunkExecutor, closest: Float64Array, labels: Int32Array,
): { centers: Float64Array; indices: Int32Array } {
  const { data, nSamples: n, nFeatures: d } = X;
  const centers = new Float64Array(nClusters * d);
  const indices = new Int32Array(nClusters);
  const nLocalTrials = 2 + Math.floor(Math.log(nClusters));
  const candidates = new Int32Array(nLocalTrials);
  const { unitRows } = seedUnits(n, nLocalTrials);
  const first = random.nextInt(n);
  indices[0] = first;
  centers.set(data.subarray(first * d, first * d + d), 0);
  let unitSums = executor.seedStart(X, closest, labels, first, nLocalTrials);
  let potential = sumInOrder(unitSums);
  /**
   * the last chosen row, whose distances closest may not include yet. The first row's are in
   * already (its prune threshold is infinite: nothing to fold), and every pass takes the same path.
   */
  let pending = first;
  for (let c = 1; c < nClusters; c++) {
    for (let t = 0; t < nLocalTrials; t++) {
      const target = random.nextFloat() * potential;
      candidates[t] = Math.min(searchCumulative(X, closest, pending, unitSums, unitRows, target), n - 1);
    }
    const prune = seedPruning(data, d, indices, c, candidates);
    const partials = executor.seedPotentials(X, closest, labels, pending, c - 1, candidates, prune);
    const nUnits = partials.length / nLocalTrials;
    let best = 0;
    let bestPotential = Infinity;
    for (let t = 0; t < nLocalTrials; t++) {
      let pot = 0;
      for (let u = 0; u < nUnits; u++) { pot += partials[u * nLocalTrials + t]!; }
      if (pot < bestPotential) { bestPotential = pot; best = t; }
    }
    unitSums = new Float64Array(nUnits);
    for (let u = 0; u < nUnits; u++) { unitSums[u] = partials[u * nLocalTrials + best]!; }
    potential = bestPotential;
    pending = candidates[best]!;
    indices[c] = pending;
    centers.set(data.subarray(pending * d, pending * d + d), c * d);
  }
  return { centers, indices };
}

/**
 * Pruning by the triangle inequality. A row at squared distance D from its center a is at least
 * |a − b| − √D from any point b, so b cannot be nearer when √D < |a − b| / 2. The threshold on D is
 * shrunk by the Hamerly bounds' rounding margins (1e-9 relative, tolAbs absolute): a distance it
 * rules out is one the full computation would not have taken, so labels and sums stay bit-identical.
 */
export function pruneThreshold(distSq: number, tolAbs: number): number {
  if (!kernelSettings.pruneByTriangle) { return 0; }
  const half = Math.sqrt(distSq) / 2 - tolAbs;
  return half > 0 ? (half / (1 + 1e-9)) ** 2 : 0;
}

/**
 * The prune table of the candidates pass choosing center c ((c × (2 + nt)), see
 * ChunkExecutor.seedPotentials): row r is center r; column 0 the pending center (center c − 1,
 * not folded in yet; infinite on its own row: rows labelled with it have it already), column 1
 * the smallest of the row's thresholds (nothing to compute under it), column 2 + t candidate t.
 */
function seedPruning(data: Float64Array, d: number, indices: Int32Array, c: number, candidates: Int32Array): Float64Array {
  const nt = candidates.length, stride = 2 + nt;
  let maxAbs = 0;
  const rows = [...indices.subarray(0, c), ...candidates];
  for (const row of rows) { for (let j = 0; j < d; j++) { maxAbs = Math.max(maxAbs, Math.abs(data[row * d + j]!)); } }
  const tolAbs = roundingTolerance(maxAbs, d);
  const prune = new Float64Array(c * stride);
  for (let r = 0; r < c; r++) {
    const at = r * stride;
    prune[at] = r === c - 1 ? Infinity : pruneThreshold(seedDistance(data, d, indices[r]!, indices[c - 1]!), tolAbs);
    let all = prune[at]!;
    for (let t = 0; t < nt; t++) {
      prune[at + 2 + t] = pruneThreshold(seedDistance(data, d, indices[r]!, candidates[t]!), tolAbs);
      all = Math.min(all, prune[at + 2 + t]!);
    }
    prune[at + 1] = all;
  }
  return prune;
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

function sumInOrder(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) { sum += values[i]!; }
  return sum;
}

/**
 * First row i whose cumulative weight reaches value (numpy's searchsorted side='left' on the
 * cumsum), the cumulative sum of row i in unit u being (Σ unit sums before u) + (running sum of
 * the weights inside u up to i); a row's weight is min(closest, distance to the pending row).
 * A unit's sum and its running sum may differ in the last bit (they add in other orders): a value
 * in that gap takes the unit's last row of positive weight. Returns n when value exceeds the total.
 */
function searchCumulative(
  X: DataMatrix, closest: Float64Array, pending: number, unitSums: Float64Array, unitRows: number, value: number,
): number {
  let prefix = 0;
  for (let u = 0; u < unitSums.length; u++) {
    const next = prefix + unitSums[u]!;
    if (next >= value) {
      const end = Math.min(X.nSamples, (u + 1) * unitRows);
      let running = 0, lastWeighted = -1;
      for (let i = u * unitRows; i < end; i++) {
        const weight = Math.min(closest[i]!, seedDistance(X.data, X.nFeatures, i, pending));
        running += weight;
        if (prefix + running >= value) { return i; }
        if (weight > 0) { lastWeighted = i; }
      }
      if (lastWeighted >= 0) { return lastWeighted; }
    }
    prefix = next;
  }
  return X.nSamples;
}

/** Population variance of each column from its sums (second pass about the mean), on the executor's threads. */
function columnVariances(X: DataMatrix, executor: ChunkExecutor, sums: Float64Array): Float64Array {
  const n = Math.max(X.nSamples, 1);
  return executor.columnSums(X, sums.map(sum => sum / n)).map(sum => sum / n);
}

/**
 * Σ of each column; throws naming the first value that is not a finite number. A NaN or an
 * infinity makes its column's sum non-finite, so finite data costs no scan of its own.
 */
function finiteColumnSums(X: DataMatrix, executor: ChunkExecutor): Float64Array {
  const sums = executor.columnSums(X, null);
  // a non-finite sum of finite values (an overflow past 1.8e308) finds nothing
  if (!sums.every(Number.isFinite)) { throwIfNonFinite(X); }
  return sums;
}

function meanOf(values: Float64Array): number {
  return values.length > 0 ? sumInOrder(values) / values.length : 0;
}
