// The landmark (Nyström) extension of spectral clustering (spectral.ts) past the exact method's limit:
// the affinity graph, its eigenvectors and k-means are computed on a seeded subset of the rows (the
// landmarks), and every other row gets its place in the embedding from its nearest landmarks
// (Williams & Seeger 2001; Bengio et al. 2004, "Out-of-sample extensions for ... spectral
// clustering"; the landmark form of Chen & Cai 2011).
//
// The extension: an embedding column φ_r (eigenvector of the random walk P = D⁻¹W with eigenvalue
// μ_r = 1 − λ_r, which is what scikit-learn's D^-½ scaling of S's eigenvectors gives) satisfies
// φ_r(x) = (1/μ_r) Σ_j P(x, j) φ_r(j). A new row x has the same k-nearest-neighbour connectivity
// as a graph row, its nNeighbors nearest landmarks each with weight 1, so P(x, j) = 1 / nNeighbors
// there: φ_r(x) is the mean of its neighbours' φ_r, divided by μ_r. Its label is the nearest k-means
// centre in the embedding, as a landmark's would be.
//
// Cost past the landmark fit: one tree over the landmarks and one k-NN query per row, O(n log L);
// memory n × nClusters for the embedding.

import { type DataMatrix, createDataMatrix } from './dataMatrix';
import { type KdTree } from './neighbors/kdTree';
import { Random } from './random';

/**
 * (count) a seeded uniform sample of distinct rows of 0 … n − 1, ascending (a partial Fisher–Yates
 * shuffle; ascending so the landmarks keep the rows' order, and the fit does not depend on the draw order).
 */
export function sampleLandmarks(n: number, count: number, seed: number): Int32Array {
  if (!Number.isInteger(count) || count < 1 || count > n) { throw new Error(`the number of landmarks must be an integer from 1 to ${n}, got ${count}`); }
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) { pool[i] = i; }
  const random = new Random(seed);
  for (let i = 0; i < count; i++) {
    const j = i + random.nextInt(n - i);
    const t = pool[i]!; pool[i] = pool[j]!; pool[j] = t;
  }
  return pool.slice(0, count).sort();
}

/** The rows of X at `rows`, in that order, as their own matrix. */
export function selectRows(X: DataMatrix, rows: Int32Array): DataMatrix {
  const d = X.nFeatures;
  const out = new Float64Array(rows.length * d);
  for (let m = 0; m < rows.length; m++) { out.set(X.data.subarray(rows[m]! * d, (rows[m]! + 1) * d), m * d); }
  return createDataMatrix(out, rows.length, d);
}

/**
 * (nSamples × k) every row's embedding: a landmark's own, any other row's by the Nyström extension
 * (the mean over its nNeighbors nearest landmarks, column r divided by 1 − λ_r).
 *
 * @param landmarks  (nLandmarks) row of X of each landmark, ascending
 * @param landmarkTree  a tree over the landmark rows (selectRows(X, landmarks))
 * @param landmarkEmbedding  (nLandmarks × k) the embedding of the landmark fit
 * @param eigenvalues  (k) the normalised Laplacian's eigenvalues of the landmark graph
 */
export function extendEmbedding(
  X: DataMatrix, landmarks: Int32Array, landmarkTree: KdTree, landmarkEmbedding: Float64Array,
  eigenvalues: Float64Array, nNeighbors: number,
): Float64Array {
  const n = X.nSamples;
  const d = X.nFeatures;
  const k = eigenvalues.length;
  const kNear = Math.min(nNeighbors, landmarks.length);
  const scale = new Float64Array(k);
  // μ = 1 − λ is near 1 for the few smallest λ that clustering uses; a μ at or below 0 (λ ≥ 1: a
  // column that carries no cluster structure) is left unscaled rather than flipped or blown up
  for (let r = 0; r < k; r++) { const mu = 1 - eigenvalues[r]!; scale[r] = mu > 1e-12 ? 1 / (kNear * mu) : 1 / kNear; }
  const embedding = new Float64Array(n * k);
  const isLandmark = new Int32Array(n).fill(-1);
  for (let m = 0; m < landmarks.length; m++) { isLandmark[landmarks[m]!] = m; }
  const idx = new Int32Array(kNear);
  const dist = new Float64Array(kNear);
  for (let i = 0; i < n; i++) {
    const own = isLandmark[i]!;
    if (own >= 0) {
      for (let r = 0; r < k; r++) { embedding[i * k + r] = landmarkEmbedding[own * k + r]!; }
      continue;
    }
    landmarkTree.queryKnn(X.data, i * d, kNear, idx, dist);
    for (let m = 0; m < kNear; m++) {
      const o = idx[m]! * k;
      for (let r = 0; r < k; r++) { embedding[i * k + r] += landmarkEmbedding[o + r]!; }
    }
    for (let r = 0; r < k; r++) { embedding[i * k + r] *= scale[r]!; }
  }
  return embedding;
}

/**
 * (nSamples) each row's cluster: a landmark keeps its k-means label, any other row takes the
 * nearest centre (first of equals) to its extended embedding.
 */
export function labelByNearestCentre(
  embedding: Float64Array, k: number, centers: Float64Array, nClusters: number,
  landmarks: Int32Array, landmarkLabels: Int32Array,
): Int32Array {
  const n = embedding.length / k;
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestDist = Infinity;
    for (let c = 0; c < nClusters; c++) {
      let s = 0;
      for (let r = 0; r < k; r++) { const t = embedding[i * k + r]! - centers[c * k + r]!; s += t * t; }
      if (s < bestDist) { bestDist = s; best = c; }
    }
    labels[i] = best;
  }
  for (let m = 0; m < landmarks.length; m++) { labels[landmarks[m]!] = landmarkLabels[m]!; }
  return labels;
}
