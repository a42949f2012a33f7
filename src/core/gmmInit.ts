// scikit-learn's initialisations of a Gaussian mixture (kmeans, k-means++, random,
// random_from_data, or given weights / means / precisions / responsibilities): the first model
// EM starts from.

import { computeColumnMeans, type DataMatrix } from './dataMatrix';
import { computePrecisionsChol, isTriangular, type CovarianceType, type GaussianMixtureModel } from './gmmModel';
import { accumulateResponsibilities, createStatsAbout, type MStepResult, type SufficientStats } from './gmmStats';
import { inThreadExecutor } from './inThreadExecutor';
import { runKMeans } from './kmeans';
import { selectKMeansPlusPlus } from './kmeansPlusPlus';
import { invertSymmetricPositiveDefinite } from './linalg';
import { assignLabels } from './lloyd';
import type { Random } from './random';
import type { GaussianMixtureOptions } from './gmmOptions';

/**
 * sklearn's _initialize_parameters + _initialize: responsibilities from the init method, one
 * M-step (weights divided by n), then weightsInit / meansInit / precisionsInit override.
 * `resp` (n × k) is scratch.
 */
export function initializeModel(
  X: DataMatrix, options: GaussianMixtureOptions, random: Random, resp: Float64Array,
  mStep: (stats: SufficientStats, weightDenominator?: number) => MStepResult,
): GaussianMixtureModel {
  const { nComponents: k, covarianceType, weightsInit, meansInit, precisionsInit } = options;
  const { nSamples: n, nFeatures: d } = X;
  let model: GaussianMixtureModel;
  if (options.modelInit) {
    const m = options.modelInit;
    return { ...m, weights: m.weights.slice(), means: m.means.slice(), covariances: m.covariances.slice(), precisionsChol: m.precisionsChol.slice() };
  }
  if (weightsInit && meansInit && precisionsInit) {
    // nothing left to estimate from data: skip the random draws
    model = { covarianceType, nComponents: k, nFeatures: d, weights: weightsInit.slice(), means: meansInit.slice(), covariances: new Float64Array(0), precisionsChol: new Float64Array(0) };
  } else {
    const stats = computeInitialStats(X, options, random, resp);
    model = mStep(stats, n).model;
  }
  if (weightsInit) { model.weights = weightsInit.slice(); }
  if (meansInit) { model.means = meansInit.slice(); }
  if (precisionsInit) {
    model.covariances = invertPrecisions(precisionsInit, covarianceType, d);
    // an upper factor of the precision (sklearn's own is lower here; only P Pᵀ and det P matter)
    model.precisionsChol = computePrecisionsChol(covarianceType, k, d, model.covariances).precisionsChol;
  }
  return model;
}

function computeInitialStats(X: DataMatrix, options: GaussianMixtureOptions, random: Random, resp: Float64Array): SufficientStats {
  const { nComponents: k, covarianceType, init } = options;
  const executor = options.executor ?? inThreadExecutor;
  const { nSamples: n, nFeatures: d } = X;
  if (options.respInit) {
    resp.set(options.respInit);
    return statsAboutColumnMeans(X, resp, covarianceType, k);
  }
  if (init === 'kmeans' || init === 'k-means++') {
    let centers: Float64Array;
    let labels: Int32Array;
    if (init === 'kmeans') {
      const km = runKMeans(X, { nClusters: k, nInit: 1, maxIter: 300, tol: 1e-4, seed: 0, executor }, random);
      centers = km.centers;
      labels = km.labels;
    } else {
      centers = selectKMeansPlusPlus(X, k, random, executor).centers;
      labels = executor.allocateInt32(n);
      const distances = executor.allocateFloat64(n);
      assignLabels(X, centers, k, labels, distances, executor);
      executor.release(distances);
    }
    resp.fill(0);
    for (let i = 0; i < n; i++) { resp[i * k + labels[i]!] = 1; }
    executor.release(labels);
    const stats = createStatsAbout(covarianceType, k, d, centers);
    accumulateResponsibilities(X, 0, n, resp, stats);
    return stats;
  }
  if (init === 'random') {
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let c = 0; c < k; c++) { const u = random.nextFloat(); resp[i * k + c] = u; sum += u; }
      for (let c = 0; c < k; c++) { resp[i * k + c]! /= sum; }
    }
    return statsAboutColumnMeans(X, resp, covarianceType, k);
  }
  // random_from_data: one row per component, responsibility 1 there and 0 elsewhere
  const indices = random.sampleWithoutReplacement(n, k);
  const shift = new Float64Array(k * d);
  const stats = createStatsAbout(covarianceType, k, d, shift);
  for (let c = 0; c < k; c++) {
    shift.set(X.data.subarray(indices[c]! * d, indices[c]! * d + d), c * d);
    stats.sumResp[c] = 1;
  }
  stats.nSamples = n;
  return stats;
}

/** Covariances (sklearn shape) from precisions (sklearn shape). */
function invertPrecisions(precisions: Float64Array, covarianceType: CovarianceType, d: number): Float64Array {
  const out = new Float64Array(precisions.length);
  if (isTriangular(covarianceType)) {
    for (let b = 0; b < precisions.length / (d * d); b++) {
      invertSymmetricPositiveDefinite(precisions, b * d * d, d, out, b * d * d);
    }
  } else {
    for (let i = 0; i < precisions.length; i++) { out[i] = 1 / precisions[i]!; }
  }
  return out;
}

/**
 * The statistics of given responsibilities (n × k), accumulated about the column means rather than
 * the origin: full precision on data far from zero. For the random and given starts.
 */
function statsAboutColumnMeans(X: DataMatrix, resp: Float64Array, covarianceType: CovarianceType, k: number): SufficientStats {
  const { nSamples: n, nFeatures: d } = X;
  const mean = computeColumnMeans(X);
  const shift = new Float64Array(k * d);
  for (let c = 0; c < k; c++) { shift.set(mean, c * d); }
  const stats = createStatsAbout(covarianceType, k, d, shift);
  accumulateResponsibilities(X, 0, n, resp, stats);
  return stats;
}
