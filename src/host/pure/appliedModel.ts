/**
 * A saved model applied to a file, as a fit the panel can show: the model's clusters for every
 * usable row, its parameters in the file's units, and its scores on THIS file (log-likelihood,
 * BIC, AIC of a mixture; inertia of k-means), marked as applied so the view does not speak of
 * iterations that never ran here. Pure (no vscode): unit-tested.
 */
import type { FitResult } from '../../core/clusterFit';
import { scoreSamples } from '../../core/gmm';
import { computePrecisionsChol, countParameters } from '../../core/gmmModel';
import { predictWithModel } from '../../core/portableModel';
import type { Dataset } from '../../data/csvReader';
import type { FeatureSelection } from '../../data/featureMatrix';
import type { ModelFile } from '../../data/modelFile';
import { densityModelFromFile, fromModelFile } from '../../data/portableModelFile';
import { predictDensityModel } from '../../core/densityModel';
import { assignRows } from '../../data/rowAssignment';
import type { CovarianceType, FitOptions } from '../../shared/protocol';
import { buildSnapshot, type CompletedFit } from './fitSnapshot';

/** A setting the model file recorded among its options when it is a valid one (the panel's protocol checks them), else `fallback`. */
function recorded(model: ModelFile, name: string, fallback: number, min: number, max: number, integer = true): number {
  const value = model.options[name];
  return typeof value === 'number' && value >= min && value <= max && (!integer || Number.isInteger(value)) ? value : fallback;
}

/**
 * @param selection the file's rows and columns the model reads, its columns in the model's order
 * @param modelName the model file's name, shown in the panel
 */
export function buildAppliedFit(model: ModelFile, modelName: string, dataset: Dataset, selection: FeatureSelection, fitId: number, maxPoints: number): CompletedFit {
  if (model.algorithm === 'dbscan' || model.algorithm === 'hdbscan') { return buildAppliedDensityFit(model, modelName, dataset, selection, fitId, maxPoints); }
  const started = performance.now();
  const portable = fromModelFile(model);
  const X = selection.matrix;
  const { nComponents: k, nFeatures: d } = portable;
  const n = X.nSamples;
  const { labels, resp } = predictWithModel(portable, X);
  const covarianceType: CovarianceType = model.covarianceType ?? 'full';
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
    // the model's own covariance type sets its number of free parameters, whatever form it was saved in
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
  const result: FitResult = {
    algorithm: portable.algorithm, covarianceType, nComponents: k, nSamples: n, nFeatures: d,
    weights: portable.weights, means, covariances: portable.covariances, labels, resp: Float32Array.from(resp),
    logLikelihood, bic, aic, inertia,
    histories: [], bestRestart: 0, converged: true, nIter: 0, collapsedComponents: [], replay: null, restarts: null,
    scaling: portable.scaling, seconds: (performance.now() - started) / 1000,
  };
  const options: FitOptions = {
    algorithm: portable.algorithm, nComponents: k, covarianceType, columns: selection.columns,
    standardize: portable.algorithm === 'kmeans' ? portable.scaling !== null : model.options.standardize === true,
    nInit: recorded(model, 'nInit', 1, 1, 1000), maxIter: recorded(model, 'maxIter', portable.algorithm === 'kmeans' ? 300 : 100, 1, 100_000),
    tol: recorded(model, 'tol', portable.algorithm === 'kmeans' ? 1e-4 : 1e-3, 0, 1e6, false), seed: recorded(model, 'seed', 0, 0, 2 ** 32 - 1),
    missing: 'drop',
  };
  const rows = assignRows(dataset.nRows, selection.rowIndex, result.labels, result.resp, k);
  const snapshot = { ...buildSnapshot(fitId, options, dataset, selection, result, 'extension-host', maxPoints, rows), appliedModel: modelName };
  return { options, selection, result, snapshot, rows };
}

/**
 * A DBSCAN or HDBSCAN model applied to a file: each row scaled as the fit's rows were and labelled
 * by the model's stored rows (core/densityModel.ts); noise is −1, the strength is the certainty.
 * The clusters keep the model's numbering, so cluster 2 here is cluster 2 of the fit.
 */
function buildAppliedDensityFit(file: ModelFile, modelName: string, dataset: Dataset, selection: FeatureSelection, fitId: number, maxPoints: number): CompletedFit {
  const started = performance.now();
  const { model, scaling } = densityModelFromFile(file);
  const X = selection.matrix;
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
  // members' means on THIS file; a cluster no row joined keeps the model's mean
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) { sums[c * d + j] = counts[c]! > 0 ? sums[c * d + j]! / counts[c]! : file.means[c]![j]!; }
  }
  const density = file.density!;
  const settings = { nNeighbors: 0, eps: density.eps ?? NaN, minSamples: density.minSamples, minClusterSize: recorded(file, 'minClusterSize', 0, 0, 100_000) };
  const result: FitResult = {
    algorithm: model.algorithm, covarianceType: 'full', nComponents: k, nSamples: n, nFeatures: d,
    weights: counts.map(c => c / Math.max(1, n)), means: sums, covariances: null, labels, resp,
    logLikelihood: null, bic: null, aic: null, inertia: null,
    histories: [], bestRestart: 0, converged: true, nIter: 0, collapsedComponents: [], replay: null, restarts: null,
    scaling, seconds: (performance.now() - started) / 1000,
    density: { nNoise, settings, kDistance: null, eigenvalues: null, condensedTree: null, warning: null },
  };
  const options: FitOptions = {
    algorithm: model.algorithm, nComponents: Math.max(1, k), covarianceType: 'full', columns: selection.columns,
    standardize: file.options.standardize === true,
    nInit: recorded(file, 'nInit', 1, 1, 1000), maxIter: 100, tol: 1e-3, seed: recorded(file, 'seed', 0, 0, 2 ** 32 - 1), missing: 'drop',
    ...(model.algorithm === 'dbscan' ? { eps: model.eps, minSamples: density.minSamples } : { minSamples: density.minSamples, ...(settings.minClusterSize >= 2 ? { minClusterSize: settings.minClusterSize } : {}) }),
  };
  const rows = assignRows(dataset.nRows, selection.rowIndex, result.labels, result.resp, k);
  const snapshot = { ...buildSnapshot(fitId, options, dataset, selection, result, 'extension-host', maxPoints, rows), appliedModel: modelName };
  return { options, selection, result, snapshot, rows };
}
