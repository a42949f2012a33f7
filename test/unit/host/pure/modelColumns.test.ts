import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { candidateColumns, type FileColumn, listNames, matchModelColumns, normaliseName, resolveModelColumns } from '../../../../src/host/pure/modelColumns';

const model = ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm'];
const renamed: FileColumn[] = [
  { name: 'species', kind: 'text' },
  { name: 'Bill Length (mm)', kind: 'numeric' },
  { name: 'bill_depth_mm', kind: 'numeric' },
  { name: 'flipper', kind: 'numeric' },
  { name: 'body_mass_g', kind: 'numeric' },
];

describe('matching a saved model\'s columns to a file', () => {
  test('names every column the file lacks, not just the first', () => {
    const match = matchModelColumns(model, renamed);
    assert.deepEqual(match.missing, ['bill_length_mm', 'flipper_length_mm']);
    assert.deepEqual(match.notNumeric, []);
    assert.deepEqual(match.matched.map(m => m.file), [undefined, 'bill_depth_mm', undefined]);
    assert.equal(listNames(match.missing, 'column'), 'columns "bill_length_mm" and "flipper_length_mm"');
    assert.equal(listNames(['a', 'b', 'c'], 'column'), 'columns "a", "b" and "c"');
    assert.equal(listNames(['a'], 'column'), 'column "a"');
  });

  test('tells a column that is there but holds text from one that is missing', () => {
    const match = matchModelColumns(['species', 'bill_depth_mm'], renamed);
    assert.deepEqual(match.notNumeric, ['species']);
    assert.deepEqual(match.missing, []);
  });

  test('offers the file\'s numeric columns, the same name spelt differently first, then the nearest names', () => {
    assert.equal(normaliseName('Bill Length (mm)'), normaliseName('bill_length_mm'));
    const taken = new Set(['bill_depth_mm']);
    const forLength = candidateColumns('bill_length_mm', renamed, taken);
    assert.deepEqual(forLength[0], { name: 'Bill Length (mm)', sameName: true });
    assert.ok(forLength.every(c => c.name !== 'species' && c.name !== 'bill_depth_mm'), 'no text column, none already used');
    assert.deepEqual(candidateColumns('flipper_length_mm', renamed, taken).map(c => c.name)[0], 'flipper');
  });

  test('resolves the user\'s choices into the file\'s columns in the model\'s order', () => {
    const match = matchModelColumns(model, renamed);
    const choices = new Map([['bill_length_mm', 'Bill Length (mm)'], ['flipper_length_mm', 'flipper']]);
    assert.deepEqual(resolveModelColumns(match, choices, renamed), ['Bill Length (mm)', 'bill_depth_mm', 'flipper']);
  });

  test('refuses a mapping that leaves a column out, uses a column twice, or picks a text column, naming each', () => {
    const match = matchModelColumns(model, renamed);
    assert.throws(() => resolveModelColumns(match, new Map([['bill_length_mm', 'Bill Length (mm)']]), renamed),
      /No column of the file was chosen for the model's column "flipper_length_mm"/);
    assert.throws(() => resolveModelColumns(match, new Map([['bill_length_mm', 'flipper'], ['flipper_length_mm', 'flipper']]), renamed),
      /"flipper" was chosen for "bill_length_mm" and "flipper_length_mm"/);
    assert.throws(() => resolveModelColumns(match, new Map([['bill_length_mm', 'species'], ['flipper_length_mm', 'flipper']]), renamed),
      /column "species" is not numeric/);
  });
});
