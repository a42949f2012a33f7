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
import { fromModelFile } from '../../data/portableModelFile';
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
