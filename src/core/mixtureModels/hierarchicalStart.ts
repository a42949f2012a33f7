// A deterministic start for EM at every k: model-based hierarchical agglomeration (Fraley 1998).
// Merging the two groups that least lower the classification likelihood of the spherical,
// equal-volume model (EII) is Ward's criterion: the merge of groups a and b costs
// nₐnᵦ/(nₐ + nᵦ)·‖x̄ₐ − x̄ᵦ‖², the rise of the pooled within-group scatter, whose log is the
// likelihood. It runs on whitened data (centred, rotated to the principal axes and scaled to unit
// variance: the same spirit as mclust's default "SVD" transformation before its hierarchical
// step), so a direction of large spread does not dominate the distances — the cause of k-means
// starts failing on stretched clusters. On more than maxRows rows it agglomerates a seeded sample
// of maxRows rows (uniform without replacement, seed option); the model search fits every cell on
// that sample first and then runs EM on all rows from the sample's optimum (modelSearch.ts).

import type { DataMatrix } from '../dataMatrix';
import { decomposeSymmetric } from '../eigen';
import { Random } from '../random';

/** Rows agglomerated at most (the agglomeration takes O(maxRows² · d) time: 2,000 rows × 8 columns, ~0.1 s). */
export const HIERARCHICAL_MAX_ROWS = 2000;

export interface HierarchicalPartitions {
  /** (m) the rows agglomerated, ascending: all rows when n ≤ maxRows, else a seeded sample */
  rows: Int32Array;
  /** partitions[k − 1] (m): labels 0..k−1 of those rows in the partition into k groups, numbered by first row */
  partitions: Int32Array[];
}

export interface HierarchicalOptions {
  /** default HIERARCHICAL_MAX_ROWS */
  maxRows?: number;
  /** for the sample of rows when n > maxRows (default 0) */
  seed?: number;
}

/** The agglomeration's partitions into k = 1 … kMax groups (kMax ≤ the rows agglomerated). */
export function computeHierarchicalPartitions(X: DataMatrix, kMax: number, options: HierarchicalOptions = {}): HierarchicalPartitions {
  const { nSamples: n, nFeatures: d } = X;
  const maxRows = options.maxRows ?? HIERARCHICAL_MAX_ROWS;
  const rows = n <= maxRows ? Int32Array.from({ length: n }, (_, i) => i)
    : new Random(options.seed ?? 0).sampleWithoutReplacement(n, maxRows).sort();
  const m = rows.length;
  if (kMax < 1 || kMax > m) { throw new Error(`k must lie in 1 … ${m} for the hierarchical start, got ${kMax}`); }
  const Z = whitenRows(X, rows);
  const merges = agglomerateWard(Z, m, d);
  return { rows, partitions: cutTree(merges, m, kMax) };
}

/** The chosen rows centred, turned to their principal axes and scaled to unit variance ((m × d)); flat axes stay 0. */
export function whitenRows(X: DataMatrix, rows: Int32Array): Float64Array {
  const d = X.nFeatures, m = rows.length;
  const mean = new Float64Array(d);
  for (const i of rows) { for (let j = 0; j < d; j++) { mean[j]! += X.data[i * d + j]!; } }
  for (let j = 0; j < d; j++) { mean[j] = mean[j]! / m; }
  const centred = new Float64Array(m * d);
  rows.forEach((i, r) => { for (let j = 0; j < d; j++) { centred[r * d + j] = X.data[i * d + j]! - mean[j]!; } });
  const cov = new Float64Array(d * d);
  for (let r = 0; r < m; r++) {
    for (let a = 0; a < d; a++) { const x = centred[r * d + a]!; for (let b = 0; b <= a; b++) { cov[a * d + b]! += x * centred[r * d + b]!; } }
  }
  for (let a = 0; a < d; a++) { for (let b = 0; b <= a; b++) { cov[a * d + b] = cov[a * d + b]! / m; cov[b * d + a] = cov[a * d + b]!; } }
  const { eigenvalues, eigenvectors } = decomposeSymmetric(cov, d);
  const top = eigenvalues[0]!;
  const Z = new Float64Array(m * d);
  for (let r = 0; r < m; r++) {
    for (let a = 0; a < d; a++) {
      const value = eigenvalues[a]!;
      if (!(value > top * 1e-12)) { continue; }
      let s = 0;
      for (let j = 0; j < d; j++) { s += eigenvectors[a * d + j]! * centred[r * d + j]!; }
      Z[r * d + a] = s / Math.sqrt(value);
    }
  }
  return Z;
}

interface Merge { a: number; b: number; cost: number }

/**
 * Ward agglomeration by the nearest-neighbour chain (Murtagh 1983): O(m²·d) time, O(m·d) memory.
 * Each active group keeps its size and centroid, and a merge cost nₐnᵦ/(nₐ+nᵦ)‖x̄ₐ − x̄ᵦ‖² is
 * computed when it is needed (d multiply-adds) instead of read from an m × m table: the table's
 * Lance–Williams update writes a column per merge, a cache miss per row, and held m² doubles
 * (32 MB at 2,000 rows); the centroids fit in cache. Ties go to the lower index, so the result
 * depends on the data only. Merges are returned by representative row (the lower index of the
 * pair carries on), in the order made.
 */
export function agglomerateWard(Z: Float64Array, m: number, d: number): Merge[] {
  const centroid = Z.slice(0, m * d);
  const size = new Float64Array(m).fill(1);
  // the active groups' representatives, ascending (scans in index order: ties to the lower index)
  const active = Int32Array.from({ length: m }, (_, i) => i);
  let nActive = m;
  const merges: Merge[] = [];
  const chain = new Int32Array(m + 1);
  let chainLength = 0;
  while (nActive > 1) {
    if (chainLength === 0) { chain[chainLength++] = active[0]!; }
    const top = chain[chainLength - 1]!;
    const previous = chainLength > 1 ? chain[chainLength - 2]! : -1;
    const nTop = size[top]!, ot = top * d;
    let nearest = -1, best = Infinity;
    for (let t = 0; t < nActive; t++) {
      const j = active[t]!;
      if (j === top) { continue; }
      const oj = j * d;
      let s = 0;
      for (let q = 0; q < d; q++) { const diff = centroid[ot + q]! - centroid[oj + q]!; s += diff * diff; }
      const nj = size[j]!;
      const c = ((nTop * nj) / (nTop + nj)) * s;
      // the previous link wins ties, or the chain could cycle
      if (c < best || (c === best && j === previous)) { best = c; nearest = j; }
    }
    if (nearest !== previous) { chain[chainLength++] = nearest; continue; }
    chainLength -= 2;
    const a = Math.min(top, previous), b = Math.max(top, previous);
    merges.push({ a, b, cost: best });
    const na = size[a]!, nb = size[b]!, nab = na + nb;
    for (let q = 0; q < d; q++) { centroid[a * d + q] = (na * centroid[a * d + q]! + nb * centroid[b * d + q]!) / nab; }
    size[a] = nab;
    // drop b from the ascending list
    let at = 0;
    while (active[at] !== b) { at++; }
    active.copyWithin(at, at + 1, nActive);
    nActive--;
  }
  return merges;
}

/** Labels at every k ≤ kMax: undo the k − 1 costliest merges (Ward's costs never fall along the tree). */
function cutTree(merges: Merge[], m: number, kMax: number): Int32Array[] {
  const order = merges.map((_, i) => i).sort((p, q) => merges[p]!.cost - merges[q]!.cost || p - q);
  const parent = Int32Array.from({ length: m }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) { parent[i] = parent[parent[i]!]!; i = parent[i]!; }
    return i;
  };
  const partitions: Int32Array[] = new Array<Int32Array>(kMax);
  let groups = m;
  const record = (): void => {
    const labels = new Int32Array(m);
    const numbering = new Map<number, number>();
    for (let i = 0; i < m; i++) {
      const root = find(i);
      let label = numbering.get(root);
      if (label === undefined) { label = numbering.size; numbering.set(root, label); }
      labels[i] = label;
    }
    partitions[groups - 1] = labels;
  };
  if (groups <= kMax) { record(); }
  for (const at of order) {
    const { a, b } = merges[at]!;
    parent[find(b)] = find(a);
    groups--;
    if (groups <= kMax) { record(); }
  }
  return partitions;
}
