import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runClusterFit, type FitRequest } from '../../../src/core/clusterFit';
import { fitGaussianMixture } from '../../../src/core/gmm';
import { checkCovarianceSize, MAX_COVARIANCE_VALUES } from '../../../src/core/gmmModel';

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
