import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { choleskyLower, computePrecisionCholFull, invertLowerTriangular } from '../../../src/core/linalg';
import { Random } from '../../../src/core/random';
import { kernels, wideSettings, type WideBackend } from '../../../src/core/wideBackends';
import { widePrecisionCholesky } from '../../../src/core/widePrecisionFactor';
import { allowRelaxedSimd } from '../../../src/compute/relaxedSimd';

// as the Node entry points do, before any kernel compiles: the fused module needs relaxed SIMD
allowRelaxedSimd();

const ALL: WideBackend[] = ['fused', 'wasm', 'js'];
/** Widths at and around every edge of the 4 × 4 tiles (1 … 13), several tiles with and without padding, and the bench's. */
const EDGES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 64, 67, 500];

function withBackend<T>(backend: WideBackend, run: () => T): T {
  const saved = wideSettings.backend;
  wideSettings.backend = backend;
  try { return run(); } finally { wideSettings.backend = saved; }
}

/** cov = B Bᵀ + ridge·I (B d × d, standard normal), row-major d × d at `offset` of a buffer of offset + d·d. */
function randomCovariance(r: Random, d: number, ridge: number, offset = 0): Float64Array {
  const B = Float64Array.from({ length: d * d }, () => r.nextNormal());
  const cov = new Float64Array(offset + d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = i === j ? ridge : 0;
      for (let p = 0; p < d; p++) { s += B[i * d + p]! * B[j * d + p]!; }
      cov[offset + i * d + j] = cov[offset + j * d + i] = s;
    }
  }
  return cov;
}

/** The factor by one backend, into the middle of a NaN-filled buffer (so that every entry must be written). */
function factor(backend: WideBackend, cov: Float64Array, offset: number, d: number, jitter = 0): Float64Array | null {
  return withBackend(backend, () => {
    const out = new Float64Array(5 + d * d + 2).fill(NaN);
    return widePrecisionCholesky(cov, offset, d, jitter, out, 5) ? out.slice(5, 5 + d * d) : null;
  });
}

function sameBits(actual: Float64Array, expected: Float64Array, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    if (!Object.is(actual[i], expected[i])) { assert.fail(`${what}[${i}]: ${actual[i]} ≠ ${expected[i]}`); }
  }
}

/** (L⁻¹)ᵀ by the column-wise loops of linalg.ts, and its largest magnitude. */
function reference(cov: Float64Array, offset: number, d: number): { P: Float64Array; scale: number } {
  const L = new Float64Array(d * d), Linv = new Float64Array(d * d);
  assert.ok(choleskyLower(cov, offset, d, L, 0));
  invertLowerTriangular(L, 0, d, Linv, 0);
  const P = new Float64Array(d * d);
  let scale = 0;
  for (let i = 0; i < d; i++) { for (let j = i; j < d; j++) { P[i * d + j] = Linv[j * d + i]!; scale = Math.max(scale, Math.abs(P[i * d + j]!)); } }
  return { P, scale };
}

describe('the precision factor of a wide covariance, by 4 × 4 tiles', () => {
  test('every backend matches the column-wise factor and inverse of linalg.ts within rounding, with exact zeros below the diagonal', () => {
    const r = new Random(8);
    for (const d of EDGES) {
      const cov = randomCovariance(r, d, 1, 3);
      const { P, scale } = reference(cov, 3, d);
      for (const backend of ALL) {
        const out = factor(backend, cov, 3, d);
        assert.ok(out !== null, `${backend}, d = ${d}: refused`);
        for (let i = 0; i < d; i++) {
          for (let j = 0; j < d; j++) {
            const at = i * d + j;
            if (i > j) { assert.ok(Object.is(out[at], 0), `${backend}, d = ${d}: P[${i}][${j}] = ${out[at]} below the diagonal`); continue; }
            assert.ok(Math.abs(out[at]! - P[at]!) <= 1e-12 * scale, `${backend}, d = ${d}: P[${i}][${j}] = ${out[at]} vs ${P[at]}`);
          }
        }
      }
    }
  });

  test('the plain module gives the JavaScript twin\'s bits at every tile edge, and the fused one does fuse (not always those bits)', () => {
    const r = new Random(12);
    let fusedDiffers = 0;
    for (const d of EDGES) {
      const cov = randomCovariance(r, d, 0.5);
      const [fused, wasm, js] = ALL.map(backend => factor(backend, cov, 0, d)!);
      sameBits(wasm!, js!, `d = ${d}`);
      for (let i = 0; i < d * d; i++) { if (!Object.is(fused![i], wasm![i])) { fusedDiffers++; } }
    }
    assert.ok(fusedDiffers > 0, 'the fused module gave the plain bits everywhere');
  });

  test('the jitter is added to the diagonal: the factor of cov with jitter j is that of cov + j·I, bit for bit', () => {
    const r = new Random(13);
    for (const d of [5, 13, 64]) {
      const cov = randomCovariance(r, d, 0.1);
      const raised = cov.map((v, at) => (at % (d + 1) === 0 ? v + 0.375 : v));
      for (const backend of ALL) { sameBits(factor(backend, cov, 0, d, 0.375)!, factor(backend, raised, 0, d)!, `${backend}, d = ${d}`); }
    }
  });

  test('only the lower triangle is read, and whatever the kernels\' memory held before (NaN here) changes no bit', () => {
    const r = new Random(14);
    for (const d of [6, 13, 67]) {
      const cov = randomCovariance(r, d, 1);
      const junkAbove = cov.map((v, at) => (at % d > Math.floor(at / d) ? NaN : v));
      for (const backend of ALL) {
        const clean = factor(backend, cov, 0, d)!;
        withBackend(backend, () => { const kern = kernels(); kern.reserve(4 * (d + 3) * (d + 3)); kern.heap.fill(NaN); });
        sameBits(factor(backend, junkAbove, 0, d)!, clean, `${backend}, d = ${d}`);
      }
    }
  });

  test('a pivot that fails at any row, inside a tile or at its edge, is refused by every backend', () => {
    for (const d of [10, 13]) {
      for (let bad = 0; bad < d; bad++) {
        // the identity, with row and column `bad` a copy of row and column bad − 1 (or 1): singular, the first failing pivot at row bad (or 1)
        const cov = new Float64Array(d * d);
        for (let i = 0; i < d; i++) { cov[i * d + i] = 1; }
        const twin = bad === 0 ? 1 : bad - 1;
        for (let i = 0; i < d; i++) { cov[bad * d + i] = cov[twin * d + i]!; cov[i * d + bad] = cov[i * d + twin]!; }
        cov[bad * d + bad] = 1;
        for (const backend of ALL) { assert.equal(factor(backend, cov, 0, d), null, `${backend}, d = ${d}, row ${bad}`); }
      }
    }
  });

  test('a negative, infinite or NaN pivot is refused by every backend, and the output is then left as it was', () => {
    const r = new Random(15);
    const d = 11;
    for (const [what, v] of [['negative', -1], ['infinite', Infinity], ['NaN', NaN]] as const) {
      for (const row of [0, 4, 10]) {
        const cov = randomCovariance(r, d, 1);
        cov[row * d + row] = v;
        for (const backend of ALL) {
          const out = new Float64Array(d * d).fill(7);
          assert.equal(withBackend(backend, () => widePrecisionCholesky(cov, 0, d, 0, out, 0)), false, `${backend}: ${what} at row ${row}`);
          assert.ok(out.every(x => x === 7), `${backend}: ${what} at row ${row}: out was written`);
        }
      }
    }
  });

  test('a covariance that is not positive definite is refused by the tiles and jittered by computePrecisionCholFull, finite', () => {
    const d = 20;
    // rank one: every column the same
    const cov = new Float64Array(d * d).fill(4);
    assert.equal(widePrecisionCholesky(cov, 0, d, 0, new Float64Array(d * d), 0), false);
    const out = new Float64Array(d * d), scratch = new Float64Array(2 * d * d);
    const jitter = computePrecisionCholFull(cov, 0, d, out, 0, scratch);
    assert.ok(jitter > 0);
    assert.ok(out.every(Number.isFinite));
  });
});
