// The Convergence view's sentence (webview/convergence.ts): what EM did, and whether the starts agreed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeConvergence } from '../../../webview/convergence';

describe('describeConvergence', () => {
  test('names the kept restart and adds whether the starts agreed', () => {
    const text = describeConvergence('gmm', true, 20, 1e-3, 10, 4,
      { nStarts: 10, bestStart: 4, comparedOnRows: 342, sentence: '8 of 10 starts reached a better optimum than the first.' }, 342);
    assert.equal(text, 'Converged: after 20 iterations the lower bound gained less than tol = 0.001 per iteration. '
      + 'Restart 5 of 10 was kept (highest lower bound). 8 of 10 starts reached a better optimum than the first.');
  });

  test('with starts compared on a sample, says which start ran on all rows', () => {
    const text = describeConvergence('gmm', true, 4, 1e-3, 11, 10,
      { nStarts: 10, bestStart: 2, comparedOnRows: 10_000, sentence: 'All 10 starts reached the same optimum (starts compared on a sample of 10,000 rows).' }, 100_000);
    assert.equal(text, 'Converged: after 4 iterations the lower bound gained less than tol = 0.001 per iteration. '
      + '10 starts ran on a sample of 10,000 rows; start 3, the best there, was run on all 100,000 rows. '
      + 'All 10 starts reached the same optimum (starts compared on a sample of 10,000 rows).');
  });

  test('one start: no word about restarts', () => {
    assert.equal(describeConvergence('kmeans', true, 7, 1e-4, 1, 0),
      'Converged: after 7 iterations the centroids stopped moving (shift below the tolerance).');
  });
});
