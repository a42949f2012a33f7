// The model search on several threads, both ways: its row passes over the parallel executor, and
// whole cells over the cell pool (modelSearchPool.ts). The same cells, to the bit, on 1, 2 and 3
// threads, when every row is agglomerated and when the search fits a sample first, then all rows.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ChunkExecutor } from '../../../src/core/chunkExecutor';
import { inThreadExecutor } from '../../../src/core/inThreadExecutor';
import { createDataMatrix, type DataMatrix } from '../../../src/core/dataMatrix';
import { searchModels } from '../../../src/core/mixtureModels/modelSearch';
import { Random } from '../../../src/core/random';
import { createModelSearchPool, searchModelsOnThreads } from '../../../src/compute/parallel/modelSearchPool';
import { createParallelExecutor, type ParallelExecutor } from '../../../src/compute/parallel/pool';

const outDir = path.resolve('test-out/model-search-threads');
const helperPath = path.join(outDir, 'parallelWorker.js');
const cellWorkerPath = path.join(outDir, 'modelSearchWorker.js');
before(async () => {
  fs.mkdirSync(outDir, { recursive: true });
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' } as const;
  await esbuild.build({ ...common, entryPoints: ['src/compute/parallel/worker.ts'], outfile: helperPath });
  await esbuild.build({ ...common, entryPoints: ['src/compute/parallel/modelSearchWorker.ts'], outfile: cellWorkerPath });
});
const pools: ParallelExecutor[] = [];
after(() => { for (const p of pools) { p.dispose(); } });

/** Three stretched groups, offset from the origin (seeded); n not a multiple of the 512-row blocks. */
function groups(n: number): DataMatrix {
  const r = new Random(21);
  const d = 3;
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    for (let j = 0; j < d; j++) { data[i * d + j] = 50 + 6 * c * ((j + c) % 2) + r.nextNormal() * (1 + ((j + c) % 3)); }
  }
  return createDataMatrix(data, n, d);
}

for (const { n, hierarchicalMaxRows, what } of [
  { n: 1300, hierarchicalMaxRows: 2000, what: 'every row agglomerated' },
  { n: 3100, hierarchicalMaxRows: 300, what: 'a sample first, then all rows' },
]) {
  test(`${what}: the search's cells are the same bits on 1, 2 and 3 threads`, () => {
    const X = groups(n);
    const run = (executor: ChunkExecutor) => searchModels(X, { models: ['VVV', 'EVE', 'VVI', 'EEE'], kMax: 4, hierarchicalMaxRows, executor });
    const one = run(inThreadExecutor);
    assert.ok(one.ranking.length > 0);
    for (const threads of [2, 3]) {
      const pool = createParallelExecutor(threads, { workerPath: helperPath });
      pools.push(pool);
      const many = run(pool);
      assert.deepStrictEqual(many.cells, one.cells, `${threads} threads`);
      assert.deepStrictEqual(many.summary, one.summary);
    }
  });
}

test('whole cells on 1, 2 and 3 threads of the cell pool: the same cells, ranking and sentences as the search in this thread, and every cell seen once', async () => {
  for (const { n, hierarchicalMaxRows } of [{ n: 700, hierarchicalMaxRows: 2000 }, { n: 1500, hierarchicalMaxRows: 250 }]) {
    const X = groups(n);
    const options = { models: ['VVV', 'EVE', 'VVI', 'EEE', 'VEV'] as const, kMax: 4, hierarchicalMaxRows };
    const reference = searchModels(X, { ...options, models: [...options.models] });
    for (const threads of [1, 2, 3]) {
      const seen: string[] = [];
      const result = await searchModelsOnThreads(X, { ...options, models: [...options.models], onCell: c => seen.push(`${c.model}${c.k}`) }, threads, { workerPath: cellWorkerPath });
      assert.deepStrictEqual(result, reference, `${threads} threads, n = ${n}`);
      assert.deepEqual([...seen].sort(), reference.cells.map(c => `${c.model}${c.k}`).sort());
    }
  }
});

test('a kept pool runs one search after another with the same results as fresh threads, and refuses two at once', async () => {
  const pool = createModelSearchPool(2, { workerPath: cellWorkerPath });
  try {
    const first = groups(600), second = groups(900);
    const options = { models: ['VVV', 'EEI'] as ('VVV' | 'EEI')[], kMax: 3 };
    const a = pool.search(first, options);
    await assert.rejects(pool.search(second, options), /one search at a time/);
    assert.deepStrictEqual(await a, searchModels(first, options));
    assert.deepStrictEqual(await pool.search(second, options), searchModels(second, options));
  } finally { await pool.dispose(); }
});
