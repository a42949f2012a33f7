// k-means (Lloyd's algorithm) with greedy k-means++ seeding, following scikit-learn's KMeans:
// same defaults, tolerance scaled by the mean feature variance, strict-or-shift convergence,
// empty clusters relocated to the points farthest from their centers, nInit restarts.

import { computeColumnVariances, findNonFinite, type DataMatrix } from './dataMatrix';
import { specialisedNearestCenter } from './kernels/dispatch';
import { Random } from './random';

/** Progress of an iterative fit, reported once per iteration of each restart. */
export interface IterationEvent {
  /** 0-based restart index */
  restart: number;
  /** 1-based iteration within the restart */
  iteration: number;
  /** lower bound (GMM) or inertia (k-means) of that iteration */
  value: number;
}

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
  checkData(X);
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
  const d = X.nFeatures;
  const tol = options.tol === 0 ? 0 : options.tol * meanOf(computeColumnVariances(X));
  const nInit = centersInit !== undefined ? 1 : options.nInit;
  const workspace = createLloydWorkspace(X.nSamples, k, d);
  const histories: Float64Array[] = [];
  let best: KMeansResult | undefined;
  for (let restart = 0; restart < nInit; restart++) {
    const centers = centersInit !== undefined ? centersInit.slice() : kmeansPlusPlus(X, k, random);
    const labels = new Int32Array(X.nSamples);
    const history = new Float64Array(maxIter);
    const run = runLloyd(X, centers, labels, maxIter, tol, workspace, (iteration, inertia) => {
      history[iteration - 1] = inertia;
      onIteration?.({ restart, iteration, value: inertia });
    });
    histories.push(history.slice(0, run.nIter));
    if (best === undefined || run.inertia < best.inertia) {
      best = { nClusters: k, nFeatures: d, centers, labels, inertia: run.inertia, nIter: run.nIter, converged: run.converged, histories, bestRestart: restart };
    }
  }
  return best!;
}

interface LloydWorkspace {
  /** (k × d) Σ (x − oldCenter) per cluster: sums about the previous center keep full precision on offset data */
  shiftedSums: Float64Array;
  /** (k) */
  counts: Float64Array;
  /** (k × d) */
  newCenters: Float64Array;
  /** (n) label of the previous iteration */
  labelsOld: Int32Array;
  /** (n) squared distance of each sample to its assigned center */
  distances: Float64Array;
}

function createLloydWorkspace(n: number, k: number, d: number): LloydWorkspace {
  return {
    shiftedSums: new Float64Array(k * d), counts: new Float64Array(k), newCenters: new Float64Array(k * d),
    labelsOld: new Int32Array(n), distances: new Float64Array(n),
  };
}

/**
 * Lloyd iterations from `centers` (updated in place to the final centers; labels filled).
 * Mirrors sklearn's _kmeans_single_lloyd: stop on identical labels (strict) or when the squared
 * center shift is ≤ tol, then re-assign so labels match the returned centers.
 */
export function runLloyd(
  X: DataMatrix, centers: Float64Array, labels: Int32Array, maxIter: number, tol: number,
  workspace: LloydWorkspace, onIteration: (iteration: number, inertia: number) => void,
): { inertia: number; nIter: number; converged: boolean } {
  const k = centers.length / X.nFeatures;
  const d = X.nFeatures;
  const { shiftedSums, counts, newCenters, labelsOld, distances } = workspace;
  labelsOld.fill(-1);
  let strict = false;
  let converged = false;
  let nIter = 0;
  for (let iter = 0; iter < maxIter; iter++) {
    nIter = iter + 1;
    const inertia = assignLabels(X, centers, k, labels, distances);
    accumulateShiftedSums(X, centers, labels, shiftedSums, counts);
    relocateEmptyClusters(X, centers, k, labels, distances, shiftedSums, counts);
    let shift = 0;
    for (let c = 0; c < k; c++) {
      const count = counts[c]!;
      for (let j = 0; j < d; j++) {
        const delta = count > 0 ? shiftedSums[c * d + j]! / count : 0;
        newCenters[c * d + j] = centers[c * d + j]! + delta;
        shift += delta * delta;
      }
    }
    centers.set(newCenters);
    onIteration(nIter, inertia);
    if (sameLabels(labels, labelsOld)) { strict = true; converged = true; break; }
    if (shift <= tol) { converged = true; break; }
    labelsOld.set(labels);
  }
  const inertia = strict ? computeInertia(X, centers, labels) : assignLabels(X, centers, k, labels, distances);
  return { inertia, nIter, converged };
}

/** Rows per block: the block's best distances stay in L1 while every center passes over them. */
const ASSIGN_BLOCK_ROWS = 512;
const blockBestDist = new Float64Array(ASSIGN_BLOCK_ROWS);
const blockBestLabel = new Int32Array(ASSIGN_BLOCK_ROWS);

/**
 * Nearest center of every sample into labels and its squared distance into distances; returns the
 * inertia. One center at a time over a block of rows, so the center sits in locals (unrolled.ts).
 */
export function assignLabels(X: DataMatrix, centers: Float64Array, k: number, labels: Int32Array, distances: Float64Array): number {
  const { data, nSamples: n, nFeatures: d } = X;
  let inertia = 0;
  for (let start = 0; start < n; start += ASSIGN_BLOCK_ROWS) {
    const end = Math.min(n, start + ASSIGN_BLOCK_ROWS);
    blockBestDist.fill(Infinity);
    blockBestLabel.fill(0);
    for (let c = 0; c < k; c++) {
      if (!specialisedNearestCenter(d, data, start, end, centers, c, blockBestDist, blockBestLabel)) {
        updateNearestCenterGeneric(data, d, start, end, centers, c, blockBestDist, blockBestLabel);
      }
    }
    for (let i = start, b = 0; i < end; i++, b++) {
      labels[i] = blockBestLabel[b]!;
      distances[i] = blockBestDist[b]!;
      inertia += blockBestDist[b]!;
    }
  }
  return inertia;
}

function updateNearestCenterGeneric(
  data: Float64Array, d: number, start: number, end: number, centers: Float64Array, c: number,
  bestDist: Float64Array, bestLabel: Int32Array,
): void {
  const ctr = c * d;
  for (let i = start, b = 0; i < end; i++, b++) {
    const row = i * d;
    let dist = 0;
    for (let j = 0; j < d; j++) {
      const diff = data[row + j]! - centers[ctr + j]!;
      dist += diff * diff;
    }
    if (dist < bestDist[b]!) { bestDist[b] = dist; bestLabel[b] = c; }
  }
}

function accumulateShiftedSums(
  X: DataMatrix, centers: Float64Array, labels: Int32Array, shiftedSums: Float64Array, counts: Float64Array,
): void {
  const { data, nSamples: n, nFeatures: d } = X;
  shiftedSums.fill(0);
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    counts[c]! += 1;
    for (let j = 0; j < d; j++) { shiftedSums[c * d + j]! += data[i * d + j]! - centers[c * d + j]!; }
  }
}

/**
 * sklearn's _relocate_empty_clusters_dense: each empty cluster takes one of the samples farthest
 * from their (old) center, largest distance first; labels are left as they are.
 */
function relocateEmptyClusters(
  X: DataMatrix, centers: Float64Array, k: number, labels: Int32Array, distances: Float64Array,
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
      shiftedSums[old * d + j]! -= x - centers[old * d + j]!;
      shiftedSums[c * d + j] = x - centers[c * d + j]!;
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

/** Σ squared distance of each sample to the center of its label. */
export function computeInertia(X: DataMatrix, centers: Float64Array, labels: Int32Array): number {
  const { data, nSamples: n, nFeatures: d } = X;
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    for (let j = 0; j < d; j++) {
      const diff = data[i * d + j]! - centers[c * d + j]!;
      inertia += diff * diff;
    }
  }
  return inertia;
}

/**
 * Greedy k-means++ (scikit-learn's _kmeans_plusplus): the first center is a uniform sample; each
 * next one is the best, by resulting potential, of 2 + ⌊ln k⌋ samples drawn ∝ D². Returns the
 * (nClusters × nFeatures) centers.
 */
export function kmeansPlusPlus(X: DataMatrix, nClusters: number, random: Random): Float64Array {
  return selectKMeansPlusPlus(X, nClusters, random).centers;
}

/** kmeansPlusPlus that also returns the row index of each chosen center. */
export function selectKMeansPlusPlus(X: DataMatrix, nClusters: number, random: Random): { centers: Float64Array; indices: Int32Array } {
  const { data, nSamples: n, nFeatures: d } = X;
  const centers = new Float64Array(nClusters * d);
  const indices = new Int32Array(nClusters);
  const nLocalTrials = 2 + Math.floor(Math.log(nClusters));
  const closest = new Float64Array(n);
  const cumulative = new Float64Array(n);
  const candidates = new Int32Array(nLocalTrials);
  const first = random.nextInt(n);
  indices[0] = first;
  centers.set(data.subarray(first * d, first * d + d), 0);
  let potential = 0;
  for (let i = 0; i < n; i++) {
    closest[i] = squaredDistanceBetweenRows(data, i, first, d);
    potential += closest[i]!;
  }
  for (let c = 1; c < nClusters; c++) {
    let running = 0;
    for (let i = 0; i < n; i++) { running += closest[i]!; cumulative[i] = running; }
    for (let t = 0; t < nLocalTrials; t++) {
      const target = random.nextFloat() * potential;
      candidates[t] = Math.min(searchSortedLeft(cumulative, target), n - 1);
    }
    let bestCandidate = candidates[0]!;
    let bestPotential = Infinity;
    for (let t = 0; t < nLocalTrials; t++) {
      const cand = candidates[t]!;
      let pot = 0;
      for (let i = 0; i < n; i++) { pot += Math.min(closest[i]!, squaredDistanceBetweenRows(data, i, cand, d)); }
      if (pot < bestPotential) { bestPotential = pot; bestCandidate = cand; }
    }
    potential = 0;
    for (let i = 0; i < n; i++) {
      const dist = squaredDistanceBetweenRows(data, i, bestCandidate, d);
      if (dist < closest[i]!) { closest[i] = dist; }
      potential += closest[i]!;
    }
    indices[c] = bestCandidate;
    centers.set(data.subarray(bestCandidate * d, bestCandidate * d + d), c * d);
  }
  return { centers, indices };
}

function squaredDistanceBetweenRows(data: Float64Array, a: number, b: number, d: number): number {
  let dist = 0;
  for (let j = 0; j < d; j++) {
    const diff = data[a * d + j]! - data[b * d + j]!;
    dist += diff * diff;
  }
  return dist;
}

/** First index i with sorted[i] ≥ value (numpy's searchsorted side='left'). */
function searchSortedLeft(sorted: Float64Array, value: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) { lo = mid + 1; } else { hi = mid; }
  }
  return lo;
}

function sameLabels(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) { if (a[i] !== b[i]) { return false; } }
  return true;
}

function meanOf(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) { sum += values[i]!; }
  return values.length > 0 ? sum / values.length : 0;
}

export function checkData(X: DataMatrix): void {
  if (X.nSamples < 1) { throw new Error('the data has no rows'); }
  if (X.nFeatures < 1) { throw new Error('the data has no columns'); }
  if (X.data.length !== X.nSamples * X.nFeatures) {
    throw new Error(`data has ${X.data.length} values, expected ${X.nSamples} × ${X.nFeatures}`);
  }
  const bad = findNonFinite(X);
  if (bad >= 0) {
    throw new Error(`row ${Math.floor(bad / X.nFeatures)}, column ${bad % X.nFeatures} is not a finite number (${X.data[bad]})`);
  }
}

export function checkInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) { throw new Error(`${name} must be an integer ≥ ${min}, got ${value}`); }
}

export function stripUndefined<T extends object>(options: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(options) as (keyof T)[]) {
    if (options[key] !== undefined) { out[key] = options[key]; }
  }
  return out;
}
