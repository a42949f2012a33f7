import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runClusterFit, type FitRequest } from '../../../src/core/clusterFit';
import { FitRefusal } from '../../../src/core/fitFeasibility';
import { computePrecisionsChol, type CovarianceType } from '../../../src/core/gmmModel';
import { scoreWithMissing } from '../../../src/core/missingDataEm';
import { Random } from '../../../src/core/random';

/** 300 rows × 3 columns of two clusters in units far from 1 (grams, millimetres), 15% of cells NaN. */
function dataWithHoles(seed: number): { data: Float64Array; complete: Float64Array } {
  const random = new Random(seed);
  const n = 300, d = 3;
  const complete = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    complete[i * d] = 4000 + 800 * c + 300 * random.nextNormal();
    complete[i * d + 1] = 200 + 15 * c + 8 * random.nextNormal() + 0.01 * (complete[i * d]! - 4000);
    complete[i * d + 2] = 40 + 5 * c + 2 * random.nextNormal();
  }
  const data = complete.slice();
  for (let i = 0; i < data.length; i++) { if (random.nextFloat() < 0.15) { data[i] = NaN; } }
  return { data, complete };
}

function request(data: Float64Array, covarianceType: CovarianceType, standardize: boolean, algorithm: 'gmm' | 'kmeans' = 'gmm'): FitRequest {
  return {
    algorithm, nComponents: 2, covarianceType, nInit: 3, maxIter: 100, tol: 1e-3, regCovar: 1e-6, seed: 4, standardize,
    screenRestarts: true, data, nSamples: data.length / 3, nFeatures: 3,
  };
}

describe('a fit on data with missing cells', () => {
  for (const type of ['full', 'tied', 'diag', 'spherical'] as const) {
    for (const standardize of [true, false]) {
      test(`${type}${standardize ? ', standardised' : ''}: the reported log-likelihood is the observed-data one of the file's units, BIC with n = rows fitted`, () => {
        const { data } = dataWithHoles(1);
        const missingCells = data.filter(Number.isNaN).length;
        const empty = [...Array(300).keys()].filter(i => data.subarray(i * 3, i * 3 + 3).every(Number.isNaN));
        assert.ok(empty.length > 0, 'the data holds a row with every cell missing');
        const result = runClusterFit(request(data.slice(), type, standardize), () => {});
        assert.equal(result.nSamples, 300 - empty.length, 'rows fitted');
        assert.deepEqual(result.missing && { cells: result.missing.cells, empty: [...result.missing.emptyRows] }, { cells: missingCells, empty });
        const model = {
          covarianceType: 'full' as const, nComponents: 2, nFeatures: 3, weights: result.weights, means: result.means,
          covariances: result.covariances!, precisionsChol: computePrecisionsChol('full', 2, 3, result.covariances!).precisionsChol,
        };
        const direct = scoreWithMissing(model, { data, nSamples: 300, nFeatures: 3 }).logLikelihood;
        assert.ok(Math.abs(result.logLikelihood! - direct) < 1e-8 * Math.abs(direct), `${result.logLikelihood} vs ${direct}`);
        const p = type === 'full' ? 2 * 6 + 6 + 1 : type === 'tied' ? 6 + 6 + 1 : type === 'diag' ? 6 + 6 + 1 : 2 + 6 + 1;
        assert.ok(Math.abs(result.bic! - (-2 * direct + p * Math.log(300 - empty.length))) < 1e-6 * Math.abs(result.bic!));
        assert.equal(result.labels.length, 300);
        assert.equal(result.resp.length, 600);
      });
    }
  }

  test('separates the two clusters as well as the complete data does', () => {
    const { data, complete } = dataWithHoles(2);
    const withHoles = runClusterFit(request(data, 'full', true), () => {});
    const whole = runClusterFit(request(complete, 'full', true), () => {});
    let agree = 0;
    for (let i = 0; i < 300; i++) { if (withHoles.labels[i] === whole.labels[i]) { agree++; } }
    assert.ok(Math.max(agree, 300 - agree) >= 270, `${agree} of 300 rows agree`);
    assert.equal(whole.missing, undefined, 'complete data takes the complete-data path');
  });

  test('k-means refuses missing cells and says what to do', () => {
    const { data } = dataWithHoles(3);
    assert.throws(() => runClusterFit(request(data, 'full', true, 'kmeans'), () => {}),
      (e: unknown) => e instanceof FitRefusal && /k-means needs a value in every chosen cell/.test(e.message) && /drop/.test(e.hint));
  });
});
