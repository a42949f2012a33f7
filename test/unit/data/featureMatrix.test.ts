import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readText } from './helpers';
import { buildFeatureMatrix, defaultFeatureColumns } from '../../../src/data/featureMatrix';
import { CsvError } from '../../../src/data/csvError';

const csv = 'id,name,a,b,k\n1,p,1,10,5\n2,q,NA,20,5\n3,r,3,,5\n4,s,4,40,5\n';

test('default features are the numeric columns that are not ids, constant or empty', async () => {
  const ds = await readText(csv);
  assert.deepEqual(defaultFeatureColumns(ds), ['a', 'b']);
});

test('dropping rows with missing values keeps the dataset row of each matrix row', async () => {
  const ds = await readText(csv);
  const f = buildFeatureMatrix(ds, ['a', 'b'], 'drop');
  assert.equal(f.matrix.nSamples, 2);
  assert.equal(f.matrix.nFeatures, 2);
  assert.deepEqual([...f.matrix.data], [1, 10, 4, 40]);
  assert.deepEqual([...f.rowIndex], [0, 3]);
  assert.equal(f.droppedRows, 2);
  assert.deepEqual(f.droppedByColumn, { a: 1, b: 1 });
});

test('imputing fills each missing cell with its column mean and keeps every row', async () => {
  const ds = await readText(csv);
  const f = buildFeatureMatrix(ds, ['a', 'b'], 'impute');
  assert.equal(f.matrix.nSamples, 4);
  assert.deepEqual([...f.matrix.data], [1, 10, 8 / 3, 20, 3, 70 / 3, 4, 40]);
  assert.equal(f.imputed, 2);
  assert.deepEqual([...f.rowIndex], [0, 1, 2, 3]);
});

test('a text or unknown column is refused with a CsvError', async () => {
  const ds = await readText(csv);
  assert.throws(() => buildFeatureMatrix(ds, ['name'], 'drop'), (e: unknown) => e instanceof CsvError && e.code === 'no-numeric-columns');
  assert.throws(() => buildFeatureMatrix(ds, ['nope'], 'drop'), (e: unknown) => e instanceof CsvError && e.code === 'unknown-column');
  assert.throws(() => buildFeatureMatrix(ds, [], 'drop'), (e: unknown) => e instanceof CsvError && e.code === 'no-numeric-columns');
});

test('when no row is complete the error suggests imputing', async () => {
  const ds = await readText('a,b\n1,\n,2\n');
  assert.throws(() => buildFeatureMatrix(ds, ['a', 'b'], 'drop'), (e: unknown) => e instanceof CsvError && e.code === 'no-complete-rows' && /impute/.test(e.hint));
});

test('modelling missing cells keeps every row with a chosen value, its missing cells as NaN, and leaves out only rows with none', async () => {
  const ds = await readText('a,b\n1,10\nNA,20\n3,\nNA,NA\n5,50\n');
  const f = buildFeatureMatrix(ds, ['a', 'b'], 'model');
  assert.equal(f.matrix.nSamples, 4);
  assert.deepEqual([...f.matrix.data], [1, 10, NaN, 20, 3, NaN, 5, 50]);
  assert.deepEqual([...f.rowIndex], [0, 1, 2, 4]);
  assert.equal(f.droppedRows, 1);
  assert.equal(f.modelled, 2);
  assert.equal(f.imputed, 0);
});
