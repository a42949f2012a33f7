// "Apply Saved Model" as a worker message: the model's pass over the rows and the summary over all rows, posted as a fit's 'done'.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applySavedModel, type SavedModel } from '../../../src/core/appliedFit';
import { runClusterFit } from '../../../src/core/clusterFit';
import { summarizeFit } from '../../../src/core/fitSummary';
import { toPortableModel } from '../../../src/core/portableModel';
import { Random } from '../../../src/core/random';
import type { FromWorker } from '../../../src/compute/messages';
import { serveFit } from '../../../src/compute/serveFit';

const random = new Random(2);
const n = 600, d = 2;
const data = Float64Array.from({ length: n * d }, (_, i) => ((i >> 1) % 3) * 4 + random.nextNormal());
const fit = runClusterFit({
  algorithm: 'kmeans', nComponents: 3, covarianceType: 'full', nInit: 2, maxIter: 100, tol: 1e-4, regCovar: 1e-6, seed: 0, standardize: true, data: data.slice(), nSamples: n, nFeatures: d,
}, () => {});
const saved: SavedModel = { kind: 'portable', model: toPortableModel(fit), covarianceType: 'full' };
const summarize = { nRows: n, rowIndex: Int32Array.from({ length: n }, (_, i) => i), numericColumns: [], maxPoints: 100, seed: 3 };

describe('the apply message of a worker', () => {
  test('posts one done with the model\'s labels on the rows and the summary over all rows, its buffers transferred once each', () => {
    const posted: { message: FromWorker; transfer: ArrayBuffer[] }[] = [];
    serveFit({ type: 'apply', request: { saved, data: data.slice(), nSamples: n, nFeatures: d }, summarize }, (message, transfer = []) => posted.push({ message, transfer }));
    assert.equal(posted.length, 1);
    const { message, transfer } = posted[0]!;
    assert.equal(message.type, 'done');
    if (message.type !== 'done') { return; }
    assert.deepEqual(message.result.labels, fit.labels, 'k-means applied to its own rows gives its labels back');
    const X = { data, nSamples: n, nFeatures: d };
    assert.deepEqual({ ...message.result, seconds: 0 }, { ...applySavedModel(saved, X), seconds: 0 });
    assert.deepEqual(message.summary, summarizeFit(X, message.result, summarize));
    assert.equal(new Set(transfer).size, transfer.length);
  });

  test('posts an error when the rows do not have the model\'s columns', () => {
    const posted: FromWorker[] = [];
    serveFit({ type: 'apply', request: { saved, data: new Float64Array(n * 3), nSamples: n, nFeatures: 3 }, summarize }, message => posted.push(message));
    assert.equal(posted.length, 1);
    assert.equal(posted[0]!.type, 'error');
  });
});
