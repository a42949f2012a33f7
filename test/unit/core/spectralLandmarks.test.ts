import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createDataMatrix, type DataMatrix } from '../../../src/core/dataMatrix';
import { Random } from '../../../src/core/random';
import { EXACT_LIMIT, LANDMARKS, fitSpectral } from '../../../src/core/spectral';
import { sampleLandmarks, selectRows } from '../../../src/core/spectralLandmarks';
import { adjustedRandIndex, loadDensityFixtures } from './densityFixtures';

/** scikit-learn's make_moons layout (outer half circle, then the inner one), Gaussian noise, seeded. */
function makeMoons(n: number, noise: number, seed: number): { X: DataMatrix; truth: Int32Array } {
  const random = new Random(seed);
  const data = new Float64Array(2 * n);
  const truth = new Int32Array(n);
  const nOuter = n >> 1;
  for (let i = 0; i < n; i++) {
    const outer = i < nOuter;
    const m = outer ? nOuter : n - nOuter;
    const t = (Math.PI * (outer ? i : i - nOuter)) / Math.max(1, m - 1);
    data[2 * i] = (outer ? Math.cos(t) : 1 - Math.cos(t)) + noise * random.nextNormal();
    data[2 * i + 1] = (outer ? Math.sin(t) : 0.5 - Math.sin(t)) + noise * random.nextNormal();
    truth[i] = outer ? 0 : 1;
  }
  return { X: createDataMatrix(data, n, 2), truth };
}

describe('sampleLandmarks', () => {
  test('draws distinct rows, ascending, the same for the same seed and others for another', () => {
    const a = sampleLandmarks(1000, 100, 3);
    assert.equal(a.length, 100);
    for (let m = 1; m < a.length; m++) { assert.ok(a[m]! > a[m - 1]!); }
    assert.ok(a[0]! >= 0 && a[a.length - 1]! < 1000);
    assert.deepEqual(sampleLandmarks(1000, 100, 3), a);
    assert.notDeepEqual(sampleLandmarks(1000, 100, 4), a);
    assert.deepEqual(Array.from(sampleLandmarks(5, 5, 0)), [0, 1, 2, 3, 4]);
  });

  test('refuses more landmarks than rows', () => {
    assert.throws(() => sampleLandmarks(10, 11, 0), /the number of landmarks must be an integer from 1 to 10, got 11/);
  });
});

describe('fitSpectral with landmarks (Nyström extension)', () => {
  test('past the exact limit, two moons of 100,000 rows (noise 0.07) are found as generated, and the result says landmarks were used', () => {
    const { X, truth } = makeMoons(100000, 0.07, 1);
    assert.ok(X.nSamples > EXACT_LIMIT);
    const got = fitSpectral(X, { nClusters: 2 });
    assert.equal(got.nLandmarks, LANDMARKS);
    assert.equal(got.landmarkIndices.length, LANDMARKS);
    assert.equal(got.labels.length, X.nSamples);
    assert.equal(got.embedding.length, 2 * X.nSamples);
    const ari = adjustedRandIndex(got.labels, truth);
    assert.ok(ari >= 0.99, `adjusted Rand index ${ari} against the truth`);
  });

  test('the landmarks are clustered exactly as the exact method clusters those rows alone, and keep their embedding', () => {
    const f = loadDensityFixtures().find(x => x.name === 'moons1000')!;
    const got = fitSpectral(f.X, { nClusters: 2, nLandmarks: 400, seed: 5 });
    const alone = fitSpectral(selectRows(f.X, got.landmarkIndices), { nClusters: 2, seed: 5 });
    assert.equal(alone.nLandmarks, 0);
    got.landmarkIndices.forEach((row, m) => {
      assert.equal(got.labels[row], alone.labels[m]);
      assert.equal(got.embedding[row * 2 + 1], alone.embedding[m * 2 + 1]);
    });
    assert.deepEqual(got.eigenvalues, alone.eigenvalues);
  });

  test('on a smaller set, a landmark fit agrees with the exact fit of every row', () => {
    const f = loadDensityFixtures().find(x => x.name === 'moons1000')!;
    const exact = fitSpectral(f.X, { nClusters: 2 });
    const landmark = fitSpectral(f.X, { nClusters: 2, nLandmarks: 500 });
    assert.equal(exact.nLandmarks, 0);
    assert.equal(exact.landmarkIndices.length, 0);
    assert.equal(landmark.nLandmarks, 500);
    const ari = adjustedRandIndex(landmark.labels, exact.labels);
    assert.ok(ari >= 0.99, `adjusted Rand index ${ari} against the exact fit`);
  });

  test('is deterministic for a seed; as many landmarks as rows, or 0, is the exact method', () => {
    const { X } = makeMoons(3000, 0.1, 2);
    const a = fitSpectral(X, { nClusters: 2, nLandmarks: 1000, seed: 1 });
    const b = fitSpectral(X, { nClusters: 2, nLandmarks: 1000, seed: 1 });
    assert.deepEqual(a.labels, b.labels);
    assert.deepEqual(a.embedding, b.embedding);
    const exact = fitSpectral(X, { nClusters: 2, nLandmarks: 0 });
    assert.deepEqual(fitSpectral(X, { nClusters: 2, nLandmarks: 3000 }).labels, exact.labels);
    assert.equal(exact.nLandmarks, 0);
  });

  test('too few landmarks for the graph is refused with a sentence naming both', () => {
    const { X } = makeMoons(200, 0.05, 3);
    assert.throws(() => fitSpectral(X, { nClusters: 2, nLandmarks: 5 }), /5 landmarks are fewer than nNeighbors \(10\) or k \(2\)/);
    assert.throws(() => fitSpectral(X, { nClusters: 2, nLandmarks: -1 }), /nLandmarks must be an integer ≥ 0, got -1/);
  });
});
