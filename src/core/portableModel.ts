/**
 * A fitted model in the form it is saved and re-applied to new rows: Gaussian mixtures in the
 * data's original units (any covariance type expanded to k × d × d), k-means centroids in the space
 * its distances were measured in, with the z-scoring that leads there.
 */
import type { FitResult } from './clusterFit';
import type { DataMatrix } from './dataMatrix';
import { isDensityAlgorithm, whyNotPortable } from './densityFit';
import { predictProba } from './gmm';
import { computePrecisionsChol } from './gmmModel';

export interface PortableModel {
  algorithm: 'gmm' | 'kmeans';
  nComponents: number;
  nFeatures: number;
  /** (k) */
  weights: Float64Array;
  /** (k × d): original units (GMM); scaled units when `scaling` is set (k-means) */
  means: Float64Array;
  /** (k × d × d) original units; null for k-means */
  covariances: Float64Array | null;
  /** Applied to new rows before measuring distances to `means` (k-means only). */
  scaling: { mean: Float64Array; scale: Float64Array } | null;
}

/**
 * Throws, for spectral clustering, DBSCAN and HDBSCAN, the sentence of densityFit.whyNotPortable.
 * Reads only the model's parameters, so the webview can make one from a fit's snapshot.
 */
export function toPortableModel(result: Pick<FitResult, 'algorithm' | 'nComponents' | 'nFeatures' | 'weights' | 'means' | 'covariances' | 'scaling'>): PortableModel {
  const { nComponents: k, nFeatures: d } = result;
  if (isDensityAlgorithm(result.algorithm)) { throw new Error(whyNotPortable(result.algorithm)); }
  if (result.algorithm === 'gmm') {
    // A Gaussian stays a Gaussian under the z-score map, with the same responsibilities, so the
    // original-unit parameters predict exactly what the fit on scaled values did.
    return { algorithm: 'gmm', nComponents: k, nFeatures: d, weights: result.weights, means: result.means, covariances: result.covariances, scaling: null };
  }
  const means = Float64Array.from(result.means);
  if (result.scaling) {
    const { mean, scale } = result.scaling;
    for (let c = 0; c < k; c++) { for (let j = 0; j < d; j++) { means[c * d + j] = (means[c * d + j] - mean[j]) / scale[j]; } }
  }
  return { algorithm: 'kmeans', nComponents: k, nFeatures: d, weights: result.weights, means, covariances: null, scaling: result.scaling };
}

/** Cluster (0-based) and membership probabilities (n × k; one-hot for k-means) of each row of X. */
export function predictWithModel(model: PortableModel, X: DataMatrix): { labels: Int32Array; resp: Float64Array } {
  const { nComponents: k, nFeatures: d } = model;
  if (X.nFeatures !== d) { throw new Error(`the data has ${X.nFeatures} columns, the model ${d}`); }
  const n = X.nSamples;
  const labels = new Int32Array(n);
  if (model.algorithm === 'gmm') {
    if (!model.covariances) { throw new Error('a Gaussian mixture needs covariances'); }
    const { precisionsChol } = computePrecisionsChol('full', k, d, model.covariances);
    const resp = predictProba({ covarianceType: 'full', nComponents: k, nFeatures: d, weights: model.weights, means: model.means, covariances: model.covariances, precisionsChol }, X);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) { if (resp[i * k + c] > resp[i * k + best]) { best = c; } }
      labels[i] = best;
    }
    return { labels, resp };
  }
  const resp = new Float64Array(n * k);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const x = X.data[i * d + j];
      row[j] = model.scaling ? (x - model.scaling.mean[j]) / model.scaling.scale[j] : x;
    }
    let best = 0;
    let bestDistance = Infinity;
    for (let c = 0; c < k; c++) {
      let distance = 0;
      for (let j = 0; j < d; j++) { const diff = row[j] - model.means[c * d + j]; distance += diff * diff; }
      if (distance < bestDistance) { bestDistance = distance; best = c; }
    }
    labels[i] = best;
    resp[i * k + best] = 1;
  }
  return { labels, resp };
}
