import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { covarianceEllipse, ellipsePoints, marginalCovariance } from '../../../src/core/ellipse';
import { decomposeSymmetric } from '../../../src/core/eigen';

function assertClose(actual: number, expected: number, tolerance: number, what = ''): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what} ${actual} ≠ ${expected} (± ${tolerance})`);
}

/** Positive-definite 2 × 2 covariances built from standard deviations and a correlation. */
const covariance2x2 = fc.record({
  sx: fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
  sy: fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
  rho: fc.double({ min: -0.99, max: 0.99, noNaN: true }),
}).map(({ sx, sy, rho }) => Float64Array.of(sx * sx, rho * sx * sy, rho * sx * sy, sy * sy));
const mean2 = fc.tuple(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.double({ min: -1e3, max: 1e3, noNaN: true }));
const nSigma = fc.constantFrom(1, 2, 3, 0.5);

describe('covarianceEllipse', () => {
  test('has radii² equal to the eigenvalues times nσ²', () => {
    fc.assert(fc.property(mean2, covariance2x2, nSigma, (mean, cov, n) => {
      const e = covarianceEllipse(mean, cov, n);
      const { eigenvalues } = decomposeSymmetric(cov, 2);
      assertClose(e.radiusMajor ** 2, eigenvalues[0] * n * n, 1e-12 * eigenvalues[0] * n * n);
      assertClose(e.radiusMinor ** 2, eigenvalues[1] * n * n, 1e-9 * eigenvalues[0] * n * n);
      assert.ok(e.radiusMajor >= e.radiusMinor);
      assert.deepEqual([e.centerX, e.centerY], mean);
    }));
  });

  test('is axis-aligned with radii 2σx and 2σy for an uncorrelated pair at 2σ', () => {
    const e = covarianceEllipse([1, -1], [16, 0, 0, 1], 2);
    assert.deepEqual(e, { centerX: 1, centerY: -1, radiusMajor: 8, radiusMinor: 2, angle: 0 });
  });

  test('turns the major axis to the vertical when y varies more than x', () => {
    const e = covarianceEllipse([0, 0], [1, 0, 0, 4], 1);
    assert.equal(e.angle, Math.PI / 2);
    assert.equal(e.radiusMajor, 2);
  });

  test('tilts upwards for a positive correlation and downwards for a negative one', () => {
    assert.ok(covarianceEllipse([0, 0], [2, 0.5, 0.5, 1], 1).angle > 0);
    assert.ok(covarianceEllipse([0, 0], [2, -0.5, -0.5, 1], 1).angle < 0);
  });

  test('collapses to a segment, without NaN, for perfectly correlated columns', () => {
    const e = covarianceEllipse([0, 0], [1, 1, 1, 1], 3);
    assert.equal(e.radiusMinor, 0);
    assertClose(e.radiusMajor, 3 * Math.SQRT2, 1e-15);
    assertClose(e.angle, Math.PI / 4, 1e-15);
  });

  test('collapses to a segment when one column has zero variance', () => {
    const e = covarianceEllipse([5, 7], [0, 0, 0, 9], 1);
    assert.deepEqual(e, { centerX: 5, centerY: 7, radiusMajor: 3, radiusMinor: 0, angle: Math.PI / 2 });
    assert.ok(ellipsePoints(e).every(Number.isFinite));
  });

  test('collapses to the mean for a zero covariance', () => {
    const e = covarianceEllipse([2, 3], [0, 0, 0, 0], 2);
    assert.deepEqual(e, { centerX: 2, centerY: 3, radiusMajor: 0, radiusMinor: 0, angle: 0 });
  });

  test('clips a slightly negative eigenvalue from round-off to radius 0', () => {
    // det = 1·1 − (1 + 1e-12)² < 0: numerically singular, not a real negative variance.
    const e = covarianceEllipse([0, 0], [1, 1 + 1e-12, 1 + 1e-12, 1], 1);
    assert.equal(e.radiusMinor, 0);
    assert.ok(Number.isFinite(e.radiusMajor));
  });

  test('rejects a covariance that is not 2 × 2', () => {
    assert.throws(() => covarianceEllipse([0, 0], [1, 0, 1], 1), RangeError);
  });
});

describe('ellipsePoints', () => {
  test('puts every point at Mahalanobis distance nσ from the mean', () => {
    fc.assert(fc.property(mean2, covariance2x2, nSigma, (mean, cov, n) => {
      const points = ellipsePoints(covarianceEllipse(mean, cov, n), 36);
      const [a, b, , c] = cov;
      const det = a * c - b * b;
      for (let k = 0; k < 36; k++) {
        const dx = points[2 * k] - mean[0];
        const dy = points[2 * k + 1] - mean[1];
        const mahalanobis2 = (c * dx * dx - 2 * b * dx * dy + a * dy * dy) / det;
        assertClose(Math.sqrt(mahalanobis2), n, 1e-6 * n, `point ${k}`);
      }
    }));
  });

  test('returns 72 points by default, starting at the end of the major axis, not closed', () => {
    const points = ellipsePoints(covarianceEllipse([10, 20], [9, 0, 0, 1], 1));
    assert.equal(points.length, 144);
    assert.deepEqual([points[0], points[1]], [13, 20]);
    assert.notDeepEqual([points[142], points[143]], [13, 20]);
  });

  test('runs counter-clockwise in data coordinates', () => {
    const points = ellipsePoints(covarianceEllipse([0, 0], [4, 1, 1, 2], 2), 72);
    let twiceArea = 0;
    for (let k = 0; k < 72; k++) {
      const next = (k + 1) % 72;
      twiceArea += points[2 * k] * points[2 * next + 1] - points[2 * next] * points[2 * k + 1];
    }
    assert.ok(twiceArea > 0);
  });

  test('stays in data units when the axes differ by twelve orders of magnitude', () => {
    // σx = 1000, σy = 0.001: in data coordinates the extent is ±nσ·σ on each axis.
    const points = ellipsePoints(covarianceEllipse([0, 0], [1e6, 0, 0, 1e-6], 2), 360);
    let maxX = 0;
    let maxY = 0;
    for (let k = 0; k < 360; k++) {
      maxX = Math.max(maxX, Math.abs(points[2 * k]));
      maxY = Math.max(maxY, Math.abs(points[2 * k + 1]));
    }
    assertClose(maxX, 2000, 1e-9);
    assertClose(maxY, 0.002, 1e-15);
  });

  test('rejects a non-positive number of points', () => {
    const e = covarianceEllipse([0, 0], [1, 0, 0, 1], 1);
    assert.throws(() => ellipsePoints(e, 0), RangeError);
  });
});

describe('marginalCovariance', () => {
  const d = 3;
  const sigma = Float64Array.of(
    4, 1, 2,
    1, 9, 3,
    2, 3, 16,
  );

  test('picks the block of a pair of columns in the order asked', () => {
    assert.deepEqual(Array.from(marginalCovariance(sigma, d, 0, 2)), [4, 2, 2, 16]);
    assert.deepEqual(Array.from(marginalCovariance(sigma, d, 2, 0)), [16, 2, 2, 4]);
    assert.deepEqual(Array.from(marginalCovariance(sigma, d, 1, 1)), [9, 9, 9, 9]);
  });

  test('gives the ellipse of the scatter plot of those two columns', () => {
    const e = covarianceEllipse([0, 0], marginalCovariance(sigma, d, 1, 2), 1);
    const { eigenvalues } = decomposeSymmetric(Float64Array.of(9, 3, 3, 16), 2);
    assertClose(e.radiusMajor, Math.sqrt(eigenvalues[0]), 1e-14);
  });

  test('rejects a column outside 0..d−1', () => {
    assert.throws(() => marginalCovariance(sigma, d, 0, 3), RangeError);
    assert.throws(() => marginalCovariance(sigma, d, -1, 0), RangeError);
  });
});
