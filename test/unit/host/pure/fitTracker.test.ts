import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FitTracker } from '../../../../src/host/pure/fitTracker';
import type { FitOptions } from '../../../../src/shared/protocol';

const options = (nComponents: number): FitOptions => ({
  algorithm: 'gmm', nComponents, covarianceType: 'full', columns: ['a', 'b'], standardize: true,
  nInit: 1, maxIter: 100, tol: 1e-3, seed: 0, missing: 'drop',
});

describe('the fit tracker of a panel', () => {
  test('announces a fit that starts and keeps it as the running one', () => {
    const fits = new FitTracker();
    assert.deepEqual(fits.start(1, options(3)), { type: 'didStartFit', fitId: 1, options: options(3) });
    assert.equal(fits.current?.fitId, 1);
  });

  test('says a fit the user cancelled was cancelled, with its own id', () => {
    const fits = new FitTracker();
    fits.start(1, options(3));
    assert.deepEqual(fits.cancelled(1), { type: 'didCancelFit', fitId: 1 });
    assert.equal(fits.current, undefined);
  });

  test('says nothing of a fit a newer one replaced, and keeps the newer one running', () => {
    const fits = new FitTracker();
    fits.start(1, options(3));
    // the panel starts fit 2, which cancels fit 1; fit 1's rejection arrives after fit 2 started
    fits.start(2, options(4));
    assert.equal(fits.cancelled(1), undefined);
    assert.deepEqual(fits.current, { type: 'didStartFit', fitId: 2, options: options(4) });
  });

  test('an older fit that ends does not end the newer one', () => {
    const fits = new FitTracker();
    fits.start(1, options(3));
    fits.start(2, options(4));
    fits.end(1);
    assert.equal(fits.current?.fitId, 2);
    fits.end(2);
    assert.equal(fits.current, undefined);
  });

  test('forgets every fit when the file is read again', () => {
    const fits = new FitTracker();
    fits.start(5, options(3));
    fits.clear();
    assert.equal(fits.cancelled(5), undefined);
    assert.equal(fits.isCurrent(5), false);
  });
});
