import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  MAX_SCROLL_HEIGHT, moveCursor, pagesFor, revealTop, rowsPerViewport, rowWindow, type ScrollGeometry, scrollTopFor,
  selectionRange, spacerHeight, virtualHeight, virtualTop,
} from '../../../webview/tableWindow';

const geometry = (total: number, viewport = 600, maxHeight?: number): ScrollGeometry => ({ total, rowHeight: 24, viewport, maxHeight });

test('a table that fits under the height limit scrolls one to one', () => {
  const g = geometry(1_000_000);
  assert.equal(spacerHeight(g), 24_000_000);
  assert.ok(spacerHeight(g) < 33_554_428, "under Chromium's largest element");
  assert.equal(virtualTop(12_345, g), 12_345);
  assert.equal(scrollTopFor(12_345, g), 12_345);
  const w = rowWindow(240, 240, g, 5);
  assert.deepEqual(w, { first: 5, last: 40, shift: 0 });
});

test('a taller table gets a clamped spacer and a scaled scroll that still reaches the last row', () => {
  const g = geometry(5_000_000);
  assert.equal(spacerHeight(g), MAX_SCROLL_HEIGHT);
  const maxScroll = spacerHeight(g) - g.viewport;
  assert.equal(virtualTop(0, g), 0);
  assert.equal(virtualTop(maxScroll, g), virtualHeight(g) - g.viewport);
  assert.equal(virtualTop(maxScroll + 50, g), virtualHeight(g) - g.viewport, 'clamped past the end');
  const half = virtualTop(maxScroll / 2, g);
  assert.ok(Math.abs(half - (virtualHeight(g) - g.viewport) / 2) < 1e-6, 'linear');
  for (const top of [0, 1234.5, 60_000_000, virtualHeight(g) - g.viewport]) {
    assert.ok(Math.abs(virtualTop(scrollTopFor(top, g), g) - top) < 1e-6, 'scrollTopFor inverts virtualTop');
  }
  const end = rowWindow(maxScroll, virtualTop(maxScroll, g), g, 0);
  assert.equal(end.last, 5_000_000);
  // The last row is drawn at the bottom of the spacer, inside it.
  const lastTop = (end.last - 1) * 24 + end.shift;
  assert.ok(Math.abs(lastTop + 24 - spacerHeight(g)) < 1e-6);
  // A small limit makes the scaling visible in small numbers too.
  const small = geometry(1000, 100, 2400);
  assert.equal(spacerHeight(small), 2400);
  assert.equal(virtualTop(2300, small), 23_900);
});

test('the window holds the visible rows plus overscan, clamped to the table', () => {
  assert.deepEqual(rowWindow(0, 0, geometry(0)), { first: 0, last: 0, shift: 0 });
  assert.deepEqual(rowWindow(0, 0, geometry(10), 6), { first: 0, last: 10, shift: 0 });
  const w = rowWindow(2410, 2410, geometry(1000), 6);
  assert.equal(w.first, 100 - 6);
  assert.equal(w.last, Math.ceil((2410 + 600) / 24) + 6);
  assert.ok(w.last - w.first <= 600 / 24 + 2 + 12);
  assert.equal(rowsPerViewport(geometry(1000)), 25);
});

test('revealing a row scrolls only as far as needed, or centres it', () => {
  const g = geometry(1000);
  assert.equal(revealTop(10, 0, g), 0, 'already in view');
  assert.equal(revealTop(30, 0, g), 31 * 24 - 600, 'brought up from below');
  assert.equal(revealTop(5, 480, g), 120, 'brought down from above');
  assert.equal(revealTop(500, 0, g, 'center'), 500 * 24 - (600 - 24) / 2);
  assert.equal(revealTop(0, 800, g, 'center'), 0, 'clamped at the top');
  assert.equal(revealTop(999, 0, g, 'center'), 1000 * 24 - 600, 'clamped at the bottom');
});

test('pages cover a window', () => {
  assert.deepEqual(pagesFor(0, 0, 200), []);
  assert.deepEqual(pagesFor(0, 40, 200), [0]);
  assert.deepEqual(pagesFor(190, 230, 200), [0, 1]);
  assert.deepEqual(pagesFor(999_960, 1_000_000, 200), [4999]);
});

test('keys move the cursor within the table', () => {
  assert.equal(moveCursor(null, 'ArrowDown', 0, 25), null);
  assert.equal(moveCursor(null, 'ArrowDown', 100, 25), 0);
  assert.equal(moveCursor(null, 'ArrowUp', 100, 25), 0);
  assert.equal(moveCursor(5, 'ArrowUp', 100, 25), 4);
  assert.equal(moveCursor(0, 'ArrowUp', 100, 25), 0);
  assert.equal(moveCursor(99, 'ArrowDown', 100, 25), 99);
  assert.equal(moveCursor(10, 'PageDown', 100, 25), 35);
  assert.equal(moveCursor(90, 'PageDown', 100, 25), 99);
  assert.equal(moveCursor(10, 'PageUp', 100, 25), 0);
  assert.equal(moveCursor(50, 'Home', 100, 25), 0);
  assert.equal(moveCursor(50, 'End', 100, 25), 99);
});

test('a range selection spans anchor to focus, capped next to the focus', () => {
  assert.deepEqual(selectionRange(3, 7), [3, 7]);
  assert.deepEqual(selectionRange(7, 3), [3, 7]);
  assert.deepEqual(selectionRange(0, 999_999, 10_000), [990_000, 999_999]);
  assert.deepEqual(selectionRange(999_999, 0, 10_000), [0, 9_999]);
});
