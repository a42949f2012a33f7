import assert from 'node:assert/strict';
import { test } from 'node:test';
import { byteSourceFromBytes } from '../../../../src/data/byteSource';
import type { Column } from '../../../../src/data/columnTyping';
import { readCsv } from '../../../../src/data/csvReader';
import { answerTableRequest, formatCellNumber, sortRowsByKey, type TableDataset, type TableFit, TablePages } from '../../../../src/host/pure/tablePages';
import { parseHostMessage, parseWebviewMessage } from '../../../../src/shared/protocol';
import type { LocateRowMessage, RequestRowsMessage, TableFilter, TableSort } from '../../../../src/shared/tableProtocol';
import { syntheticTable } from '../../../webview/syntheticTable';

/**
 * Six rows, k = 2; row 2 was left out of the fit (missing x). Certainties: rows 0 and 3 tie at 0.9,
 * rows 1 and 5 tie at 0.6, row 4 is 0.75.
 */
function small(): { dataset: TableDataset; fit: TableFit } {
  const columns: Column[] = [
    { kind: 'numeric', name: 'x', values: Float64Array.of(3, -1, NaN, 3, 0.3, -0), missing: 1, idLike: false },
    { kind: 'text', name: 'name', values: ['item10', 'item2', '', 'Item1', 'item2', 'b'] },
  ];
  const rowIndex = Int32Array.of(0, 1, 3, 4, 5);
  const labels = Int32Array.of(0, 1, 1, 0, 0);
  const resp = Float32Array.of(0.9, 0.1, 0.4, 0.6, 0.1, 0.9, 0.75, 0.25, 0.6, 0.4);
  return { dataset: { nRows: 6, columns }, fit: { selection: { rowIndex }, result: { labels, resp, nComponents: 2 }, snapshot: { fitId: 7 } } };
}

const all: TableFilter = { clusters: null, certaintyBelow: null };
const by = (key: TableSort['key'], descending = false): TableSort => ({ key, descending });
const rowsOf = (pages: TablePages, sort: TableSort, filter: TableFilter = all) => [...pages.order(sort, filter)];
const request = (over: Partial<RequestRowsMessage> = {}): RequestRowsMessage => ({
  type: 'requestRows', requestId: 1, fitId: 7, offset: 0, limit: 500, sort: by('row'), filter: all, ...over,
});

test('row order lists every dataset row, fitted or not, either way round', () => {
  const { dataset, fit } = small();
  const pages = new TablePages(dataset, fit);
  assert.deepEqual(rowsOf(pages, by('row')), [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(rowsOf(pages, by('row', true)), [5, 4, 3, 2, 1, 0]);
});

test('certainty sorts ties by row number in both directions, and the unfitted row last', () => {
  const pages = new TablePages(small().dataset, small().fit);
  assert.deepEqual(rowsOf(pages, by('certainty')), [1, 5, 4, 0, 3, 2]);
  assert.deepEqual(rowsOf(pages, by('certainty', true)), [0, 3, 4, 1, 5, 2]);
});

test('cluster and probability sorts keep row order within ties; rows without a cluster go last', () => {
  const pages = new TablePages(small().dataset, small().fit);
  assert.deepEqual(rowsOf(pages, by('cluster')), [0, 4, 5, 1, 3, 2]);
  assert.deepEqual(rowsOf(pages, by('cluster', true)), [1, 3, 0, 4, 5, 2]);
  assert.deepEqual(rowsOf(pages, by({ probability: 1 })), [0, 4, 5, 1, 3, 2]);
  assert.deepEqual(rowsOf(pages, by({ probability: 1 }, true)), [3, 1, 5, 4, 0, 2]);
});

test('numeric columns sort by value (−0 ties 0), missing last; text columns by collation, empty last', () => {
  const pages = new TablePages(small().dataset, small().fit);
  assert.deepEqual(rowsOf(pages, by({ column: 'x' })), [1, 5, 4, 0, 3, 2]);
  assert.deepEqual(rowsOf(pages, by({ column: 'x' }, true)), [0, 3, 4, 5, 1, 2]);
  // Numeric collation: item2 before item10; case is a tie-breaker, not a separate block.
  assert.deepEqual(rowsOf(pages, by({ column: 'name' })), [5, 3, 1, 4, 0, 2]);
  assert.deepEqual(rowsOf(pages, by({ column: 'name' }, true)), [0, 1, 4, 3, 5, 2]);
  assert.deepEqual(rowsOf(pages, by({ column: 'no such column' })), [0, 1, 2, 3, 4, 5]);
});

test('filters by cluster and by certainty below x hide the rows without a cluster', () => {
  const pages = new TablePages(small().dataset, small().fit);
  assert.deepEqual(rowsOf(pages, by('row'), { clusters: [0], certaintyBelow: null }), [0, 4, 5]);
  assert.deepEqual(rowsOf(pages, by('row'), { clusters: [0, 1], certaintyBelow: null }), [0, 1, 3, 4, 5]);
  assert.deepEqual(rowsOf(pages, by('row'), { clusters: [], certaintyBelow: null }), []);
  assert.deepEqual(rowsOf(pages, by('certainty'), { clusters: null, certaintyBelow: 0.8 }), [1, 5, 4]);
  assert.deepEqual(rowsOf(pages, by('certainty', true), { clusters: [0], certaintyBelow: 0.8 }), [4, 5]);
  assert.deepEqual(rowsOf(pages, by('row'), { clusters: null, certaintyBelow: 0 }), []);
});

test('a page carries clusters, certainty, probabilities and the cells; unfitted rows as −1 / NaN', () => {
  const { dataset, fit } = small();
  const reply = new TablePages(dataset, fit).page(request({ offset: 1, limit: 3 }));
  assert.equal(reply.total, 6);
  assert.equal(reply.offset, 1);
  assert.deepEqual([...reply.rows], [1, 2, 3]);
  assert.deepEqual([...reply.clusters], [1, -1, 1]);
  assert.ok(Math.abs(reply.certainty[0] - 0.6) < 1e-6 && Number.isNaN(reply.certainty[1]));
  assert.equal(reply.probabilities.length, 6);
  assert.ok(Number.isNaN(reply.probabilities[2]) && Number.isNaN(reply.probabilities[3]));
  assert.ok(Math.abs(reply.probabilities[5] - 0.9) < 1e-6);
  assert.equal(reply.nColumns, 2);
  assert.deepEqual(reply.cells, ['-1', 'item2', '', '', '3', 'Item1']);
  const last = new TablePages(dataset, fit).page(request({ offset: 4, limit: 500 }));
  assert.deepEqual(last.cells, ['0.3', 'item2', '0', 'b']);
  const past = new TablePages(dataset, fit).page(request({ offset: 99 }));
  assert.equal(past.rows.length, 0);
  assert.equal(past.offset, 6);
  for (const r of [reply, last, past]) { assert.ok(parseHostMessage(r).ok, 'the reply passes the protocol guard'); }
});

test('locateRow finds a row under the current order; null when filtered out or out of range', () => {
  const pages = new TablePages(small().dataset, small().fit);
  const locate = (row: number, sort: TableSort, filter: TableFilter = all): LocateRowMessage =>
    ({ type: 'locateRow', requestId: 3, fitId: 7, row, sort, filter });
  assert.deepEqual(pages.locate(locate(4, by('certainty'))), { type: 'didLocateRow', requestId: 3, fitId: 7, row: 4, index: 2, total: 6 });
  assert.equal(pages.locate(locate(2, by('certainty'))).index, 5);
  assert.equal(pages.locate(locate(2, by('row'), { clusters: null, certaintyBelow: 1 })).index, null);
  assert.equal(pages.locate(locate(0, by('row'), { clusters: [1], certaintyBelow: null })).index, null);
  assert.equal(pages.locate(locate(60, by('row'))).index, null);
  assert.ok(parseHostMessage(pages.locate(locate(0, by('row')))).ok);
});

test('answers only requests for the current fit', () => {
  const { dataset, fit } = small();
  assert.equal(answerTableRequest(request({ fitId: 6 }), dataset, fit), undefined);
  assert.equal(answerTableRequest(request(), undefined, fit), undefined);
  assert.equal(answerTableRequest(request(), dataset, fit)?.type, 'didProvideRows');
});

test('the guards accept well-formed table messages and refuse malformed ones', () => {
  assert.ok(parseWebviewMessage(request()).ok);
  assert.ok(parseWebviewMessage(request({ sort: by({ probability: 2 }, true), filter: { clusters: [0, 2], certaintyBelow: 0.5 } })).ok);
  assert.ok(parseWebviewMessage({ type: 'locateRow', requestId: 1, fitId: 1, row: 5, sort: by({ column: 'x' }), filter: all }).ok);
  const bad: unknown[] = [
    request({ limit: 501 }), request({ limit: 0 }), request({ offset: -1 }), request({ offset: 1.5 }),
    { ...request(), sort: { key: 'bogus', descending: false } },
    { ...request(), sort: { key: { probability: -1 }, descending: false } },
    { ...request(), sort: { key: { column: 3 }, descending: false } },
    { ...request(), sort: { key: { column: 'x', probability: 1 }, descending: false } },
    { ...request(), filter: { clusters: [1.5], certaintyBelow: null } },
    { ...request(), filter: { clusters: null, certaintyBelow: 2 } },
    { ...request(), filter: { clusters: null } },
  ];
  for (const b of bad) { assert.equal(parseWebviewMessage(b).ok, false, JSON.stringify(b)); }

  const { dataset, fit } = small();
  const good = new TablePages(dataset, fit).page(request({ limit: 2 }));
  assert.ok(parseHostMessage(good).ok);
  const broken: unknown[] = [
    { ...good, clusters: Int32Array.of(0) },
    { ...good, certainty: new Float32Array(3) },
    { ...good, probabilities: new Float32Array(3) },
    { ...good, cells: ['a'] },
    { ...good, clusters: Int32Array.of(0, 2) },
    { ...good, rows: Int32Array.of(0, -4) },
    { ...good, total: 1 },
    { ...good, rows: [0, 1] },
    { ...good, cells: [1, 2, 3, 4] },
  ];
  for (const b of broken) { assert.equal(parseHostMessage(b).ok, false); }
});

test('the radix sort agrees with a comparison sort, ties by position, over awkward floats', () => {
  let s = 12345;
  const random = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
  const special = [0, -0, 1e-310, -1e-310, 1e300, -1e300, Infinity, -Infinity, NaN, 0.5, -0.5, 3, 3, 3];
  // Both paths: keys that are all exact float32 values (sorted on 32 bits) and keys that are not (64 bits).
  for (const [n, float32] of [[0, false], [1, false], [2, false], [17, false], [5000, false], [5000, true], [300, true]] as const) {
    const keys = Float64Array.from({ length: n }, (_, i) =>
      i % 3 === 0 ? special[Math.floor(random() * special.length)] : Math.round((random() - 0.5) * 200) / (random() < 0.5 ? 1 : 7));
    if (float32) { keys.forEach((v, i) => { keys[i] = Math.fround(v); }); }
    const rows = Int32Array.from({ length: n }, (_, i) => (i * 7919) % 100003);
    for (const descending of [false, true]) {
      const sign = descending ? -1 : 1;
      const expected = Array.from(rows.keys()).sort((a, b) => {
        const x = keys[a], y = keys[b];
        if (Number.isNaN(x) || Number.isNaN(y)) { return Number(Number.isNaN(x)) - Number(Number.isNaN(y)) || a - b; }
        return sign * (x - y) || a - b;
      }).map(i => rows[i]);
      assert.deepEqual([...sortRowsByKey(rows, keys, descending)], expected, `n = ${n}, descending = ${descending}`);
    }
  }
});

test('numbers are shown as the file wrote them, never rounded, in the file\'s decimal mark', () => {
  // what a cell's text parses to comes back as that text
  for (const text of ['42', '-3.25', '123456.78901234', '0.3333333333333333', '-0.005894612345', '1.5e-7', '123456789012345', '1234567890', '0.30000000000000004']) {
    assert.equal(formatCellNumber(Number(text)), text);
  }
  assert.equal(formatCellNumber(NaN), '', 'a missing cell is empty');
  assert.equal(formatCellNumber(3.25, ','), '3,25');
  assert.equal(formatCellNumber(-1234.5, ','), '-1234,5');
});

test('a page shows each number of a read file as the file wrote it: "17.0" stays "17.0"', async () => {
  const dataset = await readCsv(byteSourceFromBytes(new TextEncoder().encode('x,name\n17.0,a\n1.5e+3,b\nNA,c\n-0.250,d\n')));
  const rowIndex = Int32Array.of(0, 1, 3);
  const fit: TableFit = { selection: { rowIndex }, result: { labels: Int32Array.of(0, 1, 0), resp: Float32Array.of(1, 0, 0, 1, 1, 0), nComponents: 2 }, snapshot: { fitId: 7 } };
  const page = new TablePages(dataset, fit).page(request());
  assert.deepEqual(page.cells, ['17.0', 'a', '1.5e+3', 'b', 'NA', 'c', '-0.250', 'd']);
});

test('1,000,000 rows: orders are right and well under a second to build', () => {
  const t0 = performance.now();
  const { dataset, fit } = syntheticTable(1_000_000);
  const tData = performance.now() - t0;
  const pages = new TablePages(dataset, fit);
  const timings: string[] = [`synthetic data ${tData.toFixed(0)} ms`];
  const time = (label: string, sort: TableSort, filter: TableFilter = all) => {
    const start = performance.now();
    const order = pages.order(sort, filter);
    const ms = performance.now() - start;
    timings.push(`${label} ${ms.toFixed(0)} ms (${order.length.toLocaleString('en')} rows)`);
    assert.ok(ms < 1000, `${label} took ${ms.toFixed(0)} ms`);
    return order;
  };
  const byCertainty = time('certainty ↑', by('certainty'));
  time('certainty ↓', by('certainty', true));
  time('p(2) ↓', by({ probability: 1 }, true));
  time('cluster', by('cluster'));
  const byX = time('column x', by({ column: 'x' }));
  time('text column', by({ column: 'species' }));
  const uncertain = time('certainty < 0.6 ↑', by('certainty'), { clusters: [0, 2], certaintyBelow: 0.6 });
  console.log(`  table orders of 1,000,000 rows: ${timings.join(' · ')}`);

  assert.equal(byCertainty.length, 1_000_000);
  const dropped = Math.ceil(1_000_000 / 97);
  for (let i = 1; i < byCertainty.length - dropped; i++) {
    const a = pages.certainty[byCertainty[i - 1]], b = pages.certainty[byCertainty[i]];
    assert.ok(a < b || (a === b && byCertainty[i - 1] < byCertainty[i]), `certainty order breaks at ${i}`);
  }
  for (let i = byCertainty.length - dropped; i < byCertainty.length; i++) { assert.equal(pages.label[byCertainty[i]], -1); }
  const x = (dataset.columns[1] as Extract<Column, { kind: 'numeric' }>).values;
  for (let i = 1; i < byX.length - dropped; i++) { assert.ok(x[byX[i - 1]] <= x[byX[i]]); }
  let expected = 0;
  for (let row = 0; row < 1_000_000; row++) {
    const l = pages.label[row];
    if ((l === 0 || l === 2) && pages.certainty[row] < 0.6) { expected++; }
  }
  assert.equal(uncertain.length, expected);
  assert.ok(uncertain.every(row => pages.certainty[row] < 0.6 && pages.label[row] !== 1));
});

test('a cell the file left empty shows its conditional expectation under the fit, the same as the export\'s imputed column', async () => {
  const { runClusterFit } = await import('../../../../src/core/clusterFit');
  const { buildFeatureMatrix } = await import('../../../../src/data/featureMatrix');
  const { imputedColumns } = await import('../../../../src/data/imputedColumns');
  const lines = ['a,b,label'];
  for (let i = 0; i < 60; i++) {
    const a = (i % 2 ? 10 : 0) + Math.sin(i);
    lines.push(`${a},${i % 7 === 3 ? '' : (2 * a + Math.cos(i)).toFixed(3)},row${i}`);
  }
  const dataset = await readCsv(byteSourceFromBytes(new TextEncoder().encode(lines.join('\n'))));
  const selection = buildFeatureMatrix(dataset, ['a', 'b'], 'model');
  const { matrix } = selection;
  const result = runClusterFit({
    algorithm: 'gmm', nComponents: 2, covarianceType: 'full', nInit: 1, maxIter: 200, tol: 1e-8, regCovar: 1e-6, seed: 0, standardize: false,
    data: matrix.data.slice(), nSamples: matrix.nSamples, nFeatures: matrix.nFeatures,
  }, () => undefined);
  const pages = new TablePages(dataset, { selection, result, snapshot: { fitId: 7 } });
  const page = pages.page(request({ limit: 60 }));
  const expected = imputedColumns(result, selection)!;
  assert.ok(page.imputedCells, 'the page carries imputed cells');
  const imputed: string[] = page.imputedCells;
  const c = page.nColumns;
  for (let i = 0; i < 60; i++) {
    const shown = imputed[i * c + 1];
    if (i % 7 === 3) {
      assert.equal(page.cells[i * c + 1], '', `row ${i}: the file's cell stays empty`);
      assert.equal(Number(shown), Number(expected.values[i]!.toPrecision(5)), `row ${i}: the export's value, to five digits`);
    } else {
      assert.equal(shown, '', `row ${i}: b was in the file`);
    }
    assert.equal(imputed[i * c], '', 'a is never missing');
    assert.equal(imputed[i * c + 2], '', 'a text column is not fitted');
  }
  assert.ok(parseHostMessage(page).ok, 'the guard accepts the page');
  assert.equal(parseHostMessage({ ...page, imputedCells: imputed.slice(1) }).ok, false, 'and refuses imputed cells of the wrong length');
});

test('a fit that did not model missing cells sends no imputed cells', () => {
  const { dataset, fit } = small();
  assert.equal(new TablePages(dataset, fit).page(request()).imputedCells, undefined);
});
