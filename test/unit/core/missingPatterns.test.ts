import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dataMatrixFromRows } from '../../../src/core/dataMatrix';
import { countPatterns, groupMissingPatterns, hasMissingCells } from '../../../src/core/missingPatterns';

test('rows are grouped by which cells are missing, complete and empty rows apart, in order of first appearance', () => {
  const X = dataMatrixFromRows([[1, 2, 3], [NaN, 2, 3], [1, NaN, NaN], [NaN, NaN, NaN], [NaN, 5, 6], [7, 8, 9], [1, NaN, NaN]]);
  const p = groupMissingPatterns(X);
  assert.deepEqual([...p.completeRows], [0, 5]);
  assert.deepEqual([...p.emptyRows], [3]);
  assert.equal(countPatterns(p), 2);
  assert.deepEqual([...p.observed], [0, 1, 1, 1, 0, 0]);
  assert.deepEqual([...p.patternStart], [0, 2, 4]);
  assert.deepEqual([...p.rows], [1, 4, 2, 6]);
  assert.equal(p.nMissingCells, 9);
  assert.deepEqual([...p.missingByColumn], [3, 3, 3]);
});

test('only NaN counts as missing', () => {
  assert.equal(hasMissingCells(dataMatrixFromRows([[1, 2], [3, 4]])), false);
  assert.equal(hasMissingCells(dataMatrixFromRows([[1, 2], [3, NaN]])), true);
});
