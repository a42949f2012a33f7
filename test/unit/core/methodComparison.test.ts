import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { adjustedRandIndex } from '../../../src/core/adjustedRandIndex';
import { runClusterFit, type FitRequest } from '../../../src/core/clusterFit';
import { COMPARED_METHODS, runMethodComparison, type MethodComparisonRequest } from '../../../src/core/methodComparison';
import { loadDensityFixtures } from './densityFixtures';

const moons = loadDensityFixtures().find(f => f.name === 'moons1000')!;

function fitsFor(k: number): MethodComparisonRequest['fits'] {
  return COMPARED_METHODS.map(algorithm => ({
    algorithm, nComponents: k, covarianceType: 'full' as const, nInit: algorithm === 'gmm' ? 1 : 10, maxIter: algorithm === 'kmeans' ? 300 : 100,
    tol: algorithm === 'kmeans' ? 1e-4 : 1e-3, regCovar: 1e-6, seed: 0, standardize: true,
  }));
}

function requestFor(fits: MethodComparisonRequest['fits']): MethodComparisonRequest {
  const n = moons.X.nSamples;
  return {
    data: moons.X.data.slice(), nSamples: n, nFeatures: moons.X.nFeatures, fits,
    sampleRows: Int32Array.from({ length: 100 }, (_, s) => s * 10),
  };
}

describe('runMethodComparison', () => {
  const request = requestFor(fitsFor(2));
  const methods = [...runMethodComparison(request)];

  test('fits the mixture, k-means, spectral clustering and HDBSCAN, in that order', () => {
    assert.deepEqual(methods.map(m => m.algorithm), ['gmm', 'kmeans', 'spectral', 'hdbscan']);
    assert.deepEqual(methods.map(m => m.index), [0, 1, 2, 3]);
    assert.ok(methods.every(m => m.error === null));
  });

  test('on two moons the ellipses and centres cut across the moons while spectral clustering and HDBSCAN find them', () => {
    const truth = moons.truth!;
    for (const method of methods) {
      // each method's sample labels against the truth of those rows
      const ari = adjustedRandIndex(method.labels, Array.from(request.sampleRows, i => truth[i]!));
      if (method.algorithm === 'gmm' || method.algorithm === 'kmeans') { assert.ok(ari < 0.7, `${method.algorithm} ARI ${ari}`); }
      else { assert.ok(ari > 0.95, `${method.algorithm} ARI ${ari}`); }
    }
    // spectral agrees with HDBSCAN, and neither with the mixture
    assert.ok(methods[3]!.agreement[2]! > 0.95, `spectral–HDBSCAN ${methods[3]!.agreement[2]}`);
    assert.ok(methods[2]!.agreement[0]! < 0.7 && methods[3]!.agreement[0]! < 0.7);
  });

  test('reports each method\'s agreement with every earlier one as the adjusted Rand index of the full fits', () => {
    const full = request.fits.map(fit => runClusterFit({ ...fit, data: request.data, nSamples: request.nSamples, nFeatures: request.nFeatures } as FitRequest, () => {}).labels);
    for (const method of methods) {
      assert.equal(method.agreement.length, method.index);
      method.agreement.forEach((ari, j) => assert.equal(ari, adjustedRandIndex(full[method.index]!, full[j]!)));
      // the sample's labels are the full fit's labels of those rows: opening a method gives the same clustering
      assert.deepEqual([...method.labels], Array.from(request.sampleRows, i => full[method.index]![i]!));
    }
  });

  test('scores each method by its silhouette, in [−1, 1], with HDBSCAN\'s noise left out', () => {
    for (const method of methods) { assert.ok(method.silhouette !== null && method.silhouette >= -1 && method.silhouette <= 1, `${method.algorithm}`); }
    // the silhouette favours round clusters: on the moons it ranks k-means above spectral clustering
    assert.ok(methods[1]!.silhouette! > methods[2]!.silhouette!);
  });

  test('a method that cannot run on the rows says why and the others still run', () => {
    const fits = fitsFor(2);
    fits[3] = { ...fits[3]!, minClusterSize: moons.X.nSamples, minSamples: moons.X.nSamples };
    const got = [...runMethodComparison(requestFor(fits))];
    assert.equal(got.length, 4);
    assert.match(got[3]!.error ?? '', /HDBSCAN/);
    assert.equal(got[3]!.labels.length, 0);
    assert.ok(Number.isNaN(got[3]!.agreement[0]!));
    assert.ok(got.slice(0, 3).every(m => m.error === null));
  });
});
