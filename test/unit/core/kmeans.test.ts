import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createDataMatrix, dataMatrixFromRows, type DataMatrix } from '../../../src/core/dataMatrix';
import { fitKMeans, kmeansPlusPlus } from '../../../src/core/kmeans';
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
