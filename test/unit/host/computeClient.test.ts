import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import type { FitRequest } from '../../../src/core/clusterFit';
import { FitRefusal } from '../../../src/core/fitFeasibility';
import { Random } from '../../../src/core/random';
import { FitCancelledError } from '../../../src/host/pure/computeClient';
import { startWorkerFit } from '../../../src/host/workerFit';
import { WorkerKeeper } from '../../../src/host/workerKeeper';
import { dataForWorker, transferOf } from '../../../src/host/pure/workerPort';
import { nodeWorkerPort } from '../../../src/host/nodeWorkerPort';
import { builtBundle } from '../builtBundle';

const workerScript = builtBundle('dist/worker.js');

/** Real fit workers (dist/worker.js) through the product's port, each one's exit observable. */
function realWorkers(exits: Promise<number>[], idleMs?: number): WorkerKeeper {
  return new WorkerKeeper(() => {
    const worker = new Worker(workerScript);
    exits.push(new Promise(resolve => worker.on('exit', resolve)));
    return nodeWorkerPort(worker);
  }, idleMs);
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

describe('fits in a worker thread', () => {
  test('report progress and finish with the model', async () => {
    const exits: Promise<number>[] = [];
    const events: number[] = [];
    const workers = realWorkers(exits);
    const run = startWorkerFit('worker_threads', workers, request(2000, { nInit: 1, maxIter: 50, tol: 1e-3, nComponents: 3 }), e => events.push(e.iteration));
    const result = await run.result;
    assert.equal(result.nComponents, 3);
    assert.equal(result.labels.length, 2000);
    assert.ok(events.length > 0, 'at least one progress event arrived');
    workers.dispose();
    await exits[0];
  });

  test('run the next fits in the kept worker, its thread pool included, with the same results as a fresh worker', async () => {
    const exits: Promise<number>[] = [];
    const workers = realWorkers(exits);
    const big = (seed: number) => request(40_000, { algorithm: 'kmeans', nComponents: 5, nInit: 2, maxIter: 100, tol: 1e-4, seed });
    const first = await startWorkerFit('worker_threads', workers, big(1), () => {}).result;
    const second = await startWorkerFit('worker_threads', workers, big(2), () => {}).result;
    const againFirst = await startWorkerFit('worker_threads', workers, big(1), () => {}).result;
    assert.equal(exits.length, 1, 'one worker served the three fits');
    assert.deepEqual(againFirst.labels, first.labels, 'a kept worker (and pool) gives what a fresh one gave');
    assert.deepEqual(againFirst.means, first.means);
    assert.notDeepEqual(second.means, first.means);
    const fresh = realWorkers(exits);
    const fromFresh = await startWorkerFit('worker_threads', fresh, big(1), () => {}).result;
    assert.deepEqual(fromFresh.labels, first.labels);
    workers.dispose();
    fresh.dispose();
    await Promise.all(exits);
  });

  test('send data in shared memory (nothing to transfer, the caller keeps its array) and fit it as a transferred copy', async () => {
    const exits: Promise<number>[] = [];
    const workers = realWorkers(exits);
    const base = request(30_000, { algorithm: 'kmeans', nComponents: 4, nInit: 1, maxIter: 100, tol: 1e-4, seed: 3 });
    const shared = dataForWorker(base.data);
    assert.ok(shared.buffer instanceof SharedArrayBuffer);
    assert.deepEqual(transferOf(shared), []);
    assert.deepEqual(Array.from(shared.subarray(0, 12)), Array.from(base.data.subarray(0, 12)));
    const fromShared = await startWorkerFit('worker_threads', workers, { ...base, data: shared }, () => {}).result;
    assert.equal(shared.length, base.data.length, 'the shared data is still there after the fit');
    const plain = base.data.slice();
    assert.equal(transferOf(plain).length, 1);
    const fromPlain = await startWorkerFit('worker_threads', workers, { ...base, data: plain }, () => {}).result;
    assert.deepEqual(fromShared.labels, fromPlain.labels);
    assert.deepEqual(fromShared.means, fromPlain.means);
    workers.dispose();
    await Promise.all(exits);
  });

  test('start a worker ahead of the first fit (while a file is read) and run the fit in it', async () => {
    const exits: Promise<number>[] = [];
    const workers = realWorkers(exits);
    workers.prewarm();
    workers.prewarm();
    assert.equal(exits.length, 1, 'one worker started, kept idle');
    await startWorkerFit('worker_threads', workers, request(500, { nInit: 1, maxIter: 5, nComponents: 2 }), () => {}).result;
    assert.equal(exits.length, 1, 'the fit ran in it');
    workers.dispose();
    await exits[0];
  });

  test('end a kept worker once it has been idle for the set time', async () => {
    const exits: Promise<number>[] = [];
    const workers = realWorkers(exits, 100);
    await startWorkerFit('worker_threads', workers, request(500, { nInit: 1, maxIter: 5, nComponents: 2 }), () => {}).result;
    const exitCode = await exits[0];
    assert.equal(typeof exitCode, 'number', 'the idle worker exited by itself');
  });

  test('stop within 250 ms of a cancel and leave no worker behind', async () => {
    const exits: Promise<number>[] = [];
    const workers = realWorkers(exits);
    const run = startWorkerFit('worker_threads', workers, request(200_000), () => {});
    await new Promise(resolve => setTimeout(resolve, 300));
    const cancelledAt = performance.now();
    run.cancel();
    await assert.rejects(run.result, FitCancelledError);
    await exits[0];
    const took = performance.now() - cancelledAt;
    assert.ok(took < 250, `the worker was gone ${took.toFixed(0)} ms after cancel`);
    // the cancelled worker is not kept: the next fit starts a new one
    await startWorkerFit('worker_threads', workers, request(500, { nInit: 1, maxIter: 5, nComponents: 2 }), () => {}).result;
    assert.equal(exits.length, 2);
    workers.dispose();
    await exits[1];
  });

  test('a fit the engine refuses rejects with its reason and what to try, and the worker is kept', async () => {
    const exits: Promise<number>[] = [];
    const workers = realWorkers(exits);
    const constant = { ...request(50, { nInit: 1, nComponents: 2 }), data: new Float64Array(50 * 6).fill(3) };
    await assert.rejects(startWorkerFit('worker_threads', workers, constant, () => {}).result,
      (err: unknown) => err instanceof FitRefusal && /there is nothing to cluster/.test(err.message) && err.hint === 'Choose columns whose values vary from row to row.');
    await startWorkerFit('worker_threads', workers, request(500, { nInit: 1, maxIter: 5, nComponents: 2 }), () => {}).result;
    assert.equal(exits.length, 1);
    workers.dispose();
    await exits[0];
  });
});
