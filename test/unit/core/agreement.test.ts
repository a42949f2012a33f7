import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  adjustedRandIndex, buildContingencyTable, majorityClasses, normalizedMutualInformation, purity,
} from '../../../src/core/agreement';

interface Case { name: string; labels: number[]; classes: number[]; ari: number; nmi: number; purity: number }
const fixture = JSON.parse(readFileSync(path.resolve('test/fixtures/agreement/agreement.json'), 'utf8')) as { cases: Case[] };

function tableOf(labels: number[], classes: number[]) {
  return buildContingencyTable(Int32Array.from(labels), Int32Array.from(classes), Math.max(...labels) + 1, Math.max(...classes) + 1);
}

describe('agreement scores match scikit-learn 1.2.1 (scripts/makeAgreementFixtures.py)', () => {
  for (const c of fixture.cases) {
    test(`${c.name}: adjusted Rand index, normalised mutual information and purity`, () => {
      const table = tableOf(c.labels, c.classes);
      assert.ok(Math.abs(adjustedRandIndex(table) - c.ari) < 1e-12, `ARI ${adjustedRandIndex(table)} ≠ ${c.ari}`);
      assert.ok(Math.abs(normalizedMutualInformation(table) - c.nmi) < 1e-12, `NMI ${normalizedMutualInformation(table)} ≠ ${c.nmi}`);
      assert.ok(Math.abs(purity(table) - c.purity) < 1e-12, `purity ${purity(table)} ≠ ${c.purity}`);
    });
  }
});

describe('buildContingencyTable', () => {
  test('counts rows by cluster and class, leaving out rows with a negative label or class', () => {
    const table = buildContingencyTable(Int32Array.from([0, 0, 1, 1, -1, 1]), Int32Array.from([1, 1, 0, 1, 0, -1]), 2, 2);
    assert.deepEqual([...table.counts], [0, 2, 1, 1]);
  });

  test('refuses a class beyond the table and arrays of different lengths', () => {
    assert.throws(() => buildContingencyTable(Int32Array.from([0]), Int32Array.from([2]), 1, 2), RangeError);
    assert.throws(() => buildContingencyTable(Int32Array.from([0, 0]), Int32Array.from([0]), 1, 1), RangeError);
  });
});

describe('the scores as functions of the table', () => {
  test('do not change when clusters or classes are renamed (rows and columns of the table permuted)', () => {
    const c = fixture.cases.find(x => x.name === 'noisy copy')!;
    const renamed = tableOf(c.labels.map(l => (l + 2) % 3), c.classes.map(v => 2 - v));
    assert.ok(Math.abs(adjustedRandIndex(renamed) - c.ari) < 1e-12);
    assert.ok(Math.abs(normalizedMutualInformation(renamed) - c.nmi) < 1e-12);
    assert.ok(Math.abs(purity(renamed) - c.purity) < 1e-12);
  });

  test('ignore empty clusters and classes (a table wider than the labels used)', () => {
    const c = fixture.cases[0];
    const wide = buildContingencyTable(Int32Array.from(c.labels), Int32Array.from(c.classes), 6, 9);
    assert.ok(Math.abs(adjustedRandIndex(wide) - c.ari) < 1e-12);
    assert.ok(Math.abs(normalizedMutualInformation(wide) - c.nmi) < 1e-12);
  });

  test('a cluster\'s majority class is its most frequent one, the first on a tie, none when it is empty', () => {
    const table = buildContingencyTable(Int32Array.from([0, 0, 0, 1, 1]), Int32Array.from([2, 2, 1, 0, 1]), 3, 3);
    assert.deepEqual([...majorityClasses(table)], [2, 0, -1]);
  });
});
