// When no column is preselected, the message gives the reason true for the file at hand.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { explainEmptySelection } from '../../../src/data/emptySelection';
import { defaultFeatureColumns } from '../../../src/data/featureMatrix';
import { readText } from './helpers';

describe('explainEmptySelection', () => {
  test('a file of identical values: every numeric column is constant (not the delimiter, not the decimal point)', async () => {
    const dataset = await readText('a,b\n5,5\n5,5\n5,5\n');
    assert.deepEqual(defaultFeatureColumns(dataset), []);
    assert.deepEqual(explainEmptySelection(dataset, 'same.csv'), {
      message: 'Every numeric column of same.csv is constant (the same value in every row): there is nothing to cluster.',
      hint: 'Clustering needs values that vary from row to row; check that this is the file you meant.',
    });
  });

  test('one constant column', async () => {
    const dataset = await readText('name,a\nx,5\ny,5\nz,5\n');
    assert.equal(explainEmptySelection(dataset, 'one.csv').message,
      'The only numeric column of one.csv, "a", has the same value in every row: there is nothing to cluster.');
  });

  test('no numeric column at all: then the delimiter and the decimal point are the likely reason', async () => {
    const dataset = await readText('name,city\nx,Paris\ny,Oslo\n');
    const why = explainEmptySelection(dataset, 'names.csv');
    assert.equal(why.message, 'names.csv has no numeric column to cluster.');
    assert.match(why.hint, /check the delimiter/);
  });

  test('numeric columns left out for different reasons are each named', async () => {
    const dataset = await readText('id,a,b\n1,5,\n2,5,\n3,5,\n4,5,\n');
    const why = explainEmptySelection(dataset, 'mixed.csv');
    assert.match(why.message, /^No numeric column of mixed.csv was chosen to cluster on: /);
    assert.match(why.message, /"a" has the same value in every row/);
  });
});
