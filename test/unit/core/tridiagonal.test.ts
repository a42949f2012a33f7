import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decomposeSymmetric } from '../../../src/core/eigen';
import { tridiagonalEigenvalues, tridiagonalEigenvectors } from '../../../src/core/tridiagonal';

describe('tridiagonal eigenpairs', () => {
  test('eigenvalues equal dense Jacobi, and each vector v satisfies T v = λ v', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 40 }), fc.integer(), fc.boolean(), (m, seed, degenerate) => {
      let s = seed >>> 0;
      const next = (): number => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 4294967296 - 0.5; };
      const diag = Float64Array.from({ length: m }, () => (degenerate ? Math.round(next() * 2) : next()));
      // a zero coupling splits T into blocks: repeated eigenvalues, as a graph in pieces gives
      const off = Float64Array.from({ length: Math.max(0, m - 1) }, (_, i) => (degenerate && i % 3 === 0 ? 0 : next()));
      const T = new Float64Array(m * m);
      for (let i = 0; i < m; i++) { T[i * m + i] = diag[i]!; if (i + 1 < m) { T[i * m + i + 1] = off[i]!; T[(i + 1) * m + i] = off[i]!; } }
      const values = tridiagonalEigenvalues(diag, off, m);
      const dense = decomposeSymmetric(T, m).eigenvalues;
      for (let i = 0; i < m; i++) { assert.ok(Math.abs(values[i]! - dense[i]!) <= 1e-12, `${values[i]} vs ${dense[i]}`); }
      const count = Math.min(m, 4);
      const vectors = tridiagonalEigenvectors(diag, off, m, values, count);
      for (let r = 0; r < count; r++) {
        for (let i = 0; i < m; i++) {
          let tv = 0;
          for (let j = 0; j < m; j++) { tv += T[i * m + j]! * vectors[r * m + j]!; }
          assert.ok(Math.abs(tv - values[r]! * vectors[r * m + i]!) <= 1e-9, `pair ${r} row ${i}`);
        }
        for (let q = 0; q < r; q++) {
          let c = 0;
          for (let i = 0; i < m; i++) { c += vectors[r * m + i]! * vectors[q * m + i]!; }
          assert.ok(Math.abs(c) <= 1e-8, `vectors ${q} and ${r} overlap by ${c}`);
        }
      }
    }), { numRuns: 200 });
  });
});
