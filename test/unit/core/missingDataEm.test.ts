import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { createDataMatrix, type DataMatrix } from '../../../src/core/dataMatrix';
import { fitGaussianMixture, type CovarianceType } from '../../../src/core/gmm';
import { computePrecisionsChol, type GaussianMixtureModel } from '../../../src/core/gmmModel';
import { imputeConditionalMeans, missingDataSettings, scoreWithMissing, stepWithMissing } from '../../../src/core/missingDataEm';
import { fitGaussianMixtureWithMissing } from '../../../src/core/missingDataFit';
import { Random } from '../../../src/core/random';

interface ReferenceCase {
  covarianceType: CovarianceType;
  weights: number[]; means: number[]; covariances: number[];
  resp: number[]; rowLogLikelihood: number[]; logLikelihood: number;
  step: { weights: number[]; means: number[]; covariances: number[] };
}
interface Reference { nSamples: number; nFeatures: number; nComponents: number; regCovar: number; data: (number | null)[]; cases: ReferenceCase[] }

const reference = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'test/fixtures/missing/reference.json'), 'utf8')) as Reference;
const TYPES: CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];

function modelOf(type: CovarianceType, k: number, d: number, weights: ArrayLike<number>, means: ArrayLike<number>, covariances: ArrayLike<number>): GaussianMixtureModel {
  const cov = Float64Array.from(covariances);
  return {
    covarianceType: type, nComponents: k, nFeatures: d, weights: Float64Array.from(weights), means: Float64Array.from(means),
    covariances: cov, precisionsChol: computePrecisionsChol(type, k, d, cov).precisionsChol,
  };
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    assert.ok(Math.abs(actual[i]! - e) <= tolerance * Math.max(1, Math.abs(e)), `${what}[${i}]: ${actual[i]} vs ${e}`);
  }
}

/** Blobs from a known mixture: k clusters of `perCluster` rows with their own linear map of standard normals. */
function drawMixture(random: Random, centres: number[][], maps: number[][][], perCluster: number): DataMatrix {
  const d = centres[0]!.length;
  const n = centres.length * perCluster;
  const data = new Float64Array(n * d);
  for (let c = 0, i = 0; c < centres.length; c++) {
    for (let s = 0; s < perCluster; s++, i++) {
      const z = Array.from({ length: d }, () => random.nextNormal());
      for (let j = 0; j < d; j++) {
        let v = centres[c]![j]!;
        for (let l = 0; l < d; l++) { v += maps[c]![j]![l]! * z[l]!; }
        data[i * d + j] = v;
      }
    }
  }
  return createDataMatrix(data, n, d);
}

function removeCells(X: DataMatrix, fraction: number, random: Random): DataMatrix {
  const data = X.data.slice();
  for (let i = 0; i < data.length; i++) { if (random.nextFloat() < fraction) { data[i] = NaN; } }
  return createDataMatrix(data, X.nSamples, X.nFeatures);
}

const referenceData = createDataMatrix(Float64Array.from(reference.data, v => v ?? NaN), reference.nSamples, reference.nFeatures);

describe('Gaussian mixture EM with missing cells', () => {
  // every pattern through the per-pattern pass (0), every row through the rare-pattern pass (∞), and the mix (default)
  for (const [path, minPatternRows] of [['per pattern', 0], ['rare patterns', Infinity], ['mixed', missingDataSettings.minPatternRows]] as const) {
    const withPath = <T>(run: () => T): T => {
      const saved = missingDataSettings.minPatternRows;
      missingDataSettings.minPatternRows = minPatternRows;
      try { return run(); } finally { missingDataSettings.minPatternRows = saved; }
    };
    for (const c of reference.cases) {
      test(`${c.covarianceType}, ${path}: the observed-data log-likelihood and responsibilities equal the numpy reference to 1e-10`, () => {
        const model = modelOf(c.covarianceType, reference.nComponents, reference.nFeatures, c.weights, c.means, c.covariances);
        const score = withPath(() => scoreWithMissing(model, referenceData));
        assertClose(score.rowLogLikelihood, c.rowLogLikelihood, 1e-10, 'row log-likelihood');
        assertClose(score.resp, c.resp, 1e-10, 'resp');
        assertClose([score.logLikelihood], [c.logLikelihood], 1e-10, 'log-likelihood');
      });

      test(`${c.covarianceType}, ${path}: one EM step from the same parameters equals the numpy reference to 1e-10`, () => {
        const model = modelOf(c.covarianceType, reference.nComponents, reference.nFeatures, c.weights, c.means, c.covariances);
        const step = withPath(() => stepWithMissing(model, referenceData, reference.regCovar));
        assertClose([step.logLikelihood], [c.logLikelihood], 1e-10, 'log-likelihood');
        assertClose(step.model.weights, c.step.weights, 1e-10, 'weights');
        assertClose(step.model.means, c.step.means, 1e-10, 'means');
        assertClose(step.model.covariances, c.step.covariances, 1e-10, 'covariances');
      });
    }
  }

  for (const type of TYPES) {
    test(`${type}: with no missing cell the fit is bit-identical to fitGaussianMixture`, () => {
      const X = drawMixture(new Random(3), [[0, 0, 0], [4, 1, 0], [0, 4, 3]], [0, 1, 2].map(() => [[1, 0.3, 0], [0, 1, 0.2], [0, 0, 0.7]]), 70);
      const options = { nComponents: 3, covarianceType: type, nInit: 2, seed: 5 };
      const ours = fitGaussianMixtureWithMissing(X, options);
      const plain = fitGaussianMixture(X, options);
      assert.deepEqual(ours.model, plain.model);
      assert.deepEqual(ours.resp, plain.resp);
      assert.equal(ours.logLikelihood, plain.logLikelihood);
      assert.deepEqual(ours.histories, plain.histories);
    });
  }

  test('with a sample size, the starts are compared on that many rows and the best is refined on all (screened restarts)', () => {
    const X = removeCells(drawMixture(new Random(5), [[0, 0], [5, 5]], [0, 1].map(() => [[1, 0], [0.3, 1]]), 300), 0.15, new Random(6));
    const events: number[] = [];
    const fit = fitGaussianMixtureWithMissing(X, { nComponents: 2, nInit: 3, seed: 1, onIteration: e => events.push(e.restart) }, 200);
    assert.equal(fit.comparedOnRows, 200);
    assert.equal(fit.histories.length, 4);
    assert.equal(fit.bestRestart, 3);
    assert.ok(fit.screenBest >= 0 && fit.screenBest < 3);
    assert.deepEqual([...new Set(events)], [0, 1, 2, 3], 'the starts on the sample, then the run on all rows as start nInit');
    assert.equal(fit.resp.length, 600 * 2);
    const again = fitGaussianMixtureWithMissing(X, { nComponents: 2, nInit: 3, seed: 1 }, 200);
    assert.deepEqual(again.model, fit.model, 'deterministic for a seed');
  });

  test('the lower bound never decreases, for every covariance type and random patterns of up to 50% missing cells', () => {
    const base = drawMixture(new Random(11), [[0, 0, 0], [3, 3, 0], [0, 3, 3]], [0, 1, 2].map(() => [[1, 0.5, 0], [0, 1, 0.4], [0.2, 0, 1]]), 40);
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e6 }), fc.double({ min: 0, max: 0.5, noNaN: true }), fc.constantFrom(...TYPES), (seed, fraction, type) => {
      const X = removeCells(base, fraction, new Random(seed));
      const fit = fitGaussianMixtureWithMissing(X, { nComponents: 3, covarianceType: type, maxIter: 40, tol: 0, seed });
      const history = fit.histories[0]!;
      for (let t = 1; t < history.length; t++) {
        assert.ok(history[t]! >= history[t - 1]! - 1e-9 * Math.abs(history[t - 1]!), `iteration ${t + 1}: ${history[t]} < ${history[t - 1]}`);
      }
    }), { numRuns: 25, seed: 42 });
  });

  test('mclust\'s models take their M-step on the expected statistics: the lower bound never decreases and each model\'s constraint holds', () => {
    const base = drawMixture(new Random(12), [[0, 0, 0], [4, 4, 0], [0, 4, 4]], [[[1, 0.5, 0], [0, 1, 0.4], [0.2, 0, 1]], [[2, 0, 0], [0, 0.5, 0], [0, 0, 1]], [[0.7, 0, 0.3], [0, 1.5, 0], [0, 0, 0.8]]], 50);
    const X = removeCells(base, 0.15, new Random(5));
    const d = 3, k = 3;
    const block = (cov: Float64Array, c: number) => cov.subarray(c * d * d, (c + 1) * d * d);
    const det3 = (a: Float64Array) => a[0]! * (a[4]! * a[8]! - a[5]! * a[7]!) - a[1]! * (a[3]! * a[8]! - a[5]! * a[6]!) + a[2]! * (a[3]! * a[7]! - a[4]! * a[6]!);
    for (const model of ['EII', 'VII', 'EEI', 'VVI', 'EEE', 'VEV', 'EVE', 'VVV'] as const) {
      const fit = fitGaussianMixtureWithMissing(X, { nComponents: k, covarianceType: 'full', model, maxIter: 60, tol: 0, seed: 1 });
      const history = fit.histories[0]!;
      for (let t = 1; t < history.length; t++) {
        assert.ok(history[t]! >= history[t - 1]! - 1e-9 * Math.abs(history[t - 1]!), `${model}, iteration ${t + 1}: ${history[t]} < ${history[t - 1]}`);
      }
      const cov = fit.model.covariances;
      const volumes = [0, 1, 2].map(c => det3(block(cov, c)) ** (1 / d));
      if (model.startsWith('E')) {
        for (const v of volumes) { assert.ok(Math.abs(v - volumes[0]!) < 1e-8 * volumes[0]!, `${model}: equal volumes (${volumes.join(', ')})`); }
      }
      if (model.endsWith('I')) {
        for (let c = 0; c < k; c++) {
          const b = block(cov, c);
          for (let j = 0; j < d; j++) { for (let l = 0; l < d; l++) { if (j !== l) { assert.ok(Math.abs(b[j * d + l]!) < 1e-12, `${model}: axis-aligned`); } } }
          if (model.endsWith('II')) { assert.ok(Math.abs(b[0]! - b[4]!) < 1e-10 * b[0]! && Math.abs(b[0]! - b[8]!) < 1e-10 * b[0]!, `${model}: spherical`); }
        }
      }
      if (model === 'EEE') { for (let c = 1; c < k; c++) { assertClose(block(cov, c), block(cov, 0), 1e-10, 'EEE: one covariance'); } }
      assert.equal(fit.nParameters, { EII: 12, VII: 14, EEI: 14, VVI: 20, EEE: 17, VEV: 25, EVE: 21, VVV: 29 }[model], `${model}: mclust's parameter count`);
    }
  });

  test('the replay records every iteration of the kept run: frame t is the model after iteration t, the last the fitted model', () => {
    const X = removeCells(drawMixture(new Random(13), [[0, 0], [5, 5]], [[[1, 0.3], [0, 1]], [[1, 0], [0.5, 1]]], 60), 0.2, new Random(9));
    const fit = fitGaussianMixtureWithMissing(X, { nComponents: 2, covarianceType: 'full', maxIter: 200, tol: 1e-6, seed: 3, nInit: 2, recordParameters: true });
    const replay = fit.replay!;
    assert.ok(replay, 'a replay is kept');
    assert.equal(replay.nFrames, fit.nIter + 1, 'the start and one frame per iteration');
    assert.ok(Number.isNaN(replay.lowerBounds[0]!), 'frame 0 has had no E-step');
    assert.deepEqual([...replay.lowerBounds.subarray(1)], [...fit.histories[fit.bestRestart]!], 'each frame\'s lower bound is the run\'s history');
    const last = replay.nFrames - 1;
    assert.deepEqual([...replay.means.subarray(last * 4, (last + 1) * 4)], [...fit.model.means], 'the last frame is the fitted model');
    assert.deepEqual([...replay.weights.subarray(last * 2)], [...fit.model.weights]);
    assert.equal(fitGaussianMixtureWithMissing(X, { nComponents: 2, covarianceType: 'full', maxIter: 200, tol: 1e-6, seed: 3, nInit: 2 }).replay, undefined, 'none unless asked');
  });

  test('with 20% of cells missing completely at random, means and covariances are closer to the truth than leaving rows out or imputing the mean (20 seeds)', () => {
    const centres = [[0, 0, 0], [5, 1, -1], [1, 5, 2]];
    const maps = [[[1, 0, 0], [0.8, 0.6, 0], [0.3, 0.2, 0.9]], [[0.7, 0, 0], [-0.5, 1, 0], [0, 0.4, 0.6]], [[1.2, 0, 0], [0, 0.5, 0], [0.6, 0, 0.8]]];
    // Σ* = A Aᵀ: truthCov[c][j][l] = Σ_q A[j][q]·A[l][q]
    const truthCov = maps.map(a => a.map(rowJ => a.map(rowL => rowJ.reduce((s, v, q) => s + v * rowL[q]!, 0))));
    const errors = { model: 0, drop: 0, impute: 0 };
    for (let seed = 1; seed <= 20; seed++) {
      const random = new Random(seed);
      const full = drawMixture(random, centres, maps, 200);
      const X = removeCells(full, 0.2, random);
      const d = 3, n = X.nSamples;
      const options = { nComponents: 3, covarianceType: 'full' as const, nInit: 3, seed };
      const model = fitGaussianMixtureWithMissing(X, options).model;
      const completeRows: number[] = [];
      for (let i = 0; i < n; i++) { if ([0, 1, 2].every(j => !Number.isNaN(X.data[i * d + j]!))) { completeRows.push(i); } }
      const dropped = createDataMatrix(Float64Array.from(completeRows.flatMap(i => [...X.data.subarray(i * d, i * d + d)])), completeRows.length, d);
      const columnMeans = [0, 1, 2].map(j => { let s = 0, m = 0; for (let i = 0; i < n; i++) { const x = X.data[i * d + j]!; if (!Number.isNaN(x)) { s += x; m++; } } return s / m; });
      const imputed = createDataMatrix(X.data.map((x, i) => Number.isNaN(x) ? columnMeans[i % d]! : x), n, d);
      errors.model += parameterError(model, centres, truthCov);
      errors.drop += parameterError(fitGaussianMixture(dropped, options).model, centres, truthCov);
      errors.impute += parameterError(fitGaussianMixture(imputed, options).model, centres, truthCov);
    }
    console.log(`mean squared parameter error over 20 seeds: model ${(errors.model / 20).toFixed(4)}, drop ${(errors.drop / 20).toFixed(4)}, impute ${(errors.impute / 20).toFixed(4)}`);
    assert.ok(errors.model < errors.drop, `model ${errors.model} vs drop ${errors.drop}`);
    assert.ok(errors.model < errors.impute, `model ${errors.model} vs impute ${errors.impute}`);
  });

  test('a column missing in every row of one cluster separates the clusters, fits the observed column and stays finite', () => {
    // that cluster's mean in the hidden column is not determined by any value: EM keeps it where it
    // started, and nothing else may suffer from it
    const random = new Random(7);
    const X = drawMixture(random, [[0, 0], [8, 8]], [[[1, 0], [0.9, 0.4]], [[1, 0], [0.9, 0.4]]], 150);
    const data = X.data.slice();
    for (let i = 150; i < 300; i++) { data[i * 2 + 1] = NaN; }
    for (const type of TYPES) {
      const fit = fitGaussianMixtureWithMissing(createDataMatrix(data, 300, 2), { nComponents: 2, covarianceType: type, seed: 1 });
      const second = fit.model.means[0]! > 4 ? 0 : 1;
      assert.ok(Math.abs(fit.model.means[second * 2]! - 8) < 0.3, `${type}: mean of the observed column in the second cluster: ${fit.model.means[second * 2]}`);
      for (let i = 0; i < 300; i++) { assert.equal(fit.labels[i], i < 150 ? 1 - second : second, `${type}: row ${i}`); }
      assert.ok(Number.isFinite(fit.logLikelihood) && fit.model.covariances.every(Number.isFinite), type);
    }
  });

  test('a pattern held by a single row, a row with every cell missing and d = 1 are fitted and reported', () => {
    const X = drawMixture(new Random(9), [[0, 0, 0], [6, 6, 6]], [0, 1].map(() => [[1, 0, 0], [0, 1, 0], [0, 0, 1]]), 50);
    const data = X.data.slice();
    data[3 * 3 + 0] = NaN; data[3 * 3 + 2] = NaN; // row 3: the only row observing column 1 alone
    data.fill(NaN, 10 * 3, 11 * 3); // row 10: nothing observed
    const fit = fitGaussianMixtureWithMissing(createDataMatrix(data, 100, 3), { nComponents: 2, seed: 2 });
    assert.deepEqual([...fit.missing.emptyRows], [10]);
    assert.equal(fit.missing.nUsed, 99);
    assert.equal(fit.missing.nMissingCells, 5);
    assert.deepEqual([...fit.resp.subarray(20, 22)], [...fit.model.weights]);
    assert.equal(fit.labels[3], fit.labels[0]);
    const imputed = imputeConditionalMeans(fit.model, createDataMatrix(data, 100, 3));
    assert.ok(Math.abs(imputed[3 * 3]! - data[3 * 3 + 1]!) < 3, 'row 3 imputed near its cluster');

    const line = createDataMatrix(Float64Array.from([...Array(60).keys()].map(i => (i % 7 === 0 ? NaN : (i < 30 ? 0 : 10) + Math.sin(i)))), 60, 1);
    const one = fitGaussianMixtureWithMissing(line, { nComponents: 2, seed: 0 });
    assert.equal(one.missing.emptyRows.length, 9);
    assert.equal(one.missing.nUsed, 51);
    assert.ok(Number.isFinite(one.logLikelihood));
    const means = [...one.model.means].sort((a, b) => a - b);
    assert.ok(Math.abs(means[0]!) < 1 && Math.abs(means[1]! - 10) < 1, `means ${means}`);
  });
});

/** Σ over clusters (matched to the truth by the nearest mean) of |μ − μ*|² + |Σ − Σ*|²_F. */
function parameterError(model: GaussianMixtureModel, centres: number[][], truthCov: number[][][]): number {
  const { nComponents: k, nFeatures: d } = model;
  const full = model.covariances;
  let total = 0;
  const used = new Set<number>();
  for (let t = 0; t < k; t++) {
    let best = -1, bestDist = Infinity;
    for (let c = 0; c < k; c++) {
      if (used.has(c)) { continue; }
      let dist = 0;
      for (let j = 0; j < d; j++) { dist += (model.means[c * d + j]! - centres[t]![j]!) ** 2; }
      if (dist < bestDist) { bestDist = dist; best = c; }
    }
    used.add(best);
    total += bestDist;
    for (let j = 0; j < d; j++) { for (let l = 0; l < d; l++) { total += (full[best * d * d + j * d + l]! - truthCov[t]![j]![l]!) ** 2; } }
  }
  return total;
}
