// The labelling pass over a file read in windows gives what the whole-file path gives: the same
// profiles over every row (to the bit) and, read back by byte offset, the same rows with the same
// labels — on files made to trip it, with windows of a few bytes so every record boundary is a
// window boundary somewhere.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { predictWithModel, type PortableModel } from '../../../src/core/portableModel';
import { Random } from '../../../src/core/random';
import { applyModelToDataset } from '../../../src/data/appliedLabels';
import { byteSourceFromBytes } from '../../../src/data/byteSource';
import type { Column } from '../../../src/data/columnTyping';
import { readCsv, type Dataset } from '../../../src/data/csvReader';
import { buildFeatureMatrix } from '../../../src/data/featureMatrix';
import { readRowPage } from '../../../src/data/rowPages';
import { readStreamHead } from '../../../src/data/streamHead';
import { computeClusterProfiles } from '../../../src/host/pure/clusterProfiles';
import { runLabellingPass } from '../../../src/data/labellingPass';

const MODEL: PortableModel = {
  algorithm: 'gmm', nComponents: 2, nFeatures: 2, weights: Float64Array.of(0.4, 0.6), means: Float64Array.of(0, 0, 3, 1),
  covariances: Float64Array.of(1, 0.2, 0.2, 1, 2, -0.3, -0.3, 0.5), scaling: null,
};

function rows(n: number, seed: number, cell: (x: number, y: number, i: number) => string): string[] {
  const random = new Random(seed);
  return Array.from({ length: n }, (_, i) => cell(random.nextNormal() * 2 + (i % 2) * 3, random.nextNormal(), i));
}

const CASES: [string, string | Uint8Array, string[]][] = [
  ['a plain file with a text column', 'x,y,name\n' + rows(300, 1, (x, y, i) => `${x.toFixed(4)},${y.toFixed(4)},r${i % 7}`).join('\n') + '\n', ['x', 'y']],
  ['quoted line breaks, blank and ragged lines, no final newline', 'x,y,"na\nme"\n\n' + rows(200, 2, (x, y, i) =>
    i % 17 === 0 ? `${x},"a"` : i % 13 === 0 ? '   ' : `${x.toFixed(3)},${y.toFixed(3)},"line ${i % 5}\nnext, ""quoted"""`).join('\n'), ['x', 'y']],
  ['CRLF, a BOM, decimal commas and missing cells', '\ufeffa;x;y\r\n' + rows(250, 3, (x, y, i) => `${i};${i % 7 === 0 ? '' : x.toFixed(2).replace('.', ',')};${y.toFixed(2).replace('.', ',')}`).join('\r\n') + '\r\n', ['x', 'y']],
  ['no header', rows(220, 5, (x, y, i) => `${x.toFixed(5)},${y.toFixed(5)},${i}`).join('\n') + '\n', ['column1', 'column2']],
  ['Windows-1252', Uint8Array.from([...'name,x,y\n'].map(c => c.charCodeAt(0)).concat(...rows(200, 8, (x, y, i) => `caf\xe9 ${i % 3},${x.toFixed(3)},${y.toFixed(3)}\n`).map(line => [...line].map(c => c.charCodeAt(0))))), ['x', 'y']],
];

/** The cells of row `row` as the table shows them: text, or the number (NaN for missing). */
function rowOf(ds: Dataset, row: number): (string | number)[] {
  return ds.columns.map((c: Column) => c.values[row]!);
}

for (const [name, content, columns] of CASES) {
  test(`${name}: the pass's profiles are the whole table's, whatever the window`, async () => {
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    const whole = await readCsv(byteSourceFromBytes(bytes));
    const applied = applyModelToDataset(MODEL, whole, columns);
    const expected = computeClusterProfiles(whole, Int32Array.from(applied.labels), applied.rowIndex, 2);
    for (const windowBytes of [1, 37, 500, 1 << 20]) {
      const head = await readStreamHead(byteSourceFromBytes(bytes, 97));
      const pass = await runLabellingPass(head, MODEL, { tableColumns: whole.columns, modelColumns: columns, windowBytes });
      assert.equal(pass.summary.rows, whole.nRows, `rows, window ${windowBytes}`);
      assert.deepEqual(pass.profiles, expected, `window ${windowBytes}`);
    }
  });

  test(`${name}: any page of rows read back by offset is the whole table's rows, with their labels`, async () => {
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    const whole = await readCsv(byteSourceFromBytes(bytes));
    const applied = applyModelToDataset(MODEL, whole, columns);
    const labelOf = new Int32Array(whole.nRows).fill(-1);
    applied.rowIndex.forEach((row, i) => { labelOf[row] = applied.labels[i]!; });
    const head = await readStreamHead(byteSourceFromBytes(bytes, 97));
    const { layout } = await runLabellingPass(head, MODEL, { tableColumns: whole.columns, modelColumns: columns, windowBytes: 211 });
    const source = { totalBytes: bytes.length, readRange: async (s: number, e: number) => bytes.slice(s, e) };
    const random = new Random(41);
    for (const [first, count] of [[0, 1], [0, whole.nRows], [63, 2], [64, 64], [whole.nRows - 1, 10], [random.nextInt(whole.nRows), 50]] as const) {
      const page = await readRowPage(source, layout, first, count);
      assert.equal(page.count, Math.min(count, whole.nRows - first));
      const selection = buildFeatureMatrix(page.dataset, columns.map(c => page.dataset.columns[whole.columns.findIndex(w => w.name === c)]!.name), 'drop');
      const predicted = predictWithModel(MODEL, selection.matrix);
      const pageLabel = new Int32Array(page.dataset.nRows).fill(-1);
      selection.rowIndex.forEach((row, i) => { pageLabel[row] = predicted.labels[i]!; });
      for (let i = 0; i < page.count; i++) {
        assert.deepEqual(rowOf(page.dataset, page.skip + i), rowOf(whole, first + i), `row ${first + i}`);
        assert.equal(pageLabel[page.skip + i], labelOf[first + i], `label of row ${first + i}`);
      }
    }
  });
}
