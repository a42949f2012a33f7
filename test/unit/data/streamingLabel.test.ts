// The streaming labeller writes what the whole-file path writes, byte for byte, on files made to
// trip it: quoted line breaks, blank and ragged lines, CRLF and CR, a BOM, a sep= line, no header,
// decimal commas, missing cells, a trailing delimiter, Windows-1252 — with windows of a few bytes
// so every record boundary is a window boundary somewhere.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PortableModel } from '../../../src/core/portableModel';
import { Random } from '../../../src/core/random';
import { applyModelToDataset } from '../../../src/data/appliedLabels';
import { byteSourceFromBytes } from '../../../src/data/byteSource';
import { CsvError } from '../../../src/data/csvError';
import { readCsv } from '../../../src/data/csvReader';
import { labelledCsvBytes } from '../../../src/data/labelledWriter';
import { readStreamHead } from '../../../src/data/streamHead';
import { streamLabelledCsv, type StreamingLabelSummary } from '../../../src/data/streamingLabel';
import { concatBytes } from '../../../src/data/textDecoding';

const MODEL: PortableModel = {
  algorithm: 'gmm', nComponents: 2, nFeatures: 2, weights: Float64Array.of(0.4, 0.6), means: Float64Array.of(0, 0, 3, 1),
  covariances: Float64Array.of(1, 0.2, 0.2, 1, 2, -0.3, -0.3, 0.5), scaling: null,
};

async function inMemory(bytes: Uint8Array, columns: string[]): Promise<Uint8Array> {
  const ds = await readCsv(byteSourceFromBytes(bytes));
  return labelledCsvBytes(byteSourceFromBytes(bytes), ds, applyModelToDataset(MODEL, ds, columns));
}

async function streamed(bytes: Uint8Array, columns: string[], windowBytes: number, chunk = 1 << 20): Promise<{ out: Uint8Array; summary: StreamingLabelSummary }> {
  const head = await readStreamHead(byteSourceFromBytes(bytes, chunk));
  const parts: Uint8Array[] = [];
  const it = streamLabelledCsv(head, MODEL, { columns, windowBytes });
  for (let r = await it.next(); ; r = await it.next()) {
    if (r.done) { return { out: concatBytes(parts), summary: r.value }; }
    parts.push(r.value);
  }
}

function rows(n: number, seed: number, cell: (x: number, y: number, i: number, random: Random) => string): string[] {
  const random = new Random(seed);
  return Array.from({ length: n }, (_, i) => cell(random.nextNormal() * 2 + (i % 2) * 3, random.nextNormal(), i, random));
}

const CASES: [string, string | Uint8Array, string[]][] = [
  ['a plain file', 'x,y,name\n' + rows(300, 1, (x, y, i) => `${x.toFixed(4)},${y.toFixed(4)},r${i}`).join('\n') + '\n', ['x', 'y']],
  ['quoted cells with line breaks, blank and ragged lines, no final newline', 'x,y,"na\nme"\n\n' + rows(200, 2, (x, y, i) =>
    i % 17 === 0 ? `${x},"a"` : i % 13 === 0 ? '   ' : `${x.toFixed(3)},${y.toFixed(3)},"line ${i}\nnext, ""quoted"""`).join('\n'), ['x', 'y']],
  ['CRLF, a BOM and missing cells', '\ufeffa;x;y\r\n' + rows(250, 3, (x, y, i) => `${i};${i % 7 === 0 ? '' : x.toFixed(2).replace('.', ',')};${y.toFixed(2).replace('.', ',')}`).join('\r\n') + '\r\n', ['x', 'y']],
  ['CR line ends and an Excel sep= line', 'sep=|\rx|y\r' + rows(150, 4, (x, y) => `${x}|${y}`).join('\r') + '\r', ['x', 'y']],
  ['no header', rows(220, 5, (x, y, i) => `${x.toFixed(5)},${y.toFixed(5)},${i}`).join('\n') + '\n', ['column1', 'column2']],
  ['a trailing delimiter on every line', 'x,y,\n' + rows(180, 6, (x, y) => `${x.toFixed(3)},${y.toFixed(3)},`).join('\n') + '\n', ['x', 'y']],
  ['the model columns in another order, among text', 'id,y,label,x\n' + rows(200, 7, (x, y, i) => `${i},${y},"é ${i}",${x}`).join('\n') + '\n', ['x', 'y']],
  ['Windows-1252', Uint8Array.from([...'name,x,y\n'].map(c => c.charCodeAt(0)).concat(...rows(200, 8, (x, y, i) => `caf\xe9 ${i},${x.toFixed(3)},${y.toFixed(3)}\n`).map(line => [...line].map(c => c.charCodeAt(0))))), ['x', 'y']],
];

for (const [name, content, columns] of CASES) {
  test(`${name}: the streamed file equals the whole-file export, whatever the window`, async () => {
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    const expected = await inMemory(bytes, columns);
    for (const windowBytes of [1, 37, 500, 1 << 20]) {
      for (const chunk of [7, 1000, 1 << 20]) {
        const { out, summary } = await streamed(bytes, columns, windowBytes, chunk);
        assert.equal(Buffer.compare(Buffer.from(out), Buffer.from(expected)), 0, `window ${windowBytes}, chunk ${chunk}: ${new TextDecoder().decode(out).slice(0, 300)}`);
        const ds = await readCsv(byteSourceFromBytes(bytes));
        assert.equal(summary.rows, ds.nRows);
        assert.equal(summary.blankLines, ds.report.blankLines);
        assert.equal(summary.raggedRows, ds.report.raggedRows);
      }
    }
  });
}

test('a model column that turns to text far into the file stops the pass with the cell it found', async () => {
  // 3 MB: past the head (2 MB) that the dialect and the column types are first read from.
  const text = 'x,y\n' + rows(90_000, 9, (x, y, i) => (i === 89_000 ? `oops,${y}` : `${x},${y}`)).join('\n') + '\n';
  assert.ok(text.length > 3e6);
  await assert.rejects(streamed(new TextEncoder().encode(text), ['x', 'y'], 1 << 20), (err: unknown) => err instanceof CsvError && /Column "x" is text.*"oops"/.test(err.message));
});

test('a file with no row holding the model columns is refused, as the whole-file path refuses it', async () => {
  const text = 'x,y\n' + rows(50, 10, x => `${x},`).join('\n') + '\n';
  await assert.rejects(streamed(new TextEncoder().encode(text), ['x', 'y'], 64), (err: unknown) => err instanceof CsvError && err.code === 'no-complete-rows');
});
