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
// A graph in several pieces is reported (connected = false, nComponents), as scikit-learn warns:
// the embedding then spans the pieces' indicators, and which pieces come first is our choice (the
// largest), where ARPACK's is arbitrary.
//
// Cost: the k-NN graph O(n log n) on the k-d tree; each Lanczos step one sparse product O(n·nNeighbors)
// and a reorthogonalisation O(n·steps); memory n × steps for the Lanczos basis (steps ≤ maxLanczos).
// Lanczos runs on a Chebyshev polynomial filter of S (applyFilter), which cuts its steps severalfold.
// Measured here (shared 2-core machine; CPU time), two moons of noise 0.1 (a connected graph), k = 2:
// ~0.25 s at 5,000 rows (40 Lanczos steps), ~1 s at 20,000 (70 steps); scikit-learn's ARPACK
// shift-invert takes 6.6 s and 111 s on the two moons (npm run bench -- --only density).
// The exact method's limit is EXACT_LIMIT rows: the steps grow with n (the gap between the 2nd and
// 3rd eigenvalues closes) and so does the basis. Past it, nLandmarks 'auto' fits LANDMARKS seeded
// landmark rows exactly and extends the embedding to every row (spectralLandmarks.ts): ~0.3 s for
// 100,000 rows. The result's nLandmarks says which was done.

import { createDataMatrix, type DataMatrix } from './dataMatrix';
import { fitKMeans, type KMeansResult } from './kmeans';
import { KdTree, kdTreeFor } from './neighbors/kdTree';
import { Random } from './random';
import { extendEmbedding, labelByNearestCentre, sampleLandmarks, selectRows } from './spectralLandmarks';
import { tridiagonalEigenvalues, tridiagonalEigenvectors } from './tridiagonal';

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
  return { n, rowStart, column: column.slice(0, out), weight: weight.slice(0, out), sqrtDegree };
}

interface Components {
  count: number;
  /** (n) piece of each row, numbered by their first row */
  of: Int32Array;
  /** (count) rows per piece */
  size: Int32Array;
}

function findComponents(g: AffinityGraph): Components {
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
  return { count: sizes.length, of, size: Int32Array.from(sizes) };
}

// ── 3. eigenpairs ───────────────────────────────────────────────────────────────────────────────

/**
 * Lanczos runs on a polynomial P(S) of degree FILTER_DEGREE that keeps S's eigenvectors and the
 * order of the wanted (largest) eigenvalues, and stretches the top of the spectrum, where they crowd
 * near 1, while squeezing the rest: Lanczos then needs far fewer steps, and its reorthogonalisation
 * (O(n · steps²)) far less work, for FILTER_DEGREE cheap sparse products per step.
 *
 * P is the Chebyshev polynomial T_m of the interval [−1, c] (mapped to [−1, 1]), scaled so P(1) = 1:
 * below c it stays within ±1/T_m(y(1)), above c it grows as fast as a polynomial of its degree can
 * (Rutishauser; the filtered Lanczos of Fang & Saad 2012). It is increasing above c, so with c below
 * every wanted eigenvalue their order is kept. c is a Ritz value of a short Lanczos run on S: the
 * (want + 1)-th largest, never above S's own (want + 1)-th eigenvalue (Cauchy interlacing), hence
 * below the wanted ones. Where no such c can be had, P(S) = ((S + I) / 2)^m, increasing on [−1, 1].
 */
const FILTER_DEGREE = 16;
/** Lanczos steps on S itself that estimate c. */
const CUTOFF_STEPS = 30;

interface Filter {
  /** the cutoff c, or NaN for the power filter */
  cutoff: number;
  /** T_m(y(1)): P's scale */
  scale: number;
}

function applyFilter(s: NormalisedAffinity, f: Filter, v: Float64Array, out: Float64Array, tmp: Float64Array, prev: Float64Array): void {
  const n = v.length;
  if (Number.isNaN(f.cutoff)) {
    out.set(v);
    for (let p = 0; p < FILTER_DEGREE; p++) {
      multiplyNormalised(s, out, tmp);
      for (let i = 0; i < n; i++) { out[i] = 0.5 * (tmp[i]! + out[i]!); }
    }
    return;
  }
  // Y = (S − centre) / halfWidth maps [−1, c] onto [−1, 1]; T_j+1 = 2 Y T_j − T_j−1
  const centre = (f.cutoff - 1) / 2;
  const halfWidth = (f.cutoff + 1) / 2;
  prev.set(v);
  multiplyNormalised(s, v, tmp);
  for (let i = 0; i < n; i++) { out[i] = (tmp[i]! - centre * v[i]!) / halfWidth; }
  for (let j = 2; j <= FILTER_DEGREE; j++) {
    multiplyNormalised(s, out, tmp);
    for (let i = 0; i < n; i++) {
      const next = (2 * (tmp[i]! - centre * out[i]!)) / halfWidth - prev[i]!;
      prev[i] = out[i]!;
      out[i] = next;
    }
  }
  for (let i = 0; i < n; i++) { out[i] /= f.scale; }
}

/** T_m at y, for y ≥ 1, by the same recurrence. */
function chebyshevAt(y: number, m: number): number {
  let a = 1;
  let b = y;
  for (let j = 2; j <= m; j++) { const c = 2 * y * b - a; a = b; b = c; }
  return m === 0 ? 1 : b;
}

/** S = D^-½ W D^-½ in the graph's sparse layout: W's entries already scaled, the hot loop has no division. */
interface NormalisedAffinity {
  n: number;
  rowStart: Int32Array;
  column: Int32Array;
  /** W_ij / (√d_i √d_j) */
  value: Float64Array;
}

function normaliseAffinity(g: AffinityGraph): NormalisedAffinity {
  const value = new Float64Array(g.weight.length);
  for (let i = 0; i < g.n; i++) {
    for (let e = g.rowStart[i]!; e < g.rowStart[i + 1]!; e++) { value[e] = g.weight[e]! / (g.sqrtDegree[i]! * g.sqrtDegree[g.column[e]!]!); }
  }
  return { n: g.n, rowStart: g.rowStart, column: g.column, value };
}

/** out = S v. */
function multiplyNormalised(s: NormalisedAffinity, v: Float64Array, out: Float64Array): void {
  const { rowStart, column, value } = s;
  let e = 0;
  for (let i = 0; i < s.n; i++) {
    let sum = 0;
    const end = rowStart[i + 1]!;
    for (; e < end; e++) { sum += value[e]! * v[column[e]!]!; }
    out[i] = sum;
  }
}

/**
 * The k smallest eigenpairs of L = I − S: first the pieces' vectors D^½·1_c (eigenvalue 0, largest
 * pieces first, then by first row), then Lanczos (full reorthogonalisation, also against those
 * vectors) for the largest eigenvalues of S in their complement. Vectors are (k × n), row-major.
 */
function smallestLaplacianEigenpairs(g: AffinityGraph, comps: Components, k: number, o: SpectralOptions): { vectors: Float64Array; values: Float64Array; steps: number } {
  const n = g.n;
  const vectors = new Float64Array(k * n);
  const values = new Float64Array(k);
  const order = Array.from({ length: comps.count }, (_, c) => c).sort((a, b) => comps.size[b]! - comps.size[a]! || a - b);
  const nExact = Math.min(k, comps.count);
  // D^½ 1_c is orthogonal across pieces; all of them are deflated, even those not returned
  const exact = new Float64Array(comps.count * n);
  for (let i = 0; i < n; i++) { exact[comps.of[i]! * n + i] = g.sqrtDegree[i]!; }
  for (let c = 0; c < comps.count; c++) { normalise(exact.subarray(c * n, (c + 1) * n)); }
  for (let r = 0; r < nExact; r++) { vectors.set(exact.subarray(order[r]! * n, (order[r]! + 1) * n), r * n); }
  const want = k - nExact;
  if (want === 0) { return { vectors, values, steps: 0 }; }

  const free = n - comps.count;
  const maxSteps = Math.min(free, o.maxLanczos);
  if (maxSteps < want) { throw new Error(`the affinity graph leaves room for ${free} eigenvectors beyond its ${comps.count} pieces, fewer than the ${want} needed`); }
  const op = normaliseAffinity(g);
  const random = new Random(o.seed);
  const basis = new Float64Array(maxSteps * n);
  const alpha = new Float64Array(maxSteps);
  const beta = new Float64Array(maxSteps);
  const w = new Float64Array(n);
  const tmp = new Float64Array(n);
  const startVector = (into: Float64Array, upTo: number): boolean => {
    for (let attempt = 0; attempt < 5; attempt++) {
      for (let i = 0; i < n; i++) { into[i] = random.nextFloat() * 2 - 1; }
      orthogonalise(into, exact, comps.count, n);
      orthogonalise(into, basis, upTo, n);
      orthogonalise(into, basis, upTo, n);
      if (normalise(into) > 1e-8) { return true; }
    }
    return false;
  };
  const filter = chooseFilter(op, exact, comps.count, want, free, random);
  const prev = new Float64Array(n);
  startVector(basis.subarray(0, n), 0);
  let m = 0;
  let target = Math.min(maxSteps, Math.max(2 * want + 20, 40));
  for (;;) {
    for (; m < target; m++) {
      const q = basis.subarray(m * n, (m + 1) * n);
      applyFilter(op, filter, q, w, tmp, prev);
      alpha[m] = dot(w, q);
      // the three-term recurrence first, so that what the reorthogonalisation removes is only drift
      const a = alpha[m]!;
      for (let i = 0; i < n; i++) { w[i] = w[i]! - a * q[i]!; }
      if (m > 0) {
        const b = beta[m - 1]!;
        const prev = basis.subarray((m - 1) * n, m * n);
        for (let i = 0; i < n; i++) { w[i] = w[i]! - b * prev[i]!; }
      }
      // full reorthogonalisation against the pieces and every Lanczos vector; a second pass only
      // when the first removed most of w (the DGKS criterion: "twice is enough", Parlett)
      const before = Math.sqrt(dot(w, w));
      orthogonalise(w, exact, comps.count, n);
      orthogonalise(w, basis, m + 1, n);
      if (Math.sqrt(dot(w, w)) < Math.SQRT1_2 * before) {
        orthogonalise(w, exact, comps.count, n);
        orthogonalise(w, basis, m + 1, n);
      }
      const b = Math.sqrt(dot(w, w));
      // the last step keeps its β: it is the residual of every Ritz pair, even with no room for q_m+1
      beta[m] = b > 1e-10 ? b : 0;
      if (m + 1 === maxSteps) { m++; break; }
      const next = basis.subarray((m + 1) * n, (m + 2) * n);
      if (b > 1e-10) {
        for (let i = 0; i < n; i++) { next[i] = w[i]! / b; }
      } else {
        // an invariant subspace: go on from a fresh direction, uncoupled (β = 0)
        if (!startVector(next, m + 1)) { m++; break; }
      }
    }
    const ritz = ritzPairs(alpha, beta, m, want);
    // residual of a Ritz pair: |β_m · last component of its tridiagonal eigenvector|
    const tail = Math.abs(beta[m - 1]!);
    let converged = true;
    for (let r = 0; r < want; r++) {
      if (tail * Math.abs(ritz.vectors[r * m + m - 1]!) > o.eigenTol) { converged = false; break; }
    }
    if (converged || m >= maxSteps) {
      if (!converged) { throw new Error(`Lanczos did not converge in ${maxSteps} steps: raise maxLanczos or nNeighbors`); }
      for (let r = 0; r < want; r++) {
        const row = vectors.subarray((nExact + r) * n, (nExact + r + 1) * n);
        for (let j = 0; j < m; j++) {
          const c = ritz.vectors[r * m + j]!;
          const qj = basis.subarray(j * n, (j + 1) * n);
          for (let i = 0; i < n; i++) { row[i] += c * qj[i]!; }
        }
        normalise(row);
        // the eigenvalue of S itself, by its Rayleigh quotient (the filter keeps vectors and order)
        multiplyNormalised(op, row, tmp);
        values[nExact + r] = Math.max(0, 1 - dot(row, tmp));
      }
      return { vectors, values, steps: m };
    }
    // the Ritz check is O(m²) plus O(m) per wanted vector: look again soon
    target = Math.min(maxSteps, m + 10);
  }
}

/**
 * The Chebyshev cutoff from CUTOFF_STEPS Lanczos steps on S in the complement of the pieces'
 * vectors (full reorthogonalisation): its (want + 1)-th largest Ritz value. The power filter when
 * there is no room for that many steps, or the value is not below 1.
 */
function chooseFilter(s: NormalisedAffinity, exact: Float64Array, nExact: number, want: number, free: number, random: Random): Filter {
  const power: Filter = { cutoff: NaN, scale: 1 };
  const steps = Math.min(free, Math.max(CUTOFF_STEPS, 2 * want + 10));
  if (steps <= want) { return power; }
  const n = s.n;
  const basis = new Float64Array(steps * n);
  const alpha = new Float64Array(steps);
  const beta = new Float64Array(steps);
  const w = new Float64Array(n);
  const q0 = basis.subarray(0, n);
  for (let i = 0; i < n; i++) { q0[i] = random.nextFloat() * 2 - 1; }
  orthogonalise(q0, exact, nExact, n);
  if (normalise(q0) <= 1e-8) { return power; }
  let m = 0;
  for (; m < steps; m++) {
    const q = basis.subarray(m * n, (m + 1) * n);
    multiplyNormalised(s, q, w);
    alpha[m] = dot(w, q);
    orthogonalise(w, exact, nExact, n);
    orthogonalise(w, basis, m + 1, n);
    orthogonalise(w, basis, m + 1, n);
    const b = Math.sqrt(dot(w, w));
    beta[m] = b;
    // an invariant subspace this early: too small a space to judge the spectrum by
    if (b <= 1e-10) { return power; }
    if (m + 1 < steps) { const next = basis.subarray((m + 1) * n, (m + 2) * n); for (let i = 0; i < n; i++) { next[i] = w[i]! / b; } }
  }
  const cutoff = tridiagonalEigenvalues(alpha, beta, m)[want]!;
  if (!(cutoff < 1 - 1e-9) || !(cutoff > -1)) { return power; }
  return { cutoff, scale: chebyshevAt((1 - (cutoff - 1) / 2) / ((cutoff + 1) / 2), FILTER_DEGREE) };
}

/** The top `count` eigenpairs of the m × m tridiagonal (alpha, beta), descending; vectors as rows (count × m). */
function ritzPairs(alpha: Float64Array, beta: Float64Array, m: number, count: number): { values: Float64Array; vectors: Float64Array } {
  const values = tridiagonalEigenvalues(alpha, beta, m);
  return { values, vectors: tridiagonalEigenvectors(alpha, beta, m, values, count) };
}

/** v −= Σ (v·b_r) b_r over the first `rows` rows of the row-major basis. */
function orthogonalise(v: Float64Array, basis: Float64Array, rows: number, n: number): void {
  for (let r = 0; r < rows; r++) {
    const b = basis.subarray(r * n, (r + 1) * n);
    const c = dot(v, b);
    if (c !== 0) { for (let i = 0; i < n; i++) { v[i] -= c * b[i]!; } }
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) { s += a[i]! * b[i]!; }
  return s;
}

/** Scales v to unit length; returns its former length. */
function normalise(v: Float64Array): number {
  const len = Math.sqrt(dot(v, v));
  if (len > 0) { for (let i = 0; i < v.length; i++) { v[i] /= len; } }
  return len;
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

function checkInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) { throw new Error(`${name} must be an integer ≥ ${min}, got ${value}`); }
}
