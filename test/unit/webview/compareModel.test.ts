// The "Compare k" tab's pure state: the run as messages arrive, best models per criterion, the
// inertia elbow, the model each small multiple shows, and the progress text.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ComparedModel, CovarianceType, FitOptions, HostMessage } from '../../../src/shared/protocol';
import {
  bestAtLargestK, bestModel, type CompareRunState, type CompareStart, extendedK, criterionSeries, elbowK, farSeries, isCurrentFit, modelsPerK, optionsFor, progressText, reduceCompare, settingsChange,
} from '../../../webview/compareModel';

const options: FitOptions = {
  algorithm: 'gmm', nComponents: 3, covarianceType: 'full', columns: ['a', 'b'], standardize: false,
  nInit: 1, maxIter: 100, tol: 1e-3, seed: 0, missing: 'drop',
};

function start(types: CovarianceType[] = ['full', 'diag'], kMax = 4, algorithm: FitOptions['algorithm'] = 'gmm'): CompareStart {
  return {
    type: 'didStartCompare', compareId: 7, options: { ...options, algorithm }, kMax, covarianceTypes: types,
    sample: { rowIndex: Int32Array.of(0, 1, 2), values: new Float64Array(6) },
  };
}

let index = 0;
function model(k: number, covarianceType: CovarianceType, scores: Partial<ComparedModel>): ComparedModel {
  return {
    index: index++, k, covarianceType, logLikelihood: null, bic: null, aic: null, inertia: null, silhouette: null,
    converged: true, nIter: 5, seconds: 0.01, nFeatures: 2,
    weights: new Float64Array(k).fill(1 / k), means: new Float64Array(2 * k), covariances: null, labels: Int32Array.of(0, 0, k - 1),
    ...scores,
  };
}

const gmmModels = [
  model(1, 'full', { bic: 900, aic: 890 }), model(1, 'diag', { bic: 950, aic: 940 }),
  model(2, 'full', { bic: 700, aic: 650 }), model(2, 'diag', { bic: 720, aic: 700 }),
  model(3, 'full', { bic: 710, aic: 600 }), model(3, 'diag', { bic: 690, aic: 640 }),
  model(4, 'full', { bic: 760, aic: 590 }), model(4, 'diag', { bic: 740, aic: 630 }),
];

describe('best models', () => {
  test('lowest BIC and AIC over every k and type', () => {
    const bic = bestModel(gmmModels, 'bic', ['full', 'diag'])!;
    assert.deepEqual([bic.k, bic.covarianceType], [3, 'diag']);
    const aic = bestModel(gmmModels, 'aic', ['full', 'diag'])!;
    assert.deepEqual([aic.k, aic.covarianceType], [4, 'full']);
  });

  test('ties go to the smaller k, then to the type listed first; nothing to pick gives undefined', () => {
    const tied = [model(3, 'diag', { bic: 5 }), model(2, 'diag', { bic: 5 }), model(2, 'full', { bic: 5 })];
    const best = bestModel(tied, 'bic', ['full', 'diag'])!;
    assert.deepEqual([best.k, best.covarianceType], [2, 'full']);
    assert.equal(bestModel([], 'bic'), undefined);
    assert.equal(bestModel([model(1, 'full', { inertia: 3 })], 'silhouette'), undefined);
  });

  test('highest silhouette, ignoring k = 1 whose silhouette is null', () => {
    const km = [model(1, 'full', { inertia: 100, silhouette: null }), model(2, 'full', { inertia: 60, silhouette: 0.5 }),
      model(3, 'full', { inertia: 15, silhouette: 0.71 }), model(4, 'full', { inertia: 12, silhouette: 0.6 })];
    assert.equal(bestModel(km, 'silhouette')!.k, 3);
    assert.equal(bestModel(km, 'inertia')!.k, 3, 'the elbow of 100, 60, 15, 12 is at k = 3');
  });

  test('elbowK: the point farthest below the chord of a falling curve', () => {
    assert.equal(elbowK([1, 2, 3, 4, 5, 6], [1000, 400, 120, 100, 90, 85]), 3);
    assert.equal(elbowK([1, 2, 3, 4], [100, 75, 50, 25]), undefined, 'a straight line has no elbow');
    assert.equal(elbowK([1, 2], [10, 5]), undefined);
    assert.equal(elbowK([1, 2, 3], [5, 5, 5]), undefined);
  });
});

describe('curves and small multiples', () => {
  test('one series per type, sorted by k, values present only', () => {
    const shuffled = [...gmmModels].reverse();
    const series = criterionSeries(shuffled, 'bic', ['full', 'diag']);
    assert.deepEqual([...series.keys()], ['full', 'diag']);
    assert.deepEqual(series.get('full')!.map(p => [p.k, p.value]), [[1, 900], [2, 700], [3, 710], [4, 760]]);
    const sil = criterionSeries([model(1, 'full', { silhouette: null }), model(2, 'full', { silhouette: 0.4 })], 'silhouette', ['full']);
    assert.deepEqual(sil.get('full')!.map(p => p.k), [2], 'no silhouette point at k = 1');
  });

  test('one multiple per k: of the chosen type, or of the type with the lowest BIC at that k', () => {
    assert.deepEqual(modelsPerK(gmmModels, 'full', ['full', 'diag']).map(m => [m.k, m.covarianceType]), [[1, 'full'], [2, 'full'], [3, 'full'], [4, 'full']]);
    assert.deepEqual(modelsPerK(gmmModels, 'best', ['full', 'diag']).map(m => [m.k, m.covarianceType]), [[1, 'full'], [2, 'full'], [3, 'diag'], [4, 'diag']]);
  });

  test('opening a model keeps the run\'s options with its k and type; the current fit is recognised', () => {
    const s = start();
    const picked = gmmModels[5];
    const opened = optionsFor(s, picked);
    assert.deepEqual(opened, { ...options, nComponents: 3, covarianceType: 'diag' });
    const fit = { nComponents: 3, algorithm: 'gmm', covarianceType: 'diag' } as Parameters<typeof isCurrentFit>[0];
    assert.ok(isCurrentFit(fit, opened, s, picked));
    assert.ok(!isCurrentFit(fit, { ...opened, seed: 1 }, s, picked), 'another seed is another model');
    assert.ok(!isCurrentFit(fit, opened, s, gmmModels[4]));
    assert.ok(!isCurrentFit(fit, { ...opened, covarianceType: 'full', model: 'VEV' }, s, { ...picked, covarianceType: 'full' }), 'an mclust model is none of the four types compared');
    assert.equal('model' in optionsFor({ ...s, options: { ...s.options, model: 'VEV' } }, picked), false, 'opening a compared type drops a model chosen before');
  });

  test('a current fit with other columns or settings is named as such; another k or type is not a change', () => {
    const s = start();
    assert.deepEqual(settingsChange({ ...options, nComponents: 7, covarianceType: 'tied' }, s.options), []);
    assert.deepEqual(settingsChange(undefined, s.options), []);
    assert.deepEqual(settingsChange({ ...options, columns: options.columns.slice(1) }, s.options), ['columns']);
    assert.deepEqual(settingsChange({ ...options, standardize: !options.standardize, seed: options.seed + 1 }, s.options), ['scaling', 'seed or restarts']);
  });
});

describe('the run as messages arrive', () => {
  test('start, models, finish; other runs and inconsistent models are ignored; progress in words', () => {
    let run = reduceCompare(undefined, start(['full', 'diag'], 4));
    assert.equal(progressText(run!), 'Fitting k = 1 of 4 (full)');
    const send = (message: HostMessage) => { run = reduceCompare(run, message); };
    send({ type: 'didCompareModel', compareId: 7, model: gmmModels[0] });
    assert.equal(progressText(run!), 'Fitting k = 1 of 4 (diag)');
    for (const m of gmmModels.slice(1, 5)) { send({ type: 'didCompareModel', compareId: 7, model: m }); }
    assert.equal(progressText(run!), 'Fitting k = 3 of 4 (diag)');
    send({ type: 'didCompareModel', compareId: 6, model: gmmModels[5] });
    send({ type: 'didCompareModel', compareId: 7, model: { ...gmmModels[5], labels: Int32Array.of(0) } });
    assert.equal(run!.models.length, 5, 'another run\'s model and a model of the wrong size are ignored');
    send({ type: 'didCancelCompare', compareId: 6 });
    assert.equal(run!.status, 'running');
    send({ type: 'didCancelCompare', compareId: 7 });
    assert.equal(run!.status, 'cancelled');
    assert.equal(progressText(run!), 'Cancelled after 5 of 8 models.');
    send({ type: 'didFinishFit' } as HostMessage);
    assert.equal(run!.status, 'cancelled', 'other messages leave the run alone');
  });

  test('k-means progress has no covariance type; a failure keeps its message', () => {
    let run = reduceCompare(undefined, start(['full'], 3, 'kmeans'));
    assert.equal(progressText(run!), 'Fitting k = 1 of 3');
    run = reduceCompare(run, { type: 'didFailCompare', compareId: 7, message: 'out of memory' });
    assert.equal(progressText(run!), 'Failed after 0 of 3 models: out of memory');
  });
});

describe('far curves', () => {
  test('a curve that never comes down into the best curve\'s range starts hidden', () => {
    const models = [...gmmModels, model(1, 'spherical', { bic: 2000 }), model(2, 'spherical', { bic: 1500 }), model(3, 'spherical', { bic: 951 })];
    const types: CovarianceType[] = ['full', 'diag', 'spherical'];
    const series = criterionSeries(models, 'bic', types);
    const best = bestModel(models, 'bic', types);
    assert.deepEqual(farSeries(series, best), ['spherical'], 'diag (690…950) is the best curve; spherical stays above 950');
    const close = [...gmmModels, model(3, 'spherical', { bic: 949 })];
    assert.deepEqual(farSeries(criterionSeries(close, 'bic', types), bestModel(close, 'bic', types)), []);
    assert.deepEqual(farSeries(criterionSeries(gmmModels, 'bic', ['full']), bestModel(gmmModels, 'bic')), [], 'one curve is never hidden');
  });
});

describe('a best k at the edge of the run', () => {
  const run = (models: ComparedModel[], status: CompareRunState['status'] = 'done', algorithm: FitOptions['algorithm'] = 'gmm'): CompareRunState =>
    ({ start: start(algorithm === 'gmm' ? ['full', 'diag'] : ['full'], 4, algorithm), models, status, error: undefined });

  test('names the criteria whose best model is at the largest k tried (here AIC, at k = 4; BIC is at 3)', () => {
    assert.deepEqual(bestAtLargestK(run(gmmModels)), ['aic']);
  });

  test('names none when the best lies inside the range, or while the run is not done', () => {
    const inside = gmmModels.map(m => (m.k === 4 ? { ...m, aic: 999 } : m));
    assert.deepEqual(bestAtLargestK(run(inside)), []);
    assert.deepEqual(bestAtLargestK(run(gmmModels, 'running')), []);
    assert.deepEqual(bestAtLargestK(run(gmmModels, 'cancelled')), []);
  });

  test('judges k-means by its silhouette, never by the inertia that always falls', () => {
    const kmeans = [1, 2, 3, 4].map(k => model(k, 'full', { inertia: 100 / k, silhouette: k === 1 ? null : 0.2 * k }));
    assert.deepEqual(bestAtLargestK(run(kmeans, 'done', 'kmeans')), ['silhouette']);
  });

  test('extends a run to twice its K, up to the most Compare k fits', () => {
    assert.equal(extendedK(4), 8);
    assert.equal(extendedK(8), 16);
    assert.equal(extendedK(12), 20);
    assert.equal(extendedK(20), undefined);
  });
});
