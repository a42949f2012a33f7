import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FitRequest, FitResult } from '../../../../src/core/clusterFit';
import { runClusterFit } from '../../../../src/core/clusterFit';
import { FitCancelledError } from '../../../../src/host/pure/computeClient';
import { startInProcessFit } from '../../../../src/host/pure/inProcessFit';
import { summarizeFit } from '../../../../src/core/fitSummary';

function request(): FitRequest {
  const n = 200, d = 2;
  const data = new Float64Array(n * d).map((_, i) => (i % 2) + ((i / d) % 2 === 0 ? 0 : 5) + Math.sin(i));
  return { algorithm: 'kmeans', nComponents: 2, covarianceType: 'full', nInit: 1, maxIter: 50, tol: 1e-4, regCovar: 1e-6, seed: 0, standardize: false, data, nSamples: n, nFeatures: d };
}

describe('a fit in the extension host (no worker available)', () => {
  test('finishes with the engine\'s result', async () => {
    const run = startInProcessFit(request(), () => {});
    const result = await run.result;
    assert.equal(result.nComponents, 2);
    assert.equal(run.ranIn, 'extension-host');
  });

  test('cancelled before it starts, never starts', async () => {
    let started = false;
    const run = startInProcessFit(request(), () => {}, (r, on) => { started = true; return runClusterFit(r, on); });
    run.cancel();
    await assert.rejects(run.result, FitCancelledError);
    await new Promise(resolve => setTimeout(resolve, 20));
    assert.equal(started, false);
  });

  test('cancelled while it runs, rejects, its result is thrown away and no more progress is reported', async () => {
    const seen: number[] = [];
    const stop = { cancel: () => {} };
    // A stand-in engine that is cancelled between its second and third iteration.
    const engine = (r: FitRequest, onIteration: (e: { restart: number; iteration: number; value: number }) => void): FitResult => {
      for (let iteration = 1; iteration <= 4; iteration++) {
        onIteration({ restart: 0, iteration, value: -iteration });
        if (iteration === 2) { stop.cancel(); }
      }
      return runClusterFit(r, () => {});
    };
    const run = startInProcessFit(request(), e => seen.push(e.iteration), engine);
    stop.cancel = run.cancel;
    await assert.rejects(run.result, FitCancelledError);
    assert.deepEqual(seen, [1, 2]);
  });
});

describe('a fit in the extension host asked for the summary over all rows', () => {
  test('computes it after the fit, as a worker would', async () => {
    const r = request();
    const summarize = { nRows: r.nSamples, rowIndex: Int32Array.from({ length: r.nSamples }, (_, i) => i), numericColumns: [], maxPoints: 50, seed: 0 };
    const matrix = { data: r.data.slice(), nSamples: r.nSamples, nFeatures: r.nFeatures };
    const run = startInProcessFit(r, () => {}, undefined, summarize);
    const result = await run.result;
    assert.deepEqual(await run.summary, summarizeFit(matrix, result, summarize));
  });

  test('cancelled, rejects its summary too', async () => {
    const run = startInProcessFit(request(), () => {}, undefined, { nRows: 200, rowIndex: new Int32Array(200), numericColumns: [], maxPoints: 50, seed: 0 });
    run.cancel();
    await assert.rejects(run.result, FitCancelledError);
    await assert.rejects(run.summary!, FitCancelledError);
  });
});
