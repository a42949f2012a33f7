// The fast scanner must be invisible: every file reads to the same Dataset from its bytes as
// through papaparse on the decoded text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import fc from 'fast-check';
import { fixture, fixtureDir, numeric, readBytes, readText, text } from './helpers';
import { readCsv, type Dataset } from '../../../src/data/csvReader';
import { byteSourceFromBytes } from '../../../src/data/byteSource';

async function both(read: (fastPath: boolean) => Promise<Dataset>): Promise<void> {
  let fast: Dataset | Error, slow: Dataset | Error;
  try { fast = await read(true); } catch (e) { fast = e as Error; }
  try { slow = await read(false); } catch (e) { slow = e as Error; }
  if (fast instanceof Error || slow instanceof Error) { assert.deepEqual(fast, slow); return; }
  assert.deepEqual({ ...fast.report, fastPathBatches: 0 }, { ...slow.report, fastPathBatches: 0 });
  assert.deepEqual(fast.columns, slow.columns);
  assert.deepEqual([fast.nRows, fast.dialect], [slow.nRows, slow.dialect]);
}

test('every fixture and sample reads the same from the bytes as through papaparse, however the bytes are cut', async () => {
  const files = fs.readdirSync(fixtureDir).map(name => ({ name, bytes: fixture(name) }));
  for (const name of ['penguins.csv', 'blobs.csv']) { files.push({ name, bytes: new Uint8Array(fs.readFileSync(`media/samples/${name}`)) }); }
  for (const { name, bytes } of files) {
    for (const chunk of [1, 3, 1 << 16]) {
      await both(fastPath => readBytes(bytes, { fileName: name, fastPath }, chunk));
    }
  }
});

test('plain numeric files do take the fast path', async () => {
  const ds = await readBytes(new Uint8Array(fs.readFileSync('media/samples/blobs.csv')));
  assert.equal(ds.report.fastPathBatches, 1);
});

const numberSpelling = fc.oneof(
  fc.double({ noNaN: true }).map(String),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(x => x.toFixed(4)),
  fc.integer().map(String),
  fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }).map(String),
  fc.tuple(fc.integer({ min: 0, max: 999999 }), fc.integer({ min: 0, max: 30 })).map(([m, z]) => `0.${'0'.repeat(z)}${m}`),
  fc.constantFrom('', 'NA', 'nan', '-0', '+5', '.5', '5.', '.', '-', '1e5', '1e-5', '1E+400', ' 7 ', 'x', '1,5', '00012', '1.2.3', '0e999', 'Infinity', '-inf'),
  fc.constantFrom('999999999999999', '1000000000000000', '0.000000000000000000001', '0.0000000000000000000001', '-.5', '+.', '5\r', '\u00a0', '\u00a07', 'é', '\ufeff1', '１'),
);

test('single cells of every spelling read the same with and without the fast path', async () => {
  await fc.assert(fc.asyncProperty(fc.array(numberSpelling, { minLength: 1, maxLength: 40 }), async cells => {
    await both(fastPath => readText('h\n' + cells.join('\n') + '\n', { fastPath }));
    await both(fastPath => readText('h\n' + cells.join('\n') + '\n', { fastPath }, 5));
  }), { numRuns: 1000 });
});

test('random numeric tables read the same with and without the fast path, whatever the line breaks', async () => {
  await fc.assert(fc.asyncProperty(
    fc.integer({ min: 1, max: 4 }).chain(w => fc.array(fc.array(numberSpelling, { minLength: w, maxLength: w + (w > 1 ? 1 : 0) }), { minLength: 1, maxLength: 30 })
      .map(rows => ['h' + Array.from({ length: w }, (_, j) => j).join(',h')].concat(rows.map(r => r.join(','))))),
    fc.constantFrom('\n', '\r\n', '\r'),
    fc.boolean(),
    fc.integer({ min: 1, max: 50 }),
    async (lines, newline, finalNewline, chunk) => {
      const csv = lines.join(newline) + (finalNewline ? newline : '');
      await both(fastPath => readText(csv, { fastPath }, chunk));
    },
  ), { numRuns: 400 });
});

test('random bytes, invalid UTF-8 included, read the same with and without the fast path', async () => {
  const part = fc.constantFrom([0x31], [0x2d, 0x32, 0x2e, 0x35], [0x2c], [0x2c], [0x0a], [0x0a], [0x0d, 0x0a], [0x0d], [0x20], [0x4e, 0x41],
    [0xc3, 0xa9], [0xc2, 0xa0], [0xe9], [0x80], [0xef, 0xbf, 0xbd], [0xe3, 0x80], [0xef, 0xbb, 0xbf], [0x22]);
  await fc.assert(fc.asyncProperty(fc.array(part, { maxLength: 60 }), fc.integer({ min: 1, max: 13 }), async (parts, chunk) => {
    const bytes = new Uint8Array([...new TextEncoder().encode('a,b\n'), ...parts.flat()]);
    await both(fastPath => readBytes(bytes, { fastPath }, chunk));
    await both(fastPath => readBytes(bytes, { fastPath, hasHeader: false }, chunk));
  }), { numRuns: 600 });
});

test('invalid UTF-8 is counted once, whichever path reads it', async () => {
  const row = (cell: number[]) => [0x31, 0x2c, ...cell, 0x0a];
  // Mostly valid UTF-8 (é as C3 A9), so the file stays UTF-8 rather than being read as Windows-1252.
  const valid = Array.from({ length: 6 }, () => row([0xc3, 0xa9])).flat();
  const bytes = new Uint8Array([...new TextEncoder().encode('a,b\n'), ...valid, ...row([0xe9]), ...row([0x31]), ...row([0x80, 0x80]), ...row([0xef, 0xbf, 0xbd]), ...row([0xe9, 0x2c])]);
  const expected = [...new TextDecoder().decode(bytes)].filter(c => c === '\ufffd').length - 1;
  for (const chunk of [1, 4, 1 << 16]) {
    for (const fastPath of [true, false]) {
      const ds = await readBytes(bytes, { fastPath }, chunk);
      assert.equal(ds.report.invalidSequences, expected, `chunk ${chunk}, fast path ${fastPath}`);
    }
  }
});

test('a CRLF file without a final newline keeps a CR ending its last cell, as papaparse does', async () => {
  for (const fastPath of [true, false]) {
    const ds = await readText('x,y\r\n1.5,a\r\n3,b\r', { fastPath }, 1 << 16);
    assert.deepEqual(text(ds, 'y').values, ['a', 'b\r']);
    assert.deepEqual([...numeric(ds, 'x').values], [1.5, 3]);
  }
});

test('columns grow as the fast path reads when the file size is unknown', async () => {
  const rows = Array.from({ length: 20000 }, (_, i) => `${i},${i / 8},${i % 7 === 0 ? 'NA' : -i}`);
  const bytes = new TextEncoder().encode(['a,b,c', ...rows].join('\n') + '\n');
  const { totalBytes: _, ...unsized } = byteSourceFromBytes(bytes, 4096);
  const ds = await readCsv(unsized);
  assert.ok(ds.report.fastPathBatches > 1);
  assert.equal(ds.nRows, 20000);
  assert.deepEqual([...numeric(ds, 'b').values], rows.map((_, i) => i / 8));
  assert.deepEqual([...numeric(ds, 'c').values], rows.map((_, i) => (i % 7 === 0 ? NaN : -i)));
  assert.equal(numeric(ds, 'c').missing, Math.ceil(20000 / 7));
});
