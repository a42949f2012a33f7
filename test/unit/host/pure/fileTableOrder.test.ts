// Sorting and filters on the table of a file too large to hold: the order built in a streaming
// pass over the file, and its pages read back by offset, are the in-memory table's for the same
// file and model, for every sort key, both directions and every filter; a cancelled pass stops.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerOrderedRequest, buildStreamedOrder, locateInOrder, needsStreamedOrder, whyNoStreamedOrder } from '../../../../src/host/pure/fileTableOrder';
import { MAX_STREAM_ORDERED_ROWS, type RequestRowsMessage, type TableFilter, type TableSort } from '../../../../src/shared/tableProtocol';
import { messyText, tablesOf } from './fileTableFixture';

const TEXT = messyText(78, 13);
const tables = () => tablesOf(TEXT);

const SORTS: TableSort['key'][] = ['row', 'cluster', 'certainty', { probability: 0 }, { probability: 2 }, { column: 'id' }, { column: 'x' }, { column: 'note' }, { column: 'y' }];
const FILTERS: TableFilter[] = [
  { clusters: null, certaintyBelow: null }, { clusters: [0, 2], certaintyBelow: null }, { clusters: null, certaintyBelow: 0.9 }, { clusters: [1], certaintyBelow: 0.99 },
];

test('every sort key, in both directions, under every filter: the streamed order\'s pages and row positions are the in-memory table\'s', async () => {
  const { memory, file } = await tables();
  for (const key of SORTS) {
    for (const descending of [false, true]) {
      for (const filter of FILTERS) {
        const sort = { key, descending };
        const what = `${JSON.stringify(key)} ${descending ? 'desc' : 'asc'}, filter ${JSON.stringify(filter)}`;
        // Steps of 97 rows: the pass crosses many pages of the file.
        const order = await buildStreamedOrder(file, sort, filter, { passRows: 97 });
        for (const [offset, limit] of [[0, 500], [500, 500], [123, 77]] as const) {
          const ask: RequestRowsMessage = { type: 'requestRows', requestId: 9, fitId: 4, offset, limit, sort, filter };
          assert.deepEqual(await answerOrderedRequest(ask, file, order), memory.page(ask), `${what}, offset ${offset}`);
        }
        for (const row of [0, 17, 300, file.nRows - 1]) {
          const locate = { type: 'locateRow' as const, requestId: 3, fitId: 4, row, sort, filter };
          assert.deepEqual(locateInOrder(locate, file, order), memory.locate(locate), `${what}, row ${row}`);
        }
      }
    }
  }
});

test('the pass reports its progress and stops when cancelled', async () => {
  const { file, reads } = await tables();
  const seen: number[] = [];
  await buildStreamedOrder(file, { key: 'certainty', descending: false }, FILTERS[0]!, { passRows: 200, onProgress: done => seen.push(done) });
  assert.deepEqual(seen, [200, 400, 600, file.nRows].filter((x, i, a) => x <= file.nRows && a.indexOf(x) === i));
  const abort = new AbortController();
  const before = reads.pages;
  await assert.rejects(buildStreamedOrder(file, { key: 'cluster', descending: false }, FILTERS[0]!, {
    passRows: 100, signal: abort.signal, onProgress: done => { if (done >= 200) { abort.abort(); } },
  }), { name: 'AbortError' });
  assert.equal(reads.pages - before, 2, 'no page is read after the cancel');
});

test('file order needs no pass; past the memory bound, and for the disagreeing rows, the table says why it stays in file order', () => {
  assert.equal(needsStreamedOrder({ key: 'row', descending: true }, FILTERS[0]!), false);
  assert.equal(needsStreamedOrder({ key: 'row', descending: false }, FILTERS[2]!), true);
  assert.equal(needsStreamedOrder({ key: 'certainty', descending: false }, FILTERS[0]!), true);
  assert.equal(whyNoStreamedOrder({ nRows: MAX_STREAM_ORDERED_ROWS }, FILTERS[0]!), undefined);
  assert.match(whyNoStreamedOrder({ nRows: MAX_STREAM_ORDERED_ROWS + 1 }, FILTERS[0]!) ?? '', /10,000,001 rows, more than the 10,000,000/);
  assert.match(whyNoStreamedOrder({ nRows: 10 }, { ...FILTERS[0]!, disagreeWith: 'species' }) ?? '', /disagree/);
});
