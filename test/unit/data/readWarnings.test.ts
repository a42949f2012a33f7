import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Column } from '../../../src/data/columnTyping';
import { classifyNumericColumns, describeDelimiter, listNames, numericColumnWarnings } from '../../../src/data/readWarnings';

const numeric = (name: string, values: number[]): Column => {
  const array = Float64Array.from(values);
  return { kind: 'numeric', name, values: array, missing: array.filter(Number.isNaN).length, idLike: false };
};

test('a numeric column with no value is empty, one with a single value in every row constant; one value alone says nothing yet', () => {
  const columns: Column[] = [
    numeric('blank', [NaN, NaN, NaN]),
    numeric('flat', [2, NaN, 2, 2]),
    numeric('once', [NaN, 5, NaN]),
    numeric('varies', [1, 2, 1]),
    { kind: 'text', name: 'label', values: ['a', 'a', 'a'] },
  ];
  assert.deepEqual(classifyNumericColumns(columns), { emptyColumns: ['blank'], constantColumns: ['flat'] });
});

test('the findings read as sentences, one per kind, singular or plural as they come', () => {
  assert.deepEqual(numericColumnWarnings({ emptyColumns: ['e'], constantColumns: ['a', 'b'] }), [
    '"a", "b" have the same value in every row and cannot separate clusters.',
    '"e" is empty.',
  ]);
  assert.deepEqual(numericColumnWarnings({ emptyColumns: [], constantColumns: [] }), []);
});

test('names are listed up to five, then how many more', () => {
  assert.equal(listNames(['a', 'b']), '"a", "b"');
  assert.equal(listNames(['a', 'b', 'c', 'd', 'e', 'f', 'g']), '"a", "b", "c", "d", "e" and 2 more');
});

test('a delimiter is named in words', () => {
  assert.deepEqual(['\t', ',', ';', '|', ':'].map(describeDelimiter), ['tabs', 'commas', 'semicolons', 'pipes (|)', '":"']);
});
