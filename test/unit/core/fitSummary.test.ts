// What the panel shows of a fit over all rows, computed next to the fit (in the worker).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runClusterFit, type FitRequest } from '../../../src/core/clusterFit';
import { summarizeColumnByCluster } from '../../../src/core/clusterColumnStats';
import { summarizeUncertainty } from '../../../src/core/clusterUncertainty';
import { assignFittedRows } from '../../../src/core/fittedRows';
import { summarizeFit, transferablesOfSummary } from '../../../src/core/fitSummary';
import { imputeWithCovariances } from '../../../src/core/missingDataEm';
import { fitPca } from '../../../src/core/pca';
import { Random } from '../../../src/core/random';
import { sampleStratified } from '../../../src/core/sampling';

/** Two blobs in 3 columns, every 4th dataset row left out of the fit, some cells missing when asked. */
function problem(missing: boolean) {
  const random = new Random(11);
  const nRows = 800, d = 3;
  const columns = Array.from({ length: d + 1 }, () => new Float64Array(nRows));
  for (let row = 0; row < nRows; row++) {
    for (let j = 0; j <= d; j++) { columns[j]![row] = (row % 2) * 5 + j + random.nextNormal(); }
  }
  const rowIndex = Int32Array.from({ length: nRows }, (_, i) => i).filter(row => row % 4 !== 3);
  const n = rowIndex.length;
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) { for (let j = 0; j < d; j++) { data[i * d + j] = missing && i % 9 === 0 && j === i % d ? NaN : columns[j]![rowIndex[i]!]!; } }
  const request: FitRequest = {
    algorithm: 'gmm', nComponents: 2, covarianceType: 'full', nInit: 1, maxIter: 100, tol: 1e-3, regCovar: 1e-6, seed: 0, standardize: true,
    data, nSamples: n, nFeatures: d,
  };
  return { request, matrix: { data: data.slice(), nSamples: n, nFeatures: d }, summarize: { nRows, rowIndex, numericColumns: columns, maxPoints: 300, seed: 4 } };
}

describe('the summary of a fit over all rows', () => {
  test('is made of the row assignment, the stratified draw, the PCA plane, the uncertainty and each column per cluster', () => {
    const { request, matrix, summarize } = problem(false);
    const result = runClusterFit(request, () => {});
    const summary = summarizeFit(matrix, result, summarize);
    const rows = assignFittedRows(summarize.nRows, summarize.rowIndex, result.labels, result.resp, 2)!;
    assert.deepEqual(summary.rows, rows);
    const drawn = sampleStratified(result.labels, 2, 300, new Random(4));
    assert.deepEqual(summary.drawn, drawn);
    assert.deepEqual([...summary.drawnValues.subarray(0, 3)], [...matrix.data.subarray(drawn[0]! * 3, drawn[0]! * 3 + 3)]);
    assert.deepEqual(summary.pca, fitPca(matrix, 2, { standardize: true }));
    assert.deepEqual(summary.uncertainty, summarizeUncertainty(result.resp, result.labels, 2));
    assert.deepEqual(summary.columns, summarize.numericColumns.map(values => summarizeColumnByCluster(values, rows.label, 2)));
    assert.ok(summary.columns[3]!.means.every(Number.isFinite), 'a column that was not fitted is summarised too');
  });

  test('places a missing cell a mixture modelled at its conditional expectation, in the draw and in the PCA plane', () => {
    const { request, matrix, summarize } = problem(true);
    const result = runClusterFit(request, () => {});
    assert.ok(result.missing, 'the fit modelled missing cells');
    const summary = summarizeFit(matrix, result, summarize);
    const completed = { ...matrix, data: imputeWithCovariances(result.weights, result.means, result.covariances!, matrix) };
    assert.ok(summary.drawnValues.every(Number.isFinite));
    assert.deepEqual(summary.pca, fitPca(completed, 2, { standardize: true }));
  });

  test('draws noise as a stratum of its own, has no uncertainty for a method without probabilities, and no plane for one column', () => {
    const { request, summarize } = problem(false);
    const one = { data: Float64Array.from({ length: request.nSamples }, (_, i) => request.data[i * 3]!), nSamples: request.nSamples, nFeatures: 1 };
    const result = runClusterFit({ ...request, ...one, algorithm: 'dbscan', eps: 0.05, minSamples: 5 }, () => {});
    assert.ok(result.density!.nNoise > 0, 'some rows are noise');
    const summary = summarizeFit(one, result, summarize);
    const k = result.nComponents;
    assert.deepEqual(summary.drawn, sampleStratified(result.labels.map(l => (l < 0 ? k : l)), k + 1, 300, new Random(4)));
    assert.equal(summary.uncertainty, null);
    assert.equal(summary.pca, null);
  });

  test('hands over each of its buffers once, so it can be transferred', () => {
    const { request, matrix, summarize } = problem(false);
    const summary = summarizeFit(matrix, runClusterFit(request, () => {}), summarize);
    const buffers = transferablesOfSummary(summary);
    assert.equal(new Set(buffers).size, buffers.length);
    const moved = structuredClone(summary, { transfer: buffers });
    assert.equal(summary.rows.label.length, 0, 'the buffers left with the message');
    assert.equal(moved.rows.label.length, summarize.nRows);
  });
});
