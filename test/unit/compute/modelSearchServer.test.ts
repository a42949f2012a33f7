// "Find best model" in the Node fit worker runs on the cell pool (modelSearchServer.ts): the cells
// arrive in the result's order whatever thread finished them first, the same bits as one thread.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FromWorker } from '../../../src/compute/messages';
import { runModelSearch, type ModelSearchRequest } from '../../../src/compute/modelSearchJob';
import { orderCellsForClaims } from '../../../src/compute/parallel/cellOrder';
import { createModelSearchServer } from '../../../src/compute/parallel/modelSearchServer';
import { Random } from '../../../src/core/random';

const outDir = path.resolve('test-out/model-search-server');
const cellWorkerPath = path.join(outDir, 'modelSearchWorker.js');
before(async () => {
  fs.mkdirSync(outDir, { recursive: true });
  await esbuild.build({ bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning', entryPoints: ['src/compute/parallel/modelSearchWorker.ts'], outfile: cellWorkerPath });
});

function request(n: number): ModelSearchRequest {
  const r = new Random(4);
  const d = 2;
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) { const c = i % 3; data[i * d] = 8 * c + r.nextNormal(); data[i * d + 1] = 3 * c * c + 2 * r.nextNormal(); }
  return { data, nSamples: n, nFeatures: d, standardize: true, models: ['EII', 'VEV', 'VVV'], kMax: 4, seed: 0, regCovar: 1e-6 };
}

test('the threads claim each model\'s largest k first, model by model, every cell once', () => {
  const cells = ['EII', 'VVV'].flatMap(model => [1, 2, 3].map(k => ({ model: model as 'EII' | 'VVV', k })));
  assert.deepEqual(orderCellsForClaims(cells).map(at => `${cells[at]!.model}${cells[at]!.k}`), ['EII3', 'EII2', 'EII1', 'VVV3', 'VVV2', 'VVV1']);
});

test('a search served on 2 threads posts every cell in the result\'s order, then the final cells, the same bits as one thread; the kept pool serves the next', async () => {
  const server = createModelSearchServer(2, cellWorkerPath);
  after(() => server.dispose());
  for (const n of [400, 700]) {
    const ask = request(n);
    const expected: string[] = [];
    const cells = runModelSearch({ ...ask, data: ask.data.slice() }, cell => expected.push(`${cell.model}${cell.k}`));
    const posted: FromWorker[] = [];
    await server.serve({ ...ask, data: ask.data.slice() }, m => posted.push(m));
    const streamed = posted.filter(m => m.type === 'searched').map(m => (m.type === 'searched' ? `${m.cell.model}${m.cell.k}` : ''));
    assert.deepEqual(streamed, expected, `n = ${n}: streamed in the result's order`);
    const done = posted.at(-1)!;
    assert.equal(done.type, 'searchDone');
    assert.deepStrictEqual(done.type === 'searchDone' ? done.cells : [], cells, `n = ${n}: the final cells`);
  }
});

test('a search that fails posts an error (not a crash), and the next search gets new threads', async () => {
  const server = createModelSearchServer(2, cellWorkerPath);
  after(() => server.dispose());
  const posted: FromWorker[] = [];
  await server.serve({ ...request(300), kMax: 0 }, m => posted.push(m));
  assert.deepEqual(posted.map(m => m.type), ['error']);
  const again: FromWorker[] = [];
  await server.serve(request(300), m => again.push(m));
  assert.equal(again.at(-1)!.type, 'searchDone');
});
