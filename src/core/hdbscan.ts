// HDBSCAN (Campello, Moulavi & Sander 2013; Campello, Moulavi, Zimek & Sander 2015), in the form that
// McInnes & Healy (2017) describe, read top to bottom:
//
//   1. core distances      coreDist(x) = distance to x's minSamples-th nearest row, x itself first
//   2. mutual reachability  mrd(a, b) = max(coreDist(a), coreDist(b), ‖a − b‖)
//   3. its minimum spanning tree (Prim's algorithm on the implicit complete graph up to PRIM_LIMIT
//      rows, Borůvka's on the k-d tree beyond)
//   4. the single-linkage tree: the MST's edges merged in ascending weight
//   5. the condensed tree: walking down from the root with λ = 1 / distance, a split where both sides
//      have ≥ minClusterSize rows gives birth to two clusters; a side with fewer rows "falls out" of
//      its cluster; the other side goes on as the same cluster. A single row leaves at the split's λ;
//      the rows of a smaller piece, and of a cluster that dissolves, leave one by one at their own
//      λ = 1 / coreDist (R's rule)
//   6. stability of a cluster C: Σ over what leaves C of (λ_leave − λ_birth(C)) × rows leaving
//   7. selection: excess of mass (a cluster is kept when its stability is ≥ the summed stabilities of
//      the clusters kept below it; the root is never kept) or leaf (the clusters without children)
//   8. labels (−1 noise); membership probabilities as R's "individual stability", 1 − λmin(S) / λ_x
//      for a row x of selected cluster S, λmin(S) the first λ at which a row leaves S itself; GLOSH
//      outlier scores 1 − λ_x / λmax(the cluster x fell out of, with its descendants) (Campello et al.
//      2015, §6), where a row leaving with a piece or a dissolving cluster counts at the λ of its
//      first merge in the single-linkage tree (R's scores, read off its results)
//
// Checked against R's dbscan::hdbscan (minPts = minClusterSize = minSamples) in test/fixtures/density:
// same core distances and partitions except where equal distances are merged in another order.
//
// Limits: Prim's is O(n²) distance evaluations (about a second per 10,000 rows × a few columns),
// Borůvka's about O(n log n) in few columns; both O(n) memory (no distance matrix). Where equal
// mutual reachability distances occur (they do: many equal a core distance), the single-linkage tree
// is built in the MST's edge order, as R does; so is the condensed tree, and that order can decide on
// which side of a split a row at exactly the split level falls.

import { type DataMatrix } from './dataMatrix';
import { mutualReachabilityMst, mutualReachabilityMstBoruvka, type SpanningTree } from './mutualReachabilityMst';
import { kdTreeFor, type KdTree } from './neighbors/kdTree';

export type ClusterSelectionMethod = 'eom' | 'leaf';

export interface HdbscanOptions {
  /** the fewest rows a cluster may have, ≥ 2 (default 5, as the hdbscan library) */
  minClusterSize: number;
  /** the neighbour whose distance is a row's core distance, itself counting (default minClusterSize) */
  minSamples: number;
  /** 'eom' (excess of mass, default) or 'leaf' */
  clusterSelectionMethod: ClusterSelectionMethod;
  /**
   * how the minimum spanning tree is found: 'prim' (O(n²) time, lists equal edges in R's order, so
   * R's partitions are met also where distances tie), 'boruvka' (on the k-d tree, fast at any n;
   * equal distances may be merged in another order, which can move a few rows at cluster edges) or
   * 'auto' (default): Prim's up to PRIM_LIMIT rows, Borůvka's beyond
   */
  mstAlgorithm: 'auto' | 'prim' | 'boruvka';
  /** a tree already built over X (shared with other methods of the same fit) */
  tree?: KdTree;
}

/** Rows up to which mstAlgorithm 'auto' runs Prim's algorithm (about a second here). */
export const PRIM_LIMIT = 10000;

/**
 * The condensed tree, one entry per edge: rows are nodes 0 … n − 1, clusters are nodes n, n + 1, …
 * with the root n; a cluster's children have larger ids than the cluster.
 */
export interface CondensedTree {
  /** (nEdges) parent cluster node */
  parent: Int32Array;
  /** (nEdges) child node: a row (< n) that falls out, or a cluster (≥ n) that is born */
  child: Int32Array;
  /** (nEdges) 1 / distance at which the child leaves the parent */
  lambda: Float64Array;
  /** (nEdges) rows in the child */
  childSize: Int32Array;
  /** number of cluster nodes (the root included) */
  nClusterNodes: number;
  /** (nClusterNodes) stability of each cluster node, as in step 6 (before selection) */
  stability: Float64Array;
  /** (nClusterNodes) 1 when the cluster node was selected */
  selected: Uint8Array;
  /**
   * (nSamples) the λ of each row for GLOSH: as in `lambda`, except that a row of a dissolving
   * cluster leaves at 1 / the distance of its first merge (where it stops being a singleton)
   */
  gloshLambda: Float64Array;
}

export interface HdbscanResult {
  /** (nSamples) cluster of each row, 0 … nClusters − 1 in the order of their condensed-tree nodes, or −1 */
  labels: Int32Array;
  /** (nSamples) membership strength in [0, 1]; 0 for noise */
  probabilities: Float64Array;
  /** (nSamples) GLOSH outlier score in [0, 1] */
  outlierScores: Float64Array;
  /** (nSamples) */
  coreDistances: Float64Array;
  nClusters: number;
  nNoise: number;
  /** (nSamples − 1) minimum spanning tree of the mutual reachability graph, ascending weight */
  mst: SpanningTree;
  condensedTree: CondensedTree;
}

/** Clusters the rows of X; throws an Error naming the first invalid option. */
export function fitHdbscan(X: DataMatrix, options: Partial<HdbscanOptions> = {}): HdbscanResult {
  const minClusterSize = options.minClusterSize ?? 5;
  const minSamples = options.minSamples ?? minClusterSize;
  const method = options.clusterSelectionMethod ?? 'eom';
  if (!Number.isInteger(minClusterSize) || minClusterSize < 2) { throw new Error(`minClusterSize must be an integer ≥ 2, got ${minClusterSize}`); }
  if (!Number.isInteger(minSamples) || minSamples < 1) { throw new Error(`minSamples must be an integer ≥ 1, got ${minSamples}`); }
  if (method !== 'eom' && method !== 'leaf') { throw new Error(`clusterSelectionMethod must be 'eom' or 'leaf', got '${String(method)}'`); }
  const n = X.nSamples;
  if (minSamples > n) { throw new Error(`minSamples (${minSamples}) is larger than the number of rows (${n})`); }
  const tree = kdTreeFor(X, options.tree);

  const coreDistances = computeCoreDistances(X, minSamples, tree);
  const algorithm = options.mstAlgorithm ?? 'auto';
  if (algorithm !== 'auto' && algorithm !== 'prim' && algorithm !== 'boruvka') { throw new Error(`mstAlgorithm must be 'auto', 'prim' or 'boruvka', got '${String(algorithm)}'`); }
  const usePrim = algorithm === 'prim' || (algorithm === 'auto' && n <= PRIM_LIMIT);
  const mst = usePrim ? mutualReachabilityMst(X, coreDistances, tree) : mutualReachabilityMstBoruvka(X, coreDistances, tree);
  const dendrogram = singleLinkage(n, mst);
  const condensed = condenseTree(n, dendrogram, coreDistances, minClusterSize);
  selectClusters(n, condensed, method);
  return { ...labelRows(n, condensed), coreDistances, mst, condensedTree: condensed };
}

// ── 1. core distances ───────────────────────────────────────────────────────────────────────────

/** (nSamples) each row's distance to its minSamples-th nearest row, itself counting as the first. */
export function computeCoreDistances(X: DataMatrix, minSamples: number, tree: KdTree): Float64Array {
  kdTreeFor(X, tree);
  return tree.kthNeighbourDistances(minSamples);
}

// ── 4. single-linkage tree ──────────────────────────────────────────────────────────────────────

/** Merge i joins nodes left[i] and right[i] (rows < n, merges n + j) at distance[i] into node n + i. */
interface Dendrogram {
  left: Int32Array;
  right: Int32Array;
  distance: Float64Array;
  size: Int32Array;
}

function singleLinkage(n: number, mst: SpanningTree): Dendrogram {
  const m = mst.weight.length;
  const left = new Int32Array(m);
  const right = new Int32Array(m);
  const size = new Int32Array(m);
  // union-find over rows; each root remembers the dendrogram node of its component
  const parent = new Int32Array(n);
  const node = new Int32Array(n);
  for (let i = 0; i < n; i++) { parent[i] = i; node[i] = i; }
  const find = (x: number): number => {
    let r = x;
    while (parent[r] !== r) { r = parent[r]!; }
    while (parent[x] !== r) { const next = parent[x]!; parent[x] = r; x = next; }
    return r;
  };
  const sizeOf = (id: number): number => (id < n ? 1 : size[id - n]!);
  for (let e = 0; e < m; e++) {
    const a = find(mst.from[e]!);
    const b = find(mst.to[e]!);
    left[e] = node[a]!;
    right[e] = node[b]!;
    size[e] = sizeOf(node[a]!) + sizeOf(node[b]!);
    parent[a] = b;
    node[b] = n + e;
  }
  return { left, right, distance: mst.weight, size };
}

// ── 5–6. condensed tree and stability ───────────────────────────────────────────────────────────

function condenseTree(n: number, tree: Dendrogram, coreDistances: Float64Array, minClusterSize: number): CondensedTree {
  const parent: number[] = [];
  const child: number[] = [];
  const lambda: number[] = [];
  const childSize: number[] = [];
  const m = tree.distance.length;
  const sizeOf = (id: number): number => (id < n ? 1 : tree.size[id - n]!);
  // cluster node of each dendrogram node still inside a cluster; −1 once its rows have fallen out
  const clusterOf = new Int32Array(n + m).fill(-1);
  let nClusterNodes = 1;
  if (m > 0) { clusterOf[n + m - 1] = n; }
  const stack: number[] = [];
  // 1 / the distance at which each row first merges: where the full hierarchy stops seeing it alone
  const gloshLambda = new Float64Array(n);
  for (let e = 0; e < m; e++) {
    if (tree.left[e]! < n) { gloshLambda[tree.left[e]!] = 1 / tree.distance[e]!; }
    if (tree.right[e]! < n) { gloshLambda[tree.right[e]!] = 1 / tree.distance[e]!; }
  }
  // A single row that falls out of a cluster that goes on leaves at the split's λ. The rows of a
  // piece of several rows, and every row of a cluster that dissolves (no piece large enough), leave
  // one by one at their own λ = 1 / coreDist, where each stops being a core object: R's rule, read
  // off its results (stabilities and membership strengths), and the self-loop edges of Campello et
  // al.'s extended MST.
  const fallOut = (from: number, cluster: number, lam: number, dissolves: boolean): void => {
    const ownLevels = dissolves || from >= n;
    stack.push(from);
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (id < n) {
        parent.push(cluster); child.push(id); lambda.push(ownLevels ? 1 / coreDistances[id]! : lam); childSize.push(1);
        if (!ownLevels) { gloshLambda[id] = lam; }
        continue;
      }
      stack.push(tree.right[id - n]!, tree.left[id - n]!);
    }
  };
  // a merge's node id is larger than its children's: descending ids visit parents first
  for (let id = n + m - 1; id >= n; id--) {
    const cluster = clusterOf[id]!;
    if (cluster < 0) { continue; }
    const e = id - n;
    const l = tree.left[e]!;
    const r = tree.right[e]!;
    const lam = 1 / tree.distance[e]!;
    const bigL = sizeOf(l) >= minClusterSize;
    const bigR = sizeOf(r) >= minClusterSize;
    if (bigL && bigR) {
      for (const c of [l, r]) {
        const born = n + nClusterNodes++;
        parent.push(cluster); child.push(born); lambda.push(lam); childSize.push(sizeOf(c));
        if (c >= n) { clusterOf[c] = born; }
      }
    } else {
      const dissolves = !bigL && !bigR;
      if (bigL) { clusterOf[l] = cluster; } else { fallOut(l, cluster, lam, dissolves); }
      if (bigR) { clusterOf[r] = cluster; } else { fallOut(r, cluster, lam, dissolves); }
    }
  }
  if (m === 0 && n === 1) { parent.push(n); child.push(0); lambda.push(Infinity); childSize.push(1); }

  const birth = new Float64Array(nClusterNodes);
  for (let i = 0; i < child.length; i++) { if (child[i]! >= n) { birth[child[i]! - n] = lambda[i]!; } }
  const stability = new Float64Array(nClusterNodes);
  for (let i = 0; i < parent.length; i++) {
    const c = parent[i]! - n;
    // rows at distance 0 (≥ minSamples duplicates) leave at λ = ∞; ∞ − ∞ (born and left at ∞) adds 0
    if (lambda[i] !== birth[c]) { stability[c] += (lambda[i]! - birth[c]!) * childSize[i]!; }
  }
  return {
    parent: Int32Array.from(parent), child: Int32Array.from(child), lambda: Float64Array.from(lambda),
    childSize: Int32Array.from(childSize), nClusterNodes, stability, selected: new Uint8Array(nClusterNodes), gloshLambda,
  };
}

// ── 7. cluster selection ────────────────────────────────────────────────────────────────────────

function selectClusters(n: number, tree: CondensedTree, method: ClusterSelectionMethod): void {
  const k = tree.nClusterNodes;
  const children: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < tree.child.length; i++) {
    if (tree.child[i]! >= n) { children[tree.parent[i]! - n]!.push(tree.child[i]! - n); }
  }
  const selected = tree.selected;
  if (method === 'leaf') {
    for (let c = 1; c < k; c++) { selected[c] = children[c]!.length === 0 ? 1 : 0; }
    return;
  }
  const subtree = Float64Array.from(tree.stability);
  // children have larger ids than their parent: descending ids settle every child first
  for (let c = k - 1; c >= 1; c--) {
    if (children[c]!.length === 0) { selected[c] = 1; continue; }
    let below = 0;
    for (const ch of children[c]!) { below += subtree[ch]!; }
    if (below > subtree[c]!) {
      subtree[c] = below;
    } else {
      selected[c] = 1;
      const stack = [...children[c]!];
      while (stack.length > 0) { const x = stack.pop()!; selected[x] = 0; stack.push(...children[x]!); }
    }
  }
}

// ── 8. labels, membership probabilities, outlier scores ────────────────────────────────────────

function labelRows(n: number, tree: CondensedTree): Pick<HdbscanResult, 'labels' | 'probabilities' | 'outlierScores' | 'nClusters' | 'nNoise'> {
  const k = tree.nClusterNodes;
  const clusterParent = new Int32Array(k).fill(-1);
  const rowParent = new Int32Array(n);
  const rowLambda = new Float64Array(n);
  for (let i = 0; i < tree.child.length; i++) {
    const c = tree.child[i]!;
    if (c >= n) { clusterParent[c - n] = tree.parent[i]! - n; } else { rowParent[c] = tree.parent[i]! - n; rowLambda[c] = tree.lambda[i]!; }
  }
  // the selected cluster at or above each cluster node (parents first: ids ascend down the tree)
  const chosen = new Int32Array(k).fill(-1);
  const label = new Int32Array(k).fill(-1);
  let nClusters = 0;
  for (let c = 0; c < k; c++) {
    if (tree.selected[c] === 1) { chosen[c] = c; label[c] = nClusters++; } else if (c > 0) { chosen[c] = chosen[clusterParent[c]!]!; }
  }
  // the smallest λ at which a row leaves each cluster node itself: where its membership starts
  const minLambda = new Float64Array(k).fill(Infinity);
  for (let i = 0; i < n; i++) { const c = rowParent[i]!; if (rowLambda[i]! < minLambda[c]!) { minLambda[c] = rowLambda[i]!; } }
  // the largest λ at which a row of each cluster node (or of its descendants) falls out
  const maxLambda = new Float64Array(k);
  const glosh = tree.gloshLambda;
  for (let i = 0; i < n; i++) { const c = rowParent[i]!; if (glosh[i]! > maxLambda[c]!) { maxLambda[c] = glosh[i]!; } }
  for (let c = k - 1; c >= 1; c--) {
    const p = clusterParent[c]!;
    if (maxLambda[c]! > maxLambda[p]!) { maxLambda[p] = maxLambda[c]!; }
  }
  const labels = new Int32Array(n);
  const probabilities = new Float64Array(n);
  const outlierScores = new Float64Array(n);
  let nNoise = 0;
  for (let i = 0; i < n; i++) {
    const lam = rowLambda[i]!;
    const fell = rowParent[i]!;
    outlierScores[i] = 1 - lambdaRatio(glosh[i]!, maxLambda[fell]!);
    const s = chosen[fell]!;
    if (s < 0) { labels[i] = -1; nNoise++; continue; }
    labels[i] = label[s]!;
    probabilities[i] = membership(lam, minLambda[s]!);
  }
  return { labels, probabilities, outlierScores, nClusters, nNoise };
}

/**
 * R dbscan's "individual stability" of a row in its selected cluster S: 1 − λmin(S) / λ, where
 * λmin(S) is the smallest λ at which a row leaves S itself (0 for the first row out, → 1 in the core).
 */
function membership(lam: number, minLam: number): number {
  if (lam === Infinity) { return 1; }
  if (!(minLam < Infinity) || !(lam > 0)) { return 0; }
  return Math.max(0, 1 - minLam / lam);
}

/** λ / λmax with λ capped at λmax; ∞ / ∞ is 1 (duplicates that never separate). */
function lambdaRatio(lam: number, maxLam: number): number {
  if (maxLam === Infinity) { return lam === Infinity ? 1 : 0; }
  return maxLam > 0 ? Math.min(lam, maxLam) / maxLam : 1;
}
