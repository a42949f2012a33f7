/**
 * "Compare methods": the Gaussian mixture, k-means, spectral clustering and HDBSCAN fitted on the
 * same rows and columns, one after the other, each reported as soon as it is done with what a
 * small multiple draws (its labels on a shared sample of rows), its silhouette, and its agreement
 * with every method before it (adjusted Rand index on ALL rows). On two moons this is where the
 * ellipses' mistake shows: the mixture and k-means agree with each other and not with spectral
 * clustering and HDBSCAN, which agree with each other.
 *
 * Each method is exactly the fit the product runs (`runClusterFit`) with the settings in its
 * request, so opening a compared method as the current fit gives the same clustering. A method
 * that cannot run on these rows (HDBSCAN finding no cluster) is reported with its reason, and the
 * others still run. Pure and synchronous: the worker runs the steps and posts each as it ends.
 */
import { adjustedRandIndex } from './adjustedRandIndex';
import type { ChunkExecutor } from './chunkExecutor';
import { inThreadExecutor } from './inThreadExecutor';
import { type Algorithm, type FitRequest, runClusterFit } from './clusterFit';
import type { DataMatrix } from './dataMatrix';
import { FitRefusal } from './fitRefusal';
import { transform } from './scaling';
import { computeSilhouette, DEFAULT_SILHOUETTE_SAMPLE_SIZE } from './silhouette';

/** The methods compared, in this order: the two with ellipses or centres first, then the two that follow shapes. */
export const COMPARED_METHODS = ['gmm', 'kmeans', 'spectral', 'hdbscan'] as const;
export type ComparedMethodName = (typeof COMPARED_METHODS)[number];

/** One fit per method, on the data every one of them shares. */
export interface MethodComparisonRequest {
  /** (nSamples × nFeatures) row-major, complete rows; never modified */
  data: Float64Array;
  nSamples: number;
  nFeatures: number;
  /** Each method's fit, without its data (the same for all: data, nSamples, nFeatures above). */
  fits: Omit<FitRequest, 'data' | 'nSamples' | 'nFeatures'>[];
  /** Matrix rows whose labels each method reports, for drawing it (~1,500). */
  sampleRows: Int32Array;
  /** Rows above which the silhouette is estimated on a seeded sample; DEFAULT_SILHOUETTE_SAMPLE_SIZE when absent. */
  silhouetteSampleSize?: number;
}

/** One compared method: its clusters, scores and labels on the sample, or why it could not run. */
export interface ComparedMethod {
  /** 0-based position in the request's fits */
  index: number;
  algorithm: Algorithm;
  /** clusters found (k for the mixture, k-means and spectral) */
  nClusters: number;
  /** rows HDBSCAN left as noise (−1); 0 for the others */
  nNoise: number;
  /**
   * Mean silhouette in the units clustered (z-scores when standardising), over the rows in a
   * cluster (noise left out); null when fewer than 2 clusters, or the method failed.
   */
  silhouette: number | null;
  seconds: number;
  nFeatures: number;
  /** (k × d) each cluster's mean in original units (the mixture's means, k-means' centres, the members' means for the others) */
  means: Float64Array;
  /** (k × d × d) the mixture's covariances, original units; null for the others */
  covariances: Float64Array | null;
  /** (m) cluster of each of the request's sampleRows, −1 noise; empty when the method failed */
  labels: Int32Array;
  /** (index) adjusted Rand index on all rows with each earlier method; NaN where either failed */
  agreement: Float64Array;
  /** why the method could not run on these rows (its refusal and what to try), or null */
  error: string | null;
}

/** Fits every method of `request` in order, yielding each; the full labels are kept for the agreement only. */
export function* runMethodComparison(request: MethodComparisonRequest, executor: ChunkExecutor = inThreadExecutor): Generator<ComparedMethod, void, void> {
  const earlier: (Int32Array | null)[] = [];
  for (let index = 0; index < request.fits.length; index++) {
    const { method, labels } = fitComparedMethod(request, index, earlier, executor);
    earlier.push(labels);
    yield method;
  }
}

/**
 * Fits method `index` and scores it against the full labels of the methods before it
 * (`earlier`, null where one failed). Returns the report and its full labels (null on failure).
 */
export function fitComparedMethod(
  request: MethodComparisonRequest, index: number, earlier: readonly (Int32Array | null)[], executor: ChunkExecutor = inThreadExecutor,
): { method: ComparedMethod; labels: Int32Array | null } {
  const settings = request.fits[index]!;
  const { nSamples: n, nFeatures: d } = request;
  const agreement = new Float64Array(index).fill(NaN);
  const failed = (error: string): { method: ComparedMethod; labels: null } => ({
    method: {
      index, algorithm: settings.algorithm, nClusters: 0, nNoise: 0, silhouette: null, seconds: 0, nFeatures: d,
      means: new Float64Array(0), covariances: null, labels: new Int32Array(0), agreement, error,
    },
    labels: null,
  });
  let result;
  try {
    // runClusterFit scales into memory of its own: the rows stay raw for the next method
    result = runClusterFit({ ...settings, data: request.data, nSamples: n, nFeatures: d }, () => {}, executor);
  } catch (err) {
    if (err instanceof FitRefusal) { return failed(`${err.message} ${err.hint}`); }
    throw err;
  }
  const labels = result.labels.slice();
  for (let j = 0; j < index; j++) {
    const other = earlier[j];
    if (other) { agreement[j] = adjustedRandIndex(labels, other); }
  }
  const raw: DataMatrix = { data: request.data, nSamples: n, nFeatures: d };
  const X = result.scaling ? transform({ nFeatures: d, ...result.scaling }, raw) : raw;
  const sample = new Int32Array(request.sampleRows.length);
  for (let s = 0; s < sample.length; s++) { sample[s] = labels[request.sampleRows[s]!]!; }
  let nNoise = 0;
  for (let i = 0; i < n; i++) { if (labels[i]! < 0) { nNoise++; } }
  return {
    method: {
      index, algorithm: settings.algorithm, nClusters: result.nComponents, nNoise,
      silhouette: silhouetteOfClustered(X, labels, nNoise, request.silhouetteSampleSize ?? DEFAULT_SILHOUETTE_SAMPLE_SIZE, settings.seed),
      seconds: result.seconds, nFeatures: d,
      // copies: the executor's arrays may live in its shared memory, which it reuses
      means: result.means.slice(), covariances: result.covariances?.slice() ?? null,
      labels: sample, agreement, error: null,
    },
    labels,
  };
}

/**
 * The silhouette of the rows in a cluster (noise has no cluster to be scored against, so it is
 * left out, as hdbscan's documentation scores HDBSCAN), on a seeded sample above `sampleSize` rows.
 */
function silhouetteOfClustered(X: DataMatrix, labels: Int32Array, nNoise: number, sampleSize: number, seed: number): number | null {
  let rows = X;
  let kept = labels;
  if (nNoise > 0) {
    const d = X.nFeatures;
    const m = labels.length - nNoise;
    const data = new Float64Array(m * d);
    kept = new Int32Array(m);
    let s = 0;
    for (let i = 0; i < labels.length; i++) {
      if (labels[i]! < 0) { continue; }
      data.set(X.data.subarray(i * d, (i + 1) * d), s * d);
      kept[s++] = labels[i]!;
    }
    rows = { data, nSamples: m, nFeatures: d };
  }
  if (rows.nSamples < 2) { return null; }
  const score = computeSilhouette(rows, kept, { sampleSize, seed }).score;
  return Number.isFinite(score) ? score : null;
}
