import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildFeatureMatrix } from '../../../src/data/featureMatrix';
import { accountRows } from '../../../src/data/rowAccount';
import { readText } from './helpers';

const FILE = 'a,b\n1,2\n3\n4,5,6\n,7\n8,9\n\n10,11\n';

test('every row read is used or skipped for a stated reason, with the first lines of the ragged ones', async () => {
  const dataset = await readText(FILE);
  const account = accountRows(dataset, buildFeatureMatrix(dataset, ['a', 'b'], 'drop'), 'drop');
  assert.deepEqual([account.rowsRead, account.rowsUsed, account.blankLines], [6, 3, 1]);
  assert.deepEqual(account.skippedRows, [
    { reason: 'wrong-field-count', count: 2, firstLines: [3, 4] },
    { reason: 'missing-value', count: 1, byColumn: { a: 1 } },
  ]);
  assert.equal(account.rowsRead, account.rowsUsed + account.skippedRows.reduce((s, r) => s + r.count, 0));
  assert.deepEqual(account.missingValues, { policy: 'drop', rowsLeftOut: 1, cellsImputed: 0 });
  assert.match(account.warnings.at(-1)!, /^1 row has a missing value in a chosen column and was left out of the fit \("a": 1\)\.$/);
});

test('imputing leaves no row out and counts the filled cells', async () => {
  const dataset = await readText(FILE);
  const account = accountRows(dataset, buildFeatureMatrix(dataset, ['a', 'b'], 'impute'), 'impute');
  assert.deepEqual([account.rowsRead, account.rowsUsed], [6, 4]);
  assert.deepEqual(account.skippedRows.map(s => s.reason), ['wrong-field-count']);
  assert.deepEqual(account.missingValues, { policy: 'impute', rowsLeftOut: 0, cellsImputed: 1 });
  assert.match(account.warnings.at(-1)!, /1 missing cell was filled with its column's mean/);
});

test('an unclosed quote reports how many lines its field swallowed, when the file\'s line count is known', async () => {
  const dataset = await readText('a,b\n1,2\n3,"4\n5,6\n7,8\n');
  const selection = buildFeatureMatrix(dataset, ['a'], 'drop');
  assert.deepEqual(accountRows(dataset, selection, 'drop', 5).unclosedQuote, { line: 3, linesInside: 2 });
  assert.match(accountRows(dataset, selection, 'drop', 5).warnings.at(-1)!, /^Lines 4–5 \(2 lines\) are inside the field opened on line 3/);
  assert.deepEqual(accountRows(dataset, selection, 'drop').unclosedQuote, { line: 3 });
});
