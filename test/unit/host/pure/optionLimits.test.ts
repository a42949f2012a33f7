import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { keepWithinLimits } from '../../../../src/host/pure/optionLimits';
import { FIT_LIMITS, type FitOptions, isFitOptions } from '../../../../src/shared/protocol';

const defaults: Omit<FitOptions, 'columns'> = {
  algorithm: 'gmm', nComponents: 3, covarianceType: 'full', standardize: true, nInit: 1, maxIter: 100, tol: 1e-3, seed: 0, missing: 'drop',
};

describe('fit options from settings.json', () => {
  test('are kept within what the panel accepts, so the panel never refuses its own first options', () => {
    const wild = keepWithinLimits({ ...defaults, nComponents: 500, nInit: 0, maxIter: 1e9, seed: 2 ** 40, tol: -1 });
    assert.deepEqual(
      [wild.nComponents, wild.nInit, wild.maxIter, wild.seed, wild.tol],
      [FIT_LIMITS.nComponents.max, FIT_LIMITS.nInit.min, FIT_LIMITS.maxIter.max, FIT_LIMITS.seed.max, 0]);
    assert.equal(isFitOptions({ ...wild, columns: ['a'] }), true);
  });

  test('a value that is not a number falls back to the default, and whole numbers stay whole', () => {
    const odd = keepWithinLimits({ ...defaults, nComponents: Number.NaN, seed: 1.6, maxIter: null as unknown as number });
    assert.equal(odd.nComponents, 3);
    assert.equal(odd.seed, 2);
    assert.equal(odd.maxIter, 100);
  });

  test('options already within bounds are unchanged', () => {
    assert.deepEqual(keepWithinLimits(defaults), defaults);
  });
});
