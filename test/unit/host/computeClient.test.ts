import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import type { FitRequest } from '../../../src/core/clusterFit';
import { Random } from '../../../src/core/random';
import { FitCancelledError, startWorkerFit, type WorkerPort } from '../../../src/host/computeClient';

const workerScript = path.join(process.cwd(), 'dist/worker.js');

/** The real fit worker (dist/worker.js) behind the client's port, with its exit observable. */
function spawnRealWorker(exits: Promise<number>[]): () => WorkerPort {
  return () => {
    const worker = new Worker(workerScript);
    exits.push(new Promise(resolve => worker.on('exit', resolve)));
    return {
      post: (message, transfer) => worker.postMessage(message, transfer),
      onMessage: listener => worker.on('message', listener),
      onError: listener => worker.on('error', listener),
      terminate: () => { void worker.terminate(); },
    };
  };
}

function request(nSamples: number, overrides: Partial<FitRequest> = {}): FitRequest {
  const random = new Random(1);
  const d = 6;
  const data = new Float64Array(nSamples * d).map((_, i) => (i % d) + 3 * ((i / d) % 5 | 0) + random.nextNormal());
  return {
    algorithm: 'gmm', nComponents: 8, covarianceType: 'full', nInit: 50, maxIter: 1000, tol: 0, regCovar: 1e-6,
    seed: 0, standardize: false, data, nSamples, nFeatures: d, ...overrides,
  };
}

describe('fits in a worker thread', { skip: !fs.existsSync(workerScript) && 'dist/worker.js is not built' }, () => {
  test('report progress and finish with the model', async () => {
    const exits: Promise<number>[] = [];
    const events: number[] = [];
    const run = startWorkerFit('worker_threads', spawnRealWorker(exits), request(2000, { nInit: 1, maxIter: 50, tol: 1e-3, nComponents: 3 }), e => events.push(e.iteration));
    const result = await run.result;
    assert.equal(result.nComponents, 3);
    assert.equal(result.labels.length, 2000);
    assert.ok(events.length > 0, 'at least one progress event arrived');
    await exits[0];
  });

  test('stop within 250 ms of a cancel and leave no worker behind', async () => {
    const exits: Promise<number>[] = [];
    const run = startWorkerFit('worker_threads', spawnRealWorker(exits), request(200_000), () => {});
    await new Promise(resolve => setTimeout(resolve, 300));
    const cancelledAt = performance.now();
    run.cancel();
    await assert.rejects(run.result, FitCancelledError);
    await exits[0];
    const took = performance.now() - cancelledAt;
    assert.ok(took < 250, `the worker was gone ${took.toFixed(0)} ms after cancel`);
  });
});
