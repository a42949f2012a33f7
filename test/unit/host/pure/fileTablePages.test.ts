// The table of a file too large to hold, served page by page from the file, shows what the
// in-memory table shows of the same file and model: the same rows, cells, clusters and
// probabilities, in file order either way, and finds a row where that order puts it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerFileTableRequest, inFileRows, sampleRowOf } from '../../../../src/host/pure/fileTablePages';
import type { DidLocateRowMessage, DidProvideRowsMessage, RequestRowsMessage } from '../../../../src/shared/tableProtocol';
import { messyText, tablesOf } from './fileTableFixture';

const TEXT = messyText(77, 4);
const tables = () => tablesOf(TEXT);

const request = (offset: number, limit: number, descending: boolean): RequestRowsMessage => ({
  type: 'requestRows', requestId: 1, fitId: 4, offset, limit, sort: { key: 'row', descending }, filter: { clusters: null, certaintyBelow: null },
});

test('every page read from the file is the in-memory table\'s page, in either direction', async () => {
  const { memory, file } = await tables();
  assert.equal(file.nRows, memory.nRows);
  for (const descending of [false, true]) {
    for (const [offset, limit] of [[0, 500], [500, 500], [63, 65], [file.nRows - 3, 10], [file.nRows, 5]] as const) {
      const expected = memory.page(request(offset, limit, descending));
      const actual = await answerFileTableRequest(request(offset, limit, descending), file) as DidProvideRowsMessage;
      assert.deepEqual(actual, expected, `offset ${offset}, ${descending ? 'descending' : 'ascending'}`);
    }
  }
});

test('a row is found where file order puts it, and a request for another fit gets no answer', async () => {
  const { memory, file } = await tables();
  for (const descending of [false, true]) {
    for (const row of [0, 17, file.nRows - 1, file.nRows]) {
      const locate = { type: 'locateRow' as const, requestId: 2, fitId: 4, row, sort: { key: 'row' as const, descending }, filter: { clusters: null, certaintyBelow: null } };
      assert.deepEqual(await answerFileTableRequest(locate, file) as DidLocateRowMessage, memory.locate(locate));
    }
  }
  assert.equal(await answerFileTableRequest({ ...request(0, 5, false), fitId: 5 }, file), undefined);
});

test('until every row is labelled, the sample\'s table speaks of file rows', async () => {
  const { memory } = await tables();
  // As if the table's rows were a sample of a file three times longer: sample row r is file row 3r + 1.
  const fileRows = Float64Array.from({ length: memory.nRows }, (_, r) => 3 * r + 1);
  assert.equal(sampleRowOf(fileRows, 3 * 17 + 1), 17);
  assert.equal(sampleRowOf(fileRows, 3 * 17), -1, 'a file row the sample does not hold');
  assert.equal(sampleRowOf(fileRows, 0), -1);
  const page = inFileRows(memory.page(request(10, 5, false)), fileRows);
  assert.deepEqual(Array.from(page.rows), [31, 34, 37, 40, 43]);
  const locate = { type: 'locateRow' as const, requestId: 2, fitId: 4, row: 17, sort: { key: 'row' as const, descending: false }, filter: { clusters: null, certaintyBelow: null } };
  assert.deepEqual(inFileRows(memory.locate(locate), fileRows, 52), { ...memory.locate(locate), row: 52 });
});
