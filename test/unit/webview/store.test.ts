import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DatasetSummary, FitOptions, FitSnapshot } from '../../../src/shared/protocol';
import { describeReading, fileChangeText, noticeText } from '../../../webview/fileStatus';
import { initialState, reduce, type ViewEvent, type ViewState } from '../../../webview/store';

const options = (nComponents: number): FitOptions => ({
  algorithm: 'gmm', nComponents, covarianceType: 'full', columns: ['a', 'b'], standardize: true,
  nInit: 1, maxIter: 100, tol: 1e-3, seed: 0, missing: 'drop',
});
const dataset: DatasetSummary = { fileName: 'big.csv', nRows: 10, columns: [], skippedRows: 0, notes: [] };
/** Only what the reducer and the texts read of a fit. */
const fitOf = (fitId: number, nComponents: number): FitSnapshot => ({
  fitId, options: options(nComponents), algorithm: 'gmm', covarianceType: 'full', nComponents, columns: ['a', 'b'],
} as unknown as FitSnapshot);

const run = (events: ViewEvent[], from: ViewState = initialState): ViewState => events.reduce(reduce, from);
const loaded: ViewEvent[] = [
  { type: 'didStartRead', panelId: '0123456789abcdef', fileName: 'big.csv' },
  { type: 'didLoadDataset', fileUri: 'file:///big.csv', dataset, options: options(3) },
];

describe('the panel state around reading and cancelling', () => {
  test('a read shows its progress, then the dataset', () => {
    const reading = run([loaded[0]!, { type: 'didProgressRead', bytesRead: 500, totalBytes: 2000 }]);
    assert.equal(reading.phase, 'loading');
    assert.equal(reading.fileName, 'big.csv');
    assert.equal(describeReading(reading.reading), 'Reading the file… 25% (500 bytes of 2.0 KB)');
    assert.equal(describeReading({ bytesRead: 3 * 1024 ** 3, totalBytes: null }), 'Reading the file… 3.0 GB');
    assert.equal(describeReading({ bytesRead: 0, totalBytes: 25.6e6 }), 'Reading the file… (24.4 MB)');
    assert.equal(describeReading({ bytesRead: 0, totalBytes: null }), 'Reading the file…');
    assert.equal(run(loaded).reading, undefined);
  });

  test('a cancelled read is a calm idle state with a notice, not an error', () => {
    const s = run([loaded[0]!, { type: 'didCancelRead' }]);
    assert.equal(s.phase, 'idle');
    assert.equal(s.error, undefined);
    assert.match(noticeText(s) ?? '', /Reading was cancelled/);
  });

  test('cancelling the first fit leaves no spinner: idle, with a notice', () => {
    const s = run([...loaded, { type: 'didStartFit', fitId: 1, options: options(3) }, { type: 'didCancelFit', fitId: 1 }]);
    assert.equal(s.phase, 'idle');
    assert.equal(s.fit, undefined);
    assert.match(noticeText(s) ?? '', /^Fit cancelled/);
  });

  test('cancelling a later fit shows the previous fit under its own settings, and says so', () => {
    const s = run([...loaded,
      { type: 'didStartFit', fitId: 1, options: options(3) }, { type: 'didFinishFit', fit: fitOf(1, 3) },
      { type: 'setOptions', options: options(7) }, { type: 'didStartFit', fitId: 2, options: options(7) },
      { type: 'didCancelFit', fitId: 2 }]);
    assert.equal(s.phase, 'ready');
    assert.equal(s.options?.nComponents, 3, 'the controls show k = 3 again');
    assert.equal(noticeText(s), 'Cancelled: showing the previous fit (k = 3, full), with its settings back in the controls.');
  });

  test('a cancel of a fit that is not the running one changes nothing', () => {
    const before = run([...loaded, { type: 'didStartFit', fitId: 2, options: options(4) }]);
    assert.equal(run([{ type: 'didCancelFit', fitId: 1 }], before), before);
    const failed = run([{ type: 'didFail', message: 'no', hint: 'try' }], before);
    assert.equal(run([{ type: 'didCancelFit', fitId: 2 }], failed).phase, 'error');
  });

  test('a change on disk is kept until the file is read again; the tab the user looks at survives the read', () => {
    const changed = run([...loaded, { type: 'showView', id: 'compare' }, { type: 'didChangeFile', deleted: false }]);
    assert.equal(fileChangeText(changed.fileChange, changed.fileName), 'big.csv changed on disk since it was read.');
    const again = run([{ type: 'didStartRead', panelId: '0123456789abcdef', fileName: 'big.csv' }], changed);
    assert.equal(again.fileChange, undefined);
    assert.equal(again.activeView, 'compare');
    assert.match(fileChangeText({ deleted: true }, 'big.csv') ?? '', /deleted or moved/);
  });
});

describe('a comparison shown in the panel', () => {
  test('is gone when the file is read again (it compared the old data)', async () => {
    const { reduceCompare } = await import('../../../webview/compareModel');
    const started = reduceCompare(undefined, {
      type: 'didStartCompare', compareId: 1, options: options(3), kMax: 4, covarianceTypes: ['full'],
      sample: { rowIndex: new Int32Array(0), values: new Float64Array(0) },
    });
    assert.ok(started);
    assert.equal(reduceCompare(started, { type: 'didStartRead', panelId: '0123456789abcdef', fileName: 'big.csv' }), undefined);
  });
});

describe('the tutorials\' pictures on the plane', () => {
  test('start with the k-means cells on and the contours off, and each box turns its picture on and off alone', () => {
    assert.equal(initialState.showContours, false);
    assert.equal(initialState.showRegions, true);
    const contours = reduce(initialState, { type: 'setShowContours', show: true });
    assert.deepEqual([contours.showContours, contours.showRegions, contours.showEllipses], [true, true, true]);
    const noCells = reduce(contours, { type: 'setShowRegions', show: false });
    assert.deepEqual([noCells.showContours, noCells.showRegions], [true, false]);
  });
});

describe('the filters of the table other views share', () => {
  test('setting one keeps the other, and a new read forgets both', () => {
    let state = reduce(initialState, { type: 'setTableFilter', filter: { certaintyBelow: 0.8 } });
    state = reduce(state, { type: 'setTableFilter', filter: { disagreeWith: 'species' } });
    assert.deepEqual(state.tableFilter, { certaintyBelow: 0.8, disagreeWith: 'species' });
    state = reduce(state, { type: 'setTableFilter', filter: { certaintyBelow: null } });
    assert.deepEqual(state.tableFilter, { certaintyBelow: null, disagreeWith: 'species' });
    state = reduce(state, { type: 'didStartRead', panelId: '0123456789abcdef', fileName: 'b.csv' });
    assert.deepEqual(state.tableFilter, { certaintyBelow: null, disagreeWith: null });
  });

  test('sizing the scatter by uncertainty is a state of its own, off at first', () => {
    assert.equal(initialState.sizeByUncertainty, false);
    assert.equal(reduce(initialState, { type: 'setSizeByUncertainty', on: true }).sizeByUncertainty, true);
  });
});
