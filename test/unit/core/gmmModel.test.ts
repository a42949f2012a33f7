import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runClusterFit } from '../../../src/core/clusterFit';
import { checkCovarianceSize, MAX_COVARIANCE_VALUES } from '../../../src/core/gmmModel';

test('a covariance too large to hold is refused with a clear message before anything is allocated', () => {
  const d = 150_000, n = 3;
  const data = new Float64Array(n * d).map((_, i) => (i * 7919) % 101);
  const started = Date.now();
  for (const covarianceType of ['full', 'tied'] as const) {
    assert.throws(() => runClusterFit({
      algorithm: 'gmm', nComponents: 1, covarianceType, nInit: 1, maxIter: 5, tol: 1e-3, regCovar: 1e-6, seed: 0,
      standardize: false, data: data.slice(), nSamples: n, nFeatures: d,
    }, () => {}), (e: unknown) => e instanceof Error && !/Invalid typed array length/.test(e.message)
      && new RegExp(`'${covarianceType}' covariance on 150,000 columns needs .*150000 × 150000 numbers \\(168 GiB per copy\\).*diag or spherical`).test(e.message));
  }
  assert.ok(Date.now() - started < 5000);
});

test('the bound refuses only what cannot be held: diag and spherical on wide data pass, as does full at moderate d', () => {
  assert.doesNotThrow(() => checkCovarianceSize('diag', 10, 150_000));
  assert.doesNotThrow(() => checkCovarianceSize('spherical', 10, 150_000));
  assert.doesNotThrow(() => checkCovarianceSize('full', 8, 2000));
  assert.throws(() => checkCovarianceSize('full', 2, Math.ceil(Math.sqrt(MAX_COVARIANCE_VALUES))), /full/);
});
