/**
 * Runs one fit request on the core engine. The same code runs in a worker_threads worker, in a
 * browser Web Worker and, where no worker can be started, inside the web extension host.
 */
import type { DataMatrix } from '../core/dataMatrix';
import { fitGaussianMixture } from '../core/gmm';
import type { IterationEvent } from '../core/kmeans';
import { fitKMeans } from '../core/kmeans';
import { expandCovariances, fitStandardScaler, inverseTransformCovariances, inverseTransformMeans, logJacobian, transform } from '../core/scaling';
import type { FitRequest, FitResult } from './messages';

export function runFit(request: FitRequest, onIteration: (event: IterationEvent) => void): FitResult {
  const started = performance.now();
  const raw: DataMatrix = { data: request.data, nSamples: request.nSamples, nFeatures: request.nFeatures };
  const scaler = request.standardize ? fitStandardScaler(raw) : undefined;
  const X = scaler ? transform(scaler, raw) : raw;
  const k = request.nComponents;
  const n = request.nSamples;
  const base = { algorithm: request.algorithm, covarianceType: request.covarianceType, nComponents: k, nSamples: n, nFeatures: request.nFeatures };

  if (request.algorithm === 'kmeans') {
    const fit = fitKMeans(X, { nClusters: k, nInit: request.nInit, maxIter: request.maxIter, seed: request.seed, onIteration });
    const resp = new Float32Array(n * k);
    const counts = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      resp[i * k + fit.labels[i]] = 1;
      counts[fit.labels[i]]++;
    }
    return {
      ...base,
      weights: counts.map(c => c / n),
      means: scaler ? inverseTransformMeans(scaler, fit.centers) : fit.centers,
      covariances: null,
      labels: fit.labels,
      resp,
      logLikelihood: null, bic: null, aic: null,
      // Inertia is reported in the units the clustering used (standardised when standardising).
      inertia: fit.inertia,
      histories: fit.histories,
      bestRestart: fit.bestRestart,
      converged: fit.converged,
      nIter: fit.nIter,
      collapsedComponents: [],
      seconds: (performance.now() - started) / 1000,
    };
  }

  const fit = fitGaussianMixture(X, {
    nComponents: k, covarianceType: request.covarianceType, nInit: request.nInit, maxIter: request.maxIter,
    tol: request.tol, regCovar: request.regCovar, seed: request.seed, onIteration,
  });
  // Likelihoods are compared across scalings and with scikit-learn on the raw file, so they are
  // reported in original units: the density picks up the Jacobian of the z-score map per row.
  const logLikelihood = fit.logLikelihood + (scaler ? n * logJacobian(scaler.scale) : 0);
  const p = fit.nParameters;
  return {
    ...base,
    weights: fit.model.weights,
    means: scaler ? inverseTransformMeans(scaler, fit.model.means) : fit.model.means,
    covariances: scaler
      ? inverseTransformCovariances(scaler, fit.model.covariances, request.covarianceType, k)
      : expandCovariances(fit.model.covariances, request.covarianceType, k, request.nFeatures),
    labels: fit.labels,
    resp: Float32Array.from(fit.resp),
    logLikelihood,
    bic: -2 * logLikelihood + p * Math.log(n),
    aic: -2 * logLikelihood + 2 * p,
    inertia: null,
    histories: fit.histories,
    bestRestart: fit.bestRestart,
    converged: fit.converged,
    nIter: fit.nIter,
    collapsedComponents: fit.collapsedComponents,
    seconds: (performance.now() - started) / 1000,
  };
}
