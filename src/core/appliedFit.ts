/**
 * A saved model applied to rows, as a fit result: the model's clusters for every row, its
 * parameters in the file's units and its scores on THESE rows (log-likelihood, BIC, AIC of a
 * mixture; inertia of k-means; a density model's members' means). A pass over all rows, so the
 * fit worker runs it (compute/applyJob.ts); the host reads the model file and assembles the panel's
 * fit (host/pure/appliedModel.ts).
 */
import type { DataMatrix } from './dataMatrix';
import type { DensitySettings } from './densityFit';
import { predictDensityModel, type DensityModel } from './densityModel';
import type { FitResult } from './fitRequest';
import { scoreSamples } from './gmm';
import { computePrecisionsChol, countParameters, type CovarianceType } from './gmmModel';
import { predictWithModel, type PortableModel } from './portableModel';

/** A saved model as the engine applies it (data/portableModelFile.ts reads it from a model file). */
export type SavedModel =
  /** covarianceType: the model's own type, which sets its number of free parameters whatever form it was saved in */
  | { kind: 'portable'; model: PortableModel; covarianceType: CovarianceType }
  | {
    kind: 'density'; model: DensityModel; scaling: { mean: Float64Array; scale: Float64Array } | null;
    /** (k × d) the model's means, kept by a cluster no row joins */
    means: Float64Array;
    settings: Required<DensitySettings>;
  };

/** @param X (n × d) the rows, in the model's column order and the file's units */
export function applySavedModel(saved: SavedModel, X: DataMatrix): FitResult {
  return saved.kind === 'portable' ? applyPortableModel(saved.model, saved.covarianceType, X) : applyDensityModel(saved, X);
}

function applyPortableModel(portable: PortableModel, covarianceType: CovarianceType, X: DataMatrix): FitResult {
  const started = Date.now();
  const { nComponents: k, nFeatures: d } = portable;
  const n = X.nSamples;
  const { labels, resp } = predictWithModel(portable, X);
  let logLikelihood: number | null = null;
  let bic: number | null = null;
  let aic: number | null = null;
  let inertia: number | null = null;
  let means = portable.means;
  if (portable.algorithm === 'gmm') {
    const covariances = portable.covariances!;
    const { precisionsChol } = computePrecisionsChol('full', k, d, covariances);
    const scores = scoreSamples({ covarianceType: 'full', nComponents: k, nFeatures: d, weights: portable.weights, means, covariances, precisionsChol }, X);
    logLikelihood = scores.reduce((sum, v) => sum + v, 0);
    const p = countParameters(covarianceType, k, d);
    bic = -2 * logLikelihood + p * Math.log(n);
    aic = -2 * logLikelihood + 2 * p;
  } else {
    // k-means' centroids are saved in the space its distances were measured in; inertia is measured there too
    const scaling = portable.scaling;
    inertia = 0;
    for (let i = 0; i < n; i++) {
      const c = labels[i];
      for (let j = 0; j < d; j++) {
        const x = X.data[i * d + j];
        const z = scaling ? (x - scaling.mean[j]) / scaling.scale[j] : x;
        inertia += (z - portable.means[c * d + j]) ** 2;
      }
    }
    if (scaling) { means = means.map((m, i) => m * scaling.scale[i % d] + scaling.mean[i % d]); }
  }
  return {
    algorithm: portable.algorithm, covarianceType, nComponents: k, nSamples: n, nFeatures: d,
    weights: portable.weights, means, covariances: portable.covariances, labels, resp: Float32Array.from(resp),
    logLikelihood, bic, aic, inertia,
    histories: [], bestRestart: 0, converged: true, nIter: 0, collapsedComponents: [], replay: null, restarts: null,
    scaling: portable.scaling, seconds: (Date.now() - started) / 1000,
  };
}

/**
 * A DBSCAN or HDBSCAN model: each row scaled as the fit's rows were and labelled by the model's
 * stored rows (densityModel.ts); noise is −1, the strength is the certainty. The clusters keep the
 * model's numbering, so cluster 2 here is cluster 2 of the fit.
 */
function applyDensityModel(saved: Extract<SavedModel, { kind: 'density' }>, X: DataMatrix): FitResult {
  const started = Date.now();
  const { model, scaling } = saved;
  const n = X.nSamples;
  const d = X.nFeatures;
  const k = model.nClusters;
  const scaled = new Float64Array(n * d);
  for (let i = 0; i < n * d; i++) { const j = i % d; scaled[i] = scaling ? (X.data[i]! - scaling.mean[j]!) / scaling.scale[j]! : X.data[i]!; }
  const { labels, strength } = predictDensityModel(model, { data: scaled, nSamples: n, nFeatures: d });
  const resp = new Float32Array(n * k);
  const counts = new Float64Array(k);
  const sums = new Float64Array(k * d);
  let nNoise = 0;
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    if (c < 0) { nNoise++; continue; }
    resp[i * k + c] = strength[i]!;
    counts[c]!++;
    for (let j = 0; j < d; j++) { sums[c * d + j]! += X.data[i * d + j]!; }
  }
  // members' means on THESE rows; a cluster no row joined keeps the model's mean
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) { sums[c * d + j] = counts[c]! > 0 ? sums[c * d + j]! / counts[c]! : saved.means[c * d + j]!; }
  }
  return {
    algorithm: model.algorithm, covarianceType: 'full', nComponents: k, nSamples: n, nFeatures: d,
    weights: counts.map(c => c / Math.max(1, n)), means: sums, covariances: null, labels, resp,
    logLikelihood: null, bic: null, aic: null, inertia: null,
    histories: [], bestRestart: 0, converged: true, nIter: 0, collapsedComponents: [], replay: null, restarts: null,
    scaling, seconds: (Date.now() - started) / 1000,
    density: { nNoise, settings: saved.settings, kDistance: null, eigenvalues: null, condensedTree: null, warning: null },
  };
}

/** What applying a saved model in a worker needs: the model and the rows (transferred). */
export interface ApplyRequest {
  saved: SavedModel;
  /** (nSamples × nFeatures) row-major, the model's columns in its order */
  data: Float64Array;
  nSamples: number;
  nFeatures: number;
}
