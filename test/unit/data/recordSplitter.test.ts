import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import Papa from 'papaparse';
import { RecordSplitter, type Newline, type RecordBatch } from '../../../src/data/recordSplitter';
import { CsvError } from '../../../src/data/csvError';

/** Splits text fed in pieces of `pieceSize` and returns each record's text and field count. */
function split(text: string, delimiter: string, newline: Newline, pieceSize: number, countFields = true): { records: string[]; fields: number[]; lines: number[] } {
  const s = new RecordSplitter(delimiter, newline, undefined, countFields);
  const records: string[] = [], fields: number[] = [], lines: number[] = [];
  const take = (b: RecordBatch | undefined) => {
    if (!b) { return; }
    for (let i = 0; i < b.count; i++) { records.push(b.text.slice(b.starts[i], b.ends[i])); fields.push(b.fields[i]!); lines.push(b.lines[i]!); }
  };
  for (let at = 0; at < text.length; at += pieceSize) { take(s.push(text.slice(at, at + pieceSize))); }
  take(s.finish());
  return { records, fields, lines };
}

/** Rows of each batch parsed on its own, as the reader does. */
function batchRows(text: string, delimiter: string, newline: Newline, pieceSize: number): string[][] {
  const s = new RecordSplitter(delimiter, newline);
  const parser = new Papa.Parser({ delimiter, newline, quoteChar: '"' });
  const rows: string[][] = [];
  const take = (b: RecordBatch | undefined) => {
    if (!b) { return; }
    const got = b.text === '' ? [['']] : parser.parse(b.text, 0, b.endsWithTerminator).data as string[][];
    assert.equal(got.length, b.count);
    rows.push(...got);
  };
  for (let at = 0; at < text.length; at += pieceSize) { take(s.push(text.slice(at, at + pieceSize))); }
  take(s.finish());
  return rows;
}

test('records end at newlines outside quotes and keep quoted newlines inside', () => {
  const r = split('a,"b\nc",d\n1,2,3\n', ',', '\n', 4);
  assert.deepEqual(r.records, ['a,"b\nc",d', '1,2,3']);
  assert.deepEqual(r.fields, [3, 3]);
  assert.deepEqual(r.lines, [1, 3]);
});

test('a CRLF split between two pieces still ends one record', () => {
  const r = split('a,b\r\n1,2\r\n', ',', '\r\n', 4);
  assert.deepEqual(r.records, ['a,b', '1,2']);
});

test('a lone CR in a CRLF file is part of the field', () => {
  assert.deepEqual(split('a\rb,c\r\nd,e', ',', '\r\n', 1).records, ['a\rb,c', 'd,e']);
});

test('a file without a final newline still yields its last record', () => {
  assert.deepEqual(split('a,b\n1,2', ',', '\n', 100).records, ['a,b', '1,2']);
});

test('an unclosed quote longer than the limit is explained, not read forever', () => {
  const s = new RecordSplitter(',', '\n', 1000);
  assert.throws(() => { for (let i = 0; i < 100; i++) { s.push('x,"never closed ' + 'y'.repeat(50)); } },
    (e: unknown) => e instanceof CsvError && e.code === 'record-too-long' && /quote/.test(e.message));
});

test('records and field counts agree with papaparse on arbitrary text, cut anywhere', () => {
  const alphabet = fc.constantFrom('a', 'b', ',', ';', '"', '\n', '\r', '\r\n', ' ', '\t', '\u00a0', '""', '",');
  fc.assert(fc.property(
    fc.array(alphabet, { maxLength: 60 }).map(cs => cs.join('')),
    fc.constantFrom<Newline>('\n', '\r\n', '\r'),
    fc.constantFrom(',', ';', '\t'),
    fc.integer({ min: 1, max: 9 }),
    (text, newline, delimiter, piece) => {
      const ours = split(text, delimiter, newline, piece);
      const quick = split(text, delimiter, newline, piece, false);
      assert.deepEqual(quick.records, ours.records);
      assert.deepEqual(quick.lines, ours.lines);
      const theirs = Papa.parse<string[]>(text, { delimiter, newline, quoteChar: '"' }).data;
      // Papaparse reports a final empty row after a trailing newline; we do not.
      if (theirs.length > 0 && text.endsWith(newline) && theirs[theirs.length - 1]!.length === 1 && theirs[theirs.length - 1]![0] === '') { theirs.pop(); }
      assert.deepEqual(ours.fields, theirs.map(r => r.length), JSON.stringify(text));
      // The batches, parsed as the reader parses them, give papaparse's rows for the whole text.
      assert.deepEqual(batchRows(text, delimiter, newline, piece), theirs, JSON.stringify(text));
    }), { numRuns: 3000 });
});
