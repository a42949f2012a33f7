import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dataMatrixFromRows, type DataMatrix } from '../../../src/core/dataMatrix';
import {
  expandCovariances, fitStandardScaler, inverseTransformCovariances, inverseTransformMeans, logJacobian, transform,
} from '../../../src/core/scaling';
import { covarianceOf } from './referenceMatrices';

function assertClose(actual: number, expected: number, tolerance: number, what = ''): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what} ${actual} ≠ ${expected} (± ${tolerance})`);
}

/** log N(x | μ, Σ) through a textbook Cholesky factorisation, as an independent reference. */
function logGaussianDensity(x: ArrayLike<number>, mean: ArrayLike<number>, cov: ArrayLike<number>, d: number): number {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = cov[i * d + j];
      for (let k = 0; k < j; k++) { s -= l[i * d + k] * l[j * d + k]; }
      l[i * d + j] = i === j ? Math.sqrt(s) : s / l[j * d + j];
    }
  }
  // Solve L y = x − μ; then (x − μ)ᵀ Σ⁻¹ (x − μ) = ‖y‖².
  const y = new Float64Array(d);
  let quadratic = 0;
  let logDet = 0;
  for (let i = 0; i < d; i++) {
    let s = x[i] - mean[i];
    for (let k = 0; k < i; k++) { s -= l[i * d + k] * y[k]; }
    y[i] = s / l[i * d + i];
    quadratic += y[i] * y[i];
    logDet += 2 * Math.log(l[i * d + i]);
  }
  return -0.5 * (d * Math.log(2 * Math.PI) + logDet + quadratic);
}

const dataSet = fc.record({ n: fc.integer({ min: 2, max: 30 }), d: fc.integer({ min: 1, max: 5 }) })
  .chain(({ n, d }) => fc.tuple(
    // Hundredths in [−5, 5]: spread-out values, so z is well conditioned (see the spread/offset).
    fc.array(fc.integer({ min: -500, max: 500 }).map(v => v / 100), { minLength: n * d, maxLength: n * d }),
    fc.array(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), { minLength: d, maxLength: d }),
    fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: d, maxLength: d }),
  ).map(([values, spread, offset]) => {
    const data = Float64Array.from(values, (v, idx) => offset[idx % d] + spread[idx % d] * v);
    return { data, nSamples: n, nFeatures: d } as DataMatrix;
  }));

// Produced with scikit-learn 1.2.1:
//   Z = np.array(SKLEARN_ROWS); sc = StandardScaler().fit(Z); sc.mean_, sc.scale_, sc.transform(Z)
const SKLEARN_ROWS = [[1, 7, 100], [2, 7, 300], [4, 7, 200], [8, 7, 400]];
const SKLEARN_MEAN = [3.75, 7, 250];
const SKLEARN_SCALE = [2.680951323690902, 1, 111.80339887498948];
const SKLEARN_TRANSFORMED = [
  [-1.025755289064345, 0, -1.3416407864998738],
  [-0.6527533657682196, 0, 0.4472135954999579],
  [0.09325048082403138, 0, -0.4472135954999579],
  [1.5852581740085334, 0, 1.3416407864998738],
];

describe('fitStandardScaler', () => {
  test('matches scikit-learn mean and population scale, with scale 1 for a constant column', () => {
    const scaler = fitStandardScaler(dataMatrixFromRows(SKLEARN_ROWS));
    SKLEARN_MEAN.forEach((m, j) => assertClose(scaler.mean[j], m, 1e-14, `mean[${j}]`));
    SKLEARN_SCALE.forEach((s, j) => assertClose(scaler.scale[j], s, 1e-13, `scale[${j}]`));
  });

  test('treats a column that differs only by round-off as constant', () => {
    const scaler = fitStandardScaler(dataMatrixFromRows([[0.1 + 0.2, 1], [0.3, 2], [0.3, 3]]));
    assert.equal(scaler.scale[0], 1);
    assert.notEqual(scaler.scale[1], 1);
  });

  test('rejects an empty matrix', () => {
    assert.throws(() => fitStandardScaler({ data: new Float64Array(0), nSamples: 0, nFeatures: 2 }), RangeError);
  });
});

describe('transform', () => {
  test('matches scikit-learn on the reference rows', () => {
    const X = dataMatrixFromRows(SKLEARN_ROWS);
    const z = transform(fitStandardScaler(X), X);
    SKLEARN_TRANSFORMED.flat().forEach((v, idx) => assertClose(z.data[idx], v, 1e-14, `z[${idx}]`));
    assert.equal(z.nSamples, 4);
    assert.equal(z.nFeatures, 3);
  });

  test('gives every non-constant column mean 0 and population standard deviation 1', () => {
    fc.assert(fc.property(dataSet, X => {
      const scaler = fitStandardScaler(X);
      const z = transform(scaler, X);
      const { nSamples: n, nFeatures: d } = X;
      for (let j = 0; j < d; j++) {
        let sum = 0;
        let sumSquares = 0;
        for (let i = 0; i < n; i++) { sum += z.data[i * d + j]; sumSquares += z.data[i * d + j] ** 2; }
        // The error of the mean, ≈ n·ε·|mean|, is magnified by 1/scale: inherent, not ours.
        const tolerance = 1e-12 + 4 * n * Number.EPSILON * Math.abs(scaler.mean[j]) / scaler.scale[j];
        assertClose(sum / n, 0, tolerance);
        if (scaler.scale[j] !== 1) { assertClose(sumSquares / n, 1, 1e-9 + tolerance); }
      }
    }));
  });

  test('leaves its input untouched', () => {
    const X = dataMatrixFromRows(SKLEARN_ROWS);
    const before = X.data.slice();
    transform(fitStandardScaler(X), X);
    assert.deepEqual(X.data, before);
  });
});

describe('inverseTransformMeans', () => {
  test('maps the mean of scaled rows back to the mean of the original rows', () => {
    fc.assert(fc.property(dataSet, X => {
      const scaler = fitStandardScaler(X);
      const z = transform(scaler, X);
      const { nSamples: n, nFeatures: d } = X;
      // Two "clusters": the first row alone, and all rows.
      const means = new Float64Array(2 * d);
      const expected = new Float64Array(2 * d);
      for (let j = 0; j < d; j++) {
        means[j] = z.data[j];
        expected[j] = X.data[j];
        for (let i = 0; i < n; i++) { means[d + j] += z.data[i * d + j] / n; expected[d + j] += X.data[i * d + j] / n; }
      }
      const back = inverseTransformMeans(scaler, means);
      back.forEach((v, idx) => assertClose(v, expected[idx], 1e-9 * Math.max(1, Math.abs(expected[idx]))));
    }));
  });

  test('rejects a buffer that is not k × d', () => {
    const scaler = fitStandardScaler(dataMatrixFromRows(SKLEARN_ROWS));
    assert.throws(() => inverseTransformMeans(scaler, new Float64Array(4)), RangeError);
    assert.throws(() => inverseTransformMeans(scaler, new Float64Array(6), 3), RangeError);
    assert.equal(inverseTransformMeans(scaler, new Float64Array(6), 2).length, 6);
  });
});

describe('expandCovariances', () => {
  test('expands every sklearn covariance shape to k full matrices', () => {
    const k = 2;
    const d = 2;
    assert.deepEqual(Array.from(expandCovariances(Float64Array.of(1, 2, 2, 5, 3, 0, 0, 4), 'full', k, d)),
      [1, 2, 2, 5, 3, 0, 0, 4]);
    assert.deepEqual(Array.from(expandCovariances(Float64Array.of(1, 2, 2, 5), 'tied', k, d)),
      [1, 2, 2, 5, 1, 2, 2, 5]);
    assert.deepEqual(Array.from(expandCovariances(Float64Array.of(1, 5, 3, 4), 'diag', k, d)),
      [1, 0, 0, 5, 3, 0, 0, 4]);
    assert.deepEqual(Array.from(expandCovariances(Float64Array.of(7, 9), 'spherical', k, d)),
      [7, 0, 0, 7, 9, 0, 0, 9]);
  });

  test('copies a full input rather than aliasing it', () => {
    const full = Float64Array.of(1, 2, 2, 5);
    const expanded = expandCovariances(full, 'full', 1, 2);
    expanded[0] = 99;
    assert.equal(full[0], 1);
  });

  test('rejects a buffer of the wrong length for its type', () => {
    assert.throws(() => expandCovariances(new Float64Array(4), 'diag', 3, 2), RangeError);
    assert.throws(() => expandCovariances(new Float64Array(8), 'full', 3, 2), RangeError);
  });
});

describe('inverseTransformCovariances', () => {
  test('turns the covariance of scaled rows into the covariance of the original rows', () => {
    fc.assert(fc.property(dataSet, X => {
      const scaler = fitStandardScaler(X);
      const d = X.nFeatures;
      const scaled = covarianceOf(transform(scaler, X), 1);
      const expected = covarianceOf(X, 1);
      const back = inverseTransformCovariances(scaler, scaled, 'full', 1);
      for (let e = 0; e < d * d; e++) {
        const tolerance = 1e-9 * Math.sqrt(expected[Math.floor(e / d) * (d + 1)]) * Math.sqrt(expected[(e % d) * (d + 1)]);
        assertClose(back[e], expected[e], tolerance, `Σ[${e}]`);
      }
    }));
  });

  test('makes a spherical model on scaled data diagonal, not spherical, in original units', () => {
    const scaler = fitStandardScaler(dataMatrixFromRows([[0, 0], [2, 20], [4, 40], [6, 60]]));
    // scale = [√5, 10√5]: σ² = 0.5 becomes diag(0.5·5, 0.5·500)
    const [sx, sy] = scaler.scale;
    const back = inverseTransformCovariances(scaler, Float64Array.of(0.5), 'spherical', 1);
    assertClose(back[0], 0.5 * sx * sx, 1e-13);
    assertClose(back[3], 0.5 * sy * sy, 1e-11);
    assert.equal(back[1], 0);
    assert.equal(back[2], 0);
    assertClose(back[0], 2.5, 1e-13);
    assertClose(back[3], 250, 1e-11);
  });

  test('rescales a tied covariance for every component', () => {
    const scaler = { nFeatures: 2, mean: Float64Array.of(0, 0), scale: Float64Array.of(2, 3) };
    const back = inverseTransformCovariances(scaler, Float64Array.of(1, 0.5, 0.5, 1), 'tied', 3);
    assert.deepEqual(Array.from(back), [4, 3, 3, 9, 4, 3, 3, 9, 4, 3, 3, 9]);
  });

  test('rescales a diagonal covariance column by column', () => {
    const scaler = { nFeatures: 2, mean: Float64Array.of(0, 0), scale: Float64Array.of(2, 3) };
    const back = inverseTransformCovariances(scaler, Float64Array.of(1, 2, 3, 4), 'diag', 2);
    assert.deepEqual(Array.from(back), [4, 0, 0, 18, 12, 0, 0, 36]);
  });
});

describe('logJacobian', () => {
  test('is −Σ ln scale_j', () => {
    assertClose(logJacobian(Float64Array.of(2, 0.5, 10)), -Math.log(10), 1e-15);
    assert.equal(logJacobian(Float64Array.of(1, 1)), 0);
  });

  test('turns the density of z(x) under the scaled model into the density of x in original units', () => {
    // A full Gaussian fitted on z, its inverse-transformed twin in x units, and random points:
    // log N(x | μx, Σx) = log N(z(x) | μz, Σz) + logJacobian(scale)   (density_z·∏ 1/scale_j).
    const scaler = { nFeatures: 3, mean: Float64Array.of(100, -3, 0.5), scale: Float64Array.of(25, 0.01, 3) };
    const meanZ = Float64Array.of(0.3, -0.2, 1.1);
    const covZ = Float64Array.of(1.0, 0.3, -0.2, 0.3, 0.8, 0.1, -0.2, 0.1, 0.5);
    const meanX = inverseTransformMeans(scaler, meanZ);
    const covX = inverseTransformCovariances(scaler, covZ, 'full', 1);
    const jacobian = logJacobian(scaler.scale);
    fc.assert(fc.property(fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 3, maxLength: 3 }), z => {
      const x = z.map((v, j) => scaler.mean[j] + scaler.scale[j] * v);
      const inZ = logGaussianDensity(z, meanZ, covZ, 3);
      const inX = logGaussianDensity(x, meanX, covX, 3);
      assertClose(inX, inZ + jacobian, 1e-9);
      assertClose(Math.exp(inX), Math.exp(inZ) / (25 * 0.01 * 3), 1e-9 * Math.exp(inX));
    }));
  });

  test('adds n·logJacobian to the total log-likelihood of n rows', () => {
    const scaler = { nFeatures: 2, mean: Float64Array.of(10, 20), scale: Float64Array.of(4, 0.5) };
    const rowsZ = [[0.1, 0.2], [-1, 0.5], [2, -0.3], [0, 0]];
    const covZ = Float64Array.of(1, 0.2, 0.2, 2);
    const meanZ = Float64Array.of(0, 0);
    const meanX = inverseTransformMeans(scaler, meanZ);
    const covX = inverseTransformCovariances(scaler, covZ, 'full', 1);
    let totalZ = 0;
    let totalX = 0;
    for (const z of rowsZ) {
      totalZ += logGaussianDensity(z, meanZ, covZ, 2);
      totalX += logGaussianDensity(z.map((v, j) => scaler.mean[j] + scaler.scale[j] * v), meanX, covX, 2);
    }
    assertClose(totalX, totalZ + rowsZ.length * logJacobian(scaler.scale), 1e-12);
  });
});

describe('standardising data with missing cells', () => {
  test('each column\'s mean and standard deviation come from its observed values only', () => {
    const X = dataMatrixFromRows([[1, NaN], [3, 10], [NaN, 20], [5, 30]]);
    const scaler = fitStandardScaler(X);
    const reference = [fitStandardScaler(dataMatrixFromRows([[1], [3], [5]])), fitStandardScaler(dataMatrixFromRows([[10], [20], [30]]))];
    for (let j = 0; j < 2; j++) {
      assertClose(scaler.mean[j]!, reference[j]!.mean[0]!, 1e-12, `mean ${j}`);
      assertClose(scaler.scale[j]!, reference[j]!.scale[0]!, 1e-12, `scale ${j}`);
    }
  });

  test('a column with no observed value is centred at 0 with scale 1', () => {
    const scaler = fitStandardScaler(dataMatrixFromRows([[1, NaN], [2, NaN]]));
    assert.deepEqual([scaler.mean[1], scaler.scale[1]], [0, 1]);
  });
});
