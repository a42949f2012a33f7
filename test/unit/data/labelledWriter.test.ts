import { test } from 'node:test';
import assert from 'node:assert/strict';
import Papa from 'papaparse';
import fc from 'fast-check';
import { fixture, readBytes, bytesOf, numeric, text } from './helpers';
import { byteSourceFromBytes } from '../../../src/data/byteSource';
import { buildFeatureMatrix, defaultFeatureColumns } from '../../../src/data/featureMatrix';
import { formatProbability, labelledColumnNames, labelledCsvBytes, type ClusterAssignment } from '../../../src/data/labelledWriter';
import type { Dataset } from '../../../src/data/csvReader';
import { CsvError } from '../../../src/data/csvError';

const K = 3;

/** The rows with a value in every feature column; none when the reader's matrix refuses them all (no complete row). */
function completeRows(ds: Dataset, features: string[]): Int32Array {
  try {
    return buildFeatureMatrix(ds, features, 'drop').rowIndex;
  } catch (e) {
    if (e instanceof CsvError && e.code === 'no-complete-rows') { return new Int32Array(0); }
    throw e;
  }
}

/** A made-up clustering of the complete rows: cluster i % K, distinctive probabilities. */
function assign(ds: Dataset): ClusterAssignment {
  const features = defaultFeatureColumns(ds);
  const rowIndex = features.length > 0 ? completeRows(ds, features) : new Int32Array(0);
  const n = rowIndex.length;
  const labels = new Int32Array(n);
  const probabilities = new Float64Array(n * K);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 4 === 3 ? -1 : i % K;
    for (let j = 0; j < K; j++) { probabilities[i * K + j] = j === i % K ? 0.8 + i * 1e-4 : (0.2 - i * 1e-4) / (K - 1); }
  }
  return { k: K, labels, probabilities, rowIndex };
}

/** Decodes bytes keeping every byte visible: invalid UTF-8 one char per byte, BOMs kept as characters. */
function asText(bytes: Uint8Array, ds: Dataset): string {
  if (ds.dialect.encoding === 'utf-8') {
    return ds.report.invalidSequences > 0 ? Buffer.from(bytes).toString('latin1') : new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  }
  return new TextDecoder(ds.dialect.encoding, { ignoreBOM: true }).decode(bytes);
}

/**
 * Papaparse knows one newline; in a CRLF file a lone LF ends a line too. The body with each lone
 * LF spelled CRLF parses into the same records, and toBody maps its offsets back.
 */
function asParsed(body: string, newline: string): { text: string; toBody: (at: number) => number } {
  if (newline !== '\r\n') { return { text: body, toBody: at => at }; }
  const inserted: number[] = [];
  const text = body.replace(/(?<!\r)\n/g, (_, at: number) => { inserted.push(at + inserted.length); return '\r\n'; });
  return { text, toBody: at => at - inserted.filter(q => q < at).length };
}

/** The terminator ending a record as the reader cut it: the newline, or a lone LF in a CRLF file. */
function terminatorOf(record: string, newline: string, unclosed: boolean): string {
  if (unclosed) { return ''; }
  if (record.endsWith(newline)) { return newline; }
  return newline === '\r\n' && record.endsWith('\n') ? '\n' : '';
}

/**
 * The labelled file built independently of the writer: papaparse finds where each record ends,
 * and the new cells are inserted there.
 */
function expectedOutput(original: string, ds: Dataset, a: ClusterAssignment): string {
  const d = ds.dialect.delimiter;
  let prefixLength = ds.dialect.bom ? (ds.dialect.encoding === 'utf-8' && ds.report.invalidSequences > 0 ? 3 : 1) : 0;
  if (ds.dialect.sepLine) { prefixLength += /^sep=.(\r\n|\n|\r)?/.exec(original.slice(prefixLength))![0].length; }
  const body = original.slice(prefixLength);
  const parsed = asParsed(body, ds.dialect.newline);
  const names = labelledColumnNames(ds.columns.map(c => c.name), a.k);
  const fitted = new Map<number, number>();
  a.rowIndex.forEach((r, i) => fitted.set(r, i));
  const expectedFields = ds.columns.length + (ds.dialect.trailingDelimiter ? 1 : 0);
  let out = original.slice(0, prefixLength);
  let from = 0, row = 0, header = ds.dialect.hasHeader;
  const dec = ds.dialect.decimal;
  // Papa.Parser, not Papa.parse, which would drop a U+FEFF starting the body.
  new Papa.Parser({
    delimiter: d, newline: ds.dialect.newline, quoteChar: '"',
    step: (result: Papa.ParseStepResult<string[][]>) => {
      const end = parsed.toBody(result.meta.cursor);
      if (end === from && from === body.length) { return; }
      // The bare Parser hands each step a list holding the one row.
      const fields = result.data[0]!;
      const record = body.slice(from, end);
      // A quote never closed runs to the end of the file, newline included: no terminator.
      const unclosed = result.errors.some(e => e.code === 'MissingQuotes');
      const term = terminatorOf(record, ds.dialect.newline, unclosed);
      const content = record.slice(0, record.length - term.length);
      from = end;
      let cells: string | undefined;
      if (fields.length === 1 && fields[0]!.trim() === '') { cells = undefined; }
      else if (header) { header = false; cells = [names.cluster, ...names.probabilities, names.certainty].join(d); }
      else if (fields.length === expectedFields) {
        const i = fitted.get(row++);
        const label = i === undefined ? -1 : a.labels[i]!;
        if (label < 0) { cells = d.repeat(a.k + 1); } else {
          const p = Array.from(a.probabilities.subarray(i! * a.k, i! * a.k + a.k));
          cells = [String(label + 1), ...p.map(x => formatProbability(x, dec)), formatProbability(Math.max(...p), dec)].join(d);
        }
      } else { cells = d.repeat(a.k + 1); }
      if (cells === undefined) { out += record; return; }
      out += ds.dialect.trailingDelimiter && content.endsWith(d) ? content + cells + d + term : content + d + cells + term;
    },
  }).parse(parsed.text, 0, false);
  return out;
}

/**
 * The export minus the appended columns: in each record (as papaparse splits the output), the last
 * k + 2 delimiters are ours, since the appended cells never contain one.
 */
function stripAppended(output: string, ds: Dataset, k: number): string {
  const d = ds.dialect.delimiter, nl = ds.dialect.newline;
  let prefixLength = ds.dialect.bom ? (ds.dialect.encoding === 'utf-8' && ds.report.invalidSequences > 0 ? 3 : 1) : 0;
  if (ds.dialect.sepLine) { prefixLength += /^sep=.(\r\n|\n|\r)?/.exec(output.slice(prefixLength))![0].length; }
  const body = output.slice(prefixLength);
  const parsed = asParsed(body, nl);
  let out = output.slice(0, prefixLength), from = 0;
  new Papa.Parser({
    delimiter: d, newline: nl, quoteChar: '"',
    step: (result: Papa.ParseStepResult<string[][]>) => {
      const end = parsed.toBody(result.meta.cursor);
      if (end === from && from === body.length) { return; }
      const fields = result.data[0]!;
      const record = body.slice(from, end);
      from = end;
      const unclosed = result.errors.some(e => e.code === 'MissingQuotes');
      const term = terminatorOf(record, nl, unclosed);
      const content = record.slice(0, record.length - term.length);
      if (fields.length === 1 && fields[0]!.trim() === '') { out += record; return; }
      const trailing = ds.dialect.trailingDelimiter && content.endsWith(d) && fields[fields.length - 1] === '';
      let cut = content.length - (trailing ? 1 : 0);
      for (let n = 0; n < k + 2; n++) { cut = content.lastIndexOf(d, cut - 1); }
      out += content.slice(0, cut) + (trailing ? d : '') + term;
    },
  }).parse(parsed.text, 0, false);
  return out;
}

const roundTripFiles = [
  'comma-crlf.csv', 'crlf-lone-lf.csv', 'semicolon.csv', 'tab.tsv', 'pipe.csv', 'quoted-multiline.csv', 'bom-utf8.csv', 'no-final-newline.csv',
  'cr-only.csv', 'ragged.csv', 'trailing-delimiter.csv', 'excel-sep-line.csv', 'windows-1252.csv', 'utf16le-bom.csv',
  'utf16be-bom.csv', 'trailing-empty-lines.csv', 'unterminated-quote.csv', 'decimal-comma.csv', 'html-script.csv',
  'formula-cells.csv', 'pandas-index.csv', 'one-row.csv', 'all-text.csv', 'huge-magnitudes.csv',
];

for (const name of roundTripFiles) {
  test(`${name}: the export is the original, byte for byte, with the cluster cells added to each record`, async () => {
    const original = fixture(name);
    const ds = await readBytes(original, { fileName: name });
    const a = assign(ds);
    for (const chunk of [1, 2, 7, 1 << 16]) {
      const out = await labelledCsvBytes(byteSourceFromBytes(original, chunk), ds, a);
      assert.equal(asText(out, ds), expectedOutput(asText(original, ds), ds, a), `chunk size ${chunk}`);
      assert.equal(stripAppended(asText(out, ds), ds, a.k), asText(original, ds), `stripped, chunk size ${chunk}`);
    }
  });
}

test('random CSV-like files export as the original plus the cells, whatever the quoting', async () => {
  const part = fc.constantFrom('a', 'b c', '1', '2.5', 'NA', '', ',', ',', ';', '"', '""', '"x"', '\n', '\r\n', '\r', ' ', '\t', '\u00a0', 'é', '\ufeff');
  await fc.assert(fc.asyncProperty(fc.array(part, { maxLength: 60 }), fc.integer({ min: 1, max: 9 }), async (parts, chunk) => {
    const original = bytesOf(parts.join(''));
    let ds: Dataset;
    try { ds = await readBytes(original); } catch (e) {
      // What a CSV-like file can be refused for; 'read-failed' would be our own bug.
      assert.ok(e instanceof CsvError && ['empty-file', 'no-data-rows', 'header-mismatch', 'all-rows-ragged'].includes(e.code), String(e));
      return;
    }
    const a = assign(ds);
    const out = await labelledCsvBytes(byteSourceFromBytes(original, chunk), ds, a);
    assert.equal(asText(out, ds), expectedOutput(asText(original, ds), ds, a));
  }), { numRuns: 1500, seed: 999332635 });
});

test('a file whose every data row misses a numeric cell exports with empty cluster cells (fast-check found it: no complete row)', async () => {
  const original = bytesOf('1,\n,1\r\n2.5');
  const ds = await readBytes(original);
  const a = assign(ds);
  assert.equal(a.rowIndex.length, 0);
  const out = await labelledCsvBytes(byteSourceFromBytes(original, 1), ds, a);
  assert.equal(asText(out, ds), expectedOutput(asText(original, ds), ds, a));
});

test('a lone LF in a CRLF file ends its record: the cells go before it and the LF stays alone', async () => {
  const original = bytesOf('a,b\r\n1,2\n3,4\r\n');
  const ds = await readBytes(original);
  const a: ClusterAssignment = { k: 1, labels: [0, 0], probabilities: new Float64Array([1, 1]), rowIndex: new Int32Array([0, 1]) };
  for (const chunk of [1, 2, 64]) {
    const out = await labelledCsvBytes(byteSourceFromBytes(original, chunk), ds, a);
    assert.equal(new TextDecoder().decode(out), 'a,b,cluster,p_cluster1,certainty\r\n1,2,1,1,1\n3,4,1,1,1\r\n');
  }
});

test('the export reads back as the original columns plus cluster, probabilities and certainty', async () => {
  const original = fixture('comma-crlf.csv');
  const ds = await readBytes(original);
  const a: ClusterAssignment = { k: 2, labels: new Int32Array([1, 0]), probabilities: new Float64Array([0.25, 0.75, 0.9, 0.1]), rowIndex: new Int32Array([2, 0]) };
  const back = await readBytes(await labelledCsvBytes(byteSourceFromBytes(original), ds, a));
  assert.deepEqual(back.columns.slice(0, 3), ds.columns);
  assert.deepEqual([...numeric(back, 'cluster').values], [1, NaN, 2]);
  assert.deepEqual([...numeric(back, 'p_cluster2').values], [0.1, NaN, 0.75]);
  assert.deepEqual([...numeric(back, 'certainty').values], [0.9, NaN, 0.75]);
});

test('new column names do not clash with existing ones', async () => {
  assert.deepEqual(labelledColumnNames(['cluster', 'p_cluster1', 'x'], 2), { cluster: 'cluster_2', probabilities: ['p_cluster1_2', 'p_cluster2'], certainty: 'certainty' });
  const ds = await readBytes(bytesOf('cluster,v\n1,2\n3,4\n'));
  const out = await labelledCsvBytes(byteSourceFromBytes(bytesOf('cluster,v\n1,2\n3,4\n')), ds,
    { k: 1, labels: [0, 0], probabilities: new Float32Array([1, 1]), rowIndex: new Int32Array([0, 1]) });
  assert.equal(new TextDecoder().decode(out), 'cluster,v,cluster_2,p_cluster1,certainty\n1,2,1,1,1\n3,4,1,1,1\n');
});

test('a source that no longer matches the dataset is refused', async () => {
  const ds = await readBytes(bytesOf('a\n1\n2\n'));
  const a: ClusterAssignment = { k: 1, labels: [0, 0], probabilities: new Float64Array([1, 1]), rowIndex: new Int32Array([0, 1]) };
  await assert.rejects(labelledCsvBytes(byteSourceFromBytes(bytesOf('a\n1\n')), ds, a),
    (e: unknown) => e instanceof CsvError && e.code === 'read-failed' && /changed since it was read/.test(e.message));
  await assert.rejects(labelledCsvBytes(byteSourceFromBytes(bytesOf('a\n1\n2\n')), ds, { ...a, rowIndex: new Int32Array([0, 5]) }), (e: unknown) => e instanceof CsvError && e.code === 'invalid-labels');
});

test('text columns survive the round trip too', async () => {
  const src = bytesOf('name,x\n"a, b",1\nc,2\n');
  const ds = await readBytes(src);
  const out = await labelledCsvBytes(byteSourceFromBytes(src), ds, assign(ds));
  assert.deepEqual(text(await readBytes(out), 'name').values, ['a, b', 'c']);
});

test('a UTF-16 file with a stray last byte exports aligned, the stray byte copied back last', async () => {
  const utf16le = (s: string) => new Uint8Array(Buffer.from(s, 'utf16le'));
  const withStray = (body: string) => new Uint8Array(Buffer.concat([Uint8Array.of(0xff, 0xfe), utf16le(body), Uint8Array.of(0x41)]));
  const a: ClusterAssignment = { k: 1, labels: [0, 0], probabilities: new Float64Array([1, 1]), rowIndex: new Int32Array([0, 1]) };
  for (const [body, expected] of [
    ['a,b\n1.5,2\n3,4.5\n', 'a,b,cluster,p_cluster1,certainty\n1.5,2,1,1,1\n3,4.5,1,1,1\n'],
    ['a,b\n1.5,2\n3,4.5', 'a,b,cluster,p_cluster1,certainty\n1.5,2,1,1,1\n3,4.5,1,1,1'],
  ]) {
    const original = withStray(body!);
    const ds = await readBytes(original);
    assert.equal(ds.report.strayTrailingByte, true);
    for (const chunk of [1, 2, 3, 64]) {
      const out = await labelledCsvBytes(byteSourceFromBytes(original, chunk), ds, a);
      assert.deepEqual(out, withStray(expected!), `chunk ${chunk}`);
    }
  }
});

test('a Windows-1252 file exports its own bytes plus the cells; a line of no-break spaces stays a blank line', async () => {
  const latin = (s: string) => Uint8Array.from(s, c => c.charCodeAt(0));
  const original = latin('temp\u00e9rature,x\n21.5,1\n\u00a0\u00a0\n19,2\n');
  const ds = await readBytes(original);
  assert.equal(ds.dialect.encoding, 'windows-1252');
  assert.equal(ds.nRows, 2);
  const a: ClusterAssignment = { k: 1, labels: [0, 0], probabilities: new Float64Array([1, 1]), rowIndex: new Int32Array([0, 1]) };
  for (const chunk of [1, 3, 64]) {
    const out = await labelledCsvBytes(byteSourceFromBytes(original, chunk), ds, a);
    assert.deepEqual(out, latin('temp\u00e9rature,x,cluster,p_cluster1,certainty\n21.5,1,1,1,1\n\u00a0\u00a0\n19,2,1,1,1\n'), `chunk ${chunk}`);
  }
});
