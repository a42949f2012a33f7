import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  countCovarianceParameters, countModelParameters, describeModel, MULTIVARIATE_MODELS, resolveModelName,
} from '../../../../src/core/mixtureModels/covarianceModels';
import { countParameters, COVARIANCE_TYPES } from '../../../../src/core/gmmModel';
import { MCLUST_FIXTURE_NAMES, readMclustFixture } from './mclustFixtures';

test("every model's parameter count equals mclust's nMclustParams, for the M-step's k and every k of the BIC table", () => {
  for (const name of MCLUST_FIXTURE_NAMES) {
    const f = readMclustFixture(name);
    for (const step of f.msteps) { assert.equal(countModelParameters(step.model, f.nComponents, f.nFeatures), step.nParameters, `${name} ${step.model}`); }
    for (const row of f.bic) { assert.equal(countModelParameters(row.model, row.k, f.nFeatures), row.nParameters, `${name} ${row.model} k=${row.k}`); }
  }
});

test("scikit-learn's four covariance types are aliases with scikit-learn's parameter counts", () => {
  for (const type of COVARIANCE_TYPES) {
    const model = resolveModelName(type, 6);
    for (const k of [1, 4]) { assert.equal(countModelParameters(model, k, 6), countParameters(type, k, 6), `${type} = ${model}`); }
  }
  assert.equal(resolveModelName('FULL', 3), 'VVV');
  assert.equal(resolveModelName('vev', 3), 'VEV');
});

test('on one column every model is E or V by its volume, and an unknown name is refused with the valid ones', () => {
  assert.equal(resolveModelName('EEV', 1), 'E');
  assert.equal(resolveModelName('full', 1), 'V');
  assert.throws(() => resolveModelName('XYZ', 3), /unknown model 'XYZ'.*EII.*VVV/);
  assert.throws(() => resolveModelName('E', 3), /for one column/);
});

test('the covariance count grows by the parts that vary: VVV is the largest and EII the smallest', () => {
  const counts = MULTIVARIATE_MODELS.map(m => countCovarianceParameters(m, 3, 5));
  assert.equal(Math.min(...counts), countCovarianceParameters('EII', 3, 5));
  assert.equal(Math.max(...counts), countCovarianceParameters('VVV', 3, 5));
  assert.equal(describeModel('VEV'), 'variable volume, equal shape, variable orientation');
  assert.equal(describeModel('EEI'), 'equal volume, equal shape, axis-aligned');
});
