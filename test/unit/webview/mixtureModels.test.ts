// How the panel offers and names mclust's models: the picker's entries, how a choice travels in the
// fit options, and the name a fit is shown under.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countModelParameters, MULTIVARIATE_MODELS } from '../../../src/core/mixtureModels/covarianceModels';
import { isFitOptions, type FitOptions } from '../../../src/shared/protocol';
import { chosenModel, fittedModel, mixtureModelName, pickerEntries, withModel } from '../../../webview/mixtureModels';

const options: FitOptions = {
  algorithm: 'gmm', nComponents: 3, covarianceType: 'full', columns: ['a', 'b', 'c'], standardize: true,
  nInit: 1, maxIter: 100, tol: 1e-3, seed: 0, missing: 'drop',
};

describe('the covariance model picker', () => {
  test('offers the 14 models in mclust\'s order, scikit-learn\'s four named beside theirs', () => {
    const entries = pickerEntries();
    assert.deepEqual(entries.map(e => e.model), [...MULTIVARIATE_MODELS]);
    const labels = Object.fromEntries(entries.map(e => [e.model, e.label]));
    assert.deepEqual([labels.VVV, labels.EEE, labels.VVI, labels.VII, labels.VEV], ['VVV (full)', 'EEE (tied)', 'VVI (diag)', 'VII (spherical)', 'VEV']);
    assert.equal(entries.find(e => e.model === 'VEV')!.description, 'variable volume, equal shape, variable orientation');
  });

  test('says each model\'s parameter count for the data when told k and the columns', () => {
    for (const entry of pickerEntries(4, 5)) {
      assert.match(entry.description, new RegExp(`; ${countModelParameters(entry.model, 4, 5)} parameters at k = 4$`));
    }
  });

  test('sends scikit-learn\'s four as their covariance type and the other ten as a model over full', () => {
    assert.deepEqual(withModel(options, 'VVI'), { ...options, covarianceType: 'diag' });
    assert.equal('model' in withModel({ ...options, model: 'VEV' }, 'EEE'), false, 'an earlier model is not carried over');
    const vev = withModel(options, 'VEV');
    assert.deepEqual([vev.covarianceType, vev.model], ['full', 'VEV']);
    assert.ok(isFitOptions(vev), 'the protocol accepts the model');
    assert.equal(isFitOptions({ ...options, model: 'XYZ' }), false, 'and refuses a name that is not a model');
  });

  test('shows the model the options fit, whichever way it travelled', () => {
    assert.equal(chosenModel(options), 'VVV');
    assert.equal(chosenModel({ ...options, covarianceType: 'spherical' }), 'VII');
    assert.equal(chosenModel({ ...options, model: 'EVE' }), 'EVE');
  });

  test('names a fit by its model, in words where scikit-learn has no name for it; on one column E or V', () => {
    const fit = (o: FitOptions, columns = o.columns) => ({ options: o, covarianceType: o.covarianceType, columns });
    assert.equal(mixtureModelName(fit(options)), 'VVV (full)');
    assert.equal(mixtureModelName(fit(withModel(options, 'EEV'))), 'EEV (equal volume, equal shape, variable orientation)');
    assert.equal(fittedModel(fit({ ...options, covarianceType: 'tied' }, ['a'])), 'E');
    assert.equal(mixtureModelName(fit(withModel(options, 'VEV'), ['a'])), 'V (variable variance)');
  });
});
