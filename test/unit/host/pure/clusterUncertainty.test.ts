// Uncertainty (1 − the largest membership probability) of each row, summarised per cluster.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { summarizeUncertainty } from '../../../../src/host/pure/clusterUncertainty';

describe('the uncertainty of each cluster', () => {
  test('averages 1 − max p over the cluster\'s rows, keeps the largest, and counts those above the threshold', () => {
    const resp = Float32Array.of(
      0.9, 0.1,
      0.6, 0.4,
      1, 0,
      0.3, 0.7,
      0.05, 0.95,
    );
    const labels = Int32Array.of(0, 0, 0, 1, 1);
    const u = summarizeUncertainty(resp, labels, 2);
    const close = (a: number, b: number) => Math.abs(a - b) < 1e-6;
    assert.ok(close(u.mean[0], (0.1 + 0.4 + 0) / 3) && close(u.mean[1], (0.3 + 0.05) / 2));
    assert.ok(close(u.max[0], 0.4) && close(u.max[1], 0.3));
    assert.deepEqual([...u.above], [1, 1]);
    assert.equal(u.threshold, 0.2);
  });

  test('gives an empty cluster no mean and skips noise rows', () => {
    const u = summarizeUncertainty(Float32Array.of(1, 0, 0, 0.5, 0.5, 0), Int32Array.of(0, -1), 3);
    assert.ok(Number.isNaN(u.mean[1]) && Number.isNaN(u.mean[2]));
    assert.deepEqual([u.mean[0], ...u.above], [0, 0, 0, 0]);
  });

  test('never reports a negative uncertainty when float32 probabilities round above 1', () => {
    const u = summarizeUncertainty(Float32Array.of(1.0000001, 0), Int32Array.of(0), 2);
    assert.equal(u.mean[0], 0);
  });
});
