// Where each dataset row went in a fit, built next to the fit.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assignFittedRows } from '../../../src/core/fittedRows';

describe('the fitted rows of a dataset', () => {
  test('map each dataset row to its fitted row, cluster and largest probability; rows left out of the fit get none', () => {
    const rows = assignFittedRows(5, Int32Array.of(0, 2, 4), Int32Array.of(1, 0, 1), Float32Array.of(0.25, 0.75, 0.5, 0.5, 0.125, 0.875), 2)!;
    assert.deepEqual([...rows.fittedOf], [0, -1, 1, -1, 2]);
    assert.deepEqual([...rows.label], [1, -1, 0, -1, 1]);
    assert.deepEqual([...rows.certainty].map(String), ['0.75', 'NaN', '0.5', 'NaN', '0.875']);
  });

  test('are refused (null) when the fit names a row the dataset does not have', () => {
    assert.equal(assignFittedRows(2, Int32Array.of(0, 2), Int32Array.of(0, 0), Float32Array.of(1, 1), 1), null);
  });
});
