// Steps 2–3 of HDBSCAN (hdbscan.ts): the minimum spanning tree of the mutual reachability graph,
// mrd(a, b) = max(coreDist(a), coreDist(b), ‖a − b‖), never materialised (O(n) memory). Two ways to
// the same total weight: Prim's over the implicit complete graph, O(n²) distances, and Borůvka's on
// the k-d tree (McInnes & Healy 2017), about O(n log n) in few columns. Where weights tie they may
// list different edges, and the single-linkage tree follows the order of the list.

import { type DataMatrix } from './dataMatrix';
import { kdTreeFor, type KdTree } from './neighbors/kdTree';

/** (nSamples − 1) edges, ascending weight; from/to are row indices of the input. */
export interface SpanningTree {
  from: Int32Array;
  to: Int32Array;
  weight: Float64Array;
}

/** The n − 1 edge slots of a spanning tree over n rows (none for fewer than two rows). */
function emptySpanningTree(n: number): SpanningTree {
  const m = Math.max(0, n - 1);
  return { from: new Int32Array(m), to: new Int32Array(m), weight: new Float64Array(m) };
}

/**
 * Prim's algorithm over the implicit complete graph, O(n) memory, with the edges R's Prim's lists:
 * from row 0, each step adds the row of least weight to the tree (ties by row index), reached from
 * the first tree row that gave it that weight. Squared distances throughout (max commutes with
 * squaring). Edges come back sorted by weight (stable).
 *
 * Every row's best weight is updated from each new tree row, as in the textbook O(n²) form, but
 * through a k-d tree: a subtree is skipped when max(box distance, the new row's core, the subtree's
 * smallest core) already reaches the largest best weight of its rows, for then none of them can
 * improve (the box bound is never above a row's distance: kdTree.ts); each node keeps that largest
 * weight and its least (weight, row), so the next row is read off the root. Prim's grows the tree
 * through nearby rows, so many subtrees are far and skipped: the same edges in the same order, 2.5–3×
 * faster at 5,000–10,000 rows × 2 (no faster in 8 columns; still O(n²) in the worst case).
 */
export function mutualReachabilityMst(X: DataMatrix, coreDistances: Float64Array, prebuilt?: KdTree): SpanningTree {
  const n = X.nSamples;
  const d = X.nFeatures;
  const m = Math.max(0, n - 1);
  const { from, to, weight } = emptySpanningTree(n);
  if (n < 2) { return { from, to, weight }; }
  const tree = kdTreeFor(X, prebuilt);
  const { points, index, nodeStart, nodeEnd, nNodes } = tree;
  const firstLeaf = (nNodes - 1) >> 1;
  // per tree position: squared core distance, best squared weight so far and from which row; −1 in
  // best marks a row already in the tree
  const core2 = new Float64Array(n);
  const best = new Float64Array(n).fill(Infinity);
  const bestFrom = new Int32Array(n);
  let start = -1;
  for (let p = 0; p < n; p++) { const c = coreDistances[index[p]!]!; core2[p] = c * c; if (index[p] === 0) { start = p; } }
  // per node: smallest core (fixed), and over its rows not yet in the tree the largest best weight
  // and the least (best, row) with its position; minPos −1 when none is left
  const minCore = new Float64Array(nNodes).fill(Infinity);
  const maxBest = new Float64Array(nNodes).fill(-Infinity);
  const minBest = new Float64Array(nNodes).fill(Infinity);
  const minPos = new Int32Array(nNodes).fill(-1);
  const before = (pa: number, ba: number, pb: number, bb: number): boolean => pb < 0 || (pa >= 0 && (ba < bb || (ba === bb && index[pa]! < index[pb]!)));
  const combine = (node: number): void => {
    const l = 2 * node + 1;
    const r = l + 1;
    maxBest[node] = maxBest[l]! > maxBest[r]! ? maxBest[l]! : maxBest[r]!;
    if (before(minPos[l]!, minBest[l]!, minPos[r]!, minBest[r]!)) { minPos[node] = minPos[l]!; minBest[node] = minBest[l]!; } else { minPos[node] = minPos[r]!; minBest[node] = minBest[r]!; }
  };
  /** Recomputes a leaf's summary from its rows, then its ancestors'. */
  const summarise = (leaf: number): void => {
    let lo = -1;
    let low = Infinity;
    let high = -Infinity;
    for (let p = nodeStart[leaf]!; p < nodeEnd[leaf]!; p++) {
      const b = best[p]!;
      if (b < 0) { continue; }
      if (b > high) { high = b; }
      if (before(p, b, lo, low)) { low = b; lo = p; }
    }
    minPos[leaf] = lo;
    minBest[leaf] = low;
    maxBest[leaf] = high;
    for (let node = leaf; node > 0;) { node = (node - 1) >> 1; combine(node); }
  };
  for (let node = nNodes - 1; node >= 0; node--) {
    if (node >= firstLeaf) {
      for (let p = nodeStart[node]!; p < nodeEnd[node]!; p++) { if (core2[p]! < minCore[node]!) { minCore[node] = core2[p]!; } }
      if (nodeEnd[node]! > nodeStart[node]!) { minPos[node] = nodeStart[node]!; maxBest[node] = Infinity; }
    } else {
      minCore[node] = Math.min(minCore[2 * node + 1]!, minCore[2 * node + 2]!);
      combine(node);
    }
  }
  const q = new Float64Array(d);
  const stack = new Int32Array(2 * Math.ceil(Math.log2(nNodes + 1)) + 4);
  let current = start;
  best[current] = -1;
  summarise(leafOf(tree, firstLeaf, current));
  for (let e = 0; e < m; e++) {
    const co = current * d;
    for (let j = 0; j < d; j++) { q[j] = points[co + j]!; }
    const coreCurrent = core2[current]!;
    const currentRow = index[current]!;
    let sp = 0;
    stack[sp++] = 0;
    while (sp > 0) {
      const node = stack[--sp]!;
      if (minPos[node]! < 0) { continue; }
      let bound = tree.lowerBound(node, q, 0);
      if (coreCurrent > bound) { bound = coreCurrent; }
      if (minCore[node]! > bound) { bound = minCore[node]!; }
      if (bound >= maxBest[node]!) { continue; }
      if (node < firstLeaf) { stack[sp++] = 2 * node + 2; stack[sp++] = 2 * node + 1; continue; }
      let changed = false;
      for (let p = nodeStart[node]!; p < nodeEnd[node]!; p++) {
        const b = best[p]!;
        if (b < 0) { continue; }
        const floor = coreCurrent > core2[p]! ? coreCurrent : core2[p]!;
        if (floor >= b) { continue; }
        let s = 0;
        const o = p * d;
        for (let j = 0; j < d; j++) { const t = q[j]! - points[o + j]!; s += t * t; }
        const w = s > floor ? s : floor;
        if (w < b) { best[p] = w; bestFrom[p] = currentRow; changed = true; }
      }
      if (changed) { summarise(node); }
    }
    // the lightest row of all, ties by row index
    const pick = minPos[0]!;
    from[e] = bestFrom[pick]!;
    to[e] = index[pick]!;
    weight[e] = Math.sqrt(minBest[0]!);
    best[pick] = -1;
    summarise(leafOf(tree, firstLeaf, pick));
    current = pick;
  }
  return sortEdges(from, to, weight);
}

/** The leaf node whose rows hold tree position p: nodes split positions in order. */
function leafOf(tree: KdTree, firstLeaf: number, p: number): number {
  let node = 0;
  while (node < firstLeaf) { node = p < tree.nodeEnd[2 * node + 1]! ? 2 * node + 1 : 2 * node + 2; }
  return node;
}

/**
 * Borůvka's algorithm on the k-d tree (the approach of McInnes & Healy 2017, with one tree): each
 * round finds, for every component, its lightest edge to another component, and joins along them;
 * O(log n) rounds. A row's search skips subtrees whose rows all share its component, and subtrees
 * whose bound max(box distance, row's core, subtree's smallest core) cannot beat the component's
 * best so far; a row whose own core distance already reaches that best is not searched at all.
 * Memory O(n); edges come back sorted by weight (stable).
 */
export function mutualReachabilityMstBoruvka(X: DataMatrix, coreDistances: Float64Array, tree: KdTree): SpanningTree {
  const n = X.nSamples;
  const d = X.nFeatures;
  const m = Math.max(0, n - 1);
  const { from, to, weight } = emptySpanningTree(n);
  if (n < 2) { return { from, to, weight }; }
  const { points, index, nodeStart, nodeEnd, nNodes } = tree;
  // per tree position: squared core distance; per node: the smallest of its rows
  const core2 = new Float64Array(n);
  for (let p = 0; p < n; p++) { const c = coreDistances[index[p]!]!; core2[p] = c * c; }
  const minCore2 = new Float64Array(nNodes);
  for (let node = nNodes - 1; node >= 0; node--) {
    if (tree.isLeaf(node)) {
      let low = Infinity;
      for (let p = nodeStart[node]!; p < nodeEnd[node]!; p++) { if (core2[p]! < low) { low = core2[p]!; } }
      minCore2[node] = low;
    } else {
      minCore2[node] = Math.min(minCore2[2 * node + 1]!, minCore2[2 * node + 2]!);
    }
  }
  // union-find over tree positions
  const parent = new Int32Array(n);
  for (let p = 0; p < n; p++) { parent[p] = p; }
  const find = (x: number): number => {
    let r = x;
    while (parent[r] !== r) { r = parent[r]!; }
    while (parent[x] !== r) { const next = parent[x]!; parent[x] = r; x = next; }
    return r;
  };
  const compAt = new Int32Array(n);
  const nodeComp = new Int32Array(nNodes);
  const best = new Float64Array(n);
  // per row: squared mutual reachability to its nearest row of another component (when nearTo ≥ 0),
  // or a lower bound on it (nearTo = −1)
  const near = new Float64Array(n);
  const nearTo = new Int32Array(n).fill(-1);
  const bestFrom = new Int32Array(n);
  const bestTo = new Int32Array(n);
  const stack = new Int32Array(2 * Math.ceil(Math.log2(nNodes + 1)) + 4);
  let nEdges = 0;
  while (nEdges < m) {
    for (let p = 0; p < n; p++) { compAt[p] = find(p); best[p] = Infinity; }
    for (let node = nNodes - 1; node >= 0; node--) {
      if (tree.isLeaf(node)) {
        const start = nodeStart[node]!;
        const end = nodeEnd[node]!;
        let c = end > start ? compAt[start]! : -2;
        for (let p = start + 1; p < end && c !== -1; p++) { if (compAt[p] !== c) { c = -1; } }
        nodeComp[node] = c;
      } else {
        const a = nodeComp[2 * node + 1]!;
        const b = nodeComp[2 * node + 2]!;
        nodeComp[node] = a === -2 ? b : b === -2 ? a : a === b ? a : -1;
      }
    }
    for (let p = 0; p < n; p++) {
      const c = compAt[p]!;
      const cp = core2[p]!;
      // components only grow, so a row's nearest foreign row stays its nearest while still foreign
      if (nearTo[p]! >= 0 && compAt[nearTo[p]!] !== c) {
        if (near[p]! < best[c]!) { best[c] = near[p]!; bestFrom[c] = p; bestTo[c] = nearTo[p]!; }
        continue;
      }
      // near[p] is a lower bound on what a search could find (and so is the core distance)
      if (cp >= best[c]! || near[p]! >= best[c]!) { continue; }
      const searchedBelow = best[c]!;
      let found = -1;
      const qOff = p * d;
      let sp = 0;
      stack[sp++] = 0;
      while (sp > 0) {
        const node = stack[--sp]!;
        if (nodeComp[node] === c || nodeComp[node] === -2) { continue; }
        let bound = tree.lowerBound(node, points, qOff);
        if (cp > bound) { bound = cp; }
        if (minCore2[node]! > bound) { bound = minCore2[node]!; }
        if (bound >= best[c]!) { continue; }
        if (tree.isLeaf(node)) {
          for (let q = nodeStart[node]!; q < nodeEnd[node]!; q++) {
            if (compAt[q] === c) { continue; }
            let s = 0;
            const o = q * d;
            for (let j = 0; j < d; j++) { const t = points[o + j]! - points[qOff + j]!; s += t * t; }
            if (cp > s) { s = cp; }
            if (core2[q]! > s) { s = core2[q]!; }
            if (s < best[c]!) { best[c] = s; bestFrom[c] = p; bestTo[c] = q; found = q; }
          }
          continue;
        }
        const left = 2 * node + 1;
        const right = left + 1;
        // nearer child last on the stack, so it is searched first
        if (tree.lowerBound(left, points, qOff) <= tree.lowerBound(right, points, qOff)) {
          stack[sp++] = right; stack[sp++] = left;
        } else {
          stack[sp++] = left; stack[sp++] = right;
        }
      }
      // every foreign row below the starting bound was seen: the last improvement is p's nearest
      if (found >= 0) { near[p] = best[c]!; nearTo[p] = found; } else { near[p] = searchedBelow; nearTo[p] = -1; }
    }
    // join along each component's lightest edge (in component order; a cycle-closing one is skipped)
    for (let c = 0; c < n; c++) {
      if (compAt[c] !== c || best[c] === Infinity) { continue; }
      const a = find(bestFrom[c]!);
      const b = find(bestTo[c]!);
      if (a === b) { continue; }
      parent[a] = b;
      from[nEdges] = index[bestFrom[c]!]!;
      to[nEdges] = index[bestTo[c]!]!;
      weight[nEdges] = Math.sqrt(best[c]!);
      nEdges++;
    }
  }
  return sortEdges(from, to, weight);
}

function sortEdges(from: Int32Array, to: Int32Array, weight: Float64Array): SpanningTree {
  const order = Array.from({ length: weight.length }, (_, i) => i);
  order.sort((a, b) => weight[a]! - weight[b]! || a - b);
  return {
    from: Int32Array.from(order, i => from[i]!),
    to: Int32Array.from(order, i => to[i]!),
    weight: Float64Array.from(order, i => weight[i]!),
  };
}
