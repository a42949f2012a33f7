// DBSCAN (Ester, Kriegel, Sander & Xu 1996) with scikit-learn's DBSCAN conventions, and the k-distance
// curve that helps choose eps.
//
// Conventions (scikit-learn's documented behaviour, checked against its output in
// test/fixtures/density):
// - a row's eps-neighbourhood holds every row at Euclidean distance ≤ eps, the row itself included;
//   a row is a core sample when its neighbourhood has ≥ minSamples rows;
// - clusters are the connected components of core samples (two cores within eps are linked), numbered
//   0, 1, … in the order of their lowest-index core sample;
// - a non-core row within eps of a core sample (a border row) joins the first cluster that reaches it
//   in that order, i.e. the lowest-numbered cluster among its core neighbours; other rows are noise, −1.
// With these rules the labels are scikit-learn's, number for number, whatever order a cluster is
// explored in.
//
// Cost: one capped neighbour count per row (stops at minSamples), then one radius query per core
// sample over the core samples not yet labelled (subtrees without one are skipped whole), then one
// search per non-core row for the lowest cluster among its core neighbours (subtrees that cannot
// lower it are skipped); memory is linear in n (no neighbourhood is kept).

import { type DataMatrix } from './dataMatrix';
import { IndexList } from './neighbors/indexList';
import { kdTreeFor, type KdTree } from './neighbors/kdTree';
import { RemainingRows } from './neighbors/remainingRows';

export interface DbscanOptions {
  /** neighbourhood radius, Euclidean, > 0 (scikit-learn's default 0.5) */
  eps: number;
  /** rows in a core sample's neighbourhood, itself included, ≥ 1 (scikit-learn's default 5) */
  minSamples: number;
  /** a tree already built over X (shared with other methods of the same fit) */
  tree?: KdTree;
}

export interface DbscanResult {
  /** (nSamples) cluster of each row, 0 … nClusters − 1, or −1 for noise */
  labels: Int32Array;
  /** indices of the core samples, ascending */
  coreSampleIndices: Int32Array;
  nClusters: number;
  /** rows labelled −1 */
  nNoise: number;
}

const DEFAULTS = { eps: 0.5, minSamples: 5 };

/** Clusters the rows of X; throws an Error naming the first invalid option. */
export function fitDbscan(X: DataMatrix, options: Partial<DbscanOptions> = {}): DbscanResult {
  const eps = options.eps ?? DEFAULTS.eps;
  const minSamples = options.minSamples ?? DEFAULTS.minSamples;
  if (!(eps > 0) || !Number.isFinite(eps)) { throw new Error(`eps must be a finite number > 0, got ${eps}`); }
  checkMinSamples(minSamples);
  const tree = kdTreeFor(X, options.tree);
  const n = X.nSamples;
  const d = X.nFeatures;
  const data = X.data;

  const isCore = new Uint8Array(n);
  let nCore = 0;
  for (let i = 0; i < n; i++) {
    if (tree.countRadius(data, i * d, eps, minSamples) >= minSamples) { isCore[i] = 1; nCore++; }
  }

  // clusters: flood fills over the core samples alone. Non-core rows never enter the search, so a
  // region of noise does not keep a labelled cluster's subtrees open (the search skips every subtree
  // with no unlabelled core sample left)
  const labels = new Int32Array(n).fill(-1);
  const stack = new Int32Array(Math.max(1, nCore));
  const neighbours = new IndexList(256);
  const coresLeft = new RemainingRows(tree);
  for (let i = 0; i < n; i++) { if (isCore[i] === 0) { coresLeft.remove(i); } }
  let nClusters = 0;
  for (let seed = 0; seed < n; seed++) {
    if (isCore[seed] === 0 || labels[seed] !== -1) { continue; }
    const cluster = nClusters++;
    labels[seed] = cluster;
    coresLeft.remove(seed);
    let sp = 0;
    stack[sp++] = seed;
    // every core sample is pushed once (when labelled), so the stack never holds more than nCore
    while (sp > 0) {
      const p = stack[--sp]!;
      neighbours.clear();
      tree.queryRadiusRemaining(data, p * d, eps, coresLeft, neighbours);
      const list = neighbours.indices;
      for (let m = 0; m < neighbours.length; m++) {
        const v = list[m]!;
        labels[v] = cluster;
        coresLeft.remove(v);
        stack[sp++] = v;
      }
    }
  }
  if (nClusters > 0) { labelBorderRows(tree, data, eps, isCore, labels); }

  const coreSampleIndices = new Int32Array(nCore);
  let nNoise = 0;
  for (let i = 0, c = 0; i < n; i++) {
    if (isCore[i] === 1) { coreSampleIndices[c++] = i; }
    if (labels[i] === -1) { nNoise++; }
  }
  return { labels, coreSampleIndices, nClusters, nNoise };
}

/**
 * Each non-core row within eps of a core sample takes the lowest cluster among those core samples
 * (the first cluster to reach it, in scikit-learn's order). One search per non-core row, over core
 * samples only, that skips every subtree whose lowest core label is no lower than the best found.
 */
function labelBorderRows(tree: KdTree, data: Float64Array, eps: number, isCore: Uint8Array, labels: Int32Array): void {
  const { nNodes, nodeStart, nodeEnd, index, points } = tree;
  const n = tree.nSamples;
  const d = tree.nFeatures;
  const none = 0x7fffffff;
  // per tree position: the core sample's cluster (none for a non-core row); per node: their least
  const coreLabelAt = new Int32Array(n);
  for (let p = 0; p < n; p++) { const row = index[p]!; coreLabelAt[p] = isCore[row] === 1 ? labels[row]! : none; }
  const minLabel = new Int32Array(nNodes);
  for (let node = nNodes - 1; node >= 0; node--) {
    if (tree.isLeaf(node)) {
      let low = none;
      for (let p = nodeStart[node]!; p < nodeEnd[node]!; p++) { if (coreLabelAt[p]! < low) { low = coreLabelAt[p]!; } }
      minLabel[node] = low;
    } else {
      minLabel[node] = Math.min(minLabel[2 * node + 1]!, minLabel[2 * node + 2]!);
    }
  }
  const r2 = eps * eps;
  const stack = new Int32Array(2 * Math.ceil(Math.log2(nNodes + 1)) + 4);
  for (let i = 0; i < n; i++) {
    if (isCore[i] === 1) { continue; }
    const qOff = i * d;
    let best = none;
    let sp = 0;
    stack[sp++] = 0;
    while (sp > 0) {
      const node = stack[--sp]!;
      if (minLabel[node]! >= best || tree.lowerBound(node, data, qOff) > r2) { continue; }
      if (tree.nodeDiagonal2[node]! <= 4 * r2 && tree.upperBound(node, data, qOff) <= r2) { best = minLabel[node]!; continue; }
      if (tree.isLeaf(node)) {
        for (let p = nodeStart[node]!; p < nodeEnd[node]!; p++) {
          if (coreLabelAt[p]! >= best) { continue; }
          let s = 0;
          const o = p * d;
          for (let j = 0; j < d; j++) { const t = points[o + j]! - data[qOff + j]!; s += t * t; }
          if (s <= r2) { best = coreLabelAt[p]!; }
        }
        continue;
      }
      // the child with the lower label first: once it is found, more of the other is skipped
      const left = 2 * node + 1;
      if (minLabel[left]! <= minLabel[left + 1]!) { stack[sp++] = left + 1; stack[sp++] = left; } else { stack[sp++] = left; stack[sp++] = left + 1; }
    }
    if (best !== none) { labels[i] = best; }
  }
}

/** The sorted k-distance curve and its knee, a suggestion for eps. */
export interface KDistanceCurve {
  /** the neighbour whose distance is taken: minSamples, the row itself counting as the first */
  k: number;
  /** (nSamples) each row's distance to its k-th neighbour, ascending */
  distances: Float64Array;
  /** position of the knee in `distances` (−1 when there are no rows) */
  kneeIndex: number;
  /** distances[kneeIndex]: with eps = this, the rows left of the knee are core samples */
  kneeDistance: number;
}

/**
 * The k-distance plot of Ester et al. (1996), with k = minSamples counted as scikit-learn counts a
 * neighbourhood (the row itself is its own first neighbour), so a row is a core sample for a given
 * eps exactly when its k-distance is ≤ eps.
 *
 * The knee is the point of the sorted curve farthest from the chord joining its first and last
 * points, both axes scaled to [0, 1] (the difference curve of Satopää et al.'s "Kneedle", 2011): on
 * an increasing convex curve that is where the slow rise within clusters turns into the steep rise
 * of the sparse rows.
 */
export function computeKDistanceCurve(X: DataMatrix, minSamples: number, prebuilt?: KdTree): KDistanceCurve {
  checkMinSamples(minSamples);
  const n = X.nSamples;
  if (n === 0) { return { k: minSamples, distances: new Float64Array(0), kneeIndex: -1, kneeDistance: NaN }; }
  if (minSamples > n) { throw new Error(`minSamples (${minSamples}) is larger than the number of rows (${n})`); }
  const distances = kdTreeFor(X, prebuilt).kthNeighbourDistances(minSamples);
  distances.sort();
  const kneeIndex = findKnee(distances);
  return { k: minSamples, distances, kneeIndex, kneeDistance: distances[kneeIndex]! };
}

/** Index of the point of an ascending curve farthest below its chord (both axes scaled to [0, 1]). */
export function findKnee(ascending: Float64Array): number {
  const n = ascending.length;
  if (n === 0) { return -1; }
  const first = ascending[0]!;
  const span = ascending[n - 1]! - first;
  // a flat curve has no knee: every row is as dense as every other, the last point is as good as any
  if (n < 3 || !(span > 0)) { return n - 1; }
  let best = 0;
  let bestGap = -Infinity;
  for (let i = 0; i < n; i++) {
    // distance to the chord y = x in the scaled plane is (x − y)/√2: its argmax
    const gap = i / (n - 1) - (ascending[i]! - first) / span;
    if (gap > bestGap) { bestGap = gap; best = i; }
  }
  return best;
}

function checkMinSamples(minSamples: number): void {
  if (!Number.isInteger(minSamples) || minSamples < 1) { throw new Error(`minSamples must be an integer ≥ 1, got ${minSamples}`); }
}
