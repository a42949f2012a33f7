// The fit worker's message loop (serveFit) with the methods that have steps instead of iterations.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FitRequest } from '../../../src/core/clusterFit';
import { fitHdbscan } from '../../../src/core/hdbscan';
import type { FromWorker } from '../../../src/compute/messages';
import { serveFit } from '../../../src/compute/serveFit';
import { summarizeFit } from '../../../src/core/fitSummary';
import { loadDensityFixtures } from '../core/densityFixtures';

const moons = loadDensityFixtures().find(f => f.name === 'moons')!;

function serve(request: Partial<FitRequest>): FromWorker[] {
  const posted: FromWorker[] = [];
  serveFit({
    type: 'fit', request: {
      algorithm: 'hdbscan', nComponents: 2, covarianceType: 'full', nInit: 10, maxIter: 300, tol: 1e-4, regCovar: 1e-6, seed: 0, standardize: false,
      data: moons.X.data.slice(), nSamples: moons.X.nSamples, nFeatures: 2, ...request,
    },
  }, message => posted.push(message));
  return posted;
}

describe('serveFit with spectral clustering, DBSCAN and HDBSCAN', () => {
  test('HDBSCAN posts its three steps as progress, then the result with noise labelled −1', () => {
    const posted = serve({ algorithm: 'hdbscan', minClusterSize: 10 });
    const steps = posted.flatMap(m => (m.type === 'iterate' ? [m.event.iteration] : []));
    assert.deepEqual(steps, [1, 2, 3]);
    const done = posted[posted.length - 1]!;
    assert.equal(done.type, 'done');
    if (done.type !== 'done') { return; }
    const core = fitHdbscan(moons.X, { minClusterSize: 10 });
    assert.deepEqual(done.result.labels, core.labels);
    assert.equal(done.result.density!.nNoise, core.nNoise);
  });

  test('a DBSCAN that finds no cluster is an error message with its hint, not a result', () => {
    const posted = serve({ algorithm: 'dbscan', eps: 1e-9 });
    const last = posted[posted.length - 1]!;
    assert.equal(last.type, 'error');
    if (last.type === 'error') { assert.match(last.message, /no cluster/); assert.match(last.hint ?? '', /larger eps/); }
  });
});

describe('serveFit asked for the summary over all rows', () => {
  const request = (): FitRequest => ({
    algorithm: 'gmm', nComponents: 2, covarianceType: 'full', nInit: 1, maxIter: 100, tol: 1e-3, regCovar: 1e-6, seed: 0, standardize: true,
    data: moons.X.data.slice(), nSamples: moons.X.nSamples, nFeatures: 2,
  });
  const summarize = () => {
    const n = moons.X.nSamples;
    // dataset rows 0, 2, 4, … were fitted; every other row was left out
    const column = (j: number) => Float64Array.from({ length: 2 * n }, (_, row) => (row % 2 === 0 ? moons.X.data[(row / 2) * 2 + j]! : NaN));
    return { nRows: 2 * n, rowIndex: Int32Array.from({ length: n }, (_, i) => 2 * i), numericColumns: [column(0), column(1)], maxPoints: 100, seed: 1 };
  };

  test('posts it with the result, the same as the host computes from that result, its buffers transferred', () => {
    const posted: { message: FromWorker; transfer: ArrayBuffer[] }[] = [];
    serveFit({ type: 'fit', request: request(), summarize: summarize() }, (message, transfer = []) => posted.push({ message, transfer }));
    const { message: done, transfer } = posted[posted.length - 1]!;
    assert.equal(done.type, 'done');
    if (done.type !== 'done') { return; }
    assert.ok(done.summary, 'the summary came with the result');
    assert.deepEqual(done.summary, summarizeFit(moons.X, done.result, summarize()));
    assert.ok(transfer.includes(done.summary.rows.label.buffer as ArrayBuffer) && transfer.includes(done.result.labels.buffer as ArrayBuffer));
  });

  test('posts the result alone when not asked', () => {
    const posted: FromWorker[] = [];
    serveFit({ type: 'fit', request: request() }, message => posted.push(message));
    const done = posted[posted.length - 1]!;
    assert.ok(done.type === 'done' && done.summary === undefined);
  });
});
