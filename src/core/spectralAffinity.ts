// Steps 1–2 of spectral clustering (see spectral.ts): the symmetric k-nearest-neighbour affinity
// as a sparse graph, and its connected components.

import type { DataMatrix } from './dataMatrix';
import type { KdTree } from './neighbors/kdTree';

// ── 1–2. the affinity graph ─────────────────────────────────────────────────────────────────────

/** W without its diagonal in compressed sparse rows, and √degree per row. */
export interface AffinityGraph {
  n: number;
  /** (n + 1) row i's entries are [rowStart[i], rowStart[i + 1]) */
  rowStart: Int32Array;
  /** column of each entry, ascending within a row */
  column: Int32Array;
  /** weight of each entry: 1 (mutual neighbours) or ½ */
  weight: Float64Array;
  /** (n) √(Σ_j≠i W_ij) */
  sqrtDegree: Float64Array;
}

export function buildAffinity(X: DataMatrix, nNeighbors: number, tree: KdTree): AffinityGraph {
  const n = X.nSamples;
  const k = nNeighbors;
  const knn = tree.knnOfRows(X, k).indices;
  // each directed edge i → j (j ≠ i) contributes ½ to W_ij and ½ to W_ji
  const count = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    for (let m = 0; m < k; m++) { const j = knn[i * k + m]!; if (j !== i) { count[i]++; count[j]++; } }
  }
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) { start[i + 1] = start[i]! + count[i]!; }
  const fill = start.slice(0, n);
  const rawCol = new Int32Array(start[n]!);
  for (let i = 0; i < n; i++) {
    for (let m = 0; m < k; m++) {
      const j = knn[i * k + m]!;
      if (j === i) { continue; }
      rawCol[fill[i]!++] = j;
      rawCol[fill[j]!++] = i;
    }
  }
  // sort each row and merge repeats: a column twice is a mutual pair (weight 1)
  const rowStart = new Int32Array(n + 1);
  const column = new Int32Array(rawCol.length);
  const weight = new Float64Array(rawCol.length);
  const sqrtDegree = new Float64Array(n);
  let out = 0;
  for (let i = 0; i < n; i++) {
    rowStart[i] = out;
    const row = rawCol.subarray(start[i]!, start[i + 1]!).sort();
    let degree = 0;
    for (let m = 0; m < row.length; m++) {
      if (m > 0 && row[m] === row[m - 1]) { weight[out - 1] += 0.5; } else { column[out] = row[m]!; weight[out++] = 0.5; }
      degree += 0.5;
    }
    sqrtDegree[i] = Math.sqrt(degree);
  }
  rowStart[n] = out;
  return new Affinity(n, rowStart, column.slice(0, out), weight.slice(0, out), sqrtDegree);
}

// Class instances, not object literals, for what a fit keeps and its hot loops read. With literals,
// V8 threw away the optimised code of every function that reads them ("code dependencies", seen
// with --trace-deopt) on the second fit of a process: the first repeat in a kept worker, and the
// fit the bench measures. Likely the literal's allocation site switching to old-space allocation
// (the graph outlives collections); a class instance has no allocation site, and the deopts are gone.
class Affinity implements AffinityGraph {
  constructor(
    readonly n: number,
    readonly rowStart: Int32Array,
    readonly column: Int32Array,
    readonly weight: Float64Array,
    readonly sqrtDegree: Float64Array,
  ) {}
}

class Pieces implements Components {
  constructor(readonly count: number, readonly of: Int32Array, readonly size: Int32Array) {}
}

export interface Components {
  count: number;
  /** (n) piece of each row, numbered by their first row */
  of: Int32Array;
  /** (count) rows per piece */
  size: Int32Array;
}

export function findComponents(g: AffinityGraph): Components {
  const of = new Int32Array(g.n).fill(-1);
  const stack = new Int32Array(g.n);
  const sizes: number[] = [];
  for (let s = 0; s < g.n; s++) {
    if (of[s] !== -1) { continue; }
    const c = sizes.length;
    let size = 0;
    let sp = 0;
    of[s] = c;
    stack[sp++] = s;
    while (sp > 0) {
      const i = stack[--sp]!;
      size++;
      for (let e = g.rowStart[i]!; e < g.rowStart[i + 1]!; e++) {
        const j = g.column[e]!;
        if (of[j] === -1) { of[j] = c; stack[sp++] = j; }
      }
    }
    sizes.push(size);
  }
  return new Pieces(sizes.length, of, Int32Array.from(sizes));
}
