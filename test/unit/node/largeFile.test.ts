// A file five times the heap is labelled for the view in that heap: the pass keeps the profiles of
// all rows and the offsets of every 64th row, and any row is read back from the file by offset.
// The test runs itself again as a child with --max-old-space-size=64 (this bundle, in child mode),
// as the streaming label's own test does.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import type { PortableModel } from '../../../src/core/portableModel';
import { Random } from '../../../src/core/random';
import { byteSourceFromText } from '../../../src/data/byteSource';
import { readCsv } from '../../../src/data/csvReader';
import { applyModelToDataset } from '../../../src/data/appliedLabels';
import { computeClusterProfiles } from '../../../src/host/pure/clusterProfiles';
import { labelLargeFile, readLargeFileRows } from '../../../src/node/largeFile';

const MODEL: PortableModel = {
  algorithm: 'gmm', nComponents: 2, nFeatures: 2, weights: Float64Array.of(0.5, 0.5), means: Float64Array.of(0, 0, 4, 1),
  covariances: Float64Array.of(1, 0, 0, 1, 1, 0.3, 0.3, 1), scaling: null,
};
const HEADER = 'x,y,site,id\n';

/** 20,000 rows, two clusters, a text column of 12 values: the file repeats it. */
function block(): string {
  const random = new Random(3);
  let text = '';
  for (let i = 0; i < 20_000; i++) {
    const c = i % 2;
    text += `${(4 * c + random.nextNormal()).toFixed(5)},${(c + random.nextNormal()).toFixed(5)},site-${i % 12},${i}\n`;
  }
  return text;
}

interface ChildReport { rows: number; sizes: number[]; means: number[][]; top: string[]; page: string[]; peakRss: number }

async function child(file: string): Promise<void> {
  const columns = (await readCsv(byteSourceFromText(HEADER + '1,2,a,3\n'))).columns;
  const pass = await labelLargeFile(file, MODEL, { tableColumns: columns, modelColumns: ['x', 'y'] });
  // The last row of the file and its neighbours, read back by offset.
  const last = pass.summary.rows - 1;
  const page = await readLargeFileRows(file, pass.layout, last - 2, 3);
  const ids = page.dataset.columns[3]!;
  const report: ChildReport = {
    rows: pass.summary.rows, sizes: Array.from(pass.profiles.sizes),
    means: pass.profiles.columns.slice(0, 2).map(c => (c.kind === 'numeric' ? Array.from(c.means) : [])),
    top: pass.profiles.columns[2]!.kind === 'text' ? pass.profiles.columns[2]!.top[0]!.map(t => t.value) : [],
    page: [0, 1, 2].map(i => String(ids.values[page.skip + i])),
    // Typed arrays live outside the heap the limit bounds: the process's peak resident set says what it held.
    peakRss: process.resourceUsage().maxRSS * 1024,
  };
  process.stdout.write(JSON.stringify(report));
}

if (process.env.LARGE_FILE_CHILD) {
  await child(process.env.LARGE_FILE_CHILD);
} else {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-lens-large-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a file five times the heap is labelled for the view in that heap, its profiles and rows those of its block', async () => {
    const body = block();
    const copies = Math.ceil(350e6 / body.length);
    const file = path.join(dir, 'big.csv');
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, HEADER);
    for (let i = 0; i < copies; i++) { fs.writeSync(fd, body); }
    fs.closeSync(fd);
    const r = spawnSync(process.execPath, ['--max-old-space-size=64', process.argv[1]!], {
      encoding: 'utf8', timeout: 900_000, env: { ...process.env, LARGE_FILE_CHILD: file },
    });
    assert.equal(r.status, 0, `exit ${r.status} ${r.signal ?? ''}: ${r.stderr.slice(0, 600)}`);
    const report = JSON.parse(r.stdout) as ChildReport;
    const size = fs.statSync(file).size;
    assert.ok(size > 5 * 64 * 2 ** 20, 'the file is five times the old space');
    // Node itself, one 8 MB window a few times over (bytes, parsed rows, labels) and the heap: about
    // 210 MB here, whatever the file's size (the heap's live data falls back to ~9 MB between windows).
    assert.ok(report.peakRss < 256 * 2 ** 20, `peak resident set ${(report.peakRss / 1e6).toFixed(0)} MB for a ${(size / 1e6).toFixed(0)} MB file`);
    // The block's own profile, in memory: every copy adds the same rows.
    const small = await readCsv(byteSourceFromText(HEADER + body));
    const applied = applyModelToDataset(MODEL, small, ['x', 'y']);
    const expected = computeClusterProfiles(small, Int32Array.from(applied.labels), applied.rowIndex, 2);
    assert.equal(report.rows, 20_000 * copies);
    assert.deepEqual(report.sizes, Array.from(expected.sizes, s => s * copies));
    expected.columns.slice(0, 2).forEach((c, j) => {
      assert.ok(c.kind === 'numeric');
      c.means.forEach((m, k) => assert.ok(Math.abs(report.means[j]![k]! - m) < 1e-9 * Math.max(1, Math.abs(m)), `mean of ${c.name} in cluster ${k + 1}`));
    });
    const top = expected.columns[2]!;
    assert.ok(top.kind === 'text');
    assert.deepEqual(report.top, top.top[0]!.map(t => t.value));
    assert.deepEqual(report.page, ['19997', '19998', '19999'], 'the last rows of the file, read by offset');
  });
}
