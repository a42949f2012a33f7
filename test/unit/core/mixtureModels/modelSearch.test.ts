import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDataMatrix } from '../../../../src/core/dataMatrix';
import { fitGaussianMixture } from '../../../../src/core/gmm';
import { describeTopThree, searchModels } from '../../../../src/core/mixtureModels/modelSearch';
import { Random } from '../../../../src/core/random';
import { MCLUST_FIXTURE_NAMES, readMclustFixture } from './mclustFixtures';

for (const name of MCLUST_FIXTURE_NAMES) {
  test(`${name}: the best BIC over every (model, k ≤ 5) is at least mclust's best, and names the same model and k`, () => {
    const f = readMclustFixture(name);
    const result = searchModels(createDataMatrix(Float64Array.from(f.data), f.nSamples, f.nFeatures), { kMax: 5 });
    const best = result.ranking[0]!;
    assert.ok(best.bic >= f.bestBic - 1e-9 * Math.abs(f.bestBic), `${best.bic} vs mclust ${f.bestBic}`);
    assert.deepEqual({ model: best.model, k: best.k }, f.best);
    for (const cell of result.cells.filter(c => c.status !== 'refused')) {
      assert.equal(cell.bicSklearn, -cell.bic);
      assert.ok(cell.icl <= cell.bic, `${cell.model} k=${cell.k}: ICL never above BIC`);
    }
    assert.equal(result.cells.length, (f.nFeatures === 1 ? 2 : 14) * 5);
  });
}

test('a model with at least as many parameters as rows is refused with the reason, never scored', () => {
  const r = new Random(1);
  const n = 30, d = 4;
  const X = createDataMatrix(Float64Array.from({ length: n * d }, () => r.nextNormal()), n, d);
  const result = searchModels(X, { models: ['VVV', 'EII'], kMax: 3 });
  const vvv3 = result.cells.find(c => c.model === 'VVV' && c.k === 3)!;
  assert.equal(vvv3.nParameters, 44);
  assert.equal(vvv3.status, 'refused');
  assert.match(vvv3.reason!, /44 parameters for 30 rows/);
  assert.ok(Number.isNaN(vvv3.bic));
  assert.ok(!result.ranking.includes(vvv3));
  assert.ok(result.cells.filter(c => c.model === 'EII').every(c => c.status === 'fitted'));
});

test('the top three read as sentences: the best with its lead, the others with their distance from it', () => {
  const cell = (model: 'VEV' | 'VVV', k: number, bic: number) => ({ model, k, bic, nParameters: 1, status: 'fitted' as const, logLikelihood: 0, bicSklearn: -bic, icl: bic });
  assert.deepEqual(describeTopThree([cell('VEV', 3, -1234.5), cell('VVV', 2, -1246.8), cell('VEV', 1, -1300)]), [
    'VEV, 3 clusters: BIC −1,234.5; 12.3 better than the next',
    'VVV, 2 clusters: BIC −1,246.8; 12.3 below the best',
    'VEV, 1 cluster: BIC −1,300.0; 65.5 below the best',
  ]);
});

// the log-likelihood is stationary at the optimum but the classification's entropy is not, so the
// small gap left by mclust's stopping rule shows more in ICL than in BIC
test("ICL follows mclust's convention: where our fit reaches mclust's optimum (BIC to 1e-7), ICL equals mclust's icl to 1e-5", () => {
  let compared = 0;
  for (const name of MCLUST_FIXTURE_NAMES) {
    const f = readMclustFixture(name);
    const result = searchModels(createDataMatrix(Float64Array.from(f.data), f.nSamples, f.nFeatures), { kMax: 3 });
    for (const cell of result.ranking) {
      const theirs = f.bic.find(b => b.model === cell.model && b.k === cell.k);
      if (!theirs || theirs.bic === null || theirs.icl === null || Math.abs(cell.bic - theirs.bic) > 1e-7 * Math.abs(theirs.bic)) { continue; }
      compared++;
      assert.ok(Math.abs(cell.icl - theirs.icl) <= 1e-5 * Math.abs(theirs.icl), `${name} ${cell.model} k=${cell.k}: ICL ${cell.icl} vs mclust ${theirs.icl}`);
    }
  }
  assert.ok(compared >= 3, `only ${compared} cells reached mclust's optimum`);
});

test('past hierarchicalMaxRows the start agglomerates a sample, every cell is fitted on it, then EM goes on over all rows: still the true clusters', () => {
  const r = new Random(8);
  const n = 900, d = 2;
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) { const c = i % 3; data[2 * i] = 8 * c + r.nextNormal(); data[2 * i + 1] = (c === 1 ? 6 : 0) + r.nextNormal() * (1 + c); }
  const result = searchModels(createDataMatrix(data, n, d), { models: ['VVV', 'EII'], kMax: 4, hierarchicalMaxRows: 200, nInit: 0 });
  const best = result.ranking[0]!;
  assert.equal(best.k, 3);
  assert.equal(best.start, 'hierarchical');
  assert.ok(result.cells.every(c => c.status === 'fitted'));
});

test('stretched clusters (scikit-learn #34845): EM from raw k-means++ stalls, both of the search\'s starts (hierarchical, k-means on whitened rows) find the bars', () => {
  const r = new Random(2);
  const n = 400;
  const data = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) { data[2 * i] = r.nextFloat() * 40; data[2 * i + 1] = (i % 2) * 3 + 0.2 * r.nextNormal(); }
  const X = createDataMatrix(data, n, 2);
  for (const model of ['VVV', 'EEE'] as const) {
    const raw = fitGaussianMixture(X, { nComponents: 2, model, init: 'k-means++', seed: 0, tol: 1e-8, maxIter: 1000 });
    const cell = searchModels(X, { models: [model], kMax: 2 }).cells.find(c => c.k === 2)!;
    assert.ok(cell.logLikelihood > raw.logLikelihood + 100, `${model}: ${cell.logLikelihood} vs raw k-means++ ${raw.logLikelihood}`);
    assert.equal(cell.startsAgreed, true, `${model}: the whitened k-means start reaches the hierarchical start's optimum`);
  }
});
