import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDataMatrix } from '../../../src/core/dataMatrix';
import { fitGaussianMixture } from '../../../src/core/gmm';
import { COVARIANCE_TYPES, expandPrecisions, precisionDiagonals } from '../../../src/core/gmmModel';
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
