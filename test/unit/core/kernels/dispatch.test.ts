import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fitGaussianMixture, type CovarianceType } from '../../../../src/core/gmm';
import { prepareComponentParameters } from '../../../../src/core/gmmModel';
import { fitKMeans } from '../../../../src/core/kmeans';
import { kernelSettings, logDensityKernel } from '../../../../src/core/kernels/dispatch';
import { randomMatrix } from '../referenceMatrices';

const TYPES: CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];

describe('unrolled kernels', () => {
  test('give bit-identical fits to the generic loops for d = 1..9 and every covariance type', () => {
    try {
      for (let d = 1; d <= 9; d++) {
        const X = randomMatrix(100 + d, 1100, d, 2, 50);
        for (const covarianceType of TYPES) {
          const options = { nComponents: 3, covarianceType, maxIter: 5, tol: 0, init: 'random' as const, seed: d };
          kernelSettings.useUnrolled = true;
          const fast = fitGaussianMixture(X, options);
          kernelSettings.useUnrolled = false;
          const generic = fitGaussianMixture(X, options);
          assert.deepEqual(fast, generic, `d=${d} ${covarianceType}`);
        }
      }
    } finally {
      kernelSettings.useUnrolled = true;
    }
  });

  test('the switch really selects the unrolled code for d ≤ 8 only (the comparisons are not vacuous)', () => {
    for (const d of [1, 8, 9]) {
      const X = randomMatrix(1, 10, d);
      const params = prepareComponentParameters(fitGaussianMixture(X, { nComponents: 2, maxIter: 1 }).model);
      kernelSettings.useUnrolled = false;
      assert.equal(logDensityKernel(params.covarianceType, d) !== undefined, false);
      kernelSettings.useUnrolled = true;
      assert.equal(logDensityKernel(params.covarianceType, d) !== undefined, d <= 8);
    }
  });

  test('give bit-identical k-means to the generic loops for d = 1..9', () => {
    try {
      for (let d = 1; d <= 9; d++) {
        const X = randomMatrix(200 + d, 1100, d, 2, 50);
        kernelSettings.useUnrolled = true;
        const fast = fitKMeans(X, { nClusters: 5, nInit: 2, seed: d });
        kernelSettings.useUnrolled = false;
        const generic = fitKMeans(X, { nClusters: 5, nInit: 2, seed: d });
        assert.deepEqual(fast, generic, `d=${d}`);
      }
    } finally {
      kernelSettings.useUnrolled = true;
    }
  });
});
