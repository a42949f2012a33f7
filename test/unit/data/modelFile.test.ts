import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseModel, serializeModel, checkModelColumns, type ModelFile } from '../../../src/data/modelFile';
import { CsvError } from '../../../src/data/csvError';
import { readText } from './helpers';

function gmm(): ModelFile {
  return {
    format: 'cluster-lens-model', version: 1, algorithm: 'gmm',
    options: { nComponents: 2, covarianceType: 'full', seed: 0, nInit: 1 },
    columns: ['x', 'y'],
    scaling: { mean: [1.5, -2], scale: [0.5, 3] },
    weights: [0.25, 0.75],
    means: [[0.1, 0.2], [-1 / 3, 1e-300]],
    covariances: [[[1, 0.2], [0.2, 2]], [[0.5, 0], [0, 0.5]]],
    covarianceType: 'full', bic: 123.456, aic: 100.1,
  };
}

function rejects(text: string, pattern: RegExp): void {
  assert.throws(() => parseModel(text), (e: unknown) => e instanceof CsvError && e.code === 'invalid-model' && pattern.test(e.message) && e.hint.length > 0);
}

test('a model survives serialising and parsing exactly', () => {
  assert.deepEqual(parseModel(serializeModel(gmm())), gmm());
});

test('a k-means model has no covariances', () => {
  const km: ModelFile = { ...gmm(), algorithm: 'kmeans', covariances: null, covarianceType: null, bic: null, aic: null };
  assert.deepEqual(parseModel(serializeModel(km)), km);
});

test('text that is not JSON is refused as such', () => { rejects('{"format": ', /not valid JSON/); });

test('another JSON file is not taken for a model', () => { rejects('{"name": "package"}', /not a Cluster Lens model/); });

test('a newer version is refused with advice to update', () => {
  assert.throws(() => parseModel(JSON.stringify({ ...gmm(), version: 2 })), (e: unknown) => e instanceof CsvError && /version 2/.test(e.message) && /Update/.test(e.hint));
});

test('shape errors name the field and the expected size', () => {
  rejects(JSON.stringify({ ...gmm(), means: [[0, 0], [1]] }), /"means\[1\]" has 1 values, expected 2/);
  rejects(JSON.stringify({ ...gmm(), weights: [0.5, 0.6] }), /sum to 1\.1/);
  rejects(JSON.stringify({ ...gmm(), covariances: [[[1, 0.2], [0.3, 2]], [[1, 0], [0, 1]]] }), /not symmetric/);
  rejects(JSON.stringify({ ...gmm(), covariances: [[[0, 0], [0, 2]], [[1, 0], [0, 1]]] }), /non-positive variance/);
  rejects(JSON.stringify({ ...gmm(), scaling: { mean: [0, 0], scale: [1, 0] } }), /scale\[1\]" must be positive/);
  rejects(JSON.stringify({ ...gmm(), means: [[0, null], [0, 0]] }), /finite number/);
  rejects(JSON.stringify({ ...gmm(), columns: ['x', 'x'] }), /twice/);
});

test('a model applies to a file only when its columns exist there as numbers', async () => {
  const ds = await readText('y,x,label\n1,2,a\n3,4,b\n');
  assert.deepEqual(checkModelColumns(gmm(), ds), ['x', 'y']);
  assert.throws(() => checkModelColumns({ ...gmm(), columns: ['x', 'z'] }, ds), (e: unknown) => e instanceof CsvError && /"z"/.test(e.message));
  assert.throws(() => checkModelColumns({ ...gmm(), columns: ['x', 'label'] }, ds), (e: unknown) => e instanceof CsvError && /not numeric/.test(e.message));
});
