import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { panRange, wheelFactor, zoomRange } from '../../../webview/zoomPan';

describe('zoom and pan of an axis range', () => {
  test('zooming keeps the data value under the cursor at the same place on screen', () => {
    fc.assert(fc.property(
      fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.1, max: 10, noNaN: true }),
      (min, width, at, factor) => {
        const range = { min, max: min + width };
        const anchor = min + at * width;
        const zoomed = zoomRange(range, anchor, factor);
        const before = (anchor - range.min) / (range.max - range.min);
        const after = (anchor - zoomed.min) / (zoomed.max - zoomed.min);
        // the fractions carry the rounding of values as large as |min| over a width as small as 1e-3
        const rounding = 16 * Number.EPSILON * Math.max(1, Math.abs(min), Math.abs(min + width)) / (width * Math.min(1, factor));
        assert.ok(Math.abs(before - after) < 1e-9 + rounding);
        assert.ok(Math.abs((zoomed.max - zoomed.min) - width * factor) <= 1e-9 * Math.max(1, width * factor, Math.abs(min)));
      }));
  });

  test('panning shifts both ends by the same fraction of the width', () => {
    assert.deepEqual(panRange({ min: 10, max: 20 }, 0.5), { min: 15, max: 25 });
    assert.deepEqual(panRange({ min: 10, max: 20 }, -0.1), { min: 9, max: 19 });
  });

  test('a wheel notch down zooms out by 15%, up zooms in, and a wild delta is bounded', () => {
    assert.ok(Math.abs(wheelFactor(100) - 1.15) < 1e-12);
    assert.ok(Math.abs(wheelFactor(-100) - 1 / 1.15) < 1e-12);
    assert.ok(wheelFactor(1e9) <= 1.15 ** 5 + 1e-9);
  });
});
