// k-means (Lloyd's algorithm) with greedy k-means++ seeding, following scikit-learn's KMeans:
// same defaults, tolerance scaled by the mean feature variance, strict-or-shift convergence,
// empty clusters relocated to the points farthest from their centers, nInit restarts.
// This file is the fit: options, restarts, the best of them. The seeding is kmeansPlusPlus.ts,
// the iterations lloyd.ts, the passes over the rows a ChunkExecutor's (chunkExecutor.ts).

import type { ChunkExecutor } from './chunkExecutor';
import type { DataMatrix } from './dataMatrix';
import { checkInteger, checkShape, stripUndefined, throwIfNonFinite, type IterationEvent } from './fitOptions';
import { inThreadExecutor } from './inThreadExecutor';
import { seedKMeansPlusPlus, sumInOrder } from './kmeansPlusPlus';
import { createLloydWorkspace, runLloyd } from './lloyd';
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

/** sklearn's _is_same_clustering: b is a relabelling of a. */
function isSameClustering(a: Int32Array, b: Int32Array, k: number): boolean {
  const mapping = new Int32Array(k).fill(-1);
  for (let i = 0; i < a.length; i++) {
    const from = a[i]!;
    if (mapping[from] === -1) { mapping[from] = b[i]!; } else if (mapping[from] !== b[i]) { return false; }
  }
  return true;
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
