import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HostMessage, WebviewMessage } from '../../../src/shared/protocol';
import type { TableFilter, TableSort } from '../../../src/shared/tableProtocol';
import { type TableOrder, TablePageCache } from '../../../webview/tablePageCache';
import { PAGE_SIZE } from '../../../webview/tableWindow';

const bySort: TableSort = { key: 'row', descending: false };
const all: TableFilter = { clusters: null, certaintyBelow: null };

/** A cache over an order the test changes, and the requests it posted. */
function cacheFor(order: TableOrder | undefined) {
  const posted: WebviewMessage[] = [];
  const current = { order };
  const cache = new TablePageCache(() => current.order, message => posted.push(message));
  if (order) { cache.reset(order); }
  return { cache, posted, current };
}

/** The host's answer to a requestRows: rows offset.. of a table of `total` rows, one cluster of two. */
function answer(request: WebviewMessage, total: number): HostMessage {
  assert.equal(request.type, 'requestRows');
  const m = Math.max(0, Math.min(request.limit, total - request.offset));
  const rows = Int32Array.from({ length: m }, (_, i) => request.offset + i);
  return {
    type: 'didProvideRows', requestId: request.requestId, fitId: request.fitId, total, offset: request.offset, nComponents: 2, nColumns: 0,
    rows, clusters: new Int32Array(m), certainty: new Float32Array(m).fill(1), probabilities: new Float32Array(2 * m), cells: [],
  };
}

describe('the table\'s pages of the current order', () => {
  test('asks the host for a page once, with the sort and filter the table has when it asks', () => {
    const { cache, posted, current } = cacheFor({ fitId: 3, sort: bySort, filter: all });
    cache.requestPage(1);
    cache.requestPage(1);
    assert.equal(posted.length, 1, 'a page in flight is not asked for again');
    assert.deepEqual(posted[0], { type: 'requestRows', requestId: 1, fitId: 3, offset: PAGE_SIZE, limit: PAGE_SIZE, sort: bySort, filter: all });
    current.order = { fitId: 3, sort: bySort, filter: { ...all, disagreeWith: null } };
    cache.requestPage(2);
    assert.deepEqual((posted[1] as { filter: TableFilter }).filter, { clusters: null, certaintyBelow: null, disagreeWith: null });
    assert.equal(cache.requestsSent, 2);
  });

  test('keeps an answered page, finds its rows by position and by dataset row, and asks for nothing past the end', () => {
    const { cache, posted } = cacheFor({ fitId: 1, sort: bySort, filter: all });
    cache.requestPage(0);
    assert.deepEqual(cache.take(answer(posted[0]!, 250)), { kind: 'page', total: 250 });
    cache.total = 250;
    assert.equal(cache.rowAt(7)?.page.rows[cache.rowAt(7)!.i], 7);
    assert.equal(cache.rowAt(PAGE_SIZE), undefined, 'the second page has not come');
    assert.equal(cache.indexOfRow(42), 42);
    cache.requestPage(0);
    cache.requestPage(2);
    assert.equal(posted.length, 1, 'neither a page it holds nor one past 250 rows is asked for');
  });

  test('drops a reply for an order the user has left, or for another fit, and nothing is asked before a fit', () => {
    const { cache, posted, current } = cacheFor({ fitId: 1, sort: bySort, filter: all });
    cache.requestPage(0);
    const descending = { fitId: 1, sort: { key: 'row', descending: true } as TableSort, filter: all };
    current.order = descending;
    cache.reset(descending);
    assert.equal(cache.take(answer(posted[0]!, 10)), undefined);
    assert.equal(cache.rowAt(0), undefined);
    cache.requestPage(0);
    current.order = { ...descending, fitId: 2 };
    assert.equal(cache.take(answer(posted[1]!, 10)), undefined, 'the reply names fit 1, the table shows fit 2');
    current.order = undefined;
    cache.requestPage(1);
    cache.locate(4, 'goto');
    assert.equal(posted.length, 2);
  });

  test('tells where a located row stands, and for what it was asked', () => {
    const { cache, posted } = cacheFor({ fitId: 5, sort: bySort, filter: all });
    cache.locate(9, 'goto');
    const request = posted[0]!;
    assert.equal(request.type, 'locateRow');
    const reply = cache.take({ type: 'didLocateRow', requestId: request.requestId, fitId: 5, row: 9, index: 4, total: 20 });
    assert.deepEqual(reply, { kind: 'locate', purpose: 'goto', row: 9, index: 4, total: 20 });
    assert.equal(cache.take({ type: 'didLocateRow', requestId: request.requestId, fitId: 5, row: 9, index: 4, total: 20 }), undefined, 'a reply is taken once');
  });

  test('keeps at most 300 pages, the ones nearest the page loaded last', () => {
    const total = 400 * PAGE_SIZE;
    const { cache, posted } = cacheFor({ fitId: 1, sort: bySort, filter: all });
    for (let page = 0; page < 301; page++) {
      cache.requestPage(page);
      cache.take(answer(posted[posted.length - 1]!, total));
    }
    assert.equal(cache.rowAt(0), undefined, 'the farthest page from page 300 went');
    assert.notEqual(cache.rowAt(PAGE_SIZE), undefined);
    assert.notEqual(cache.rowAt(300 * PAGE_SIZE), undefined);
  });
});
