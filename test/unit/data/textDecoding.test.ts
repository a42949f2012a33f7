// The encodings a CSV arrives in: what is read, what is named and refused, and where.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readBytes } from './helpers';
import { CsvError } from '../../../src/data/csvError';
import { decodeWindows1252 } from '../../../src/data/textDecoding';

function utf16le(text: string): Uint8Array { return new Uint8Array(Buffer.from(text, 'utf16le')); }
function utf32(text: string, bigEndian: boolean): Uint8Array {
  const points = [...text].map(c => c.codePointAt(0)!);
  const out = new Uint8Array(points.length * 4);
  const view = new DataView(out.buffer);
  points.forEach((p, i) => view.setUint32(i * 4, p, !bigEndian));
  return out;
}
function join(...parts: Uint8Array[]): Uint8Array { return new Uint8Array(Buffer.concat(parts)); }

async function refusal(bytes: Uint8Array, chunk?: number, fastPath = true): Promise<CsvError> {
  try { await readBytes(bytes, { fastPath }, chunk); } catch (e) { if (e instanceof CsvError) { return e; } throw e; }
  assert.fail('the file should have been refused');
}

test('UTF-32 with a byte order mark is named as UTF-32, little- and big-endian, not read as UTF-16', async () => {
  for (const [bom, bigEndian, endian] of [[[0xff, 0xfe, 0, 0], false, 'little'], [[0, 0, 0xfe, 0xff], true, 'big']] as const) {
    const e = await refusal(join(Uint8Array.from(bom), utf32('a,b\n1,2\n3,4\n', bigEndian)));
    assert.equal(e.code, 'unsupported-encoding');
    assert.match(e.message, new RegExp(`UTF-32 text \\(${endian}-endian`));
    assert.match(e.hint, /UTF-8/);
  }
});

test('UTF-32 without a byte order mark is named as UTF-32 too', async () => {
  for (const bigEndian of [false, true]) {
    const e = await refusal(utf32('a,b\n1,2\n3,4\n5,6\n', bigEndian));
    assert.equal(e.code, 'unsupported-encoding');
    assert.match(e.message, /UTF-32/);
  }
});

test('a NUL byte far past the first 8 KB is found, with its line, whatever the chunks and the path', async () => {
  const rows = 'x,y\n' + '1.5,2.5\n'.repeat(20000);
  const bytes = new TextEncoder().encode(rows);
  const at = 100_004;
  bytes[at] = 0;
  for (const chunk of [4096, 1 << 16, 1 << 20]) {
    for (const fastPath of [true, false]) {
      const e = await refusal(bytes, chunk, fastPath);
      assert.equal(e.code, 'binary-file');
      assert.match(e.message, /a NUL character in the record on line 12,502/);
    }
  }
  // Past the head (a 9,000-character first column name): inside a quoted cell (the papaparse
  // path), and alone in a cell of a one-column file.
  for (const csv of ['x,y\n1,"a\nb"\n2,"c\u0000"\n', 'x\n1\n\u0000\n2\n']) {
    const e = await refusal(new TextEncoder().encode('z'.repeat(9000) + csv));
    assert.equal(e.code, 'binary-file', csv);
    assert.match(e.message, /on line [34]\b/, csv);
  }
});

test('binary data is refused even when it arrives one byte at a time', async () => {
  const e = await refusal(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x31, 0x2c), 1);
  assert.equal(e.code, 'binary-file');
});

test('a NUL character in a UTF-16 file is refused as binary', async () => {
  const e = await refusal(join(Uint8Array.of(0xff, 0xfe), utf16le('a,b\n1,2\n3,\u00004\n')));
  assert.equal(e.code, 'binary-file');
  assert.match(e.message, /NUL character in the record on line 3/);
});

test('a UTF-16 file of an odd number of bytes leaves its stray last byte out and says so', async () => {
  for (const body of ['a,b\n1,2\n3,4\n', 'a,b\n1,2\n3,4']) {
    for (const chunk of [1, 3, 1 << 16]) {
      const ds = await readBytes(join(Uint8Array.of(0xff, 0xfe), utf16le(body), Uint8Array.of(0x41)), {}, chunk);
      assert.equal(ds.nRows, 2);
      assert.equal(ds.report.raggedRows, 0, 'the stray byte is no row');
      assert.equal(ds.report.invalidSequences, 0);
      assert.equal(ds.report.strayTrailingByte, true);
      assert.match(ds.report.warnings.join(' '), /odd number of bytes/);
    }
  }
  const even = await readBytes(join(Uint8Array.of(0xff, 0xfe), utf16le('a\n1\n')));
  assert.equal(even.report.strayTrailingByte, false);
});

test('Windows-1252 decodes its 0x80–0x9F range as Windows-1252, not Latin-1', () => {
  assert.equal(decodeWindows1252(Uint8Array.of(0x80, 0x93, 0x94, 0x96, 0x99, 0xe9, 0x41)), '€“”–™éA');
});
