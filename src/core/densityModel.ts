/**
 * A DBSCAN or HDBSCAN clustering as a model that labels NEW rows, in the fitted (scaled) space:
 *
 * - DBSCAN keeps its core rows and their clusters: a new row joins the cluster of its nearest core
 *   row within eps, else it is noise (a new row never becomes a core row: the model does not change).
 *   On the fitted rows this gives every core row its own cluster back, and a border row the cluster
 *   of its nearest core row (DBSCAN itself gives a border row the cluster that reached it first).
 * - HDBSCAN keeps every fitted row with its core distance, the cluster node of the condensed tree it
 *   fell out of and the λ = 1 / distance at which, and the cluster nodes' tree. A new row is placed
 *   as the hdbscan library's `approximate_predict` places it (McInnes, Healy & Astels, prediction.py):
 *   its core distance among the fitted rows (the same rule as a fitted row's: the distance to its
 *   minSamples-th nearest row, itself counting as the first); among its 2 · minSamples nearest
 *   fitted rows the nearest in mutual reachability, max(core(new), core(row), ‖new − row‖), giving
 *   λ = 1 / that distance; if the neighbour fell out of its cluster at a λ ≤ that, the new row leaves
 *   with it; else it is carried up the tree to the cluster still alive at λ. Its label is that
 *   cluster's selected cluster, probability λ / the selected cluster's largest λ (at most 1). One
 *   difference, said here: where the library answers noise for a row that lands in a branch INSIDE
 *   a selected cluster (its cluster_map holds the selected nodes only), this gives the selected
 *   cluster around it, which is the cluster the fit gave that branch's rows.
 *
 * Size: both carry fitted rows, so a model is bounded: at most MAX_MODEL_NUMBERS numbers of rows
 * (DBSCAN: core rows × (d + 1); HDBSCAN: rows × (d + 3)), about 10 MB of JSON. A larger fit is
 * refused with the reason (densityModelRefusal).
 */
import type { DataMatrix } from './dataMatrix';
import type { DbscanResult } from './dbscan';
import type { HdbscanResult } from './hdbscan';
import { KdTree } from './neighbors/kdTree';

/** The most numbers of fitted rows a saved DBSCAN or HDBSCAN model carries (about 10 MB of JSON). */
export const MAX_MODEL_NUMBERS = 500_000;

/** λ for a distance of 0 (duplicated rows), as the hdbscan library writes it: the largest double, which JSON can hold (∞ it cannot). */
export const INFINITE_LAMBDA = Number.MAX_VALUE;

export interface DbscanModel {
  algorithm: 'dbscan';
  nFeatures: number;
  nClusters: number;
  eps: number;
  /** what made a row a core row when fitted (for the record: new rows never become core rows) */
  minSamples: number;
  /** (nCore × d) the core rows, in the fitted (scaled) space */
  points: Float64Array;
  /** (nCore) each core row's cluster */
  labels: Int32Array;
}

export interface HdbscanModel {
  algorithm: 'hdbscan';
  nFeatures: number;
  nClusters: number;
  minSamples: number;
  /** (n × d) the fitted rows, scaled */
  points: Float64Array;
  /** (n) */
  coreDistances: Float64Array;
  /** (n) cluster node (0 = the root) each row fell out of */
  rowNode: Int32Array;
  /** (n) λ at which it fell out (INFINITE_LAMBDA for λ = ∞) */
  rowLambda: Float64Array;
  /** (nNodes) parent cluster node, −1 for the root; parents have smaller ids */
  nodeParent: Int32Array;
  /** (nNodes) λ at which the node was born (0 for the root) */
  nodeBirth: Float64Array;
  /** (nNodes) the node's label when selected, else −1 */
  nodeLabel: Int32Array;
  /** (nNodes) for a selected node, the largest λ at which anything left it (the library's max_lambdas); 0 otherwise */
  nodeMaxLambda: Float64Array;
}

export type DensityModel = DbscanModel | HdbscanModel;

/** Why a fit of `rows` × `perRow` numbers makes no model, or undefined when it fits the bound. */
export function densityModelRefusal(algorithm: 'dbscan' | 'hdbscan', rows: number, perRow: number): string | undefined {
  if (rows * perRow <= MAX_MODEL_NUMBERS) { return undefined; }
  const what = algorithm === 'dbscan' ? `its ${rows.toLocaleString('en-US')} core rows` : `its ${rows.toLocaleString('en-US')} rows`;
  return `This ${algorithm === 'dbscan' ? 'DBSCAN' : 'HDBSCAN'} model would carry ${what} (${(rows * perRow).toLocaleString('en-US')} numbers); `
    + `a saved model carries at most ${MAX_MODEL_NUMBERS.toLocaleString('en-US')} (about 10 MB). Fit a sample of the rows, or export the labelled CSV instead.`;
}

/** The model of a DBSCAN fit on the scaled rows X; undefined beyond the bound. */
export function buildDbscanModel(X: DataMatrix, fit: DbscanResult, eps: number, minSamples: number): DbscanModel | undefined {
  const d = X.nFeatures;
  const core = fit.coreSampleIndices;
  if (densityModelRefusal('dbscan', core.length, d + 1)) { return undefined; }
  const points = new Float64Array(core.length * d);
  const labels = new Int32Array(core.length);
  for (let c = 0; c < core.length; c++) {
    const i = core[c]!;
    points.set(X.data.subarray(i * d, (i + 1) * d), c * d);
    labels[c] = fit.labels[i]!;
  }
  return { algorithm: 'dbscan', nFeatures: d, nClusters: fit.nClusters, eps, minSamples, points, labels };
}

/** The model of an HDBSCAN fit on the scaled rows X; undefined beyond the bound. */
export function buildHdbscanModel(X: DataMatrix, fit: HdbscanResult, minSamples: number): HdbscanModel | undefined {
  const { nSamples: n, nFeatures: d } = X;
  if (densityModelRefusal('hdbscan', n, d + 3)) { return undefined; }
  const tree = fit.condensedTree;
  const nNodes = tree.nClusterNodes;
  const rowNode = new Int32Array(n);
  const rowLambda = new Float64Array(n);
  const nodeParent = new Int32Array(nNodes).fill(-1);
  const nodeBirth = new Float64Array(nNodes);
  const nodeMaxLambda = new Float64Array(nNodes);
  const finite = (lambda: number) => (lambda === Infinity ? INFINITE_LAMBDA : lambda);
  for (let e = 0; e < tree.child.length; e++) {
    const parent = tree.parent[e]! - n;
    const child = tree.child[e]!;
    const lambda = finite(tree.lambda[e]!);
    // the library's max_lambdas: the largest λ of any edge out of the node, rows and child clusters alike
    if (lambda > nodeMaxLambda[parent]!) { nodeMaxLambda[parent] = lambda; }
    if (child < n) { rowNode[child] = parent; rowLambda[child] = lambda; } else { nodeParent[child - n] = parent; nodeBirth[child - n] = lambda; }
  }
  const nodeLabel = new Int32Array(nNodes).fill(-1);
  let next = 0;
  // labels in node order, as fitHdbscan numbers its clusters
  for (let c = 0; c < nNodes; c++) { if (tree.selected[c] === 1) { nodeLabel[c] = next++; } }
  for (let c = 0; c < nNodes; c++) { if (nodeLabel[c]! < 0) { nodeMaxLambda[c] = 0; } }
  return {
    algorithm: 'hdbscan', nFeatures: d, nClusters: fit.nClusters, minSamples,
    points: X.data.slice(0, n * d), coreDistances: fit.coreDistances.slice(), rowNode, rowLambda, nodeParent, nodeBirth, nodeLabel, nodeMaxLambda,
  };
}

/** Cluster (−1 noise) and membership strength of each row of the SCALED rows X. */
export function predictDensityModel(model: DensityModel, X: DataMatrix): { labels: Int32Array; strength: Float64Array } {
  if (X.nFeatures !== model.nFeatures) { throw new Error(`the data has ${X.nFeatures} columns, the model ${model.nFeatures}`); }
  return model.algorithm === 'dbscan' ? predictDbscan(model, X) : predictHdbscan(model, X);
}

function predictDbscan(model: DbscanModel, X: DataMatrix): { labels: Int32Array; strength: Float64Array } {
  const { nSamples: n, nFeatures: d } = X;
  const labels = new Int32Array(n).fill(-1);
  const strength = new Float64Array(n);
  const nCore = model.labels.length;
  if (nCore === 0) { return { labels, strength }; }
  const tree = new KdTree({ data: model.points, nSamples: nCore, nFeatures: d });
  const index = new Int32Array(1);
  const distance = new Float64Array(1);
  for (let i = 0; i < n; i++) {
    tree.queryKnn(X.data, i * d, 1, index, distance);
    // ≤ eps, as scikit-learn's radius query counts a neighbour at exactly eps
    if (distance[0]! <= model.eps) { labels[i] = model.labels[index[0]!]!; strength[i] = 1; }
  }
  return { labels, strength };
}

function predictHdbscan(model: HdbscanModel, X: DataMatrix): { labels: Int32Array; strength: Float64Array } {
  const { nSamples: n, nFeatures: d } = X;
  const m = model.coreDistances.length;
  const tree = new KdTree({ data: model.points, nSamples: m, nFeatures: d });
  const k = Math.min(m, 2 * model.minSamples);
  const index = new Int32Array(k);
  const distance = new Float64Array(k);
  const labels = new Int32Array(n).fill(-1);
  const strength = new Float64Array(n);
  // the selected cluster at or above each node (parents have smaller ids)
  const selectedAbove = new Int32Array(model.nodeLabel.length).fill(-1);
  for (let c = 0; c < selectedAbove.length; c++) {
    selectedAbove[c] = model.nodeLabel[c]! >= 0 ? c : model.nodeParent[c]! >= 0 ? selectedAbove[model.nodeParent[c]!]! : -1;
  }
  for (let i = 0; i < n; i++) {
    tree.queryKnn(X.data, i * d, k, index, distance);
    // the new row's core distance by the fitted rows' rule: its minSamples-th nearest, itself (at 0) first
    const core = model.minSamples <= 1 ? 0 : distance[Math.min(k, model.minSamples - 1) - 1]!;
    let best = 0;
    let bestDistance = Infinity;
    for (let j = 0; j < k; j++) {
      const mr = Math.max(core, model.coreDistances[index[j]!]!, distance[j]!);
      if (mr < bestDistance) { bestDistance = mr; best = index[j]!; }
    }
    const lambda = bestDistance > 0 ? 1 / bestDistance : INFINITE_LAMBDA;
    let node = model.rowNode[best]!;
    let at: number;
    if (model.rowLambda[best]! <= lambda) {
      // the neighbour left its cluster before the new row would join it: the new row leaves with it
      at = model.rowLambda[best]!;
    } else {
      // carried up to the cluster still alive at λ
      while (model.nodeParent[node]! >= 0 && model.nodeBirth[node]! >= lambda) { node = model.nodeParent[node]!; }
      at = lambda;
    }
    const selected = selectedAbove[node]!;
    if (selected < 0) { continue; }
    labels[i] = model.nodeLabel[selected]!;
    strength[i] = Math.min(1, at / model.nodeMaxLambda[selected]!);
  }
  return { labels, strength };
}
