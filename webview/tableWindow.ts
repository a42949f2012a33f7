/**
 * The probability table's virtual-scroll maths, pure (no DOM) so it is unit-tested.
 *
 * The table scrolls a spacer as tall as all its rows (fixed row height) and draws only the rows in
 * view plus an overscan. Chromium caps an element's height at 33,554,428 px; a taller table gets a
 * spacer of MAX_SCROLL_HEIGHT and its scroll position is scaled: the scrollable range of the
 * spacer maps linearly onto the scrollable range of the virtual table.
 */

export const ROW_HEIGHT = 24;
/** Below Chromium's 33,554,428 px limit, with a margin. */
export const MAX_SCROLL_HEIGHT = 30_000_000;
export const OVERSCAN = 6;
/** Rows per requestRows (≤ MAX_TABLE_PAGE). */
export const PAGE_SIZE = 200;
/** The most rows a shift-selection takes. */
export const MAX_RANGE_SELECTION = 10_000;

export interface ScrollGeometry {
  /** Rows in the table. */
  total: number;
  rowHeight: number;
  /** Height of the area the rows show in, px. */
  viewport: number;
  /** Tallest spacer allowed (defaults to MAX_SCROLL_HEIGHT). */
  maxHeight?: number;
}

/** Height the rows would take unscaled. */
export function virtualHeight(g: ScrollGeometry): number {
  return g.total * g.rowHeight;
}

/** Height of the scrolled spacer: the rows' height, clamped. */
export function spacerHeight(g: ScrollGeometry): number {
  return Math.min(virtualHeight(g), g.maxHeight ?? MAX_SCROLL_HEIGHT);
}

/** virtual px per real px of scrolling (1 unless the table is taller than the spacer may be). */
function scale(g: ScrollGeometry): number {
  const real = spacerHeight(g) - g.viewport;
  const virtual = virtualHeight(g) - g.viewport;
  return real > 0 && virtual > real ? virtual / real : 1;
}

/** The offset in the unscaled table that shows at the top of the viewport at `scrollTop`. */
export function virtualTop(scrollTop: number, g: ScrollGeometry): number {
  const maxReal = Math.max(0, spacerHeight(g) - g.viewport);
  const maxVirtual = Math.max(0, virtualHeight(g) - g.viewport);
  // The end exactly, whatever the rounding: the last row must be reachable.
  if (scrollTop >= maxReal) { return maxVirtual; }
  return Math.min(maxVirtual, Math.max(0, scrollTop) * scale(g));
}

/** The scrollTop that shows the unscaled offset `top` at the top of the viewport (clamped). */
export function scrollTopFor(top: number, g: ScrollGeometry): number {
  const maxVirtual = Math.max(0, virtualHeight(g) - g.viewport);
  return Math.max(0, Math.min(top, maxVirtual)) / scale(g);
}

export interface RowWindow {
  /** First row to draw (overscan included). */
  first: number;
  /** One past the last row to draw. */
  last: number;
  /** Row i is drawn at i × rowHeight + shift px from the top of the spacer. */
  shift: number;
}

/**
 * The rows to draw at `scrollTop`, given the unscaled top it stands for (`top`, usually
 * virtualTop(scrollTop)): the visible ones plus `overscan` either side.
 */
export function rowWindow(scrollTop: number, top: number, g: ScrollGeometry, overscan = OVERSCAN): RowWindow {
  if (g.total === 0 || g.rowHeight <= 0) { return { first: 0, last: 0, shift: 0 }; }
  const first = Math.max(0, Math.floor(top / g.rowHeight) - overscan);
  const last = Math.min(g.total, Math.ceil((top + Math.max(0, g.viewport)) / g.rowHeight) + overscan);
  return { first, last, shift: scrollTop - top };
}

/** Rows fully in view at unscaled offset `top` (for PageUp/PageDown). */
export function rowsPerViewport(g: ScrollGeometry): number {
  return Math.max(1, Math.floor(g.viewport / g.rowHeight));
}

/**
 * The unscaled top that brings row `index` into view: unchanged if it already is ('nearest'), or
 * with the row in the middle ('center').
 */
export function revealTop(index: number, top: number, g: ScrollGeometry, align: 'nearest' | 'center' = 'nearest'): number {
  const rowTop = index * g.rowHeight;
  const maxVirtual = Math.max(0, virtualHeight(g) - g.viewport);
  let target = top;
  if (align === 'center') {
    target = rowTop - (g.viewport - g.rowHeight) / 2;
  } else if (rowTop < top) {
    target = rowTop;
  } else if (rowTop + g.rowHeight > top + g.viewport) {
    target = rowTop + g.rowHeight - g.viewport;
  }
  return Math.max(0, Math.min(maxVirtual, target));
}

/** Pages (of `pageSize` rows) that rows first..last−1 fall in. */
export function pagesFor(first: number, last: number, pageSize = PAGE_SIZE): number[] {
  if (last <= first) { return []; }
  const pages: number[] = [];
  for (let p = Math.floor(first / pageSize); p <= Math.floor((last - 1) / pageSize); p++) { pages.push(p); }
  return pages;
}

export type NavigationKey = 'ArrowDown' | 'ArrowUp' | 'PageDown' | 'PageUp' | 'Home' | 'End';
export const NAVIGATION_KEYS: readonly string[] = ['ArrowDown', 'ArrowUp', 'PageDown', 'PageUp', 'Home', 'End'];

/** Where the cursor (a position in the table) goes on a navigation key; null when the table is empty. */
export function moveCursor(cursor: number | null, key: NavigationKey, total: number, pageRows: number): number | null {
  if (total <= 0) { return null; }
  const at = cursor === null ? -1 : cursor;
  let next: number;
  switch (key) {
    case 'ArrowDown': next = at + 1; break;
    case 'ArrowUp': next = cursor === null ? 0 : at - 1; break;
    case 'PageDown': next = Math.max(0, at) + pageRows; break;
    case 'PageUp': next = Math.max(0, at) - pageRows; break;
    case 'Home': next = 0; break;
    case 'End': next = total - 1; break;
  }
  return Math.max(0, Math.min(total - 1, next));
}

/** Positions from `anchor` to `focus` (either order), at most `max` of them, kept next to the focus. */
export function selectionRange(anchor: number, focus: number, max = MAX_RANGE_SELECTION): [number, number] {
  if (focus >= anchor) { return [Math.max(anchor, focus - max + 1), focus]; }
  return [focus, Math.min(anchor, focus + max - 1)];
}
