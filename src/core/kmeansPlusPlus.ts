// Greedy k-means++ (scikit-learn's _kmeans_plusplus) over a ChunkExecutor's passes: one pass per
// center, the draws from the executor's canonical unit sums, distances the triangle inequality
// rules out skipped (the chosen centers are the unpruned ones).

import { roundingTolerance, seedUnits, type ChunkExecutor } from './chunkExecutor';
import type { DataMatrix } from './dataMatrix';
import { inThreadExecutor } from './inThreadExecutor';
import { seedDistance } from './kmeansPlusPlusUnits';
import { kernelSettings } from './kernels/dispatch';
import type { Random } from './random';

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

/** Σ values, first to last: the order the unit sums are defined in. */
export function sumInOrder(values: Float64Array): number {
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
