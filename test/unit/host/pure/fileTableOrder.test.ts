// Sorting and filters on the table of a file too large to hold: the order built in a streaming
// pass over the file, and its pages read back by offset, are the in-memory table's for the same
// file and model, for every sort key, both directions and every filter; a cancelled pass stops.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PortableModel } from '../../../../src/core/portableModel';
import { Random } from '../../../../src/core/random';
import { applyModelToDataset } from '../../../../src/data/appliedLabels';
import { byteSourceFromText } from '../../../../src/data/byteSource';
import { readCsv } from '../../../../src/data/csvReader';
import { runLabellingPass } from '../../../../src/data/labellingPass';
import { readRowPage } from '../../../../src/data/rowPages';
import { readStreamHead } from '../../../../src/data/streamHead';
import type { FileTable } from '../../../../src/host/pure/fileTablePages';
import { answerOrderedRequest, buildStreamedOrder, locateInOrder, needsStreamedOrder, whyNoStreamedOrder } from '../../../../src/host/pure/fileTableOrder';
import { TablePages } from '../../../../src/host/pure/tablePages';
import { MAX_STREAM_ORDERED_ROWS, type RequestRowsMessage, type TableFilter, type TableSort } from '../../../../src/shared/tableProtocol';

const MODEL: PortableModel = {
  algorithm: 'gmm', nComponents: 3, nFeatures: 2, weights: Float64Array.of(0.3, 0.3, 0.4), means: Float64Array.of(0, 0, 3, 1, -2, 4),
  covariances: Float64Array.of(1, 0.2, 0.2, 1, 2, -0.3, -0.3, 0.5, 1, 0, 0, 1), scaling: null,
};

// Semicolons and decimal commas, CRLF, empty lines, short rows, NA cells, multi-line quoted text.
const random = new Random(78);
const TEXT = 'id;x;note;y\r\n' + Array.from({ length: 700 }, (_, i) => {
  if (i % 97 === 5) { return ''; }
  if (i % 89 === 7) { return `${i};1`; }
  const x = (random.nextNormal() * 2 + (i % 3)).toFixed(3).replace('.', ',');
  return `${i};${i % 41 === 0 ? 'NA' : x};"n ${i % 13}\r\n2nd";${random.nextNormal().toFixed(2).replace('.', ',')}`;
}).join('\r\n') + '\r\n';

async function tables(): Promise<{ memory: TablePages; file: FileTable; reads: { pages: number } }> {
  const bytes = new TextEncoder().encode(TEXT);
  const whole = await readCsv(byteSourceFromText(TEXT));
  const applied = applyModelToDataset(MODEL, whole, ['x', 'y']);
  const memory = new TablePages(whole, {
    selection: { rowIndex: applied.rowIndex }, result: { labels: Int32Array.from(applied.labels), resp: Float32Array.from(applied.probabilities), nComponents: 3 }, snapshot: { fitId: 4 },
  });
  const head = await readStreamHead(byteSourceFromText(TEXT, 100));
  const { layout, summary } = await runLabellingPass(head, MODEL, { tableColumns: whole.columns, modelColumns: ['x', 'y'], windowBytes: 900 });
  const source = { totalBytes: bytes.length, readRange: async (s: number, e: number) => bytes.slice(s, e) };
  const reads = { pages: 0 };
  const file: FileTable = {
    fitId: 4, nRows: summary.rows, columns: whole.columns, decimal: whole.dialect.decimal, model: MODEL, modelColumns: [1, 3],
    readPage: (first, count) => { reads.pages++; return readRowPage(source, layout, first, count); },
  };
  return { memory, file, reads };
}

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
