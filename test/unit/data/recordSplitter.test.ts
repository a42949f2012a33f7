import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import Papa from 'papaparse';
import { RecordSplitter, withUniformTerminators, type Newline, type RecordBatch } from '../../../src/data/recordSplitter';
import { CsvError } from '../../../src/data/csvError';

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** Feeds the UTF-8 bytes of `text` in pieces of `pieceSize` bytes (cutting characters too) and collects the batches. */
function batches(text: string, delimiter: string, newline: Newline, pieceSize: number, countFields = false): RecordBatch[] {
  const s = new RecordSplitter(delimiter, newline, undefined, countFields);
  const bytes = new TextEncoder().encode(text);
  const out: RecordBatch[] = [];
  for (let at = 0; at < bytes.length; at += pieceSize) { const b = s.push(bytes.subarray(at, at + pieceSize)); if (b) { out.push(b); } }
  const last = s.finish();
  if (last) { out.push(last); }
  return out;
}

/** Splits text fed in pieces of `pieceSize` and returns each record's text and field count. */
function split(text: string, delimiter: string, newline: Newline, pieceSize: number, countFields = true): { records: string[]; fields: number[]; lines: number[] } {
  const records: string[] = [], fields: number[] = [], lines: number[] = [];
  for (const b of batches(text, delimiter, newline, pieceSize, countFields)) {
    const index = b.index;
    for (let i = 0; i < b.count; i++) { records.push(utf8.decode(b.bytes.subarray(index.starts[i], index.ends[i]))); fields.push(index.fields[i]!); lines.push(index.lines[i]!); }
  }
  return { records, fields, lines };
}

/** Rows of each batch parsed on its own, as the reader does. */
function batchRows(text: string, delimiter: string, newline: Newline, pieceSize: number): string[][] {
  const parser = new Papa.Parser({ delimiter, newline, quoteChar: '"' });
  const rows: string[][] = [];
  for (const b of batches(text, delimiter, newline, pieceSize)) {
    const batchText = utf8.decode(withUniformTerminators(b, 0, newline));
    const got = batchText === '' ? [['']] : parser.parse(batchText, 0, b.endsWithTerminator).data as string[][];
    assert.equal(got.length, b.count);
    rows.push(...got);
  }
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

test('a lone LF in a CRLF file ends a record too, but not inside quotes', () => {
  for (const piece of [1, 2, 100]) {
    const r = split('a,b\r\n1,2\n"x\ny",4\r\n"5"\n6,7', ',', '\r\n', piece);
    assert.deepEqual(r.records, ['a,b', '1,2', '"x\ny",4', '"5"', '6,7']);
    assert.deepEqual(r.lines, [1, 2, 3, 5, 6]);
  }
});

test('a file without a final newline still yields its last record', () => {
  assert.deepEqual(split('a,b\n1,2', ',', '\n', 100).records, ['a,b', '1,2']);
});

test('an unclosed quote longer than the limit is explained, not read forever', () => {
  const s = new RecordSplitter(',', '\n', 1000);
  assert.throws(() => { for (let i = 0; i < 100; i++) { s.push(new TextEncoder().encode('x,"never closed ' + 'y'.repeat(50))); } },
    (e: unknown) => e instanceof CsvError && e.code === 'record-too-long' && /quote/.test(e.message));
});

test('records and field counts agree with papaparse on arbitrary text, cut anywhere', () => {
  const alphabet = fc.constantFrom('a', 'b', ',', ';', '"', '\n', '\r', '\r\n', ' ', '\t', '\u00a0', '\u3000', 'é', '""', '",');
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
      // In a CRLF file a lone LF ends a line too: papaparse agrees once every LF is spelled CRLF
      // (inside quotes that changes the cell, not the records).
      const uniform = newline === '\r\n' ? text.replace(/(?<!\r)\n/g, '\r\n') : text;
      const theirs = Papa.parse<string[]>(uniform, { delimiter, newline, quoteChar: '"' }).data;
      // Papaparse reports a final empty row after a trailing newline; we do not.
      if (theirs.length > 0 && uniform.endsWith(newline) && theirs[theirs.length - 1]!.length === 1 && theirs[theirs.length - 1]![0] === '') { theirs.pop(); }
      assert.deepEqual(ours.fields, theirs.map(r => r.length), JSON.stringify(text));
      // The batches, parsed as the reader parses them, give papaparse's rows for the whole text.
      const rows = batchRows(text, delimiter, newline, piece).map(r => r.map(cell => newline === '\r\n' ? cell.replace(/(?<!\r)\n/g, '\r\n') : cell));
      assert.deepEqual(rows, theirs, JSON.stringify(text));
    }), { numRuns: 3000 });
});

test('invalid UTF-8 splits as its decoded text does: a broken character is one replacement, never a line break', () => {
  const bytePart = fc.constantFrom([0x61], [0x2c], [0x22], [0x0a], [0x0d], [0x20], [0xc2], [0xa0], [0xc2, 0xa0], [0xe3, 0x80], [0xe3, 0x80, 0x80], [0x80], [0xff], [0xf0, 0x9f]);
  fc.assert(fc.property(fc.array(bytePart, { maxLength: 40 }), fc.constantFrom<Newline>('\n', '\r\n', '\r'), fc.integer({ min: 1, max: 7 }), (parts, newline, piece) => {
    const bytes = new Uint8Array(parts.flat());
    const s = new RecordSplitter(',', newline);
    const fields: number[] = [];
    const take = (b: RecordBatch | undefined): void => { if (b) { fields.push(...b.index.fields); } };
    const counted = new RecordSplitter(',', newline, undefined, true);
    const countedFields: number[] = [];
    for (let at = 0; at < bytes.length; at += piece) {
      take(s.push(bytes.subarray(at, at + piece)));
      const b = counted.push(bytes.subarray(at, at + piece));
      if (b) { countedFields.push(...b.index.fields); }
    }
    take(s.finish());
    const last = counted.finish();
    if (last) { countedFields.push(...last.index.fields); }
    const text = utf8.decode(bytes);
    const uniform = newline === '\r\n' ? text.replace(/(?<!\r)\n/g, '\r\n') : text;
    const theirs = Papa.parse<string[]>(uniform, { delimiter: ',', newline, quoteChar: '"' }).data;
    if (theirs.length > 0 && uniform.endsWith(newline) && theirs[theirs.length - 1]!.length === 1 && theirs[theirs.length - 1]![0] === '') { theirs.pop(); }
    assert.equal(fields.length, theirs.length, JSON.stringify(text));
    assert.deepEqual(countedFields, theirs.map(r => r.length), JSON.stringify(text));
  }), { numRuns: 3000 });
});
