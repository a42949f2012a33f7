import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDataMatrix } from '../../../../src/core/dataMatrix';
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
