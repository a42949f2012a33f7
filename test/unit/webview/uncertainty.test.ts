import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Random } from '../../../src/core/random';
import { CERTAINTY_LEVELS, certaintyLevel } from '../../../webview/palette';
import { countBelow, curvePoints, sortedCertainties, SURE_RADIUS, uncertaintyRadius, UNSURE_RADIUS } from '../../../webview/uncertainty';

describe('the uncertainty curve', () => {
  test('sorts the clustered rows\' certainties, most certain first, leaving noise out', () => {
    const sorted = sortedCertainties(Float32Array.of(0.5, 0.9, 0, 0.7), Int32Array.of(0, 1, -1, 0));
    assert.deepEqual([...sorted].map(x => Math.round(x * 10) / 10), [0.9, 0.7, 0.5]);
  });

  test('counts the rows below a certainty as a scan of them would', () => {
    const random = new Random(1);
    const certainty = Float32Array.from({ length: 500 }, () => 0.3 + 0.7 * random.nextFloat());
    const sorted = sortedCertainties(certainty, new Int32Array(500));
    for (const below of [0, 0.3, 0.5, 0.77, 0.99, 1, 1.1]) {
      assert.equal(countBelow(sorted, below), [...certainty].filter(c => c < below).length, `below ${below}`);
    }
  });

  test('keeps at most the points asked for, first and last included, each on the curve', () => {
    const sorted = Float64Array.from({ length: 10_001 }, (_, i) => 1 - i / 20_000);
    const points = curvePoints(sorted, 1000);
    assert.equal(points.length, 1000);
    assert.deepEqual(points[0], { x: 0, y: 1 - sorted[0] });
    assert.deepEqual(points.at(-1), { x: 1, y: 1 - sorted[10_000] });
    for (const p of points) { assert.ok(Math.abs(p.y - p.x / 2) < 1e-12); }
    assert.deepEqual(curvePoints(new Float64Array(0), 10), []);
  });
});

describe('a point\'s radius by its uncertainty', () => {
  test('runs from the sure radius at certainty 1 to the unsure one at 1/k, in the opacity\'s steps, linearly in 1 − max p', () => {
    assert.equal(uncertaintyRadius(1, 3), SURE_RADIUS);
    assert.equal(uncertaintyRadius(1 / 3, 3), UNSURE_RADIUS);
    for (let level = 0; level < CERTAINTY_LEVELS; level++) {
      const certainty = 1 / 3 + (2 / 3) * (level / (CERTAINTY_LEVELS - 1));
      const linear = SURE_RADIUS + ((1 - certainty) / (2 / 3)) * (UNSURE_RADIUS - SURE_RADIUS);
      assert.ok(Math.abs(uncertaintyRadius(certainty, 3) - linear) < 1e-9, `level ${level}`);
      assert.equal(certaintyLevel(certainty, 3), level);
    }
    assert.equal(uncertaintyRadius(0.2, 1), SURE_RADIUS, 'one cluster: every row is sure');
  });
});
