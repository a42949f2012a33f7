import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { dataMatrixFromRows } from '../../../src/core/dataMatrix';
import { fitSpectral } from '../../../src/core/spectral';
import { adjustedRandIndex, loadDensityFixtures, samePartition } from './densityFixtures';

const fixtures = loadDensityFixtures().filter(f => f.spectral.length > 0);

describe('fitSpectral against scikit-learn SpectralClustering(affinity=nearest_neighbors)', () => {
  for (const f of fixtures) {
    const ref = f.spectral[0]!;
    test(`${f.name}: same embedding (connected graphs), same clusters, same connectivity report`, () => {
      const got = fitSpectral(f.X, { nClusters: ref.nClusters, nNeighbors: ref.nNeighbors });
      assert.equal(got.connected, ref.connected);
      const k = ref.nClusters;
      if (ref.connected) {
        for (let r = 0; r < k; r++) {
          let worst = 0, scale = 0;
          for (let i = 0; i < f.X.nSamples; i++) {
            worst = Math.max(worst, Math.abs(got.embedding[i * k + r]! - ref.embedding[i * k + r]!));
            scale = Math.max(scale, Math.abs(ref.embedding[i * k + r]!));
          }
          assert.ok(worst <= 1e-6 * scale, `${f.name} embedding column ${r}: off by ${worst} of ${scale}`);
        }
      }
      const ari = adjustedRandIndex(got.labels, ref.labels);
      assert.ok(ari >= 0.99, `${f.name}: adjusted Rand index ${ari} against scikit-learn`);
    });
  }

  test('two moons of 1,000 rows (noise 0.07) are found exactly as generated', () => {
    const f = fixtures.find(x => x.name === 'moons1000')!;
    const got = fitSpectral(f.X, { nClusters: 2 });
    assert.equal(adjustedRandIndex(got.labels, f.truth!), 1);
  });
});

describe('fitSpectral', () => {
  test('a graph in pieces is reported, and its pieces are the clusters', () => {
    const rows: number[][] = [];
    for (let i = 0; i < 30; i++) { rows.push([i * 0.01, 0]); rows.push([100 + i * 0.01, 0]); rows.push([0, 100 + i * 0.01]); }
    const got = fitSpectral(dataMatrixFromRows(rows), { nClusters: 3, nNeighbors: 5 });
    assert.equal(got.connected, false);
    assert.equal(got.nComponents, 3);
    assert.deepEqual(Array.from(got.eigenvalues), [0, 0, 0]);
    const truth = rows.map((_, i) => i % 3);
    assert.ok(samePartition(got.labels, truth));
  });

  test('eigenvalues of the normalised Laplacian come back ascending, the first 0 on a connected graph', () => {
    const f = fixtures.find(x => x.name === 'moons')!;
    const got = fitSpectral(f.X, { nClusters: 4 });
    assert.equal(got.eigenvalues[0], 0);
    for (let r = 1; r < 4; r++) { assert.ok(got.eigenvalues[r]! >= got.eigenvalues[r - 1]!, `${got.eigenvalues}`); }
    assert.ok(got.eigenvalues[3]! < 2);
  });

  test('an eigensolver that runs out of steps says so and what to raise, instead of returning a wrong embedding', () => {
    const f = fixtures.find(x => x.name === 'moons')!;
    assert.throws(() => fitSpectral(f.X, { nClusters: 2, maxLanczos: 5 }), /Lanczos did not converge in 5 steps: raise maxLanczos or nNeighbors/);
  });

  test('bad options are refused with a sentence', () => {
    const X = dataMatrixFromRows([[0], [1], [2]]);
    assert.throws(() => fitSpectral(X, { nClusters: 4 }), /k \(4\) is larger than the number of rows \(3\)/);
    assert.throws(() => fitSpectral(X, { nClusters: 2, nNeighbors: 1 }), /nNeighbors must be an integer ≥ 2, got 1/);
    assert.throws(() => fitSpectral(X, { nClusters: 2, nNeighbors: 4 }), /nNeighbors \(4\) is larger than the number of rows \(3\)/);
  });
});
