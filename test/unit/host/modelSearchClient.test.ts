// "Find best model" in a real fit worker (dist/worker.js): cells stream in as they are done, the
// worker's thread pool gives what one thread gives, and a cancel ends the worker at once.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import type { ModelSearchCell } from '../../../src/core/mixtureModels/modelSearch';
import { Random } from '../../../src/core/random';
import { runModelSearch, type ModelSearchRequest } from '../../../src/compute/modelSearchJob';
import { startInProcessModelSearch, startWorkerModelSearch } from '../../../src/host/modelSearchClient';
import { nodeWorkerPort } from '../../../src/host/nodeWorkerPort';
import { FitCancelledError } from '../../../src/host/pure/computeClient';
import { dataForWorker } from '../../../src/host/pure/workerPort';
import { WorkerKeeper } from '../../../src/host/workerKeeper';
import { builtBundle } from '../builtBundle';

const workerScript = builtBundle('dist/worker.js');

function realWorkers(exits: Promise<number>[]): WorkerKeeper {
  return new WorkerKeeper(() => {
    const worker = new Worker(workerScript);
    exits.push(new Promise(resolve => worker.on('exit', resolve)));
    return nodeWorkerPort(worker);
  });
}

/** Three stretched clusters in 3 columns; 17,000 rows × 3 are past the pool's threshold (all cores). */
function request(nSamples: number, overrides: Partial<ModelSearchRequest> = {}): ModelSearchRequest {
  const random = new Random(7);
  const d = 3;
  const data = new Float64Array(nSamples * d);
  for (let i = 0; i < nSamples; i++) {
    const c = i % 3;
    const t = 4 * random.nextNormal();
    data[i * d] = 10 * c + t;
    data[i * d + 1] = 6 * c + 0.5 * t + random.nextNormal();
    data[i * d + 2] = c * c + random.nextNormal();
  }
  return { data, nSamples, nFeatures: d, standardize: true, models: ['EII', 'VEV', 'VVV'], kMax: 3, seed: 0, regCovar: 1e-6, ...overrides };
}

describe('Find best model in a worker thread', () => {
  test('streams every (model, k), resolves with the final cells, bit-identical to one thread', async () => {
    const exits: Promise<number>[] = [];
    const workers = realWorkers(exits);
    const ask = request(17_000, { models: ['EII', 'VVV'], kMax: 2 });
    const expected = runModelSearch({ ...ask, data: ask.data.slice() }, () => {});
    const streamed: string[] = [];
    const run = startWorkerModelSearch('worker_threads', workers, { ...ask, data: dataForWorker(ask.data) }, cell => streamed.push(`${cell.model}${cell.k}`));
    const cells = await run.done;
    assert.deepEqual(streamed, ['EII1', 'EII2', 'VVV1', 'VVV2']);
    const scores = (list: ModelSearchCell[]) => list.map(c => [c.model, c.k, c.status, c.logLikelihood, c.bic, c.icl]);
    assert.deepEqual(scores(cells), scores(expected), 'the pool\'s scores are one thread\'s, bit for bit');
    workers.dispose();
    await exits[0];
  });

  test('a cancel ends the worker at once and rejects with FitCancelledError; the cells so far stand', async () => {
    const exits: Promise<number>[] = [];
    const seen: string[] = [];
    const run = startWorkerModelSearch('worker_threads', realWorkers(exits), { ...request(3000), kMax: 6 }, cell => {
      seen.push(`${cell.model}${cell.k}`);
      if (seen.length === 2) { run.cancel(); }
    });
    await assert.rejects(run.done, FitCancelledError);
    await exits[0];
    assert.deepEqual(seen, ['EII1', 'EII2']);
  });

  test('in the extension host (no worker) a cancel before it starts stops it', async () => {
    const seen: ModelSearchCell[] = [];
    const run = startInProcessModelSearch(request(300), cell => seen.push(cell));
    assert.equal(run.ranIn, 'extension-host');
    run.cancel();
    await assert.rejects(run.done, FitCancelledError);
    assert.equal(seen.length, 0);
  });
});
