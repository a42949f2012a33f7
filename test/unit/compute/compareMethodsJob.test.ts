import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { COMPARED_METHODS, type MethodComparisonRequest } from '../../../src/core/methodComparison';
import type { FromWorker } from '../../../src/compute/messages';
import { serveFit } from '../../../src/compute/serveFit';
import { methodOptions } from '../../../src/host/pure/methodComparison';
import type { FitOptions } from '../../../src/shared/protocol';
import { loadDensityFixtures } from '../core/densityFixtures';

const DEFAULTS = { gmm: { nInit: 3, maxIter: 100, tol: 1e-3 }, kmeans: { nInit: 10, maxIter: 300, tol: 1e-4 } };

describe('the Compare methods worker job', () => {
  test('posts one comparedMethod per method in order, then compareMethodsDone', () => {
    const moons = loadDensityFixtures().find(f => f.name === 'moons')!;
    const request: MethodComparisonRequest = {
      data: moons.X.data.slice(), nSamples: moons.X.nSamples, nFeatures: 2, sampleRows: Int32Array.of(0, 5, 9),
      fits: COMPARED_METHODS.map(algorithm => ({ algorithm, nComponents: 2, covarianceType: 'full', nInit: 2, maxIter: 100, tol: 1e-3, regCovar: 1e-6, seed: 1, standardize: true })),
    };
    const posted: FromWorker[] = [];
    serveFit({ type: 'compareMethods', request }, m => posted.push(m));
    assert.deepEqual(posted.map(m => (m.type === 'comparedMethod' ? m.method.algorithm : m.type)), ['gmm', 'kmeans', 'spectral', 'hdbscan', 'compareMethodsDone']);
  });
});

describe('methodOptions', () => {
  const current: FitOptions = {
    algorithm: 'hdbscan', nComponents: 3, covarianceType: 'diag', columns: ['a', 'b'], standardize: false, nInit: 1, maxIter: 1, tol: 0,
    seed: 4, missing: 'model', minClusterSize: 12, minSamples: 6,
  };

  test('takes k from the clusters a density fit found, the user\'s settings for the mixture and k-means, and the current HDBSCAN\'s sizes', () => {
    const [gmm, kmeans, spectral, hdbscan] = methodOptions(current, 3, DEFAULTS, false);
    const { minClusterSize: _size, minSamples: _samples, ...shared } = current;
    assert.deepEqual(gmm, { ...shared, algorithm: 'gmm', nComponents: 3, ...DEFAULTS.gmm });
    assert.equal(kmeans!.nInit, 10);
    assert.equal(spectral!.nComponents, 3);
    assert.equal(hdbscan!.minClusterSize, 12);
    assert.equal(hdbscan!.minSamples, 6);
  });

  test('leaves rows with a missing cell out of the mixture too when the comparison left them out, and never compares fewer than 2 clusters', () => {
    const options = methodOptions({ ...current, algorithm: 'gmm' }, 1, DEFAULTS, true);
    assert.ok(options.every(o => o.missing === 'drop' && o.nComponents === 2));
    assert.equal(options[3]!.minClusterSize, undefined);
  });
});
