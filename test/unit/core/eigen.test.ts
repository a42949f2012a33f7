import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decomposeSymmetric, decomposeSymmetric2x2 } from '../../../src/core/eigen';

/** Symmetric d × d matrix with entries in [−scale, scale]. */
const symmetricMatrix = (maxD: number) => fc.integer({ min: 1, max: maxD }).chain(d =>
  fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: d * d, maxLength: d * d })
    .map(values => {
      const a = new Float64Array(d * d);
      for (let i = 0; i < d; i++) {
        for (let j = 0; j <= i; j++) { a[i * d + j] = a[j * d + i] = values[i * d + j]; }
      }
      return { a, d };
    }));

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) { m = Math.max(m, Math.abs(a[i])); }
  return m;
}

function assertClose(actual: number, expected: number, tolerance: number, what = ''): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what} ${actual} ≠ ${expected} (± ${tolerance})`);
}

describe('decomposeSymmetric', () => {
  test('rebuilds the matrix as Vᵀ Λ V from orthonormal eigenvector rows', () => {
    fc.assert(fc.property(symmetricMatrix(9), ({ a, d }) => {
      const { eigenvalues, eigenvectors: v } = decomposeSymmetric(a, d);
      const tolerance = 1e-12 * d * Math.max(maxAbs(a), 1e-300);
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) {
          let rebuilt = 0;
          let dot = 0;
          for (let r = 0; r < d; r++) {
            rebuilt += v[r * d + i] * eigenvalues[r] * v[r * d + j];
            dot += v[i * d + r] * v[j * d + r];
          }
          assertClose(rebuilt, a[i * d + j], tolerance, `A[${i}][${j}]`);
          assertClose(dot, i === j ? 1 : 0, 1e-12 * d, `v${i}·v${j}`);
        }
      }
    }));
  });

  test('sorts eigenvalues in descending order', () => {
    fc.assert(fc.property(symmetricMatrix(9), ({ a, d }) => {
      const { eigenvalues } = decomposeSymmetric(a, d);
      for (let i = 1; i < d; i++) { assert.ok(eigenvalues[i - 1] >= eigenvalues[i]); }
    }));
  });

  test('makes the largest-magnitude component of every eigenvector positive', () => {
    fc.assert(fc.property(symmetricMatrix(7), ({ a, d }) => {
      const { eigenvectors: v } = decomposeSymmetric(a, d);
      for (let r = 0; r < d; r++) {
        const row = v.subarray(r * d, r * d + d);
        const largest = row.reduce((best, x) => (Math.abs(x) > Math.abs(best) ? x : best), 0);
        assert.ok(largest > 0, `row ${r} = ${Array.from(row)}`);
      }
    }));
  });

  test('finds 2 + √2, 2 and 2 − √2 for the second-difference matrix', () => {
    const a = Float64Array.of(2, -1, 0, -1, 2, -1, 0, -1, 2);
    const { eigenvalues, eigenvectors } = decomposeSymmetric(a, 3);
    assertClose(eigenvalues[0], 2 + Math.SQRT2, 1e-14);
    assertClose(eigenvalues[1], 2, 1e-14);
    assertClose(eigenvalues[2], 2 - Math.SQRT2, 1e-14);
    // Middle eigenvector is (1, 0, −1)/√2: the sign rule (first of tied maxima positive) fixes it.
    assertClose(eigenvectors[3], Math.SQRT1_2, 1e-14);
    assertClose(eigenvectors[4], 0, 1e-14);
    assertClose(eigenvectors[5], -Math.SQRT1_2, 1e-14);
  });

  test('returns the sorted diagonal and unit vectors for a diagonal matrix', () => {
    const { eigenvalues, eigenvectors } = decomposeSymmetric(Float64Array.of(1, 0, 0, 0, 3, 0, 0, 0, 2), 3);
    assert.deepEqual(Array.from(eigenvalues), [3, 2, 1]);
    assert.deepEqual(Array.from(eigenvectors), [0, 1, 0, 0, 0, 1, 1, 0, 0]);
  });

  test('keeps an orthonormal basis when eigenvalues repeat', () => {
    const d = 4;
    const a = new Float64Array(d * d).fill(1); // rank one: eigenvalues 4, 0, 0, 0
    const { eigenvalues, eigenvectors: v } = decomposeSymmetric(a, d);
    assertClose(eigenvalues[0], 4, 1e-14);
    for (let r = 1; r < d; r++) { assertClose(eigenvalues[r], 0, 1e-14); }
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        let dot = 0;
        for (let c = 0; c < d; c++) { dot += v[i * d + c] * v[j * d + c]; }
        assertClose(dot, i === j ? 1 : 0, 1e-14);
      }
    }
  });

  test('keeps small eigenvalues of a graded matrix to high relative accuracy', () => {
    // A = D H D with H well conditioned and D = diag(1e5, 1, 1e-5): eigenvalues ≈ 1e10, 1, 1e-10.
    // det A = det H = 0.68, so the product of the eigenvalues exposes any absolute error of
    // order ε·‖A‖ ≈ 1e-6 in the smallest one.
    const h = [1, 0.5, 0.2, 0.5, 1, 0.3, 0.2, 0.3, 1];
    const scale = [1e5, 1, 1e-5];
    const a = Float64Array.from(h, (x, idx) => scale[Math.floor(idx / 3)] * x * scale[idx % 3]);
    const { eigenvalues } = decomposeSymmetric(a, 3);
    const product = eigenvalues[0] * eigenvalues[1] * eigenvalues[2];
    assertClose(product, 0.68, 1e-10);
  });

  test('decomposes a 100 × 100 covariance', () => {
    const d = 100;
    const a = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) { a[i * d + j] = Math.exp(-Math.abs(i - j) / 10) + (i === j ? 0.1 : 0); }
    }
    const { eigenvalues, eigenvectors: v } = decomposeSymmetric(a, d);
    let trace = 0;
    for (const x of eigenvalues) { trace += x; }
    assertClose(trace, 110, 1e-10);
    for (let r = 0; r < d; r += 17) {
      // A·v_r = λ_r·v_r
      for (let i = 0; i < d; i++) {
        let av = 0;
        for (let j = 0; j < d; j++) { av += a[i * d + j] * v[r * d + j]; }
        assertClose(av, eigenvalues[r] * v[r * d + i], 1e-12);
      }
    }
  });

  test('uses the symmetric part of a slightly asymmetric matrix', () => {
    const { eigenvalues } = decomposeSymmetric(Float64Array.of(2, 1 + 1e-9, 1 - 1e-9, 2), 2);
    assertClose(eigenvalues[0], 3, 1e-15);
    assertClose(eigenvalues[1], 1, 1e-15);
  });

  test('returns NaN instead of iterating on non-finite input', () => {
    const { eigenvalues, eigenvectors } = decomposeSymmetric(Float64Array.of(1, NaN, NaN, 1), 2);
    assert.ok(eigenvalues.every(Number.isNaN) && eigenvectors.every(Number.isNaN));
  });

  test('accepts an empty 0 × 0 matrix', () => {
    const { eigenvalues, eigenvectors } = decomposeSymmetric(new Float64Array(0), 0);
    assert.equal(eigenvalues.length, 0);
    assert.equal(eigenvectors.length, 0);
  });

  test('rejects a buffer too short for d × d', () => {
    assert.throws(() => decomposeSymmetric(new Float64Array(3), 2), RangeError);
  });
});

describe('decomposeSymmetric2x2', () => {
  const entry = fc.double({ min: -1e3, max: 1e3, noNaN: true });

  test('agrees with Jacobi on eigenvalues and the major axis', () => {
    fc.assert(fc.property(entry, entry, entry, (a, b, c) => {
      const { lambdaMajor, lambdaMinor, angle } = decomposeSymmetric2x2(a, b, c);
      const jacobi = decomposeSymmetric(Float64Array.of(a, b, b, c), 2);
      const tolerance = 1e-12 * Math.max(Math.abs(a), Math.abs(b), Math.abs(c), 1e-300);
      assertClose(lambdaMajor, jacobi.eigenvalues[0], tolerance);
      assertClose(lambdaMinor, jacobi.eigenvalues[1], tolerance);
      // A·u = λ·u for u = (cos θ, sin θ)
      const u = [Math.cos(angle), Math.sin(angle)];
      assertClose(a * u[0] + b * u[1], lambdaMajor * u[0], 4 * tolerance);
      assertClose(b * u[0] + c * u[1], lambdaMajor * u[1], 4 * tolerance);
    }));
  });

  test('returns an angle in (−π/2, π/2]', () => {
    fc.assert(fc.property(entry, entry, entry, (a, b, c) => {
      const { angle } = decomposeSymmetric2x2(a, b, c);
      assert.ok(angle > -Math.PI / 2 && angle <= Math.PI / 2, `${angle}`);
    }));
    assert.equal(decomposeSymmetric2x2(1, -0, 2).angle, Math.PI / 2);
  });

  test('points along +x for a multiple of the identity', () => {
    assert.deepEqual(decomposeSymmetric2x2(3, 0, 3), { lambdaMajor: 3, lambdaMinor: 3, angle: 0 });
  });

  test('points at 45° for a positively correlated pair with equal variances', () => {
    const { lambdaMajor, lambdaMinor, angle } = decomposeSymmetric2x2(2, 1, 2);
    assertClose(lambdaMajor, 3, 1e-15);
    assertClose(lambdaMinor, 1, 1e-15);
    assertClose(angle, Math.PI / 4, 1e-15);
  });

  test('keeps the minor eigenvalue of a thin, elongated covariance accurate', () => {
    // det = 1 − 0.9999² = 1.9999e-4, λ_major ≈ 1e8, so λ_minor ≈ 1.9999e-12: mean − radius
    // would be lost in the round-off of 1e8 (≈ 1e-8).
    const { lambdaMinor } = decomposeSymmetric2x2(1e8, 0.9999, 1e-8);
    const lambdaMajor = 1e8 + 0.9999 ** 2 / 1e8;
    assertClose(lambdaMinor, (1 - 0.9999 ** 2) / lambdaMajor, 1e-22);
  });
});
