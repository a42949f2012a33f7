/**
 * The numbers of Rousseeuw's silhouette plot for a fit: each row's silhouette (core/silhouette.ts,
 * sklearn's silhouette_samples), sorted within its cluster, the mean per cluster and overall. Pure
 * (no DOM), unit-tested.
 *
 * Exact on every drawn row up to SILHOUETTE_ROWS; above, on a sample stratified by cluster (seeded,
 * so the same fit gives the same picture): the cost is O(m²·d) and must stay within a first draw's
 * 500 ms on the panel's thread. Distances are measured where the fit measured them: in
 * standardised units when the fit standardised its columns (its own scaling; the drawn rows' spread
 * only for a snapshot without one).
 */
import { Random } from '../src/core/random';
import { sampleStratified } from '../src/core/sampling';
import { silhouetteSamples } from '../src/core/silhouette';
import type { FitSnapshot } from '../src/shared/protocol';

/** Rows the silhouettes are computed on, at most: 2,000² / 2 pairs ≈ 10 ms per column on a laptop. */
export const SILHOUETTE_ROWS = 2000;

export interface SilhouetteCluster {
  cluster: number;
  /** Sample indices (into fit.sample) of its used rows, by silhouette descending. */
  samples: Int32Array;
  /** Their silhouettes, descending. */
  values: Float64Array;
  /** NaN when the cluster has no used row. */
  mean: number;
}

export interface SilhouettePicture {
  clusters: SilhouetteCluster[];
  /** Mean of the clusters' means weighted by their sizes among ALL rows (the sample over-represents small clusters). */
  overall: number;
  /** Rows used. */
  nUsed: number;
  /** Rows of the fit (noise excluded): nUsed < nRows means a sample. */
  nRows: number;
  /** Noise rows (DBSCAN, HDBSCAN) belong to no cluster and have no silhouette: left out. */
  nNoise: number;
  standardized: boolean;
}

export function silhouettePicture(fit: FitSnapshot, maxRows = SILHOUETTE_ROWS): SilhouettePicture {
  const k = fit.nComponents;
  const d = fit.columns.length;
  const { labels, values } = fit.sample;
  const clustered: number[] = [];
  for (let s = 0; s < labels.length; s++) { if (labels[s] >= 0) { clustered.push(s); } }
  const clusteredLabels = Int32Array.from(clustered, s => labels[s]);
  const picked = sampleStratified(clusteredLabels, k, maxRows, new Random(0), 20);
  const used = Int32Array.from(picked, i => clustered[i]);
  const m = used.length;
  const X = new Float64Array(m * d);
  for (let r = 0; r < m; r++) { X.set(values.subarray(used[r] * d, used[r] * d + d), r * d); }
  const standardized = fit.options.standardize;
  // in the units the fit measured distances in: its own z-scoring when the snapshot carries it
  if (fit.scaling) { applyScaling(X, m, d, fit.scaling); } else if (standardized) { standardizeColumns(X, m, d); }
  const usedLabels = Int32Array.from(used, s => labels[s]);
  const rowValues = m > 0 ? silhouetteSamples({ data: X, nSamples: m, nFeatures: d }, usedLabels) : new Float64Array(0);
  const clusters: SilhouetteCluster[] = Array.from({ length: k }, (_, c) => {
    const members = Array.from({ length: m }, (_, r) => r).filter(r => usedLabels[r] === c);
    members.sort((a, b) => rowValues[b] - rowValues[a] || used[a] - used[b]);
    const clusterValues = Float64Array.from(members, r => rowValues[r]);
    const mean = clusterValues.length > 0 ? clusterValues.reduce((sum, v) => sum + v, 0) / clusterValues.length : NaN;
    return { cluster: c, samples: Int32Array.from(members, r => used[r]), values: clusterValues, mean };
  });
  let weighted = 0;
  let weight = 0;
  for (const cluster of clusters) {
    if (Number.isNaN(cluster.mean)) { continue; }
    const size = fit.profiles.sizes[cluster.cluster];
    weighted += size * cluster.mean;
    weight += size;
  }
  const nNoise = labels.length - clustered.length;
  const nRows = Math.max(0, fit.nSamples - (fit.density?.nNoise ?? 0));
  return { clusters, overall: weight > 0 ? weighted / weight : NaN, nUsed: m, nRows, nNoise, standardized };
}

/** (x − mean) / scale per column, in place: the fit's own scaling. */
function applyScaling(X: Float64Array, m: number, d: number, scaling: { mean: Float64Array; scale: Float64Array }): void {
  for (let r = 0; r < m; r++) {
    for (let j = 0; j < d; j++) { X[r * d + j] = (X[r * d + j] - scaling.mean[j]) / scaling.scale[j]; }
  }
}

/** Each column to mean 0, standard deviation 1 (constant columns to 0), in place. */
function standardizeColumns(X: Float64Array, m: number, d: number): void {
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let r = 0; r < m; r++) { mean += X[r * d + j]; }
    mean /= m;
    let variance = 0;
    for (let r = 0; r < m; r++) { variance += (X[r * d + j] - mean) ** 2; }
    const std = Math.sqrt(variance / m);
    for (let r = 0; r < m; r++) { X[r * d + j] = std > 0 ? (X[r * d + j] - mean) / std : 0; }
  }
}
