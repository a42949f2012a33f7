// Spectral clustering as scikit-learn's SpectralClustering(affinity='nearest_neighbors',
// assign_labels='kmeans'), read top to bottom (Shi & Malik 2000; Ng, Jordan & Weiss 2001; the survey
// of von Luxburg 2007):
//
//   1. affinity W = ½ (C + Cᵀ), C the k-nearest-neighbour connectivity (each row's nNeighbors nearest
//      rows, itself included, weight 1): a sparse symmetric matrix, never a dense n × n one
//   2. normalised Laplacian L = I − D^-½ W D^-½, with the degrees D taken without self-loops (as
//      scipy's csgraph.laplacian(normed=True) that scikit-learn uses)
//   3. the nClusters smallest eigenpairs of L = the largest of S = D^-½ W D^-½. The vectors D^½·1_c of
//      the graph's connected components c are exact eigenvectors (eigenvalue 0 of L): they are taken
//      as they are, and Lanczos with full reorthogonalisation finds the rest in their complement
//   4. scikit-learn's spectral embedding: each eigenvector divided by D^½ (the diffusion-map scaling),
//      its sign fixed so its largest-magnitude entry is positive
//   5. k-means (ours, k-means++ with nInit restarts) on the rows of the embedding
//
// Steps 1–2 are spectralAffinity.ts, step 3 spectralEigen.ts; this file runs them and does 4–5.
//
// A graph in several pieces is reported (connected = false, nComponents), as scikit-learn warns:
// the embedding then spans the pieces' indicators, and which pieces come first is our choice (the
// largest), where ARPACK's is arbitrary.
//
// Cost: the k-NN graph O(n log n) on the k-d tree; each Lanczos step one sparse product O(n·nNeighbors)
// and a reorthogonalisation O(n·steps); memory n × steps for the Lanczos basis (steps ≤ maxLanczos).
// Lanczos runs on a Chebyshev polynomial filter of S (applyFilter), which cuts its steps severalfold.
// Measured here (shared 2-core machine), two moons of noise 0.1 (a connected graph), k = 2, the
// bench's measure (a fresh process, the faster of two fits), interleaved with session 7's build on
// a machine loaded 5.5–7 (the reason for the absolute figures): 5,000 rows 0.29 s → 0.17 s, 20,000
// rows 1.43 s → 1.03 s; on a quiet machine session 7 measured 0.14 s and ~0.9 s. At 5,000 rows 31
// filtered steps of degree 12 (412 sparse products, were 526), at 20,000 59 (748, were 958): see
// spectralEigen.ts. scikit-learn's ARPACK shift-invert takes ~1.1 s at 5,000 rows on a quiet machine
// (npm run bench -- --only spectral).
// The exact method's limit is EXACT_LIMIT rows: the steps grow with n (the gap between the 2nd and
// 3rd eigenvalues closes) and so does the basis. Past it, nLandmarks 'auto' fits LANDMARKS seeded
// landmark rows exactly and extends the embedding to every row (spectralLandmarks.ts): ~0.3 s for
// 100,000 rows. The result's nLandmarks says which was done.

import { createDataMatrix, type DataMatrix } from './dataMatrix';
import { checkInteger } from './fitOptions';
import { fitKMeans, type KMeansResult } from './kmeans';
import { KdTree, kdTreeFor } from './neighbors/kdTree';
import { extendEmbedding, labelByNearestCentre, sampleLandmarks, selectRows } from './spectralLandmarks';
import { buildAffinity, findComponents } from './spectralAffinity';
import { smallestLaplacianEigenpairs } from './spectralEigen';

export interface SpectralOptions {
  /** number of clusters, also the dimension of the embedding (default 8, as scikit-learn) */
  nClusters: number;
  /** neighbours per row in the affinity graph, the row itself included (default 10) */
  nNeighbors: number;
  /** k-means restarts on the embedding (default 10) */
  nInit: number;
  /** seeds the Lanczos start vector and k-means (default 0) */
  seed: number;
  /** residual below which a Ritz pair counts as converged (default 1e-9) */
  eigenTol: number;
  /** the most Lanczos vectors kept (default: as many as 40 million doubles hold, 100 to 2,000) */
  maxLanczos: number;
  /**
   * rows the graph is built on: 'auto' (default) fits all rows up to EXACT_LIMIT and LANDMARKS
   * seeded landmarks beyond; a number fits that many landmarks (all rows when ≥ nSamples); 0 always
   * fits all rows
   */
  nLandmarks: number | 'auto';
  /** a tree already built over X (shared with other methods of the same fit; not used by a landmark fit) */
  tree?: KdTree;
}

/**
 * Rows up to which 'auto' fits the exact method: past it the Lanczos steps (the gap between the
 * wanted eigenvalues and the rest closes as n grows) and its basis (n × steps doubles) outgrow a
 * fit of seconds; two moons take ~1 s of CPU at 20,000 rows here, and the steps keep growing with n.
 */
export const EXACT_LIMIT = 20000;
/** Landmarks of an 'auto' fit past EXACT_LIMIT: ~1 s of exact fit, and enough rows per cluster. */
export const LANDMARKS = 10000;

export interface SpectralResult {
  /** (nSamples) cluster of each row, 0 … nClusters − 1 */
  labels: Int32Array;
  nClusters: number;
  /** (nSamples × nClusters) row-major spectral embedding, scikit-learn's scaling and signs */
  embedding: Float64Array;
  /** (nClusters) the smallest eigenvalues of the normalised Laplacian, ascending */
  eigenvalues: Float64Array;
  /** whether the affinity graph is in one piece */
  connected: boolean;
  /** number of connected pieces of the affinity graph */
  nComponents: number;
  /** Lanczos steps taken */
  lanczosSteps: number;
  /** the k-means fit on the embedding (of the landmarks only, in a landmark fit) */
  kmeans: KMeansResult;
  /**
   * landmarks the graph, eigenvectors and k-means were fitted on, 0 when every row was (exact);
   * then the other rows' embedding is the Nyström extension and their label the nearest centre
   * (spectralLandmarks.ts), and eigenvalues, connected, nComponents, lanczosSteps describe the
   * landmarks' graph
   */
  nLandmarks: number;
  /** (nLandmarks) rows of X that were the landmarks, ascending; empty when exact */
  landmarkIndices: Int32Array;
}

const DEFAULTS = { nClusters: 8, nNeighbors: 10, nInit: 10, seed: 0, eigenTol: 1e-9, nLandmarks: 'auto' as const };

/**
 * The Lanczos basis is n × steps doubles: 40 million (320 MB) bound it. Two moons need about 390
 * steps at 5,000 rows and 740 at 20,000 (their second eigenvalue nears the third as n grows).
 */
function defaultMaxLanczos(n: number): number {
  return Math.max(100, Math.min(2000, Math.floor(4e7 / Math.max(1, n))));
}

/** Clusters the rows of X; throws an Error naming the first invalid option. */
export function fitSpectral(X: DataMatrix, options: Partial<SpectralOptions> = {}): SpectralResult {
  const n = X.nSamples;
  const o = { ...DEFAULTS, maxLanczos: 0, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as SpectralOptions;
  checkInteger('nClusters', o.nClusters, 1);
  checkInteger('nNeighbors', o.nNeighbors, 2);
  checkInteger('nInit', o.nInit, 1);
  const nLandmarks = resolveLandmarks(o.nLandmarks, n);
  // the basis bound is for the rows the graph is built on
  if (options.maxLanczos === undefined) { o.maxLanczos = defaultMaxLanczos(nLandmarks === 0 ? n : nLandmarks); }
  checkInteger('maxLanczos', o.maxLanczos, 2);
  if (o.nClusters > n) { throw new Error(`k (${o.nClusters}) is larger than the number of rows (${n})`); }
  if (o.nNeighbors > n) { throw new Error(`nNeighbors (${o.nNeighbors}) is larger than the number of rows (${n})`); }
  if (!(o.eigenTol > 0)) { throw new Error(`eigenTol must be a number > 0, got ${o.eigenTol}`); }
  if (nLandmarks === 0) { return { ...fitAllRows(X, o, kdTreeFor(X, o.tree)), nLandmarks: 0, landmarkIndices: new Int32Array(0) }; }
  if (o.nNeighbors > nLandmarks || o.nClusters > nLandmarks) {
    throw new Error(`${nLandmarks} landmarks are fewer than nNeighbors (${o.nNeighbors}) or k (${o.nClusters})`);
  }
  const landmarkIndices = sampleLandmarks(n, nLandmarks, o.seed);
  const L = selectRows(X, landmarkIndices);
  const landmarkTree = new KdTree(L);
  const fit = fitAllRows(L, o, landmarkTree);
  const embedding = extendEmbedding(X, landmarkIndices, landmarkTree, fit.embedding, fit.eigenvalues, o.nNeighbors);
  const labels = labelByNearestCentre(embedding, o.nClusters, fit.kmeans.centers, o.nClusters, landmarkIndices, fit.kmeans.labels);
  return { ...fit, labels, embedding, nLandmarks, landmarkIndices };
}

function resolveLandmarks(option: number | 'auto', n: number): number {
  if (option === 'auto') { return n > EXACT_LIMIT ? LANDMARKS : 0; }
  checkInteger('nLandmarks', option, 0);
  return option >= n ? 0 : option;
}

/** Steps 1–5 on every row of X. */
function fitAllRows(X: DataMatrix, o: SpectralOptions, tree: KdTree): Omit<SpectralResult, 'nLandmarks' | 'landmarkIndices'> {
  const n = X.nSamples;
  const graph = buildAffinity(X, o.nNeighbors, tree);
  const components = findComponents(graph);
  const { vectors, values, steps } = smallestLaplacianEigenpairs(graph, components, o.nClusters, o);
  const embedding = embed(vectors, graph.sqrtDegree, n, o.nClusters);
  const kmeans = fitKMeans(createDataMatrix(embedding, n, o.nClusters), { nClusters: o.nClusters, nInit: o.nInit, seed: o.seed });
  return {
    labels: kmeans.labels, nClusters: o.nClusters, embedding, eigenvalues: values,
    connected: components.count === 1, nComponents: components.count, lanczosSteps: steps, kmeans,
  };
}

// ── 4. the embedding ────────────────────────────────────────────────────────────────────────────

/** (n × k) row-major: eigenvector r divided by √degree, sign so its largest |entry| (first of equals) is positive. */
function embed(vectors: Float64Array, sqrtDegree: Float64Array, n: number, k: number): Float64Array {
  const embedding = new Float64Array(n * k);
  for (let r = 0; r < k; r++) {
    let top = 0;
    let topAbs = -1;
    for (let i = 0; i < n; i++) {
      const v = vectors[r * n + i]! / sqrtDegree[i]!;
      embedding[i * k + r] = v;
      if (Math.abs(v) > topAbs) { topAbs = Math.abs(v); top = i; }
    }
    if (embedding[top * k + r]! < 0) { for (let i = 0; i < n; i++) { embedding[i * k + r] = -embedding[i * k + r]!; } }
  }
  return embedding;
}
