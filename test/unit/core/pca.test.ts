import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dataMatrixFromRows, type DataMatrix } from '../../../src/core/dataMatrix';
import { fitPca, projectCovariance, projectMean, projectPoints } from '../../../src/core/pca';
import { fitStandardScaler, transform } from '../../../src/core/scaling';
import { covarianceOf } from './referenceMatrices';

function assertClose(actual: number, expected: number, tolerance: number, what = ''): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what} ${actual} ≠ ${expected} (± ${tolerance})`);
}

/** Data sets of 2..40 rows and 2..6 columns with correlated columns. */
const dataSet = fc.record({ n: fc.integer({ min: 2, max: 40 }), d: fc.integer({ min: 2, max: 6 }) })
  .chain(({ n, d }) => fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: n * d, maxLength: n * d })
    .map(values => {
      const data = Float64Array.from(values);
      // Mix the columns so the principal axes are not the coordinate axes.
      for (let i = 0; i < n; i++) { for (let j = 1; j < d; j++) { data[i * d + j] += 0.7 * data[i * d + j - 1]; } }
      return { data, nSamples: n, nFeatures: d } as DataMatrix;
    }));

// Produced with scikit-learn 1.2.1:
//   X = np.array(SKLEARN_ROWS); p = PCA(3).fit(X)
//   p.mean_, p.components_, p.explained_variance_, p.explained_variance_ratio_, p.transform(X[:3])
const SKLEARN_ROWS = [
  [2.5, 2.4, 1.0], [0.5, 0.7, 2.0], [2.2, 2.9, 0.5], [1.9, 2.2, 1.5], [3.1, 3.0, 0.2],
  [2.3, 2.7, 1.1], [2.0, 1.6, 3.0], [1.0, 1.1, 2.2], [1.5, 1.6, 0.9], [1.1, 0.9, 1.8],
];
const SKLEARN_MEAN = [1.81, 1.9099999999999997, 1.4200000000000002];
const SKLEARN_COMPONENTS = [
  [0.5503840959040786, 0.628019125788104, -0.550153909938115],
  [0.5197530596718343, 0.2579600208104365, 0.8144405347385685],
  [-0.6534019466894911, 0.7341992953604792, 0.18443776932764833],
];
const SKLEARN_EXPLAINED_VARIANCE = [1.7155350873147315, 0.3000930852706117, 0.03703849408132277];
const SKLEARN_EXPLAINED_VARIANCE_RATIO = [0.8357592175940558, 0.14619669629942111, 0.01804408610652295];
const SKLEARN_FIRST_SCORES = [
  [0.9185590399839937, 0.1429649967804807, -0.16855355160672622],
  [-1.7999955756020554, -0.5206326232023614, 0.07454930898708978],
  [1.3425303290758797, -0.2912011780851355, 0.30234779541653645],
];

describe('fitPca', () => {
  const X = dataMatrixFromRows(SKLEARN_ROWS);

  test('matches scikit-learn mean, explained variances and ratios', () => {
    const pca = fitPca(X, 3);
    SKLEARN_MEAN.forEach((m, j) => assertClose(pca.mean[j], m, 1e-14, `mean[${j}]`));
    SKLEARN_EXPLAINED_VARIANCE.forEach((v, c) => assertClose(pca.explainedVariance[c], v, 1e-13, `variance[${c}]`));
    SKLEARN_EXPLAINED_VARIANCE_RATIO.forEach((r, c) => assertClose(pca.explainedVarianceRatio[c], r, 1e-13, `ratio[${c}]`));
  });

  test('spans the same axes as scikit-learn, each up to sign', () => {
    const pca = fitPca(X, 3);
    SKLEARN_COMPONENTS.forEach((axis, c) => {
      const dot = axis.reduce((s, x, j) => s + x * pca.components[c * 3 + j], 0);
      assertClose(Math.abs(dot), 1, 1e-12, `|component ${c} · sklearn|`);
    });
  });

  test('projects rows onto the same scores as scikit-learn, each axis up to sign', () => {
    const pca = fitPca(X, 3);
    const scores = projectPoints(pca, X);
    for (let c = 0; c < 3; c++) {
      const sign = Math.sign(SKLEARN_COMPONENTS[c].reduce((s, x, j) => s + x * pca.components[c * 3 + j], 0));
      SKLEARN_FIRST_SCORES.forEach((row, i) => assertClose(scores[i * 3 + c], sign * row[c], 1e-12, `score[${i}][${c}]`));
    }
  });

  test('makes the largest loading of each component positive', () => {
    const pca = fitPca(X, 3);
    for (let c = 0; c < 3; c++) {
      const row = Array.from(pca.components.subarray(c * 3, c * 3 + 3));
      const largest = row.reduce((best, x) => (Math.abs(x) > Math.abs(best) ? x : best), 0);
      assert.ok(largest > 0);
    }
  });

  test('keeps two components by default', () => {
    const pca = fitPca(X);
    assert.equal(pca.nComponents, 2);
    assert.equal(pca.components.length, 2 * 3);
    assert.equal(pca.explainedVariance.length, 2);
  });

  test('explains the whole trace of the covariance with all components', () => {
    fc.assert(fc.property(dataSet, X => {
      const d = X.nFeatures;
      const pca = fitPca(X, d);
      const cov = covarianceOf(X, 1);
      let trace = 0;
      for (let j = 0; j < d; j++) { trace += cov[j * d + j]; }
      const explained = pca.explainedVariance.reduce((s, v) => s + v, 0);
      assertClose(explained, trace, 1e-10 * Math.max(trace, 1));
      if (trace > 1e-12) { assertClose(pca.explainedVarianceRatio.reduce((s, v) => s + v, 0), 1, 1e-10); }
    }));
  });

  test('returns orthonormal components with non-increasing variances', () => {
    fc.assert(fc.property(dataSet, X => {
      const d = X.nFeatures;
      const { components: w, explainedVariance } = fitPca(X, d);
      for (let a = 0; a < d; a++) {
        if (a > 0) { assert.ok(explainedVariance[a - 1] >= explainedVariance[a]); }
        for (let b = 0; b < d; b++) {
          let dot = 0;
          for (let j = 0; j < d; j++) { dot += w[a * d + j] * w[b * d + j]; }
          assertClose(dot, a === b ? 1 : 0, 1e-12);
        }
      }
    }));
  });

  test('reports zero variance and zero ratios, not NaN, for a single row or constant data', () => {
    for (const rows of [[[1, 2, 3]], [[4, 4], [4, 4], [4, 4]]]) {
      const pca = fitPca(dataMatrixFromRows(rows));
      assert.deepEqual(Array.from(pca.explainedVariance), [0, 0]);
      assert.deepEqual(Array.from(pca.explainedVarianceRatio), [0, 0]);
      assert.ok(pca.components.every(Number.isFinite));
    }
  });

  test('keeps the variance of data far from the origin', () => {
    // Timestamps-like column: mean 1e9, std ~1. A one-pass Σx² − n·μ² would return garbage.
    const rows = [[1e9 + 1, 0], [1e9 - 1, 0], [1e9 + 2, 1], [1e9 - 2, -1]];
    const pca = fitPca(dataMatrixFromRows(rows), 2);
    const total = pca.explainedVariance[0] + pca.explainedVariance[1];
    assertClose(total, 10 / 3 + 2 / 3, 1e-9);
  });

  test('rejects more components than features and an empty matrix', () => {
    assert.throws(() => fitPca(X, 4), RangeError);
    assert.throws(() => fitPca(X, 0), RangeError);
    assert.throws(() => fitPca({ data: new Float64Array(0), nSamples: 0, nFeatures: 3 }), RangeError);
  });
});

describe('projectPoints', () => {
  test('gives scores of mean zero and variances equal to the explained variances', () => {
    fc.assert(fc.property(dataSet, X => {
      const pca = fitPca(X, 2);
      const scores = projectPoints(pca, X);
      const n = X.nSamples;
      for (let c = 0; c < 2; c++) {
        let sum = 0;
        let sumSquares = 0;
        for (let i = 0; i < n; i++) { sum += scores[i * 2 + c]; sumSquares += scores[i * 2 + c] ** 2; }
        assertClose(sum / n, 0, 1e-9);
        assertClose(sumSquares / (n - 1), pca.explainedVariance[c], 1e-9 * Math.max(1, pca.explainedVariance[c]));
      }
    }));
  });

  test('rejects data with another number of features', () => {
    const pca = fitPca(dataMatrixFromRows(SKLEARN_ROWS));
    assert.throws(() => projectPoints(pca, dataMatrixFromRows([[1, 2]])), RangeError);
  });
});

describe('projectMean', () => {
  test('sends the fitted mean to the origin and any row to its score', () => {
    const X = dataMatrixFromRows(SKLEARN_ROWS);
    const pca = fitPca(X);
    const origin = projectMean(pca, pca.mean);
    assert.deepEqual(Array.from(origin).map(Math.abs), [0, 0]);
    const scores = projectPoints(pca, X);
    const row = projectMean(pca, SKLEARN_ROWS[4]);
    assertClose(row[0], scores[8], 1e-15);
    assertClose(row[1], scores[9], 1e-15);
  });
});

describe('projectCovariance', () => {
  test('equals the covariance of the projected data (W Σ Wᵀ)', () => {
    fc.assert(fc.property(dataSet, X => {
      const pca = fitPca(X, 2);
      const projected = projectCovariance(pca, covarianceOf(X, 1));
      const scores = projectPoints(pca, X);
      const ofScores = covarianceOf({ data: scores, nSamples: X.nSamples, nFeatures: 2 }, 1);
      for (let e = 0; e < 4; e++) { assertClose(projected[e], ofScores[e], 1e-9 * Math.max(1, Math.abs(ofScores[e]))); }
      assert.equal(projected[1], projected[2]);
    }));
  });

  test('projects a cluster covariance that is not the data covariance, entry by entry', () => {
    const rows = [[0, 0, 0], [10, 0, 0], [0, 0, 5], [0, 1, 0], [10, 1, 5]];
    const pca = fitPca(dataMatrixFromRows(rows), 2);
    const sigma = Float64Array.of(4, 0.5, 0.25, 0.5, 9, 0.1, 0.25, 0.1, 1);
    const projected = projectCovariance(pca, sigma);
    const w = pca.components;
    for (let a = 0; a < 2; a++) {
      for (let b = 0; b < 2; b++) {
        let s = 0;
        for (let i = 0; i < 3; i++) { for (let j = 0; j < 3; j++) { s += w[a * 3 + i] * sigma[i * 3 + j] * w[b * 3 + j]; } }
        assertClose(projected[a * 2 + b], s, 1e-13);
      }
    }
  });
});

describe('standardised PCA', () => {
  test('weighs columns in different units the same, like PCA of the z-scores', () => {
    // Two correlated columns, one in units 1000 times larger: raw PCA would pick that one alone.
    const rows: number[][] = [];
    for (let i = 0; i < 200; i++) {
      const t = Math.sin(i * 1.7) + 0.3 * Math.cos(i * 0.37);
      rows.push([t + 0.2 * Math.sin(i * 2.9), 1000 * (t - 0.2 * Math.sin(i * 2.9)), 5 * Math.cos(i * 0.11)]);
    }
    const X = dataMatrixFromRows(rows);
    const standardized = fitPca(X, 2, { standardize: true });
    const z = fitPca(transform(fitStandardScaler(X), X), 2);
    const a = projectPoints(standardized, X);
    const b = projectPoints(z, transform(fitStandardScaler(X), X));
    // Same scores up to the sign of each component, and the same variance ratios.
    for (let c = 0; c < 2; c++) {
      const sign = Math.sign(a[c]) === Math.sign(b[c]) ? 1 : -1;
      for (let i = 0; i < 200; i++) {
        // StandardScaler divides by the population std, standardised PCA by the sample std (n − 1).
        assert.ok(Math.abs(a[2 * i + c] - sign * b[2 * i + c] * Math.sqrt(199 / 200)) < 1e-9);
      }
      assert.ok(Math.abs(standardized.explainedVarianceRatio[c] - z.explainedVarianceRatio[c]) < 1e-12);
    }
  });
});
