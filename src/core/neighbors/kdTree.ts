// A k-d tree over the rows of a DataMatrix: exact Euclidean k-nearest-neighbour and radius queries.
// It is the one neighbour search that DBSCAN, HDBSCAN and spectral clustering share, as
// scikit-learn's clusterers share sklearn.neighbors; hence its own room, src/core/neighbors.
//
// Layout (Bentley 1975; the balanced form of Friedman, Bentley & Finkel 1977): an implicit binary
// tree, node i has children 2i + 1 and 2i + 2, each node owns a contiguous range of the rows in tree
// order and the bounding box of those rows. A node is split at the median of its box's widest side,
// so every level halves the rows and the depth is ⌈log2(n / leafSize)⌉ + 1. The rows are copied in
// tree order, so a leaf scan reads contiguous memory.
//
// Exact by construction: a distance is the sum of squared differences over the columns in column
// order, and a box's lower (upper) bound is computed with the same operations on the box's sides.
// Rounding is monotone, so the bound of a box is never above (below) the distance of a row inside
// it, and pruning never drops a row that brute force would keep. Ties in distance are broken by row
// index, so a k-NN answer is the brute-force answer, row for row.
//
// Queries allocate nothing but their result: the traversal stack and the k-NN heap are scratch
// arrays owned by the tree (one tree per thread; a tree is not re-entrant).

import { findNonFinite, type DataMatrix } from '../dataMatrix';
import { type IndexList } from './indexList';
import { selectByColumn, siftDown, siftUp } from './kdTreeArrays';

/** Rows per leaf unless told otherwise: small enough to prune well in 1–8 columns. */
export const DEFAULT_LEAF_SIZE = 16;

/** Which rows of a tree are still searched (RemainingRows in remainingRows.ts keeps it). */
export interface RowsLeft {
  /** (nNodes) rows of each node still searched */
  readonly leftInNode: Int32Array;
  /** (nSamples) 1 at the tree position of a row no longer searched */
  readonly goneAtPosition: Uint8Array;
}

/** Each row's k nearest rows (itself included when it is a row of the tree), nearest first. */
export interface KNeighbors {
  k: number;
  /** (nSamples × k) row indices */
  indices: Int32Array;
  /** (nSamples × k) Euclidean distances, ascending per row */
  distances: Float64Array;
}

export class KdTree {
  readonly nSamples: number;
  readonly nFeatures: number;
  readonly leafSize: number;
  /** (nSamples) tree position → row index of the input */
  readonly index: Int32Array;
  /** (nSamples × nFeatures) the input rows in tree order */
  readonly points: Float64Array;
  /** number of nodes, 2^levels − 1 */
  readonly nNodes: number;
  /** (nNodes) first tree position of each node; its rows are [nodeStart, nodeEnd) */
  readonly nodeStart: Int32Array;
  /** (nNodes) */
  readonly nodeEnd: Int32Array;
  /** (nNodes × nFeatures) lower corner of each node's bounding box */
  readonly nodeLow: Float64Array;
  /** (nNodes × nFeatures) upper corner */
  readonly nodeHigh: Float64Array;
  /**
   * (nNodes) squared diagonal of each node's box: a box fits in a ball of radius r only when this is
   * ≤ 4r², so the upper bound (d operations) is computed only then
   */
  readonly nodeDiagonal2: Float64Array;
  /** first leaf node id: nodes ≥ firstLeaf have no children */
  private readonly firstLeaf: number;

  // scratch, reused by every query
  private readonly stackNode: Int32Array;
  private readonly stackBound: Float64Array;
  private heapDist = new Float64Array(16);
  private heapIdx = new Int32Array(16);

  /** Builds the tree in O(n·d·log n); throws on a non-finite value or a bad leaf size. */
  constructor(X: DataMatrix, leafSize = DEFAULT_LEAF_SIZE) {
    if (!Number.isInteger(leafSize) || leafSize < 1) { throw new Error(`leafSize must be an integer ≥ 1, got ${leafSize}`); }
    const bad = findNonFinite(X);
    if (bad >= 0) {
      const row = Math.floor(bad / X.nFeatures);
      throw new Error(`row ${row + 1}, column ${(bad % X.nFeatures) + 1} is ${X.data[bad]}: neighbour search needs finite values`);
    }
    const n = X.nSamples;
    const d = X.nFeatures;
    this.nSamples = n;
    this.nFeatures = d;
    this.leafSize = leafSize;
    let levels = 1;
    while (Math.ceil(n / 2 ** (levels - 1)) > leafSize) { levels++; }
    this.nNodes = 2 ** levels - 1;
    this.firstLeaf = 2 ** (levels - 1) - 1;
    this.nodeStart = new Int32Array(this.nNodes);
    this.nodeEnd = new Int32Array(this.nNodes);
    this.nodeLow = new Float64Array(this.nNodes * d);
    this.nodeHigh = new Float64Array(this.nNodes * d);
    this.nodeDiagonal2 = new Float64Array(this.nNodes);
    this.stackNode = new Int32Array(2 * levels + 2);
    this.stackBound = new Float64Array(2 * levels + 2);
    this.index = new Int32Array(n);
    for (let i = 0; i < n; i++) { this.index[i] = i; }
    // the rows are moved with their indices while the tree is split, so every box is computed
    // from contiguous memory (random reads through index were most of the build time)
    this.points = Float64Array.from(X.data.subarray(0, n * d));

    this.nodeEnd[0] = n;
    // nodes in id order: a parent always comes before its children
    for (let node = 0; node < this.nNodes; node++) {
      const start = this.nodeStart[node]!;
      const end = this.nodeEnd[node]!;
      const widest = this.computeBox(node, start, end);
      if (node >= this.firstLeaf) { continue; }
      const mid = start + ((end - start) >> 1);
      if (end - start > 1) { selectByColumn(this.points, d, this.index, start, end - 1, mid, widest); }
      const left = 2 * node + 1;
      this.nodeStart[left] = start;
      this.nodeEnd[left] = mid;
      this.nodeStart[left + 1] = mid;
      this.nodeEnd[left + 1] = end;
    }
  }

  /** Sets the node's box from its rows; returns the column of its widest side (the first of equals). */
  private computeBox(node: number, start: number, end: number): number {
    const d = this.nFeatures;
    const pts = this.points;
    const low = this.nodeLow;
    const high = this.nodeHigh;
    const o = node * d;
    for (let j = 0; j < d; j++) { low[o + j] = Infinity; high[o + j] = -Infinity; }
    extendBox(pts, d, start, end, low, high, o);
    let widest = 0;
    let width = -1;
    let diagonal2 = 0;
    for (let j = 0; j < d; j++) {
      const w = high[o + j]! - low[o + j]!;
      if (w > width) { width = w; widest = j; }
      diagonal2 += w * w;
    }
    // an empty node's box is inverted (−∞ wide): it fits anywhere
    this.nodeDiagonal2[node] = end > start ? diagonal2 : 0;
    return widest;
  }

  /** Squared distance from the query to the nearest point of the node's box (0 inside it); never above a row's own. */
  lowerBound(node: number, q: Float64Array, qOff: number): number {
    const d = this.nFeatures;
    const o = node * d;
    let s = 0;
    for (let j = 0; j < d; j++) {
      const x = q[qOff + j]!;
      const below = this.nodeLow[o + j]! - x;
      const above = x - this.nodeHigh[o + j]!;
      const gap = below > 0 ? below : above > 0 ? above : 0;
      s += gap * gap;
    }
    return s;
  }

  /** Squared distance from the query to the farthest corner of the node's box. */
  upperBound(node: number, q: Float64Array, qOff: number): number {
    const d = this.nFeatures;
    const o = node * d;
    let s = 0;
    for (let j = 0; j < d; j++) {
      const x = q[qOff + j]!;
      const a = x - this.nodeLow[o + j]!;
      const b = this.nodeHigh[o + j]! - x;
      const far = a > b ? a : b;
      s += far * far;
    }
    return s;
  }

  /**
   * The k rows nearest to the query point q[qOff .. qOff + nFeatures), nearest first, ties by row
   * index. Writes k row indices to outIdx[outOff ..] and k Euclidean distances to outDist[outOff ..].
   */
  queryKnn(q: Float64Array, qOff: number, k: number, outIdx: Int32Array, outDist: Float64Array, outOff = 0): void {
    if (!Number.isInteger(k) || k < 1 || k > this.nSamples) {
      throw new Error(`k must be an integer from 1 to the number of rows (${this.nSamples}), got ${k}`);
    }
    if (this.heapDist.length < k) { this.heapDist = new Float64Array(k); this.heapIdx = new Int32Array(k); }
    const heapDist = this.heapDist;
    const heapIdx = this.heapIdx;
    const d = this.nFeatures;
    const pts = this.points;
    const index = this.index;
    let size = 0;
    let sp = 0;
    this.stackNode[sp] = 0;
    this.stackBound[sp++] = this.lowerBound(0, q, qOff);
    while (sp > 0) {
      const node = this.stackNode[--sp]!;
      const bound = this.stackBound[sp]!;
      // not ≥: a row at exactly the k-th distance with a smaller index may still be in there
      if (size === k && bound > heapDist[0]!) { continue; }
      if (node >= this.firstLeaf) {
        const end = this.nodeEnd[node]!;
        for (let p = this.nodeStart[node]!; p < end; p++) {
          let s = 0;
          const o = p * d;
          for (let j = 0; j < d; j++) { const t = pts[o + j]! - q[qOff + j]!; s += t * t; }
          const row = index[p]!;
          if (size < k) {
            siftUp(heapDist, heapIdx, size++, s, row);
          } else if (s < heapDist[0]! || (s === heapDist[0]! && row < heapIdx[0]!)) {
            siftDown(heapDist, heapIdx, size, s, row);
          }
        }
        continue;
      }
      const left = 2 * node + 1;
      const right = left + 1;
      const boundLeft = this.lowerBound(left, q, qOff);
      const boundRight = this.lowerBound(right, q, qOff);
      // the nearer child is popped first, so the heap tightens before the farther one is judged
      if (boundLeft <= boundRight) {
        this.stackNode[sp] = right; this.stackBound[sp++] = boundRight;
        this.stackNode[sp] = left; this.stackBound[sp++] = boundLeft;
      } else {
        this.stackNode[sp] = left; this.stackBound[sp++] = boundLeft;
        this.stackNode[sp] = right; this.stackBound[sp++] = boundRight;
      }
    }
    // pop the max-heap from the back: ascending order
    for (let m = k - 1; m >= 0; m--) {
      outIdx[outOff + m] = heapIdx[0]!;
      outDist[outOff + m] = Math.sqrt(heapDist[0]!);
      if (m > 0) { siftDown(heapDist, heapIdx, m, heapDist[m]!, heapIdx[m]!); }
    }
  }

  /** Each row's k nearest rows, itself among them (at distance 0, first unless it has duplicates of lower index). */
  knnOfRows(X: DataMatrix, k: number): KNeighbors {
    const n = X.nSamples;
    if (X.nFeatures !== this.nFeatures) { throw new Error(`query has ${X.nFeatures} columns, the tree ${this.nFeatures}`); }
    const indices = new Int32Array(n * k);
    const distances = new Float64Array(n * k);
    for (let i = 0; i < n; i++) { this.queryKnn(X.data, i * this.nFeatures, k, indices, distances, i * k); }
    return { k, indices, distances };
  }

  /**
   * (nSamples) each of the tree's own rows' distance to its k-th nearest row, itself counting as the
   * first. Rows are queried in tree order, so consecutive queries walk the same nodes (~10% faster).
   */
  kthNeighbourDistances(k: number): Float64Array {
    const n = this.nSamples;
    const d = this.nFeatures;
    const idx = new Int32Array(k);
    const dist = new Float64Array(k);
    const out = new Float64Array(n);
    for (let p = 0; p < n; p++) {
      this.queryKnn(this.points, p * d, k, idx, dist);
      out[this.index[p]!] = dist[k - 1]!;
    }
    return out;
  }

  /**
   * Appends to `out` (not cleared) the row indices within Euclidean distance `radius` of the query
   * (distance ≤ radius, as scikit-learn's radius_neighbors), in tree order.
   */
  queryRadius(q: Float64Array, qOff: number, radius: number, out: IndexList): void {
    const r2 = checkRadius(radius);
    const d = this.nFeatures;
    const pts = this.points;
    const index = this.index;
    let sp = 0;
    this.stackNode[sp++] = 0;
    while (sp > 0) {
      const node = this.stackNode[--sp]!;
      if (this.lowerBound(node, q, qOff) > r2) { continue; }
      const start = this.nodeStart[node]!;
      const end = this.nodeEnd[node]!;
      if (this.upperBound(node, q, qOff) <= r2) {
        for (let p = start; p < end; p++) { out.push(index[p]!); }
        continue;
      }
      if (node >= this.firstLeaf) {
        for (let p = start; p < end; p++) {
          let s = 0;
          const o = p * d;
          for (let j = 0; j < d; j++) { const t = pts[o + j]! - q[qOff + j]!; s += t * t; }
          if (s <= r2) { out.push(index[p]!); }
        }
        continue;
      }
      this.stackNode[sp++] = 2 * node + 2;
      this.stackNode[sp++] = 2 * node + 1;
    }
  }

  /**
   * The number of rows within Euclidean distance `radius` of the query (distance ≤ radius); stops
   * counting once it reaches `limit` (then returns a number ≥ limit): "has it ≥ m neighbours?" is
   * answered without visiting a dense neighbourhood whole.
   */
  countRadius(q: Float64Array, qOff: number, radius: number, limit = Infinity): number {
    const r2 = checkRadius(radius);
    const d = this.nFeatures;
    const pts = this.points;
    let count = 0;
    let sp = 0;
    if (this.lowerBound(0, q, qOff) > r2) { return 0; }
    this.stackNode[sp++] = 0;
    // nearer child first: with a limit, the count is usually reached in the query's own leaf and
    // its neighbours (1.5 s → 0.2 s for the core test of 100,000 rows × 8 at a cluster-finding eps)
    while (sp > 0 && count < limit) {
      const node = this.stackNode[--sp]!;
      const start = this.nodeStart[node]!;
      const end = this.nodeEnd[node]!;
      if (this.nodeDiagonal2[node]! <= 4 * r2 && this.upperBound(node, q, qOff) <= r2) { count += end - start; continue; }
      if (node >= this.firstLeaf) {
        for (let p = start; p < end; p++) {
          let s = 0;
          const o = p * d;
          for (let j = 0; j < d; j++) { const t = pts[o + j]! - q[qOff + j]!; s += t * t; }
          if (s <= r2) { count++; }
        }
        continue;
      }
      const left = 2 * node + 1;
      const right = left + 1;
      const boundLeft = this.lowerBound(left, q, qOff);
      const boundRight = this.lowerBound(right, q, qOff);
      if (boundLeft <= boundRight) {
        if (boundRight <= r2) { this.stackNode[sp++] = right; }
        if (boundLeft <= r2) { this.stackNode[sp++] = left; }
      } else {
        if (boundLeft <= r2) { this.stackNode[sp++] = left; }
        if (boundRight <= r2) { this.stackNode[sp++] = right; }
      }
    }
    return count;
  }

  /**
   * As queryRadius, but only rows still in `remaining`, and subtrees whose rows are all gone are
   * not entered: a flood fill (DBSCAN's expansion) then pays for the rows it has yet to reach, not
   * again and again for the dense neighbourhoods it has already labelled.
   */
  queryRadiusRemaining(q: Float64Array, qOff: number, radius: number, remaining: RowsLeft, out: IndexList): void {
    const r2 = checkRadius(radius);
    const d = this.nFeatures;
    const pts = this.points;
    const index = this.index;
    const left = remaining.leftInNode;
    const gone = remaining.goneAtPosition;
    let sp = 0;
    this.stackNode[sp++] = 0;
    while (sp > 0) {
      const node = this.stackNode[--sp]!;
      if (left[node] === 0 || this.lowerBound(node, q, qOff) > r2) { continue; }
      const start = this.nodeStart[node]!;
      const end = this.nodeEnd[node]!;
      if (node >= this.firstLeaf || this.upperBound(node, q, qOff) <= r2) {
        const inside = node < this.firstLeaf;
        for (let p = start; p < end; p++) {
          if (gone[p] === 1) { continue; }
          if (!inside) {
            let s = 0;
            const o = p * d;
            for (let j = 0; j < d; j++) { const t = pts[o + j]! - q[qOff + j]!; s += t * t; }
            if (s > r2) { continue; }
          }
          out.push(index[p]!);
        }
        continue;
      }
      this.stackNode[sp++] = 2 * node + 2;
      this.stackNode[sp++] = 2 * node + 1;
    }
  }

  /** Whether `node` has no children. */
  isLeaf(node: number): boolean { return node >= this.firstLeaf; }
}

/** The tree a fit was given (checked to be over these rows' shape), or a new one over X. */
export function kdTreeFor(X: DataMatrix, prebuilt: KdTree | undefined): KdTree {
  if (prebuilt === undefined) { return new KdTree(X); }
  if (prebuilt.nSamples !== X.nSamples || prebuilt.nFeatures !== X.nFeatures) {
    throw new Error(`the neighbour tree was built over ${prebuilt.nSamples} × ${prebuilt.nFeatures} rows, not these ${X.nSamples} × ${X.nFeatures}`);
  }
  return prebuilt;
}

function checkRadius(radius: number): number {
  if (!(radius >= 0) || !Number.isFinite(radius)) { throw new Error(`radius must be a finite number ≥ 0, got ${radius}`); }
  return radius * radius;
}

/**
 * Widens the box low/high[o … o + d) to hold rows start … end − 1 of the row-major points. Its own
 * function with nothing after its loop, on purpose: V8 compiles the root node's long loop on stack
 * replacement, before the code after it has ever run, and such code then bailed out at that code
 * on every later call ("insufficient type feedback"): once per node, ~1,000 times per tree of
 * 5,000 rows, each a trip through the deoptimiser.
 */
function extendBox(pts: Float64Array, d: number, start: number, end: number, low: Float64Array, high: Float64Array, o: number): void {
  for (let p = start; p < end; p++) {
    const r = p * d;
    for (let j = 0; j < d; j++) {
      const v = pts[r + j]!;
      if (v < low[o + j]!) { low[o + j] = v; }
      if (v > high[o + j]!) { high[o + j] = v; }
    }
  }
}
