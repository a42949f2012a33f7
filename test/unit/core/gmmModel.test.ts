import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDataMatrix } from '../../../src/core/dataMatrix';
import { runClusterFit, type FitRequest } from '../../../src/core/clusterFit';
import { fitGaussianMixture } from '../../../src/core/gmm';
import { checkCovarianceSize, COVARIANCE_TYPES, expandPrecisions, MAX_COVARIANCE_VALUES, precisionDiagonals } from '../../../src/core/gmmModel';
import { Random } from '../../../src/core/random';

test('the precision diagonals are those of the expanded precision matrices, bit for bit, for every covariance type', () => {
  const r = new Random(3);
  const n = 400, d = 13;
  const X = createDataMatrix(Float64Array.from({ length: n * d }, (_, at) => (at % 7) + r.nextNormal()), n, d);
  for (const covarianceType of COVARIANCE_TYPES) {
    const { model } = fitGaussianMixture(X, { nComponents: 3, covarianceType, maxIter: 3, seed: 1 });
    const full = expandPrecisions(model), diagonals = precisionDiagonals(model);
    assert.equal(diagonals.length, 3 * d);
    for (let c = 0; c < 3; c++) {
      for (let j = 0; j < d; j++) {
        assert.ok(Object.is(diagonals[c * d + j], full[c * d * d + j * d + j]), `${covarianceType}: component ${c}, feature ${j}`);
      }
    }
  }
});

const d = 150_000, n = 3;
const data = new Float64Array(n * d).map((_, i) => (i * 7919) % 101);
const request = (over: Partial<FitRequest>): FitRequest => ({
  algorithm: 'gmm', nComponents: 1, covarianceType: 'full', nInit: 1, maxIter: 5, tol: 1e-3, regCovar: 1e-6, seed: 0,
  standardize: false, data: data.slice(), nSamples: n, nFeatures: d, ...over,
});

test('a mixture whose d × d covariances cannot be held is refused with a clear message before anything is allocated', () => {
  const started = Date.now();
  for (const covarianceType of ['full', 'tied', 'diag', 'spherical'] as const) {
    assert.throws(() => runClusterFit(request({ covarianceType, nComponents: 2 }), () => {}),
      (e: unknown) => e instanceof Error && !/Invalid typed array length/.test(e.message)
        && /150,000 × 150,000 matrix: with k = 2 that is 335 GiB, more than can be held\. Choose at most 11,585 columns, or k-means\./.test(e.message),
      covarianceType);
  }
  assert.ok(Date.now() - started < 5000);
});

test('k-means on the same 150,000 columns runs: it keeps no covariance', () => {
  const result = runClusterFit(request({ algorithm: 'kmeans', nComponents: 2, nInit: 1 }), () => {});
  assert.equal(result.means.length, 2 * d);
});

test('the engine itself refuses a full or tied covariance it could not allocate', () => {
  const X = { data: data.slice(), nSamples: n, nFeatures: d };
  assert.throws(() => fitGaussianMixture(X, { nComponents: 1, covarianceType: 'full' }), /'full' covariance on 150,000 columns needs 1 × 150000 × 150000 numbers \(168 GiB per copy\).*diag or spherical/);
  assert.doesNotThrow(() => checkCovarianceSize('diag', 10, 150_000));
  assert.doesNotThrow(() => checkCovarianceSize('spherical', 10, 150_000));
  assert.doesNotThrow(() => checkCovarianceSize('full', 8, 2000));
  assert.throws(() => checkCovarianceSize('tied', 1, Math.ceil(Math.sqrt(MAX_COVARIANCE_VALUES)) + 1), /'tied'/);
});
