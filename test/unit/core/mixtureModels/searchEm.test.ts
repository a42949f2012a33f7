import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inThreadExecutor } from '../../../../src/core/inThreadExecutor';
import { createDataMatrix, type DataMatrix } from '../../../../src/core/dataMatrix';
import { fitGaussianMixture } from '../../../../src/core/gmm';
import { computeStartStats, finishEmRun, iterateEmRun, resumeOnOtherRows, startEmRun } from '../../../../src/core/mixtureModels/searchEm';
import { MULTIVARIATE_MODELS, type MixtureModelName } from '../../../../src/core/mixtureModels/covarianceModels';
import { Random } from '../../../../src/core/random';

/** Three tilted groups of different spreads (seeded), and a one-hot partition of the rows into k groups by their index. */
function data(seed: number, n: number, d: number): DataMatrix {
  const r = new Random(seed);
  const values = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    const z = Array.from({ length: d }, () => r.nextNormal());
    for (let j = 0; j < d; j++) { values[i * d + j] = 5 * c * ((j + c) % 2) + z[j]! * (1 + ((j + c) % 3)) + 0.6 * c * z[(j + 1) % d]!; }
  }
  return createDataMatrix(values, n, d);
}
function partition(n: number, k: number, seed: number): Float64Array {
  const r = new Random(seed);
  const resp = new Float64Array(n * k);
  for (let i = 0; i < n; i++) { resp[i * k + ((i % 3) + (r.nextFloat() < 0.2 ? 1 : 0)) % k] = 1; }
  return resp;
}

test("a run from a start's statistics climbs as gmm.ts's EM from the same responsibilities: the same lower bounds and final log-likelihood", () => {
  const n = 400, d = 3, k = 3;
  const X = data(1, n, d);
  const respInit = partition(n, k, 2);
  // the axis-aligned models run as 'diag' (other kernels, another summation order) and EVE, VVE with capped sweeps: close, not equal bits
  const exact: MixtureModelName[] = ['EEE', 'VEE', 'EEV', 'VEV', 'EVV', 'VVV'];
  for (const model of MULTIVARIATE_MODELS) {
    const tol = 1e-9;
    const reference = fitGaussianMixture(X, { nComponents: k, model, respInit, tol, maxIter: 300 });
    const run = startEmRun(model, 1e-6, computeStartStats(X, respInit, k), n);
    const resp = new Float64Array(n * k);
    iterateEmRun(run, X, resp, inThreadExecutor, tol, 300);
    const finished = finishEmRun(run, X, resp, inThreadExecutor, 1e-6);
    if (exact.includes(model)) {
      assert.equal(run.nIter, reference.nIter, `${model}: iterations`);
      assert.equal(run.lowerBound, reference.lowerBound, `${model}: lower bound`);
      assert.equal(finished.logLikelihood, reference.logLikelihood, `${model}: log-likelihood`);
    } else {
      assert.ok(Math.abs(finished.logLikelihood - reference.logLikelihood) <= 1e-6 * Math.abs(reference.logLikelihood),
        `${model}: ${finished.logLikelihood} vs ${reference.logLikelihood}`);
    }
    assert.equal(run.model.covarianceType, ['EII', 'VII', 'EEI', 'VEI', 'EVI', 'VVI'].includes(model) ? 'diag' : 'full', model);
  }
});

test('EVE and VVE with a few rotation sweeps per M-step (warm-started) still never lower the lower bound (seeded property test)', () => {
  for (let seed = 1; seed <= 4; seed++) {
    const n = 300, d = 4, k = 3;
    const X = data(seed, n, d);
    const stats = computeStartStats(X, partition(n, k, seed + 10), k);
    for (const model of ['EVE', 'VVE'] as const) {
      const run = startEmRun(model, 0, stats, n);
      const resp = new Float64Array(n * k);
      let previous = -Infinity;
      for (let t = 1; t <= 60; t++) {
        iterateEmRun(run, X, resp, inThreadExecutor, 0, t);
        assert.ok(run.lowerBound >= previous - 1e-12 * Math.abs(previous), `${model} seed ${seed}: iteration ${t} fell from ${previous} to ${run.lowerBound}`);
        previous = run.lowerBound;
      }
    }
  }
});

test('a run fitted on a sample and resumed on all rows ends where EM on all rows from that model ends', () => {
  const n = 900, d = 2, k = 3;
  const X = data(5, n, d);
  const sampleRows = new Random(3).sampleWithoutReplacement(n, 200).sort();
  const sample = createDataMatrix(Float64Array.from(Array.from(sampleRows).flatMap(i => [X.data[i * d]!, X.data[i * d + 1]!])), 200, d);
  const run = startEmRun('VVV', 1e-6, computeStartStats(sample, partition(200, k, 4), k), 200);
  iterateEmRun(run, sample, new Float64Array(200 * k), inThreadExecutor, 1e-8, 500);
  assert.ok(run.converged);
  const fromSample = run.model;
  resumeOnOtherRows(run);
  assert.equal(run.converged, false);
  const resp = new Float64Array(n * k);
  iterateEmRun(run, X, resp, inThreadExecutor, 1e-10, run.nIter + 500);
  const reference = fitGaussianMixture(X, { nComponents: k, model: 'VVV', modelInit: fromSample, tol: 1e-10, maxIter: 500 });
  assert.equal(finishEmRun(run, X, resp, inThreadExecutor, 1e-6).logLikelihood, reference.logLikelihood);
});
