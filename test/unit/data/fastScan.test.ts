// The fast scanner must be invisible: every file reads to the same Dataset with and without it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import fc from 'fast-check';
import { fixture, fixtureDir, readBytes, readText } from './helpers';
import type { Dataset } from '../../../src/data/csvReader';

async function both(read: (fastPath: boolean) => Promise<Dataset>): Promise<void> {
  let fast: Dataset | Error, slow: Dataset | Error;
  try { fast = await read(true); } catch (e) { fast = e as Error; }
  try { slow = await read(false); } catch (e) { slow = e as Error; }
  if (fast instanceof Error || slow instanceof Error) { assert.deepEqual(fast, slow); return; }
  assert.deepEqual({ ...fast.report, fastPathBatches: 0 }, { ...slow.report, fastPathBatches: 0 });
  assert.deepEqual(fast.columns, slow.columns);
  assert.deepEqual([fast.nRows, fast.dialect], [slow.nRows, slow.dialect]);
}

test('every fixture and sample reads the same with and without the fast path', async () => {
  const files = fs.readdirSync(fixtureDir).map(name => ({ name, bytes: fixture(name) }));
  for (const name of ['penguins.csv', 'blobs.csv']) { files.push({ name, bytes: new Uint8Array(fs.readFileSync(`media/samples/${name}`)) }); }
  for (const { name, bytes } of files) {
    for (const chunk of [3, 1 << 16]) {
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
);

test('single cells of every spelling read the same with and without the fast path', async () => {
  await fc.assert(fc.asyncProperty(fc.array(numberSpelling, { minLength: 1, maxLength: 40 }), async cells => {
    await both(fastPath => readText('h\n' + cells.join('\n') + '\n', { fastPath }));
    await both(fastPath => readText('h\n' + cells.join('\n') + '\n', { fastPath }, 5));
  }), { numRuns: 1000 });
});

test('random numeric tables read the same with and without the fast path', async () => {
  await fc.assert(fc.asyncProperty(
    fc.integer({ min: 1, max: 4 }).chain(w => fc.array(fc.array(numberSpelling, { minLength: w, maxLength: w + (w > 1 ? 1 : 0) }), { minLength: 1, maxLength: 30 })
      .map(rows => ['h' + Array.from({ length: w }, (_, j) => j).join(',h')].concat(rows.map(r => r.join(','))).join('\n'))),
    fc.integer({ min: 1, max: 50 }),
    async (csv, chunk) => { await both(fastPath => readText(csv, { fastPath }, chunk)); },
  ), { numRuns: 300 });
});
