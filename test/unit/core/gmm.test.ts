import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createDataMatrix, dataMatrixFromRows, type DataMatrix } from '../../../src/core/dataMatrix';
import {
  expandCovariances, fitGaussianMixture, predict, predictProba, scoreSamples, type CovarianceType,
} from '../../../src/core/gmm';
import { fitKMeans } from '../../../src/core/kmeans';
import { Random } from '../../../src/core/random';
import { randomMatrix } from './referenceMatrices';

const TYPES: CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];

/** Blobs with the given centers and a per-blob linear map applied to standard normal noise. */
function makeBlobs(seed: number, centers: number[][], perBlob: number, transform?: number[][]): { X: DataMatrix; truth: Int32Array } {
  const r = new Random(seed);
  const d = centers[0]!.length;
  const data = new Float64Array(centers.length * perBlob * d);
  const truth = new Int32Array(centers.length * perBlob);
  let i = 0;
  centers.forEach((c, b) => {
    for (let s = 0; s < perBlob; s++, i++) {
      const z = Array.from({ length: d }, () => r.nextNormal());
      for (let j = 0; j < d; j++) {
        let v = z[j]!;
        if (transform) { v = 0; for (let l = 0; l < d; l++) { v += z[l]! * transform[l]![j]!; } }
        data[i * d + j] = c[j]! + v;
      }
      truth[i] = b;
    }
  });
  return { X: createDataMatrix(data, i, d), truth };
}

/** Fraction of rows whose label is the majority label of their true group (1 = perfect recovery up to renaming). */
function purity(labels: Int32Array, truth: Int32Array): number {
  const groups = new Map<number, Map<number, number>>();
  labels.forEach((l, i) => {
    const g = groups.get(truth[i]!) ?? new Map<number, number>();
    g.set(l, (g.get(l) ?? 0) + 1);
    groups.set(truth[i]!, g);
  });
  let agree = 0;
  for (const g of groups.values()) { agree += Math.max(...g.values()); }
  const used = new Set<number>();
  for (const g of groups.values()) { used.add([...g.entries()].sort((a, b) => b[1] - a[1])[0]![0]); }
  return used.size === groups.size ? agree / labels.length : 0;
}

function assertAllFinite(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) { assert.ok(Number.isFinite(values[i]!), `${what}[${i}] = ${values[i]}`); }
}

function assertFiniteResult(r: ReturnType<typeof fitGaussianMixture>): void {
  assertAllFinite(r.model.weights, 'weights');
  assertAllFinite(r.model.means, 'means');
  assertAllFinite(r.model.covariances, 'covariances');
  assertAllFinite(r.model.precisionsChol, 'precisionsChol');
  assertAllFinite(r.resp, 'resp');
  assert.ok(Number.isFinite(r.lowerBound) && Number.isFinite(r.logLikelihood) && Number.isFinite(r.bic));
}

describe('EM invariants', () => {
  test('the lower bound never decreases across EM iterations on random data', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }),
      fc.constantFrom(...TYPES), fc.constantFrom<'kmeans' | 'random' | 'random_from_data' | 'k-means++'>('kmeans', 'random', 'random_from_data', 'k-means++'),
      (seed, d, k, covarianceType, init) => {
        const X = randomMatrix(seed, 40 + 10 * k, d, 3);
        const r = fitGaussianMixture(X, { nComponents: k, covarianceType, init, seed, tol: 0, maxIter: 30 });
        const h = r.histories[0]!;
        for (let i = 1; i < h.length; i++) {
          // regCovar makes the M-step a hair off the exact maximiser: allow a decrease of order regCovar²
          assert.ok(h[i]! >= h[i - 1]! - 1e-9, `iteration ${i + 1}: ${h[i]} < ${h[i - 1]}`);
        }
      }), { numRuns: 60 });
  });

  test('every row of resp sums to 1 and labels are the row-wise argmax', () => {
    for (const covarianceType of TYPES) {
      const X = randomMatrix(3, 200, 3);
      const r = fitGaussianMixture(X, { nComponents: 4, covarianceType });
      for (let i = 0; i < X.nSamples; i++) {
        let sum = 0, best = 0;
        for (let c = 0; c < 4; c++) { sum += r.resp[i * 4 + c]!; if (r.resp[i * 4 + c]! > r.resp[i * 4 + best]!) { best = c; } }
        assert.ok(Math.abs(sum - 1) < 1e-12);
        assert.equal(r.labels[i], best);
      }
    }
  });

  test('the same seed gives identical results', () => {
    for (const covarianceType of TYPES) {
      for (const init of ['kmeans', 'k-means++', 'random', 'random_from_data'] as const) {
        const X = randomMatrix(8, 150, 2);
        const a = fitGaussianMixture(X, { nComponents: 3, covarianceType, init, nInit: 2, seed: 5 });
        const b = fitGaussianMixture(X, { nComponents: 3, covarianceType, init, nInit: 2, seed: 5 });
        assert.deepEqual(a, b);
      }
    }
  });

  test('predict, predictProba and scoreSamples agree with the fit', () => {
    const X = randomMatrix(9, 120, 3);
    for (const covarianceType of TYPES) {
      const r = fitGaussianMixture(X, { nComponents: 3, covarianceType });
      assert.deepEqual(predict(r.model, X), r.labels);
      assert.deepEqual(predictProba(r.model, X), r.resp);
      const scores = scoreSamples(r.model, X);
      const total = scores.reduce((s, v) => s + v, 0);
      assert.ok(Math.abs(total - r.logLikelihood) <= 1e-10 * Math.abs(total));
      assert.equal(r.bic, -2 * r.logLikelihood + r.nParameters * Math.log(120));
      assert.equal(r.aic, -2 * r.logLikelihood + 2 * r.nParameters);
    }
  });

  test('expandCovariances gives k full d × d matrices for every covariance type', () => {
    const X = randomMatrix(10, 100, 3);
    for (const covarianceType of TYPES) {
      const { model } = fitGaussianMixture(X, { nComponents: 2, covarianceType });
      const full = expandCovariances(model);
      assert.equal(full.length, 2 * 9);
      for (let c = 0; c < 2; c++) {
        for (let j = 0; j < 3; j++) {
          for (let l = 0; l < 3; l++) { assert.equal(full[c * 9 + j * 3 + l], full[c * 9 + l * 3 + j]); }
          const expected = covarianceType === 'full' ? model.covariances[c * 9 + j * 4] : covarianceType === 'tied' ? model.covariances[j * 4]
            : covarianceType === 'diag' ? model.covariances[c * 3 + j] : model.covariances[c];
          assert.equal(full[c * 9 + j * 4], expected);
        }
      }
    }
  });

  test('recordParameters keeps one frame per iteration plus the initialisation', () => {
    const X = randomMatrix(11, 100, 2);
    const r = fitGaussianMixture(X, { nComponents: 3, recordParameters: true, nInit: 3 });
    const replay = r.replay!;
    assert.equal(replay.nFrames, r.nIter + 1);
    assert.deepEqual(replay.weights.subarray(r.nIter * 3), r.model.weights);
    assert.deepEqual(replay.covariances.subarray(r.nIter * 12), r.model.covariances);
    assert.equal(replay.lowerBounds[r.nIter], r.lowerBound);
    assert.equal(fitGaussianMixture(X, { nComponents: 3 }).replay, undefined);
    assert.equal(fitGaussianMixture(randomMatrix(1, 50, 40), { nComponents: 8, recordParameters: true, maxIter: 200 }).replay, undefined);
  });

  test('onIteration reports every iteration of every restart', () => {
    const events: number[][] = [];
    const r = fitGaussianMixture(randomMatrix(12, 80, 2), { nComponents: 2, nInit: 3, onIteration: e => events.push([e.restart, e.iteration, e.value]) });
    assert.equal(events.length, r.histories.reduce((s, h) => s + h.length, 0));
    assert.deepEqual(events.filter(e => e[0] === r.bestRestart).map(e => e[2]), Array.from(r.histories[r.bestRestart]!));
  });
});

describe('recovering known structure', () => {
  test('two-component 1-D heights data recovers both means', () => {
    const r = new Random(1);
    const heights = [...Array.from({ length: 300 }, () => [64 + 2.5 * r.nextNormal()]), ...Array.from({ length: 300 }, () => [70 + 3 * r.nextNormal()])];
    const fit = fitGaussianMixture(dataMatrixFromRows(heights), { nComponents: 2, nInit: 3 });
    const means = Array.from(fit.model.means).sort((a, b) => a - b);
    assert.ok(Math.abs(means[0]! - 64) < 0.8, `low mean ${means[0]}`);
    assert.ok(Math.abs(means[1]! - 70) < 0.8, `high mean ${means[1]}`);
    const sds = Array.from(fit.model.covariances, Math.sqrt).sort((a, b) => a - b);
    assert.ok(sds[0]! > 1.5 && sds[1]! < 4, `sds ${sds}`);
  });

  test('three stretched 2-D blobs are recovered by a full GMM where k-means fails', () => {
    const { X, truth } = makeBlobs(170, [[0, 0], [0, 5], [5, 2.5]], 200, [[2.4, -2.4], [-0.4, 0.8]]);
    const gmm = fitGaussianMixture(X, { nComponents: 3, nInit: 5 });
    const km = fitKMeans(X, { nClusters: 3 });
    const gmmPurity = purity(gmm.labels, truth), kmPurity = purity(km.labels, truth);
    assert.ok(gmmPurity > 0.97, `GMM purity ${gmmPurity}`);
    assert.ok(kmPurity < 0.9, `k-means purity ${kmPurity}`);
  });
});

describe('hard cases stay finite', () => {
  for (const covarianceType of TYPES) {
    test(`duplicate rows, a constant column and k above the distinct points (${covarianceType})`, () => {
      const rows = [[1, 5], [1, 5], [1, 5], [2, 5], [2, 5], [3, 5], [3, 5], [3, 5]];
      for (const init of ['kmeans', 'k-means++', 'random', 'random_from_data'] as const) {
        const r = fitGaussianMixture(dataMatrixFromRows(rows), { nComponents: 5, covarianceType, init });
        assertFiniteResult(r);
        assert.ok(r.collapsedComponents.length > 0);
      }
    });

    test(`k = 1, d = 1, a single row and one distinct value (${covarianceType})`, () => {
      assertFiniteResult(fitGaussianMixture(randomMatrix(1, 50, 3), { nComponents: 1, covarianceType }));
      assertFiniteResult(fitGaussianMixture(randomMatrix(2, 50, 1), { nComponents: 3, covarianceType }));
      assertFiniteResult(fitGaussianMixture(dataMatrixFromRows([[4, 2]]), { nComponents: 1, covarianceType }));
      const same = fitGaussianMixture(dataMatrixFromRows([[7], [7], [7], [7]]), { nComponents: 2, covarianceType });
      assertFiniteResult(same);
      assert.deepEqual(same.collapsedComponents, [0, 1]);
    });

    test(`data offset by 1e9 fits like the same data near 0 (${covarianceType})`, () => {
      const near = makeBlobs(4, [[0, 0], [6, 6]], 150).X;
      const far = createDataMatrix(near.data.map(v => v + 1e9), near.nSamples, 2);
      const a = fitGaussianMixture(near, { nComponents: 2, covarianceType });
      const b = fitGaussianMixture(far, { nComponents: 2, covarianceType });
      assertFiniteResult(b);
      assert.deepEqual(b.labels, a.labels);
      for (let i = 0; i < a.model.covariances.length; i++) {
        assert.ok(Math.abs(a.model.covariances[i]! - b.model.covariances[i]!) < 1e-4, `covariance ${a.model.covariances[i]} vs ${b.model.covariances[i]}`);
      }
      for (let i = 0; i < a.model.means.length; i++) { assert.ok(Math.abs(a.model.means[i]! + 1e9 - b.model.means[i]!) < 1e-4); }
    });
  }

  test('invalid options fail with readable messages', () => {
    const X = dataMatrixFromRows([[1], [2], [3]]);
    assert.throws(() => fitGaussianMixture(X, { nComponents: 5 }), /k \(5\) is larger than the number of rows \(3\)/);
    assert.throws(() => fitGaussianMixture(X, { nComponents: 1.5 }), /nComponents must be an integer/);
    assert.throws(() => fitGaussianMixture(X, { covarianceType: 'banana' as CovarianceType }), /covarianceType must be one of/);
    assert.throws(() => fitGaussianMixture(X, { regCovar: -1 }), /regCovar/);
    assert.throws(() => fitGaussianMixture(X, { nComponents: 2, weightsInit: Float64Array.of(0.5, 0.6) }), /sum to 1/);
    assert.throws(() => fitGaussianMixture(X, { nComponents: 2, meansInit: Float64Array.of(1) }), /meansInit has 1 values/);
    assert.throws(() => fitGaussianMixture(X, { nComponents: 1, precisionsInit: Float64Array.of(-1) }), /positive definite/);
    assert.throws(() => fitGaussianMixture(dataMatrixFromRows([[1], [Infinity]])), /row 1, column 0 is not a finite number/);
  });
});
