/**
 * Spectral clustering, DBSCAN and HDBSCAN as the product runs them (clusterFit.ts hands them the
 * rows already z-scored or magnitude-scaled): one k-d tree per fit shared by the method's steps,
 * settings left out taken from the data, and a result in clusterFit's shape so the host, the CLI
 * and the export treat every method alike.
 *
 * Labels are 0 … nClusters − 1 or −1 for noise. A row's "certainty" is its membership strength:
 * HDBSCAN's membership probability, 1 for a DBSCAN cluster member (core or border) and for every
 * spectral row; noise has 0. It is stored in `resp` (n × k) at the row's own cluster, so max(resp)
 * — what the table, scatter and export read as certainty — is the strength, and a noise row's is 0.
 * These methods have no Gaussian: no covariances, no likelihood, no iterations.
 */
import { type DataMatrix } from './dataMatrix';
import { computeKDistanceCurve, fitDbscan } from './dbscan';
import { FitRefusal } from './fitRefusal';
import { fitHdbscan, type HdbscanResult } from './hdbscan';
import { KdTree } from './neighbors/kdTree';
import { buildDbscanModel, buildHdbscanModel, densityModelRefusal, type DensityModel } from './densityModel';
import { fitSpectral } from './spectral';

export const DENSITY_ALGORITHMS = ['spectral', 'dbscan', 'hdbscan'] as const;
export type DensityAlgorithm = (typeof DENSITY_ALGORITHMS)[number];

export function isDensityAlgorithm(algorithm: string): algorithm is DensityAlgorithm {
  return (DENSITY_ALGORITHMS as readonly string[]).includes(algorithm);
}

/** The settings of these methods; any left out is taken from the data (resolveDensitySettings). */
export interface DensitySettings {
  /** spectral: neighbours per row in the affinity graph, the row itself included (default 10) */
  nNeighbors?: number;
  /** DBSCAN: neighbourhood radius in the fitted (standardised) units; default: the k-distance knee */
  eps?: number;
  /** DBSCAN and HDBSCAN: rows in a core neighbourhood, the row itself included */
  minSamples?: number;
  /** HDBSCAN: the fewest rows a cluster may have */
  minClusterSize?: number;
}

/** The most clusters a result may have: the panel draws and exports k probability columns. */
export const MAX_DENSITY_CLUSTERS = 100;
/** Points of the k-distance curve kept for the plot (quantiles of the sorted curve). */
export const K_DISTANCE_POINTS = 400;
/** Cluster nodes of the condensed tree kept for the chart (the largest, parents before children). */
export const CONDENSED_NODES = 500;

/** One cluster node of HDBSCAN's condensed tree, for the stability chart. */
export interface CondensedNode {
  /** index into the summary's nodes of the parent, −1 for the root */
  parent: number;
  /** rows in the node when it was born */
  size: number;
  /** λ = 1 / distance at which the node was born (0 for the root) and by which its last row had left */
  birthLambda: number;
  deathLambda: number;
  stability: number;
  /** the node's cluster label when selected, else −1 */
  label: number;
}

/** What a method has instead of iterations, for the convergence tab, the CLI and the export. */
export interface DensityInfo {
  nNoise: number;
  /** the settings the fit ran with, data-derived ones filled in */
  settings: Required<DensitySettings>;
  /** DBSCAN: quantiles of the sorted distance to the minSamples-th neighbour, and its knee */
  kDistance: { k: number; distances: Float64Array; kneeDistance: number } | null;
  /** spectral: the smallest eigenvalues of the normalised Laplacian, ascending */
  eigenvalues: Float64Array | null;
  /** HDBSCAN: the condensed tree's cluster nodes (at most CONDENSED_NODES) */
  condensedTree: CondensedNode[] | null;
  /** a sentence the user should read (a graph in pieces, eps from the data…), or null */
  warning: string | null;
}

export interface DensityClustering {
  /** (n) 0-based cluster, −1 noise */
  labels: Int32Array;
  /** (n) membership strength in [0, 1], 0 for noise */
  strength: Float64Array;
  nClusters: number;
  info: DensityInfo;
  /**
   * DBSCAN, HDBSCAN: the model that labels new rows (densityModel.ts), in the fitted space; null
   * when the fit is beyond the model's bound (modelRefusal says why) or for spectral clustering
   */
  model?: DensityModel | null;
  modelRefusal?: string;
  /**
   * spectral: (n × 2) each row's coordinates on the first two non-trivial eigenvectors of the
   * embedding (the 2nd and 3rd; with k = 2 only the 2nd exists, and the second column is NaN)
   */
  embedding?: Float64Array;
}

/** Reports each step as it starts (1-based, of `of`), so a long fit shows where it is. */
export type OnStep = (step: number, of: number) => void;

/**
 * Settings the user left out, from the data:
 * - minSamples (DBSCAN) 2·d, at least 5 (Sander et al. 1998; Schubert et al. 2017);
 * - minClusterSize (HDBSCAN) 1 % of the rows, between 5 (the hdbscan library's default) and 100,
 *   so a large file is not cut into hundreds of micro-clusters; minSamples = minClusterSize (R's minPts);
 * - eps is left to fitDensity: it needs the k-distance curve.
 */
export function resolveDensitySettings(algorithm: DensityAlgorithm, given: DensitySettings, n: number, d: number): Required<DensitySettings> {
  const minClusterSize = given.minClusterSize ?? Math.min(100, Math.max(5, Math.round(n / 100)));
  const minSamples = given.minSamples ?? (algorithm === 'hdbscan' ? minClusterSize : Math.max(5, 2 * d));
  return { nNeighbors: given.nNeighbors ?? 10, eps: given.eps ?? NaN, minSamples, minClusterSize };
}

/**
 * Clusters the (already scaled) rows X. `nClusters` is spectral's k; the density methods find
 * theirs. Throws FitRefusal for settings the rows cannot support, with what to try.
 */
export function fitDensity(
  algorithm: DensityAlgorithm, X: DataMatrix, nClusters: number, nInit: number, seed: number, given: DensitySettings, onStep: OnStep = () => {},
): DensityClustering {
  const n = X.nSamples;
  const settings = resolveDensitySettings(algorithm, given, n, X.nFeatures);
  checkSettings(algorithm, settings, n, nClusters);
  onStep(1, 3);
  const tree = new KdTree(X);
  onStep(2, 3);
  let result: DensityClustering;
  switch (algorithm) {
    case 'spectral': {
      const fit = fitSpectral(X, { nClusters, nNeighbors: settings.nNeighbors, nInit, seed, tree });
      const warning = fit.connected ? null
        : `The ${settings.nNeighbors}-nearest-neighbour graph is in ${fit.nComponents} pieces, so spectral clustering may not be right: `
          + 'each piece is its own eigenvector. More neighbours (nNeighbors) join the pieces.';
      result = {
        labels: fit.labels, strength: new Float64Array(n).fill(1), nClusters, embedding: nonTrivialEmbedding(fit.embedding, n, nClusters),
        info: { nNoise: 0, settings, kDistance: null, eigenvalues: fit.eigenvalues, condensedTree: null, warning },
      };
      break;
    }
    case 'dbscan': {
      const curve = computeKDistanceCurve(X, settings.minSamples, tree);
      const fromData = !(settings.eps > 0);
      // a knee at distance 0 (many duplicates) would make every row noise: the smallest positive distance instead
      const eps = fromData ? (curve.kneeDistance > 0 ? curve.kneeDistance : firstPositive(curve.distances)) : settings.eps;
      const fit = fitDbscan(X, { eps, minSamples: settings.minSamples, tree });
      const strength = new Float64Array(n);
      for (let i = 0; i < n; i++) { strength[i] = fit.labels[i]! >= 0 ? 1 : 0; }
      const model = buildDbscanModel(X, fit, eps, settings.minSamples);
      result = {
        labels: fit.labels, strength, nClusters: fit.nClusters,
        model: model ?? null, ...(model ? {} : { modelRefusal: densityModelRefusal('dbscan', fit.coreSampleIndices.length, X.nFeatures + 1)! }),
        info: {
          nNoise: fit.nNoise, settings: { ...settings, eps }, eigenvalues: null, condensedTree: null,
          kDistance: { k: curve.k, distances: quantiles(curve.distances, K_DISTANCE_POINTS), kneeDistance: curve.kneeDistance },
          warning: fromData ? `eps = ${formatNumber(eps)} was read off the knee of the ${settings.minSamples}-distance curve.` : null,
        },
      };
      break;
    }
    case 'hdbscan': {
      const fit = fitHdbscan(X, { minClusterSize: settings.minClusterSize, minSamples: settings.minSamples, tree });
      const model = buildHdbscanModel(X, fit, settings.minSamples);
      result = {
        labels: fit.labels, strength: fit.probabilities, nClusters: fit.nClusters,
        model: model ?? null, ...(model ? {} : { modelRefusal: densityModelRefusal('hdbscan', n, X.nFeatures + 3)! }),
        info: { nNoise: fit.nNoise, settings, kDistance: null, eigenvalues: null, condensedTree: summarizeCondensedTree(fit, n), warning: null },
      };
      break;
    }
  }
  onStep(3, 3);
  checkClusterCount(algorithm, result, n);
  return result;
}

function checkSettings(algorithm: DensityAlgorithm, s: Required<DensitySettings>, n: number, k: number): void {
  if (n < 2) { throw new FitRefusal(`${nameOf(algorithm)} needs at least 2 rows; the data has ${n}.`, 'Choose columns with values in more rows.'); }
  const refuse = (what: string, value: number, max: number) => new FitRefusal(
    `${what} (${value}) is larger than the number of usable rows (${n}).`, `Choose ${what} ≤ ${max}.`);
  if (algorithm === 'spectral') {
    if (!Number.isInteger(s.nNeighbors) || s.nNeighbors < 2) { throw new FitRefusal(`nNeighbors must be an integer ≥ 2, not ${s.nNeighbors}.`, 'Try 10, the default.'); }
    if (s.nNeighbors > n) { throw refuse('nNeighbors', s.nNeighbors, n); }
    if (k > n) { throw refuse('k', k, n); }
    return;
  }
  if (!Number.isInteger(s.minSamples) || s.minSamples < 1) { throw new FitRefusal(`minSamples must be an integer ≥ 1, not ${s.minSamples}.`, 'Try 5.'); }
  if (s.minSamples > n) { throw refuse('minSamples', s.minSamples, n); }
  if (algorithm === 'dbscan' && !Number.isNaN(s.eps) && !(s.eps > 0 && Number.isFinite(s.eps))) {
    throw new FitRefusal(`eps must be a number > 0, not ${s.eps}.`, 'Leave eps out to take it from the k-distance curve\'s knee.');
  }
  if (algorithm === 'hdbscan') {
    if (!Number.isInteger(s.minClusterSize) || s.minClusterSize < 2) { throw new FitRefusal(`minClusterSize must be an integer ≥ 2, not ${s.minClusterSize}.`, 'Try 5.'); }
    if (s.minClusterSize > n) { throw refuse('minClusterSize', s.minClusterSize, n); }
  }
}

/** No cluster at all, or more than the panel can show, is refused with the setting to change. */
function checkClusterCount(algorithm: DensityAlgorithm, result: DensityClustering, n: number): void {
  const { settings } = result.info;
  if (result.nClusters === 0) {
    throw new FitRefusal(`${nameOf(algorithm)} found no cluster: all ${n} rows are noise.`, algorithm === 'dbscan'
      ? `Choose a larger eps (it was ${formatNumber(settings.eps)}) or a smaller minSamples (it was ${settings.minSamples}).`
      : `Choose a smaller minClusterSize (it was ${settings.minClusterSize}) or minSamples (it was ${settings.minSamples}).`);
  }
  if (result.nClusters > MAX_DENSITY_CLUSTERS) {
    throw new FitRefusal(`${nameOf(algorithm)} found ${result.nClusters} clusters, more than the ${MAX_DENSITY_CLUSTERS} that can be shown.`,
      algorithm === 'dbscan' ? `Choose a larger eps (it was ${formatNumber(settings.eps)}) or a larger minSamples.`
        : `Choose a larger minClusterSize (it was ${settings.minClusterSize}).`);
  }
}

/**
 * Why a fit of these methods is not saved as a model for new rows (the panel and the export say it).
 * Each would need this file's rows kept with the model; none has centres or densities that stand alone.
 */
export function whyNotPortable(algorithm: DensityAlgorithm): string {
  switch (algorithm) {
    case 'spectral': return 'A spectral clustering cannot be saved as a model for new rows: its clusters are k-means on the eigenvectors of '
      + 'this file\'s neighbour graph, and a new row has no place in that graph without fitting again. Export the labelled CSV instead.';
    // DBSCAN and HDBSCAN are saved with their rows (densityModel.ts), up to a bound; beyond it, the refusal says why
    case 'dbscan': return 'A DBSCAN clustering this large cannot be saved as a model for new rows: a new row joins the cluster of a core row within eps, '
      + 'so the model carries every core row of this file, and these are too many. Export the labelled CSV instead.';
    case 'hdbscan': return 'An HDBSCAN clustering this large cannot be saved as a model for new rows: predicting a new row\'s cluster needs '
      + 'every fitted row with its core distance and place in the condensed tree, and these are too many. Export the labelled CSV instead.';
  }
}

export function nameOf(algorithm: DensityAlgorithm): string {
  return algorithm === 'spectral' ? 'Spectral clustering' : algorithm === 'dbscan' ? 'DBSCAN' : 'HDBSCAN';
}

/** The cluster nodes of the condensed tree, the largest CONDENSED_NODES of them (a parent is never smaller than its child). */
export function summarizeCondensedTree(fit: HdbscanResult, n: number): CondensedNode[] {
  const tree = fit.condensedTree;
  const k = tree.nClusterNodes;
  const parent = new Int32Array(k).fill(-1);
  const size = new Int32Array(k);
  const birth = new Float64Array(k);
  const death = new Float64Array(k);
  size[0] = n;
  for (let e = 0; e < tree.child.length; e++) {
    const p = tree.parent[e]! - n;
    const c = tree.child[e]!;
    const lambda = tree.lambda[e]!;
    if (Number.isFinite(lambda) && lambda > death[p]!) { death[p] = lambda; }
    if (c >= n) { parent[c - n] = p; size[c - n] = tree.childSize[e]!; birth[c - n] = lambda; }
  }
  // a node dies where its last row or child left; a node whose rows all left at λ = ∞ (duplicates) at its birth
  for (let c = 0; c < k; c++) { if (death[c]! < birth[c]!) { death[c] = birth[c]!; } }
  const label = new Int32Array(k).fill(-1);
  let next = 0;
  for (let c = 0; c < k; c++) { if (tree.selected[c] === 1) { label[c] = next++; } }
  // keep the largest nodes; ids ascend down the tree, so sorting kept ids keeps parents first
  const kept = Array.from({ length: k }, (_, c) => c).sort((a, b) => size[b]! - size[a]! || a - b).slice(0, CONDENSED_NODES).sort((a, b) => a - b);
  const position = new Map(kept.map((c, i) => [c, i]));
  return kept.map(c => ({
    parent: parent[c]! >= 0 ? position.get(parent[c]!) ?? -1 : -1,
    size: size[c]!, birthLambda: birth[c]!, deathLambda: death[c]!, stability: tree.stability[c]!, label: label[c]!,
  }));
}

/**
 * (n × 2) columns 2 and 3 of a spectral embedding (n × k): its first column is the trivial
 * eigenvector (constant on a connected graph), so the next two are the plane the clusters separate
 * in; NaN where k < 3.
 */
export function nonTrivialEmbedding(embedding: Float64Array, n: number, k: number): Float64Array {
  const out = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    out[2 * i] = k > 1 ? embedding[i * k + 1]! : NaN;
    out[2 * i + 1] = k > 2 ? embedding[i * k + 2]! : NaN;
  }
  return out;
}

/** `count` evenly spaced quantiles of an ascending array (all of it when shorter), last point included. */
export function quantiles(ascending: Float64Array, count: number): Float64Array {
  const n = ascending.length;
  if (n <= count) { return ascending.slice(); }
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) { out[i] = ascending[Math.round(i * (n - 1) / (count - 1))]!; }
  return out;
}

function firstPositive(ascending: Float64Array): number {
  for (let i = 0; i < ascending.length; i++) { if (ascending[i]! > 0) { return ascending[i]!; } }
  return 1;
}

function formatNumber(x: number): string {
  return Number(x.toPrecision(4)).toString();
}
