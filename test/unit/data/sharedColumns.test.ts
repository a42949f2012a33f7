// The dataset's numeric columns moved into shared memory once, so each fit hands them to its worker without a copy.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { shareNumericColumns } from '../../../src/data/sharedColumns';
import { readText } from './helpers';

describe('the numeric columns in shared memory', () => {
  test('hold the same numbers, in place of the originals, and the text columns are left as they are', async () => {
    const dataset = await readText('a,b,name\n1,,x\n2.5,3,y\n-4,1e300,z\n');
    const before = dataset.columns.map(c => (c.kind === 'numeric' ? [...c.values] : c.values));
    shareNumericColumns(dataset, true);
    for (const [j, column] of dataset.columns.entries()) {
      if (column.kind === 'numeric') {
        assert.ok(column.values.buffer instanceof SharedArrayBuffer, column.name);
        assert.deepEqual([...column.values], before[j]);
      } else {
        assert.deepEqual(column.values, before[j]);
      }
    }
  });

  test('are moved once: a second call keeps the shared arrays, and a host without shared memory keeps its own', async () => {
    const dataset = await readText('a\n1\n2\n');
    const column = dataset.columns[0]!;
    shareNumericColumns(dataset, false);
    assert.ok(column.kind === 'numeric' && column.values.buffer instanceof ArrayBuffer);
    shareNumericColumns(dataset, true);
    const shared = column.kind === 'numeric' ? column.values : null;
    shareNumericColumns(dataset, true);
    assert.equal(column.kind === 'numeric' ? column.values : null, shared);
  });
});
