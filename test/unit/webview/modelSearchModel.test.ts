// "Find best model"'s pure state: the run as cells stream in, the ranking (higher is better), the
// top three in words, cells without a rank said in words, the edge of the k range, and the options
// that open a cell as the fit.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FitOptions, FitSnapshot, MixtureModel, SearchedModel } from '../../../src/shared/protocol';
import {
  bestAtEdge, describeNotFitted, describeTopThree, formatScore, isCurrentCell, notFittedWord, optionsForCell, rankCells, reduceSearch,
  searchDataChange, searchProgressText, searchSeries, type SearchRunState, type SearchStart, widerK,
} from '../../../webview/modelSearchModel';

const options: FitOptions = {
  algorithm: 'gmm', nComponents: 3, covarianceType: 'full', columns: ['a', 'b'], standardize: true, nInit: 1, maxIter: 100, tol: 1e-3, seed: 0, missing: 'drop',
};
const models: MixtureModel[] = ['EII', 'VEV', 'VVV'];

function start(kMax = 3, overrides: Partial<SearchStart> = {}): SearchStart {
  return { type: 'didStartModelSearch', searchId: 4, options, kMax, models, nSamples: 100, droppedRows: 0, ...overrides };
}

function cell(model: MixtureModel, k: number, bic: number | null, overrides: Partial<SearchedModel> = {}): SearchedModel {
  return {
    model, k, nParameters: 5 * k, status: bic === null ? 'refused' : 'fitted', reason: bic === null ? `${5 * k} parameters for 100 rows: at least as many parameters as rows` : null,
    logLikelihood: bic === null ? null : bic / 2, bic, icl: bic === null ? null : bic - 10 * k, start: 'hierarchical', startsAgreed: true, converged: true,
    collapsedComponents: [], ...overrides,
  };
}

function run(cells: SearchedModel[], status: SearchRunState['status'] = 'done', kMax = 3): SearchRunState {
  return { start: start(kMax), cells, status, error: undefined, seconds: 1.5 };
}

describe('the search as its messages arrive', () => {
  test('streams cells, ignores another search\'s, and takes the final cells at the end', () => {
    let state = reduceSearch(undefined, start());
    state = reduceSearch(state, { type: 'didSearchModel', searchId: 4, model: cell('EII', 1, -500) });
    state = reduceSearch(state, { type: 'didSearchModel', searchId: 9, model: cell('EII', 2, -400) });
    assert.deepEqual(state!.cells.map(c => [c.model, c.k]), [['EII', 1]]);
    assert.equal(searchProgressText(state!), '1 of 9 (model, k) done — last: EII, k = 1…');
    const polished = cell('EII', 1, -499);
    state = reduceSearch(state, { type: 'didFinishModelSearch', searchId: 4, models: [polished], seconds: 2 });
    assert.deepEqual([state!.status, state!.cells[0].bic, searchProgressText(state!)], ['done', -499, 'All 9 (model, k) done in 2.0 s.']);
    assert.equal(reduceSearch(state, { type: 'didStartRead', panelId: '0123456789abcdef', fileName: 'x.csv' }), undefined, 'a new read forgets it');
  });

  test('a cancel or a failure keeps the cells so far and says so', () => {
    const cancelled = reduceSearch(run([cell('EII', 1, -5)], 'running'), { type: 'didCancelModelSearch', searchId: 4 });
    assert.equal(searchProgressText(cancelled!), 'Cancelled after 1 of 9 (model, k).');
    const failed = reduceSearch(run([], 'running'), { type: 'didFailModelSearch', searchId: 4, message: 'out of memory' });
    assert.equal(searchProgressText(failed!), 'Failed: out of memory');
  });
});

describe('the ranking', () => {
  const cells = [cell('EII', 1, -300), cell('EII', 2, -250), cell('VEV', 1, -300), cell('VEV', 2, -240, { icl: -320 }), cell('VVV', 2, null),
    cell('VVV', 1, -230, { status: 'degenerate', reason: 'component 1 singular: its covariance is held up only by regCovar' })];

  test('is by the larger BIC, singular and refused cells left out, ties to fewer parameters then mclust\'s order', () => {
    assert.deepEqual(rankCells(cells, 'bic', models).map(c => `${c.model}${c.k}`), ['VEV2', 'EII2', 'EII1', 'VEV1']);
    assert.deepEqual(rankCells(cells, 'icl', models).map(c => `${c.model}${c.k}`), ['EII2', 'EII1', 'VEV1', 'VEV2'], 'ICL: VEV with 2 clusters has uncertain rows');
  });

  test('says the top three as mclust users read them', () => {
    assert.deepEqual(describeTopThree(rankCells(cells, 'bic', models), 'bic'), [
      'VEV, 2 clusters: BIC −240.0; 10.0 better than the next',
      'EII, 2 clusters: BIC −250.0; 10.0 below the best',
      'EII, 1 cluster: BIC −300.0; 60.0 below the best',
    ]);
    assert.equal(formatScore(-1234.54), '−1,234.5');
  });

  test('names each cell that has no rank in words, grouped by model', () => {
    assert.deepEqual(notFittedWord(cells[4]), { word: 'too many parameters', reason: cells[4].reason });
    assert.equal(notFittedWord(cells[5])!.word, 'singular');
    assert.equal(notFittedWord(cells[0]), undefined);
    assert.deepEqual(describeNotFitted([...cells, cell('VVV', 3, null)], models), ['VVV: k = 1 (singular)', 'VVV: k = 2, 3 (too many parameters)']);
  });

  test('draws one line per model, with gaps where a cell has no score', () => {
    const series = searchSeries(cells, 'bic', models);
    assert.deepEqual(series.map(s => [s.model, s.points.map(p => p.k)]), [['EII', [1, 2]], ['VEV', [1, 2]], ['VVV', []]]);
  });

  test('says when the best is at the largest k searched, once the search is done', () => {
    assert.equal(bestAtEdge(run(cells, 'done', 2), 'bic'), true);
    assert.equal(bestAtEdge(run(cells, 'running', 2), 'bic'), false);
    assert.equal(bestAtEdge(run(cells, 'done', 3), 'bic'), false);
    assert.deepEqual([widerK(9), widerK(15), widerK(20)], [18, 20, undefined]);
  });
});

describe('opening a cell', () => {
  test('fits its model and k on the search\'s rows: scikit-learn\'s four as types, the others as models, E and V as tied and full', () => {
    assert.deepEqual(optionsForCell(start(), { model: 'VVV', k: 2 }), { ...options, nComponents: 2 });
    assert.deepEqual(optionsForCell(start(), { model: 'VEV', k: 4 }), { ...options, nComponents: 4, model: 'VEV' });
    const kmeans = start(3, { options: { ...options, algorithm: 'kmeans', covarianceType: 'diag' } });
    assert.deepEqual(optionsForCell(kmeans, { model: 'EEE', k: 2 }), { ...options, nComponents: 2, covarianceType: 'tied' });
    assert.equal(optionsForCell(start(), { model: 'E', k: 2 }).covarianceType, 'tied');
    assert.equal(optionsForCell(start(), { model: 'V', k: 2 }).covarianceType, 'full');
    const modelled = start(3, { options: { ...options, missing: 'model' }, droppedRows: 3 });
    assert.equal(optionsForCell(modelled, { model: 'VEV', k: 2 }).missing, 'drop', 'rows the search left out stay out');
  });

  test('knows the current fit when it is the cell on the same rows', () => {
    const fit = { algorithm: 'gmm', nComponents: 2, covarianceType: 'full', columns: ['a', 'b'], options: { ...options, nComponents: 2, model: 'VEV' } } as FitSnapshot;
    assert.ok(isCurrentCell(fit, start(), cell('VEV', 2, -1)));
    assert.ok(!isCurrentCell(fit, start(), cell('VVV', 2, -1)));
    assert.ok(!isCurrentCell({ ...fit, options: { ...fit.options, standardize: false } }, start(), cell('VEV', 2, -1)));
  });

  test('names what makes the current fit\'s data another than the one searched', () => {
    assert.deepEqual(searchDataChange({ ...options, nComponents: 7, model: 'EEV', seed: 3 }, options), []);
    assert.deepEqual(searchDataChange({ ...options, columns: ['a'], standardize: false }, options), ['columns', 'scaling']);
    assert.deepEqual(searchDataChange(undefined, options), []);
  });
});
