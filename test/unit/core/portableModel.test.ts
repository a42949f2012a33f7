import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runClusterFit, type FitRequest } from '../../../src/core/clusterFit';
import { Random } from '../../../src/core/random';
import { predictWithModel, toPortableModel } from '../../../src/core/portableModel';

/** Three blobs in columns of very different units, so standardising changes the geometry. */
function blobs(n: number, seed: number): Float64Array {
  const random = new Random(seed);
  const centres = [[0, 0, 0], [4, 3000, 1], [8, 500, -2]];
  const data = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    const c = centres[i % 3];
    data[3 * i] = c[0] + random.nextNormal();
    data[3 * i + 1] = c[1] + 400 * random.nextNormal();
    data[3 * i + 2] = c[2] + 0.5 * random.nextNormal();
  }
  return data;
}

function request(overrides: Partial<FitRequest>): FitRequest {
  const data = blobs(300, 7);
  return {
    algorithm: 'gmm', nComponents: 3, covarianceType: 'full', nInit: 2, maxIter: 200, tol: 1e-6, regCovar: 1e-6,
    seed: 3, standardize: false, data, nSamples: 300, nFeatures: 3, ...overrides,
  };
}

describe('a saved model applied to the rows it was fitted on', () => {
  for (const [name, overrides] of [
    ['a full Gaussian mixture', {}],
    ['a diagonal mixture fitted on z-scores', { covarianceType: 'diag', standardize: true }],
    ['a spherical mixture fitted on z-scores', { covarianceType: 'spherical', standardize: true }],
    ['k-means on z-scores', { algorithm: 'kmeans', standardize: true }],
    ['k-means on raw values', { algorithm: 'kmeans', standardize: false }],
  ] as const) {
    test(`gives back the fit's own clusters for ${name}`, () => {
      const req = request(overrides as Partial<FitRequest>);
      const X = { data: Float64Array.from(req.data), nSamples: req.nSamples, nFeatures: req.nFeatures };
      const fit = runClusterFit(req, () => {});
      const predicted = predictWithModel(toPortableModel(fit), X);
      assert.deepEqual(Array.from(predicted.labels), Array.from(fit.labels));
      for (let i = 0; i < fit.resp.length; i++) {
        assert.ok(Math.abs(predicted.resp[i] - fit.resp[i]) < 1e-5, `responsibility ${i}`);
      }
    });
  }
});
