import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { adjustedRandIndex } from '../../../src/core/adjustedRandIndex';
import { fitDbscan } from '../../../src/core/dbscan';
import { buildDbscanModel, buildHdbscanModel, densityModelRefusal, MAX_MODEL_NUMBERS, predictDensityModel } from '../../../src/core/densityModel';
import { fitHdbscan } from '../../../src/core/hdbscan';
import { loadDensityFixtures } from './densityFixtures';

const fixtures = loadDensityFixtures();

/** Share of rows with the same label in both (the model numbers clusters as the fit does: no matching needed). */
function sameLabelShare(a: Int32Array, b: Int32Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) { if (a[i] === b[i]) { same++; } }
  return same / a.length;
}

describe('DBSCAN as a model for new rows', () => {
  test('gives every core row of the fit its own cluster back, and a border row the cluster of a core row within eps', () => {
    for (const f of fixtures) {
      for (const { eps, minSamples } of f.dbscan) {
        const fit = fitDbscan(f.X, { eps, minSamples });
        const model = buildDbscanModel(f.X, fit, eps, minSamples)!;
        const { labels, strength } = predictDensityModel(model, f.X);
        for (const i of fit.coreSampleIndices) { assert.equal(labels[i], fit.labels[i], `${f.name} eps ${eps}: core row ${i}`); }
        for (let i = 0; i < labels.length; i++) {
          // noise stays noise (no core row within eps), and a clustered row is clustered
          assert.equal(labels[i]! < 0, fit.labels[i]! < 0, `${f.name}: row ${i}`);
          assert.equal(strength[i], labels[i]! < 0 ? 0 : 1);
        }
      }
    }
  });

  test('labels a new row by its nearest core row within eps, else noise', () => {
    const f = fixtures.find(x => x.name === 'moons')!;
    const { eps, minSamples } = f.dbscan[0]!;
    const fit = fitDbscan(f.X, { eps, minSamples });
    const model = buildDbscanModel(f.X, fit, eps, minSamples)!;
    const core = fit.coreSampleIndices[0]!;
    const near = Float64Array.of(f.X.data[2 * core]! + eps / 4, f.X.data[2 * core + 1]!);
    const far = Float64Array.of(100, 100);
    const got = predictDensityModel(model, { data: Float64Array.of(...near, ...far), nSamples: 2, nFeatures: 2 });
    assert.deepEqual([...got.labels], [fit.labels[core], -1]);
  });
});

describe('HDBSCAN as a model for new rows (approximate_predict)', () => {
  // Measured on the 29 fits of the fixtures (3 minPts each): 89.7 % (circles, minPts 20) to 100 % of rows
  // get their fitted label back, median 97.7 %; the rest are mostly noise rows at a cluster's edge that
  // a nearer, denser neighbour pulls in (the library's approximate_predict does the same).
  test('gives the fitted rows their clusters back: at least 89 % of the rows on every fixture, 97 % on the median one', () => {
    const shares: string[] = [];
    const values: number[] = [];
    for (const f of fixtures) {
      for (const { minPts } of f.hdbscan) {
        const fit = fitHdbscan(f.X, { minClusterSize: minPts, minSamples: minPts });
        if (fit.nClusters === 0) { continue; }
        const model = buildHdbscanModel(f.X, fit, minPts)!;
        const { labels, strength } = predictDensityModel(model, f.X);
        const share = sameLabelShare(labels, fit.labels);
        const ari = adjustedRandIndex(labels, fit.labels);
        shares.push(`${f.name}/${minPts}: ${(100 * share).toFixed(1)} % same label, ARI ${ari.toFixed(3)}`);
        assert.ok(share >= 0.89, shares.at(-1));
        values.push(share);
        assert.ok(strength.every((p, i) => (labels[i]! < 0 ? p === 0 : p > 0 && p <= 1)));
      }
    }
    values.sort((a, b) => a - b);
    assert.ok(values[Math.floor(values.length / 2)]! >= 0.97, shares.join('\n'));
  });

  test('places a new row inside a moon in that moon\'s cluster and a far row as noise', () => {
    const f = fixtures.find(x => x.name === 'moons')!;
    const fit = fitHdbscan(f.X, { minClusterSize: 10, minSamples: 10 });
    const model = buildHdbscanModel(f.X, fit, 10)!;
    const strongest = fit.probabilities.indexOf(Math.max(...fit.probabilities));
    const inside = Float64Array.of(f.X.data[2 * strongest]! + 1e-3, f.X.data[2 * strongest + 1]!);
    const got = predictDensityModel(model, { data: Float64Array.of(...inside, 50, 50), nSamples: 2, nFeatures: 2 });
    assert.deepEqual([...got.labels], [fit.labels[strongest], -1]);
    assert.ok(got.strength[0]! > 0.5);
  });
});

describe('the bound on a density model', () => {
  test('refuses a model beyond MAX_MODEL_NUMBERS with the numbers', () => {
    assert.equal(densityModelRefusal('hdbscan', 1000, 5), undefined);
    assert.match(densityModelRefusal('hdbscan', MAX_MODEL_NUMBERS, 5)!, /would carry its 500,000 rows \(2,500,000 numbers\); a saved model carries at most 500,000/);
    // the bound is checked before any row is read
    const many = { labels: new Int32Array(0), coreSampleIndices: new Int32Array(MAX_MODEL_NUMBERS / 2), nClusters: 1, nNoise: 0 };
    assert.equal(buildDbscanModel({ data: new Float64Array(0), nSamples: MAX_MODEL_NUMBERS / 2, nFeatures: 2 }, many, 0.1, 5), undefined);
    assert.ok(buildDbscanModel({ data: new Float64Array(MAX_MODEL_NUMBERS), nSamples: MAX_MODEL_NUMBERS / 2, nFeatures: 2 },
      { ...many, labels: new Int32Array(MAX_MODEL_NUMBERS / 2), coreSampleIndices: new Int32Array(MAX_MODEL_NUMBERS / 3) }, 0.1, 5));
  });
});
