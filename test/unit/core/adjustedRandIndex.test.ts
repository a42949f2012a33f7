import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { adjustedRandIndex } from '../../../src/core/adjustedRandIndex';

// (Bundled into test-out/<suite>/core/, hence the path.) Written by scripts/makeAdjustedRandFixture.py.
const FIXTURE = path.resolve(import.meta.dirname, '../../../test/fixtures/sklearn/adjustedRand.json');
const { cases } = JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as { cases: { name: string; a: number[]; b: number[]; ari: number }[] };

describe('adjustedRandIndex', () => {
  test('equals scikit-learn 1.2.1 adjusted_rand_score on every fixture pair', () => {
    assert.ok(cases.length >= 10);
    for (const c of cases) {
      assert.ok(Math.abs(adjustedRandIndex(c.a, c.b) - c.ari) < 1e-12, `${c.name}: ${adjustedRandIndex(c.a, c.b)} ≠ ${c.ari}`);
    }
  });

  test('is 1 for the same partition under any renumbering and symmetric in its arguments', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: -1, max: 5 }), { minLength: 2, maxLength: 60 }), fc.integer({ min: 1, max: 50 }), (a, shift) => {
      const renumbered = a.map(x => (x + 1) * 7 + shift);
      assert.equal(adjustedRandIndex(a, renumbered), 1);
      const b = a.map((x, i) => (i % 3 === 0 ? x : (x + 1) % 4));
      assert.ok(Math.abs(adjustedRandIndex(a, b) - adjustedRandIndex(b, a)) < 1e-12);
    }));
  });

  test('refuses labellings of different lengths', () => {
    assert.throws(() => adjustedRandIndex([0, 1], [0]), RangeError);
  });
});
