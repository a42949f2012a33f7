import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createDataMatrix, dataMatrixFromRows, type DataMatrix } from '../../../src/core/dataMatrix';
import { inThreadExecutor } from '../../../src/core/inThreadExecutor';
import { kernelSettings } from '../../../src/core/kernels/dispatch';
import { fitKMeans } from '../../../src/core/kmeans';
import { kmeansPlusPlus, pruneThreshold, seedKMeansPlusPlus } from '../../../src/core/kmeansPlusPlus';
import { Random } from '../../../src/core/random';
import * as fs from 'node:fs';
import * as path from 'node:path';

function makeBlobs(seed: number, centers: number[][], perBlob: number, spread: number): DataMatrix {
  const r = new Random(seed);
  const d = centers[0]!.length;
  const data = new Float64Array(centers.length * perBlob * d);
  let p = 0;
  for (const c of centers) {
    for (let i = 0; i < perBlob; i++) { for (let j = 0; j < d; j++) { data[p++] = c[j]! + spread * r.nextNormal(); } }
  }
  return createDataMatrix(data, centers.length * perBlob, d);
}

describe('fitKMeans', () => {
  test('three separated blobs are found with one label per blob', () => {
    const X = makeBlobs(1, [[0, 0], [10, 0], [0, 10]], 50, 0.5);
    const result = fitKMeans(X, { nClusters: 3 });
    for (let b = 0; b < 3; b++) {
      const labels = new Set(Array.from(result.labels.subarray(b * 50, b * 50 + 50)));
      assert.equal(labels.size, 1);
    }
    assert.equal(new Set(Array.from(result.labels)).size, 3);
    assert.ok(result.converged);
    assert.equal(result.histories.length, 10);
  });

  test('inertia never increases across Lloyd iterations', () => {
    const X = makeBlobs(2, [[0, 0, 0], [3, 1, 0], [1, 3, 2], [5, 5, 5]], 100, 1.5);
    const result = fitKMeans(X, { nClusters: 6, nInit: 5, tol: 0 });
    for (const h of result.histories) {
      for (let i = 1; i < h.length; i++) { assert.ok(h[i]! <= h[i - 1]! * (1 + 1e-12), `${h[i]} > ${h[i - 1]}`); }
    }
  });

  test('the same seed gives identical results and the reported inertia matches the labels', () => {
    const X = makeBlobs(3, [[0, 0], [4, 4]], 80, 2);
    const a = fitKMeans(X, { nClusters: 4, seed: 9 });
    const b = fitKMeans(X, { nClusters: 4, seed: 9 });
    assert.deepEqual(a, b);
    let inertia = 0;
    for (let i = 0; i < X.nSamples; i++) {
      const c = a.labels[i]!;
      for (let j = 0; j < 2; j++) { inertia += (X.data[i * 2 + j]! - a.centers[c * 2 + j]!) ** 2; }
    }
    assert.ok(Math.abs(inertia - a.inertia) <= 1e-9 * inertia);
  });

  test('options are validated with readable messages', () => {
    const X = dataMatrixFromRows([[1], [2], [3]]);
    assert.throws(() => fitKMeans(X, { nClusters: 5 }), /k \(5\) is larger than the number of rows \(3\)/);
    assert.throws(() => fitKMeans(X, { nClusters: 0 }), /nClusters must be an integer ≥ 1/);
    assert.throws(() => fitKMeans(X, { nClusters: 2, tol: -1 }), /tol/);
    assert.throws(() => fitKMeans(dataMatrixFromRows([[1], [NaN]]), { nClusters: 1 }), /row 1, column 0/);
  });

  test('a value that is not finite is named by row and column, also with tol 0 and on a pool-sized matrix', () => {
    const X = makeBlobs(3, [[0, 0], [9, 9]], 3000, 1);
    X.data[4321 * 2 + 1] = -Infinity;
    assert.throws(() => fitKMeans(X, { nClusters: 2 }), /row 4321, column 1 is not a finite number \(-Infinity\)/);
    assert.throws(() => fitKMeans(X, { nClusters: 2, tol: 0 }), /row 4321, column 1/);
    X.data[17 * 2] = NaN;
    assert.throws(() => fitKMeans(X, { nClusters: 2 }), /row 17, column 0 is not a finite number \(NaN\)/);
  });

  test('finite values whose column sum overflows are not mistaken for a value that is not finite', () => {
    // (their squared distances overflow too: the extension standardises such columns first)
    const X = dataMatrixFromRows([[1e308], [1.5e308], [-1e308], [-1.2e308]]);
    const result = fitKMeans(X, { nClusters: 2, nInit: 1 });
    assert.ok(result.labels.every(l => l === 0 || l === 1));
  });

  test('k larger than the number of distinct points stays finite', () => {
    const X = dataMatrixFromRows([[1, 1], [1, 1], [1, 1], [2, 2], [2, 2]]);
    const result = fitKMeans(X, { nClusters: 4 });
    assert.ok(result.centers.every(Number.isFinite));
    assert.ok(Math.abs(result.inertia) < 1e-12);
  });

  test('offset data around 1e9 clusters like the same data near 0', () => {
    const X = makeBlobs(4, [[0, 0], [5, 5]], 60, 1);
    const shifted = createDataMatrix(X.data.map(v => v + 1e9), X.nSamples, 2);
    const a = fitKMeans(X, { nClusters: 2 }), b = fitKMeans(shifted, { nClusters: 2 });
    assert.deepEqual(a.labels, b.labels);
    assert.ok(Math.abs(a.inertia - b.inertia) < 1e-4 * a.inertia);
  });

  test('k-means++ picks distinct rows of the data', () => {
    const X = makeBlobs(5, [[0], [10], [20]], 30, 0.1);
    const centers = kmeansPlusPlus(X, 3, new Random(0));
    const rounded = new Set(Array.from(centers, v => Math.round(v / 10)));
    assert.equal(rounded.size, 3);
  });
});

/** Runs f with the triangle-inequality pruning off (every distance computed), then restores it. */
function unpruned<T>(f: () => T): T {
  kernelSettings.pruneByTriangle = false;
  try { return f(); } finally { kernelSettings.pruneByTriangle = true; }
}

function sameBits(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  assert.equal(a.length, b.length, `${what}: length`);
  for (let i = 0; i < a.length; i++) { assert.ok(Object.is(a[i], b[i]), `${what}[${i}]: ${a[i]} vs ${b[i]}`); }
}

describe('k-means++ and the first Lloyd pass skip distances by the triangle inequality', () => {
  test('a row is only ruled out when the candidate is farther than twice its distance to its center', () => {
    assert.equal(pruneThreshold(16, 0), 4 / (1 + 1e-9) ** 2);
    assert.ok(pruneThreshold(16, 0) < 4, 'the margin keeps the threshold below the exact half distance');
    assert.equal(pruneThreshold(16, 3), 0, 'a tolerance larger than the half distance rules out nothing');
    assert.equal(pruneThreshold(0, 0), 0, 'a duplicate center rules out nothing');
  });

  const cases: [string, DataMatrix, number][] = [
    ['separated blobs, d = 8', makeBlobs(1, [[0, 0, 0, 0, 0, 0, 0, 0], [9, 0, 0, 0, 0, 0, 0, 3], [0, 9, 0, 4, 0, 0, 0, 0], [0, 0, 9, 0, 0, -5, 0, 0], [5, 5, 5, 5, 5, 5, 5, 5]], 400, 1), 8],
    ['overlapping blobs around 1e9, d = 3', makeBlobs(2, [[1e9, 1e9, 1e9], [1e9 + 2, 1e9, 1e9 - 1], [1e9, 1e9 + 3, 1e9]], 700, 1.5), 6],
    ['one column of 7 distinct values, k = 9', createDataMatrix(Float64Array.from({ length: 900 }, (_, i) => i % 7), 900, 1), 9],
    ['d = 11 (the generic loops)', makeBlobs(4, [Array(11).fill(0), Array(11).fill(4), Array.from({ length: 11 }, (_, j) => j)], 500, 1.2), 7],
    ['uniform noise, k = 12', makeBlobs(5, [[0, 0]], 3000, 10), 12],
  ];
  for (const [name, X, k] of cases) {
    test(`k-means++ chooses the same rows and leaves the same nearest centers with and without pruning: ${name}`, () => {
      const seed = (): { indices: Int32Array; closest: Float64Array; labels: Int32Array } => {
        const closest = new Float64Array(X.nSamples), labels = new Int32Array(X.nSamples);
        const { indices } = seedKMeansPlusPlus(X, k, new Random(11), inThreadExecutor, closest, labels);
        return { indices, closest, labels };
      };
      const pruned = seed();
      const full = unpruned(seed);
      sameBits(pruned.indices, full.indices, 'chosen rows');
      sameBits(pruned.closest, full.closest, 'closest distances');
      sameBits(pruned.labels, full.labels, 'nearest centers');
    });

    test(`a fit started from the seeding equals one started from the same centers with a full first pass: ${name}`, () => {
      const fromSeeds = fitKMeans(X, { nClusters: k, nInit: 1, seed: 4 });
      const centers = kmeansPlusPlus(X, k, new Random(4));
      const fromCenters = fitKMeans(X, { nClusters: k, centersInit: centers });
      sameBits(fromSeeds.labels, fromCenters.labels, 'labels');
      sameBits(fromSeeds.centers, fromCenters.centers, 'centers');
      sameBits(fromSeeds.histories[0]!, fromCenters.histories[0]!, 'inertia per iteration');
      assert.ok(Object.is(fromSeeds.inertia, fromCenters.inertia));
      assert.equal(fromSeeds.nIter, fromCenters.nIter);
      const withoutPruning = unpruned(() => fitKMeans(X, { nClusters: k, nInit: 2, seed: 4 }));
      const withPruning = fitKMeans(X, { nClusters: k, nInit: 2, seed: 4 });
      sameBits(withPruning.labels, withoutPruning.labels, 'labels (2 restarts)');
      sameBits(withPruning.centers, withoutPruning.centers, 'centers (2 restarts)');
    });
  }
});

interface KMeansCase { k: number; initCenters: number[]; labels: number[]; centers: number[]; inertia: number; nIter: number; bestInertia?: number }
interface KMeansFixture { nSamples: number; nFeatures: number; X: number[]; kmeans: KMeansCase[] }

for (const name of ['iris', 'aniso', 'heights', 'wine', 'blobs5']) {
  const fixture = JSON.parse(fs.readFileSync(path.resolve('test/fixtures/sklearn', `${name}.json`), 'utf8')) as KMeansFixture;
  const X = createDataMatrix(Float64Array.from(fixture.X), fixture.nSamples, fixture.nFeatures);
  describe(`KMeans on ${name} against scikit-learn`, () => {
    test('the same initial centers give the same labels, centers, inertia and iterations', () => {
      for (const c of fixture.kmeans) {
        const r = fitKMeans(X, { nClusters: c.k, centersInit: Float64Array.from(c.initCenters) });
        assert.deepEqual(Array.from(r.labels), c.labels, `k=${c.k} labels`);
        const scale = Math.max(...c.centers.map(Math.abs));
        r.centers.forEach((v, i) => assert.ok(Math.abs(v - c.centers[i]!) <= 1e-10 * scale, `k=${c.k} center ${i}: ${v} vs ${c.centers[i]}`));
        assert.ok(Math.abs(r.inertia - c.inertia) <= 1e-10 * c.inertia + 1e-12, `k=${c.k} inertia ${r.inertia} vs ${c.inertia}`);
        assert.equal(r.nIter, c.nIter, `k=${c.k} nIter`);
      }
    });

    if (fixture.kmeans.some(c => c.bestInertia !== undefined)) {
      // Restarts of both libraries fall in the same local optima with the same frequencies (measured
      // over 300 seeds: iris k=4 finds the best one 15% of the time here, 11% in sklearn; a single
      // restart of ours matches sklearn's best-of-10 on aniso k=6 only 2% of the time), so
      // best-of-10 against best-of-10 is a coin flip: we take 300 restarts.
      test('a full fit with 300 restarts reaches an inertia no worse than sklearn\'s best of 10', () => {
        for (const c of fixture.kmeans) {
          const r = fitKMeans(X, { nClusters: c.k, nInit: 300 });
          assert.ok(r.inertia <= c.bestInertia! * (1 + 1e-6), `k=${c.k}: ${r.inertia} > sklearn ${c.bestInertia}`);
        }
      });
    }
  });
}
