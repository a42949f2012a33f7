// Every hostile file either reads into a correct Dataset or fails with a CsvError that says what
// is wrong and what to do: never another exception, never a hang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import fc from 'fast-check';
import { bytesOf, fixture, fixtureDir, readBytes, readText, numeric, text, names } from './helpers';
import { readCsv, type Dataset } from '../../../src/data/csvReader';
import { CsvError } from '../../../src/data/csvError';
import { defaultFeatureColumns } from '../../../src/data/featureMatrix';
import type { ByteSource } from '../../../src/data/byteSource';

function read(name: string): Promise<Dataset> { return readBytes(fixture(name), { fileName: name }); }

async function refused(name: string, code: string): Promise<CsvError> {
  let error: unknown;
  try { await read(name); } catch (e) { error = e; }
  assert.ok(error instanceof CsvError, `${name} should fail with a CsvError, got ${String(error)}`);
  assert.equal(error.code, code);
  assert.ok(error.message.length > 10 && error.hint.length > 10, 'message and hint are sentences');
  return error;
}

test('an empty file is refused as empty', async () => { await refused('empty.csv', 'empty-file'); });

test('a file with only a BOM is refused and says so', async () => {
  assert.match((await refused('only-bom.csv', 'empty-file')).message, /byte order mark/);
});

test('a header without rows is refused', async () => { await refused('header-only.csv', 'no-data-rows'); });

test('a single row is a dataset of one row', async () => {
  const ds = await read('one-row.csv');
  assert.equal(ds.nRows, 1);
  assert.deepEqual(defaultFeatureColumns(ds), ['a', 'b', 'c']);
});

test('all-text columns read as text and offer no feature', async () => {
  const ds = await read('all-text.csv');
  assert.ok(ds.columns.every(c => c.kind === 'text'));
  assert.deepEqual(defaultFeatureColumns(ds), []);
});

test('one numeric column is enough', async () => {
  const ds = await read('one-numeric-column.csv');
  assert.deepEqual([...numeric(ds, 'value').values], [3.5, 1.25, NaN, 7]);
});

test('ragged rows are skipped with their lines, blank lines ignored', async () => {
  const ds = await read('ragged.csv');
  assert.deepEqual([...numeric(ds, 'a').values], [1, 10, 13]);
  assert.deepEqual(ds.report.raggedExamples, [3, 4]);
  assert.deepEqual(ds.report.raggedFieldCounts, [2, 4]);
  assert.equal(ds.report.blankLines, 1);
});

test('±1e308 are kept, infinities are missing', async () => {
  const ds = await read('huge-magnitudes.csv');
  assert.deepEqual([...numeric(ds, 'v').values], [1e308, -1e308, NaN, NaN, 0]);
});

test('binary garbage with a PNG header is refused as binary', async () => { await refused('binary-garbage.csv', 'binary-file'); });

test('HTML and script in names and cells are kept as plain text', async () => {
  const ds = await read('html-script.csv');
  assert.deepEqual(names(ds), ['<b>name</b>', '<script>alert(1)</script>', 'x']);
  assert.deepEqual(text(ds, '<b>name</b>').values, ['<img src=x onerror=alert(1)>', '<script>alert("x")</script>']);
});

test('formula-looking cells stay text, exactly as written', async () => {
  const ds = await read('formula-cells.csv');
  assert.deepEqual(text(ds, 'cmd').values, ["=cmd|' /C calc'!A0", '+SUM(A1:A2)', '-2+3', '@SUM(1)']);
});

test('duplicate rows are all kept', async () => {
  assert.equal((await read('duplicate-rows.csv')).nRows, 4);
});

test('a constant column is reported and not preselected', async () => {
  const ds = await read('constant-column.csv');
  assert.deepEqual(ds.report.constantColumns, ['k']);
  assert.deepEqual(defaultFeatureColumns(ds), ['a']);
});

test("Excel's sep=; line sets the delimiter and is not a row", async () => {
  const ds = await read('excel-sep-line.csv');
  assert.equal(ds.dialect.sepLine, true);
  assert.equal(ds.dialect.delimiter, ';');
  assert.deepEqual(names(ds), ['a', 'b']);
  assert.equal(ds.nRows, 2);
});

test('trailing empty lines are not rows', async () => {
  const ds = await read('trailing-empty-lines.csv');
  assert.equal(ds.nRows, 2);
  assert.equal(ds.report.raggedRows, 0);
});

test('a delimiter ending every line does not add a column', async () => {
  const ds = await read('trailing-delimiter.csv');
  assert.deepEqual(names(ds), ['a', 'b']);
  assert.equal(ds.dialect.trailingDelimiter, true);
  assert.deepEqual(ds.report.warnings, []);
});

test('decimal commas in a semicolon file are parsed and announced', async () => {
  const ds = await read('decimal-comma.csv');
  assert.deepEqual([...numeric(ds, 'x').values], [1.5, -0.5, 10]);
  assert.deepEqual([...numeric(ds, 'y').values], [2.25, 3, 0.01]);
  assert.match(ds.report.warnings.join(' '), /decimal comma/);
});

test('quoted numbers with thousands separators are text, as in pandas, and the warning names the cell', async () => {
  const ds = await read('thousands-quoted.csv');
  assert.deepEqual(text(ds, 'population').values, ['1,234,567', '12,000', '950']);
  assert.match(ds.report.warnings.join(' '), /"population" is text: its cell "1,234,567" on line 2 \(row 1\) is not a number.*thousands separators/);
});

test('UTF-16 with a byte order mark is decoded, little- and big-endian', async () => {
  for (const name of ['utf16le-bom.csv', 'utf16be-bom.csv']) {
    const ds = await read(name);
    assert.deepEqual(names(ds), ['naïve', 'x']);
    assert.deepEqual(text(ds, 'naïve').values, ['ä', 'ö']);
  }
});

test('UTF-16 without a byte order mark is refused with advice', async () => {
  assert.match((await refused('utf16-no-bom.csv', 'unsupported-encoding')).hint, /UTF-8/);
});

test('a Windows-1252 file is read as Windows-1252 and named so', async () => {
  const ds = await read('windows-1252.csv');
  assert.equal(ds.dialect.encoding, 'windows-1252');
  assert.equal(ds.report.invalidSequences, 0);
  assert.deepEqual(text(ds, 'name').values, ['Café', '€uro']);
  assert.deepEqual([...numeric(ds, 'price').values], [3.5, 2]);
  assert.match(ds.report.warnings.join(' '), /read as Windows-1252/);
});

test('a Windows-1252 header reads "température", whatever the chunks', async () => {
  const latin = (s: string) => Uint8Array.from(s, c => c.charCodeAt(0));
  const bytes = latin('temp\u00e9rature,d\u00e9bit\n21.5,3\n19,4\n');
  for (const chunk of [1, 3, 1 << 16]) {
    const ds = await readBytes(bytes, {}, chunk);
    assert.deepEqual(names(ds), ['température', 'débit']);
    assert.deepEqual([...numeric(ds, 'température').values], [21.5, 19]);
  }
});

test('a UTF-8 file with one damaged byte stays UTF-8 and counts the byte', async () => {
  const bytes = new Uint8Array([...bytesOf('name,x\nRenée,1\nZoë,2\nJosé,3\n'), 0x4d, 0xe9, ...bytesOf(',4\n')]);
  const ds = await readBytes(bytes);
  assert.equal(ds.dialect.encoding, 'utf-8');
  assert.equal(ds.report.invalidSequences, 1);
  assert.deepEqual(text(ds, 'name').values, ['Renée', 'Zoë', 'José', 'M\ufffd']);
  assert.match(ds.report.warnings.join(' '), /not valid UTF-8/);
});

test('an unclosed quote is reported with its line', async () => {
  const ds = await read('unterminated-quote.csv');
  assert.equal(ds.report.unterminatedQuoteLine, 3);
  assert.equal(ds.nRows, 1);
});

test('a pandas index column (no name, counting) is id-like', async () => {
  const ds = await read('pandas-index.csv');
  assert.equal(numeric(ds, 'column1').idLike, true);
  assert.deepEqual(defaultFeatureColumns(ds), ['a', 'b']);
});

/** The fixtures a reader must refuse, with the code it refuses each for; every other fixture reads. */
const REFUSED: Record<string, string> = {
  'empty.csv': 'empty-file',
  'only-bom.csv': 'empty-file',
  'header-only.csv': 'no-data-rows',
  'binary-garbage.csv': 'binary-file',
  'utf16-no-bom.csv': 'unsupported-encoding',
};

test('every fixture reads, or fails with its own error code, also when fed byte by byte', async () => {
  for (const name of fs.readdirSync(fixtureDir)) {
    for (const chunk of [1, 5, 1 << 16]) {
      let code = 'read';
      try { await readBytes(fixture(name), { fileName: name }, chunk); } catch (e) { code = e instanceof CsvError ? e.code : `not a CsvError: ${String(e)}`; }
      assert.equal(code, REFUSED[name] ?? 'read', `${name}, chunks of ${chunk}`);
    }
  }
});

test('thousands of columns are read', async () => {
  const width = 5000;
  const header = Array.from({ length: width }, (_, j) => `c${j}`).join(',');
  const rows = Array.from({ length: 20 }, (_, i) => Array.from({ length: width }, (_, j) => String(i * j)).join(','));
  const ds = await readText([header, ...rows].join('\n') + '\n');
  assert.equal(ds.columns.length, width);
  assert.equal(numeric(ds, 'c4999').values[19], 19 * 4999);
});

/** A file of one huge line, generated as it is read, never held whole. */
function hugeLine(totalBytes: number): ByteSource {
  const piece = new TextEncoder().encode('1.5,'.repeat(16384));
  return {
    totalBytes,
    chunks: {
      async *[Symbol.asyncIterator]() {
        yield new TextEncoder().encode('a,b\n');
        for (let sent = 4; sent < totalBytes; sent += piece.length) { yield piece; }
      },
    },
  };
}

test('a line longer than the limit stops the read early with a clear error', async () => {
  await assert.rejects(readCsv(hugeLine(20e6), { maxRecordChars: 4 << 20 }),
    (e: unknown) => e instanceof CsvError && e.code === 'record-too-long' && /Line 2/.test(e.message));
});

test('a 200 MB single line is refused without reading it whole', { skip: process.env['CLUSTER_LENS_BIG'] !== '1' && 'set CLUSTER_LENS_BIG=1' }, async () => {
  await assert.rejects(readCsv(hugeLine(200e6)), (e: unknown) => e instanceof CsvError && e.code === 'record-too-long');
});

const RANDOM_REFUSALS: string[] = ['empty-file', 'no-data-rows', 'header-mismatch', 'all-rows-ragged', 'binary-file', 'unsupported-encoding'];

test('random bytes and CSV-like noise never escape as anything but a CsvError with a fitting code', async () => {
  const csvish = fc.array(fc.constantFrom('a', '1', '2.5', ',', ';', '\t', '|', '"', '\n', '\r\n', '\r', ' ', 'NA', 'sep=', '\ufeff', 'é', '\u0000'), { maxLength: 80 })
    .map(parts => new TextEncoder().encode(parts.join('')));
  await fc.assert(fc.asyncProperty(fc.oneof(csvish, fc.uint8Array({ maxLength: 200 })), fc.integer({ min: 1, max: 17 }), async (bytes, chunk) => {
    try {
      const ds = await readBytes(bytes, {}, chunk);
      assert.ok(ds.nRows > 0);
      for (const c of ds.columns) { assert.equal(c.values.length, ds.nRows); }
    } catch (e) {
      // What random bytes can be refused for; 'read-failed' would be our own bug.
      if (!(e instanceof CsvError) || !RANDOM_REFUSALS.includes(e.code)) { throw e; }
    }
  }), { numRuns: 400 });
});

test('a read that fails midway closes its source', async () => {
  let closed = false;
  const source: ByteSource = {
    chunks: {
      async *[Symbol.asyncIterator]() {
        try {
          yield new TextEncoder().encode('a,b\n');
          for (;;) { yield new TextEncoder().encode('x'.repeat(65536)); }
        } finally { closed = true; }
      },
    },
  };
  await assert.rejects(readCsv(source, { maxRecordChars: 1 << 20 }), (e: unknown) => e instanceof CsvError && e.code === 'record-too-long');
  assert.equal(closed, true);
});

test('a lone LF in a CRLF file ends its line, as in pandas; inside quotes it stays in the cell', async () => {
  const ds = await read('crlf-lone-lf.csv');
  assert.equal(ds.dialect.newline, '\r\n');
  assert.equal(ds.report.raggedRows, 0);
  assert.deepEqual([...numeric(ds, 'id').values], [1, 2, 3, 4, 5]);
  assert.deepEqual([...numeric(ds, 'x').values], [0.5, 1.5, 2.5, NaN, 3.5]);
  assert.deepEqual(text(ds, 'name').values, ['a', 'b\nc', 'd', 'e', 'f']);
});
