// One numeric column summarised per cluster (the numeric half of the cluster profiles).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { summarizeColumnByCluster } from '../../../src/core/clusterColumnStats';
import { Random } from '../../../src/core/random';

describe('a numeric column summarised per cluster', () => {
  test('gives each cluster the mean of its values, and the overall mean and spread of the clustered rows, far from zero too', () => {
    const random = new Random(3);
    const n = 5000, k = 3;
    const values = Float64Array.from({ length: n }, () => 1e9 + random.nextNormal());
    const clusterOfRow = Int32Array.from({ length: n }, (_, i) => (i % 7 === 0 ? -1 : i % k));
    const stats = summarizeColumnByCluster(values, clusterOfRow, k);
    const kept = [...values].filter((_, i) => clusterOfRow[i]! >= 0);
    const mean = kept.reduce((s, x) => s + (x - 1e9), 0) / kept.length + 1e9;
    const variance = kept.reduce((s, x) => s + (x - mean) ** 2, 0) / (kept.length - 1);
    // at an offset of 1e9 a double resolves 1.2e-7: 1e-4 is 1e-13 of the values
    assert.ok(Math.abs(stats.overallMean - mean) < 1e-4);
    assert.ok(Math.abs(stats.overallStd - Math.sqrt(variance)) < 1e-4);
    for (let c = 0; c < k; c++) {
      const own = [...values].filter((_, i) => clusterOfRow[i] === c);
      assert.ok(Math.abs(stats.means[c]! - (own.reduce((s, x) => s + (x - 1e9), 0) / own.length + 1e9)) < 1e-4, `cluster ${c}`);
    }
  });

  test('counts each cluster\'s missing cells, leaves unclustered rows out, and says NaN for a cluster without a value', () => {
    const values = Float64Array.of(1, NaN, 3, NaN, 5, 100);
    const clusterOfRow = Int32Array.of(0, 0, 0, 1, -1, -1);
    const stats = summarizeColumnByCluster(values, clusterOfRow, 2);
    assert.deepEqual([...stats.missing], [1, 1]);
    assert.deepEqual([...stats.means].map(String), ['2', 'NaN']);
    assert.equal(stats.overallMean, 2);
    assert.equal(stats.overallStd, Math.SQRT2);
  });
});
