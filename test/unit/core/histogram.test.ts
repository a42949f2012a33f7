import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { binCount, densityHistogram } from '../../../src/core/histogram';

describe('a density histogram', () => {
  test('counts each value once, the maximum in the last bin, and has bars of total area 1', () => {
    const values = [0, 0.1, 0.5, 0.99, 1, 2, 2, 4];
    const h = densityHistogram(values, 4);
    assert.deepEqual(Array.from(h.edges), [0, 1, 2, 3, 4]);
    assert.deepEqual(Array.from(h.counts), [4, 1, 2, 1]);
    const areaSum = h.density.reduce((sum, v, b) => sum + v * (h.edges[b + 1] - h.edges[b]), 0);
    assert.ok(Math.abs(areaSum - 1) < 1e-12);
  });

  test('of equal values is one unit wide about them', () => {
    const h = densityHistogram([3, 3, 3], 2);
    assert.deepEqual(Array.from(h.edges), [2.5, 3, 3.5]);
    assert.deepEqual(Array.from(h.counts), [0, 3]);
  });

  test('has from 10 to 80 bins, more for more values', () => {
    assert.equal(binCount(5), 10);
    assert.equal(binCount(1000), 20);
    assert.equal(binCount(1e7), 80);
  });
});
