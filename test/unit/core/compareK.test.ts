// "Compare k": each compared model is the product's own fit for that k (same seed, restarts and
// scaling), the job posts one message per model, and the host's client hands them on and cancels.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { runClusterFit, type FitRequest } from '../../../src/core/clusterFit';
import {
  comparisonPlan, type ComparedModel, type ComparisonRequest, fitComparisonStep, MAX_COMPARE_K, runComparison,
} from '../../../src/core/modelComparison';
import { fitStandardScaler, transform } from '../../../src/core/scaling';
import { computeSilhouette } from '../../../src/core/silhouette';
import { serveCompare, transferablesOfModel } from '../../../src/compute/compareJob';
import { serveFit } from '../../../src/compute/serveFit';
import type { FromWorker, ToWorker } from '../../../src/compute/messages';
import { byteSourceFromBytes } from '../../../src/data/byteSource';
import { readCsv } from '../../../src/data/csvReader';
import { buildFeatureMatrix, defaultFeatureColumns } from '../../../src/data/featureMatrix';
import { startInProcessCompare, startWorkerCompare } from '../../../src/host/compareClient';
import { WorkerKeeper } from '../../../src/host/workerKeeper';
import { COMPARE_SAMPLE_SIZE, planComparison, startComparison } from '../../../src/host/pure/comparison';
import type { ComputeClient } from '../../../src/host/pure/computeClient';
import type { HostMessage } from '../../../src/shared/protocol';
import { FitCancelledError } from '../../../src/host/pure/computeClient';
import type { WorkerPort } from '../../../src/host/pure/workerPort';
import { type FitOptions, parseHostMessage } from '../../../src/shared/protocol';

const samples = path.resolve(import.meta.dirname, '../../../media/samples');

async function loadSample(fileName: string) {
  const dataset = await readCsv(byteSourceFromBytes(fs.readFileSync(path.join(samples, fileName))), { fileName });
  return buildFeatureMatrix(dataset, defaultFeatureColumns(dataset), 'drop');
}

function requestFor(selection: Awaited<ReturnType<typeof loadSample>>, overrides: Partial<ComparisonRequest>): ComparisonRequest {
  const { matrix } = selection;
  return {
    algorithm: 'gmm', kMax: 4, covarianceTypes: ['full'], nInit: 1, maxIter: 100, tol: 1e-3, regCovar: 1e-6, seed: 0,
    standardize: false, data: matrix.data, nSamples: matrix.nSamples, nFeatures: matrix.nFeatures,
    sampleRows: Int32Array.from({ length: Math.min(matrix.nSamples, 200) }, (_, i) => i), ...overrides,
  };
}

function directFit(request: ComparisonRequest, k: number, covarianceType: ComparedModel['covarianceType']) {
  const fitRequest: FitRequest = {
    algorithm: request.algorithm, nComponents: k, covarianceType, nInit: request.nInit, maxIter: request.maxIter, tol: request.tol,
    regCovar: request.regCovar, seed: request.seed, standardize: request.standardize,
    data: request.data.slice(), nSamples: request.nSamples, nFeatures: request.nFeatures,
  };
  return runClusterFit(fitRequest, () => {});
}

describe('comparisonPlan', () => {
  test('k outer and covariance type inner, numbered in order', () => {
    const plan = comparisonPlan('gmm', 3, ['full', 'diag'], 100);
    assert.deepEqual(plan.map(s => [s.index, s.k, s.covarianceType]),
      [[0, 1, 'full'], [1, 1, 'diag'], [2, 2, 'full'], [3, 2, 'diag'], [4, 3, 'full'], [5, 3, 'diag']]);
  });

  test('k-means has one covariance type; K is clamped to the rows and to MAX_COMPARE_K', () => {
    assert.deepEqual(comparisonPlan('kmeans', 4, ['tied', 'full'], 100).map(s => s.covarianceType), ['tied', 'tied', 'tied', 'tied']);
    assert.equal(comparisonPlan('gmm', 10, ['full'], 3).length, 3);
    assert.equal(comparisonPlan('gmm', 1000, ['full'], 1e6).length, MAX_COMPARE_K);
    assert.deepEqual(comparisonPlan('gmm', 2, ['full', 'full'], 10).length, 2, 'a type listed twice is fitted once');
    assert.throws(() => comparisonPlan('gmm', 2, [], 10), /at least one covariance type/);
  });
});

describe('a compared model is the fit the product runs for that k', () => {
  test('penguins, Gaussian mixtures of all four types: BIC, AIC, log-likelihood and means equal a direct runClusterFit', async () => {
    const selection = await loadSample('penguins.csv');
    const request = requestFor(selection, { kMax: 4, covarianceTypes: ['full', 'tied', 'diag', 'spherical'], standardize: true });
    const models = [...runComparison(request)];
    assert.equal(models.length, 16);
    for (const model of models) {
      const direct = directFit(request, model.k, model.covarianceType);
      const what = `k = ${model.k}, ${model.covarianceType}`;
      assert.equal(model.bic, direct.bic, `${what}: BIC`);
      assert.equal(model.aic, direct.aic, `${what}: AIC`);
      assert.equal(model.logLikelihood, direct.logLikelihood, `${what}: log-likelihood`);
      assert.deepEqual(model.means, direct.means, `${what}: means`);
      assert.deepEqual(model.covariances, direct.covariances, `${what}: covariances`);
      assert.deepEqual(model.weights, direct.weights, `${what}: weights`);
      assert.deepEqual(model.labels, Int32Array.from(request.sampleRows, i => direct.labels[i]), `${what}: labels of the sampled rows`);
      assert.equal(model.inertia, null);
      assert.equal(model.silhouette, null, 'no silhouette for mixtures');
      assert.equal(model.nFeatures, 4);
      assert.equal(model.covariances!.length, model.k * 16);
    }
  });

  test('blobs, k-means: inertia equals the direct fit; silhouette is null at k = 1 and the z-scored silhouette above', async () => {
    const selection = await loadSample('blobs.csv');
    const request = requestFor(selection, { algorithm: 'kmeans', kMax: 5, covarianceTypes: ['full'], nInit: 3, maxIter: 300, tol: 1e-4, standardize: true, seed: 7 });
    const models = [...runComparison(request)];
    assert.deepEqual(models.map(m => m.k), [1, 2, 3, 4, 5]);
    assert.equal(models[0].silhouette, null, 'the silhouette is undefined for one cluster');
    const Z = transform(fitStandardScaler(selection.matrix), selection.matrix);
    for (const model of models) {
      const direct = directFit(request, model.k, 'full');
      assert.equal(model.inertia, direct.inertia, `k = ${model.k}: inertia`);
      assert.equal(model.bic, null);
      assert.equal(model.covariances, null);
      if (model.k > 1) {
        const expected = computeSilhouette(Z, direct.labels, { seed: 7 }).score;
        assert.ok(Math.abs(model.silhouette! - expected) < 1e-12, `k = ${model.k}: silhouette ${model.silhouette} vs ${expected}`);
      }
    }
    // blobs.csv holds three blobs: the silhouette peaks there and inertia keeps falling.
    const best = models.slice(1).reduce((a, b) => (b.silhouette! > a.silhouette! ? b : a));
    assert.equal(best.k, 3);
    for (let i = 1; i < models.length; i++) { assert.ok(models[i].inertia! < models[i - 1].inertia!, 'inertia falls with k'); }
  });

  test('fitComparisonStep leaves the data untouched', async () => {
    const selection = await loadSample('penguins.csv');
    const request = requestFor(selection, { standardize: true });
    const before = request.data.slice();
    fitComparisonStep(request, { index: 0, k: 3, covarianceType: 'diag' });
    assert.deepEqual(request.data, before);
  });
});

describe('the compare job of a worker', () => {
  test('posts one message per model as it is done, then compareDone; buffers transferred once each', async () => {
    const selection = await loadSample('blobs.csv');
    const request = requestFor(selection, { kMax: 3, covarianceTypes: ['full', 'spherical'] });
    const posted: { message: FromWorker; transfer: ArrayBuffer[] }[] = [];
    serveFit({ type: 'compare', request }, (message, transfer = []) => posted.push({ message, transfer }));
    assert.deepEqual(posted.map(p => p.message.type), ['compared', 'compared', 'compared', 'compared', 'compared', 'compared', 'compareDone']);
    for (const { message, transfer } of posted.slice(0, -1)) {
      assert.equal(new Set(transfer).size, transfer.length);
      assert.ok(!transfer.includes(request.data.buffer as ArrayBuffer), 'the data stays with the job');
      assert.ok(message.type === 'compared' && transfer.length === transferablesOfModel(message.model).length);
    }
  });

  test('reports an error instead of throwing', () => {
    const posted: FromWorker[] = [];
    serveCompare({ ...requestFor({ matrix: { data: new Float64Array(4), nSamples: 2, nFeatures: 2 } } as never, {}), covarianceTypes: [] }, m => posted.push(m));
    assert.equal(posted.length, 1);
    assert.ok(posted[0].type === 'error' && /covariance type/.test(posted[0].message));
  });
});

/** A worker stand-in that runs the real job, one model per macrotask, and can be terminated. */
function fakeWorker(): WorkerPort & { terminated: boolean } {
  let listener: (message: FromWorker) => void = () => {};
  const port = {
    terminated: false,
    post(message: ToWorker) {
      const queue: FromWorker[] = [];
      serveFit(message, m => queue.push(m));
      const pump = () => {
        const next = queue.shift();
        if (!next || port.terminated) { return; }
        listener(next);
        setTimeout(pump, 1);
      };
      setTimeout(pump, 1);
    },
    onMessage(l: (message: FromWorker) => void) { listener = l; return () => { listener = () => {}; }; },
    onError() { return () => {}; },
    terminate() { port.terminated = true; },
  };
  return port;
}

describe('the host side of a comparison', () => {
  test('startWorkerCompare hands on every model and resolves; the worker is kept for the next job, then ended', async () => {
    const selection = await loadSample('blobs.csv');
    const worker = fakeWorker();
    const workers = new WorkerKeeper(() => worker);
    const seen: number[] = [];
    const run = startWorkerCompare('worker_threads', workers, requestFor(selection, { data: selection.matrix.data.slice(), kMax: 3 }), m => seen.push(m.k));
    await run.done;
    assert.deepEqual(seen, [1, 2, 3]);
    assert.ok(!worker.terminated, 'kept');
    assert.equal(workers.take(), worker, 'the next job gets the same worker');
    workers.keep(worker);
    workers.dispose();
    assert.ok(worker.terminated);
  });

  test('cancel terminates the worker at once and rejects with FitCancelledError; the models so far stand', async () => {
    const selection = await loadSample('blobs.csv');
    const worker = fakeWorker();
    const seen: number[] = [];
    const run = startWorkerCompare('worker_threads', new WorkerKeeper(() => worker), requestFor(selection, { data: selection.matrix.data.slice(), kMax: 6 }), m => {
      seen.push(m.k);
      if (m.k === 2) { run.cancel(); }
    });
    await assert.rejects(run.done, FitCancelledError);
    assert.ok(worker.terminated);
    await new Promise(resolve => setTimeout(resolve, 20));
    assert.deepEqual(seen, [1, 2]);
  });

  test('in the extension host (no worker), the run yields between models and stops on cancel', async () => {
    const selection = await loadSample('blobs.csv');
    const seen: number[] = [];
    const run = startInProcessCompare(requestFor(selection, { kMax: 5 }), m => { seen.push(m.k); if (m.k === 2) { run.cancel(); } });
    assert.deepEqual(seen, [], 'nothing is fitted before the caller has returned');
    await assert.rejects(run.done, FitCancelledError);
    assert.deepEqual(seen, [1, 2]);
    const all: number[] = [];
    await startInProcessCompare(requestFor(selection, { kMax: 3 }), m => all.push(m.k)).done;
    assert.deepEqual(all, [1, 2, 3]);
  });

  test('planComparison: the current fit\'s options, a stratified sample of ≤ 1,500 rows, and a start message the guard accepts', async () => {
    const selection = await loadSample('penguins.csv');
    const options: FitOptions = {
      algorithm: 'gmm', nComponents: 3, covarianceType: 'diag', columns: selection.columns, standardize: true,
      nInit: 2, maxIter: 100, tol: 1e-3, seed: 5, missing: 'drop',
    };
    const result = runClusterFit({ ...requestFor(selection, {}), nComponents: 3, covarianceType: 'diag', data: selection.matrix.data.slice() }, () => {});
    const one = planComparison({ options, selection, result }, 6, false, 9, 1e-6);
    assert.deepEqual(one.start.covarianceTypes, ['diag']);
    assert.equal(one.request.seed, 5);
    assert.equal(one.request.nInit, 2);
    assert.equal(one.request.standardize, true);
    assert.equal(one.request.kMax, 6);
    assert.notEqual(one.request.data, selection.matrix.data, 'the worker gets a copy');
    const all = planComparison({ options, selection, result }, 6, true, 9, 1e-6);
    assert.deepEqual(all.start.covarianceTypes, ['full', 'tied', 'diag', 'spherical']);
    const m = one.start.sample.rowIndex.length;
    assert.equal(m, Math.min(COMPARE_SAMPLE_SIZE, selection.matrix.nSamples));
    assert.equal(one.start.sample.values.length, m * 4);
    for (let s = 0; s < m; s++) {
      const row = one.request.sampleRows[s];
      assert.equal(one.start.sample.rowIndex[s], selection.rowIndex[row]);
      assert.equal(one.start.sample.values[s * 4 + 2], selection.matrix.data[row * 4 + 2]);
    }
    assert.ok(parseHostMessage(one.start).ok);
    const model = fitComparisonStep(one.request, { index: 0, k: 2, covarianceType: 'diag' });
    assert.ok(parseHostMessage({ type: 'didCompareModel', compareId: 9, model }).ok);
    assert.ok(!parseHostMessage({ type: 'didCompareModel', compareId: 9, model: { ...model, means: model.means.subarray(1) } }).ok, 'means must be k × d');
    assert.ok(!parseHostMessage({ type: 'didCompareModel', compareId: 9, model: { ...model, labels: Int32Array.of(0, 2) } }).ok, 'labels must be < k');
    assert.ok(!parseHostMessage({ ...one.start, sample: { ...one.start.sample, values: new Float64Array(3) } }).ok, 'values must be m × d');
  });

  test('planComparison uses the product\'s restart policy, like a fit from the panel', async () => {
    const selection = await loadSample('penguins.csv');
    const options: FitOptions = {
      algorithm: 'gmm', nComponents: 3, covarianceType: 'full', columns: selection.columns, standardize: true,
      nInit: 10, maxIter: 100, tol: 1e-3, seed: 0, missing: 'drop',
    };
    const result = runClusterFit({ ...requestFor(selection, {}), nComponents: 3, covarianceType: 'full', data: selection.matrix.data.slice() }, () => {});
    const { request } = planComparison({ options, selection, result }, 4, false, 1, 1e-6);
    assert.equal(request.screenRestarts, true);
    assert.equal(request.nInit, 10);
  });

  test('startComparison refuses an ill-posed run before any worker starts, and says why and what would run', async () => {
    const selection = await loadSample('penguins.csv');
    const few = { ...selection, matrix: { ...selection.matrix, data: selection.matrix.data.slice(0, 12 * 4), nSamples: 12 }, rowIndex: selection.rowIndex.slice(0, 12) };
    const options: FitOptions = {
      algorithm: 'gmm', nComponents: 2, covarianceType: 'full', columns: selection.columns, standardize: true,
      nInit: 1, maxIter: 100, tol: 1e-3, seed: 0, missing: 'drop',
    };
    const result = runClusterFit({ ...requestFor(few, { kMax: 1 }), nComponents: 2, covarianceType: 'full', data: few.matrix.data.slice() }, () => {});
    let started = 0;
    const compute = { startCompare: () => { started++; throw new Error('no worker may start'); } } as unknown as ComputeClient;
    const posted: HostMessage[] = [];
    const session = startComparison(compute, { options, selection: few, result }, 8, false, 1e-6, m => posted.push(m));
    assert.equal(started, 0);
    assert.equal(session.running, false);
    assert.deepEqual(posted.map(m => m.type), ['didStartCompare', 'didFailCompare']);
    const failure = posted[1]!;
    assert.ok(failure.type === 'didFailCompare');
    assert.equal(failure.message, 'Compare k up to 8 cannot fit k = 3: a full covariance on 4 columns needs at least 5 rows per cluster: 15 rows for k = 3; '
      + 'the data has 12 usable rows (44 parameters to estimate). Compare up to k = 2. Try the diag covariance, or at most 3 columns, or k ≤ 2.');
    assert.ok(posted.every(m => parseHostMessage(m).ok));
  });

  test('a refusal in the worker reaches the host with its hint', () => {
    const posted: FromWorker[] = [];
    const data = Float64Array.of(1, 2);
    const request: FitRequest = {
      algorithm: 'gmm', nComponents: 3, covarianceType: 'full', nInit: 1, maxIter: 100, tol: 1e-3, regCovar: 1e-6, seed: 0,
      standardize: true, data, nSamples: 1, nFeatures: 2,
    };
    serveFit({ type: 'fit', request }, m => posted.push(m));
    assert.deepEqual(posted, [{ type: 'error', message: '3 clusters need at least 3 rows; the data has 1 usable row.', hint: 'Choose k ≤ 1, or a file with more rows.' }]);
  });
});
