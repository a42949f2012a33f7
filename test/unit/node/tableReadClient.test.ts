// A local table read in a worker thread (dist/readerWorker.js) for the Node extension host.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { byteSourceFromBytes } from '../../../src/data/byteSource';
import { CsvError } from '../../../src/data/csvError';
import { readTable } from '../../../src/data/readTable';
import { readTableInWorker } from '../../../src/node/tableReadClient';
import { builtBundle } from '../builtBundle';

const readerScript = builtBundle('dist/readerWorker.js');
const penguins = path.resolve('media/samples/penguins.csv');

function tempFile(name: string, bytes: string | Uint8Array): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-lens-read-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

describe('a table read in a worker thread', () => {
  test('is the table read on this thread, its numeric columns in shared memory', async () => {
    const progress: number[] = [];
    const dataset = await readTableInWorker(readerScript, penguins, { fileName: 'penguins.csv', onProgress: bytes => progress.push(bytes) });
    const here = await readTable(byteSourceFromBytes(fs.readFileSync(penguins)), { fileName: 'penguins.csv' });
    assert.equal(dataset.nRows, here.nRows);
    assert.deepEqual(dataset.report.warnings, here.report.warnings);
    assert.deepEqual(dataset.dialect, here.dialect);
    assert.equal(dataset.columns.length, here.columns.length);
    for (const [j, column] of dataset.columns.entries()) {
      const own = here.columns[j]!;
      assert.equal(column.kind, own.kind);
      assert.equal(column.name, own.name);
      if (column.kind === 'numeric') { assert.ok(column.values.buffer instanceof SharedArrayBuffer, column.name); }
      assert.deepEqual([...column.values], [...own.values], column.name);
    }
    assert.ok(progress.length > 0, 'progress was reported');
  });

  test('rejects with the reader\'s own CsvError (code, sentence and hint) for a file it refuses', async () => {
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 1, 2, 3, 0, 0, 0]);
    const here = await readTable(byteSourceFromBytes(bytes), { fileName: 'binary.csv' }).then(() => undefined, (err: unknown) => err);
    assert.ok(here instanceof CsvError, 'the reader refuses a binary file');
    const file = tempFile('binary.csv', bytes);
    await assert.rejects(readTableInWorker(readerScript, file, { fileName: 'binary.csv' }),
      (err: unknown) => err instanceof CsvError && err.code === here.code && err.message === here.message && err.hint === here.hint);
  });

  test('stops at once when cancelled: rejects as cancelled', async () => {
    const abort = new AbortController();
    const reading = readTableInWorker(readerScript, penguins, { fileName: 'penguins.csv', signal: abort.signal });
    abort.abort();
    await assert.rejects(reading, (err: unknown) => err instanceof CsvError && err.code === 'cancelled');
  });

  test('that runs out of memory ends the worker with a sentence; this thread goes on', async () => {
    // unique text cells, far more than a 10 MB heap holds (below the reader's own 16 MB floor for text: V8 gives out first)
    const lines = ['id,x'];
    for (let i = 0; i < 400_000; i++) { lines.push(`row-${i}-${'abcdefghij'.repeat(3)},${i}`); }
    const file = tempFile('big.csv', lines.join('\n'));
    await assert.rejects(readTableInWorker(readerScript, file, { fileName: 'big.csv', resourceLimits: { maxOldGenerationSizeMb: 10, maxYoungGenerationSizeMb: 2 } }),
      (err: unknown) => err instanceof CsvError && err.code === 'too-large' && /needs more memory to read/.test(err.message));
    assert.equal((await readTableInWorker(readerScript, penguins, { fileName: 'penguins.csv' })).nRows, 344, 'the next read works');
  });
});
