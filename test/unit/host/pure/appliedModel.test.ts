import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { type FitResult, runClusterFit } from '../../../../src/core/clusterFit';
import { toPortableModel } from '../../../../src/core/portableModel';
import { byteSourceFromBytes } from '../../../../src/data/byteSource';
import { type Dataset, readCsv } from '../../../../src/data/csvReader';
import { buildFeatureMatrix, defaultFeatureColumns } from '../../../../src/data/featureMatrix';
import { parseModel, serializeModel } from '../../../../src/data/modelFile';
import { toModelFile } from '../../../../src/data/portableModelFile';
import { buildAppliedFit } from '../../../../src/host/pure/appliedModel';
import { parseHostMessage } from '../../../../src/shared/protocol';

const samples = path.resolve(import.meta.dirname, '../../../../media/samples');
const penguinsText = fs.readFileSync(path.join(samples, 'penguins.csv'), 'utf8');

async function read(text: string): Promise<Dataset> {
  return readCsv(byteSourceFromBytes(new TextEncoder().encode(text)), { fileName: 'penguins.csv' });
}

/** A fit of the penguins' measurements, saved as a model file exactly as "Save the model" does. */
async function fitAndSave(algorithm: 'gmm' | 'kmeans', covarianceType: 'full' | 'diag', standardize: boolean) {
  const dataset = await read(penguinsText);
  const columns = defaultFeatureColumns(dataset);
  const selection = buildFeatureMatrix(dataset, columns, 'drop');
  const result: FitResult = runClusterFit({
    algorithm, nComponents: 3, covarianceType, nInit: 2, maxIter: 300, tol: 1e-6, regCovar: 1e-6, seed: 1, standardize,
    data: selection.matrix.data.slice(), nSamples: selection.matrix.nSamples, nFeatures: selection.matrix.nFeatures,
  }, () => {});
  const text = serializeModel(toModelFile(toPortableModel(result), {
    columns, covarianceType: algorithm === 'gmm' ? covarianceType : null,
    options: { nComponents: 3, nInit: 2, maxIter: 300, tol: 1e-6, seed: 1, standardize, missing: 'drop' }, bic: result.bic, aic: result.aic,
  }));
  return { dataset, columns, selection, result, model: parseModel(text) };
}

const close = (a: number, b: number, relative = 1e-9) => Math.abs(a - b) <= relative * Math.max(1, Math.abs(a), Math.abs(b));

describe('a saved model applied to a file, as the panel shows it', () => {
  test('a mixture applied to its own data gives back its labels, log-likelihood, BIC and AIC', async () => {
    const { dataset, selection, result, model } = await fitAndSave('gmm', 'diag', true);
    const applied = buildAppliedFit(model, 'penguins.model.json', dataset, selection, 5, 20_000);
    assert.deepEqual([...applied.result.labels], [...result.labels]);
    assert.ok(close(applied.result.logLikelihood!, result.logLikelihood!, 1e-6), `${applied.result.logLikelihood} vs ${result.logLikelihood}`);
    assert.ok(close(applied.result.bic!, result.bic!, 1e-6), 'BIC counts the parameters of the model\'s own covariance type (diag), not of its saved full form');
    assert.ok(close(applied.result.aic!, result.aic!, 1e-6));
    assert.equal(applied.snapshot.appliedModel, 'penguins.model.json');
    assert.equal(applied.snapshot.fitId, 5);
    assert.equal(applied.options.covarianceType, 'diag');
    assert.ok(parseHostMessage({ type: 'didFinishFit', fit: applied.snapshot }).ok, 'the snapshot passes the protocol guard');
  });

  test('k-means applied to its own data gives back its labels, inertia and centroids in the file\'s units', async () => {
    const { dataset, selection, result, model } = await fitAndSave('kmeans', 'full', true);
    const applied = buildAppliedFit(model, 'm.json', dataset, selection, 1, 20_000);
    assert.deepEqual([...applied.result.labels], [...result.labels]);
    assert.ok(close(applied.result.inertia!, result.inertia!, 1e-6), `${applied.result.inertia} vs ${result.inertia}`);
    applied.result.means.forEach((m, i) => assert.ok(close(m, result.means[i], 1e-9), `mean ${i}`));
    assert.ok(parseHostMessage({ type: 'didFinishFit', fit: applied.snapshot }).ok);
  });

  test('a file with renamed columns, mapped back, gets the same clusters', async () => {
    const { result, model, columns } = await fitAndSave('gmm', 'full', false);
    const header = penguinsText.slice(0, penguinsText.indexOf('\n'));
    const renamed = await read(penguinsText.replace(header, header.replace('bill_length_mm', 'Bill Length (mm)').replace('flipper_length_mm', 'flipper')));
    const mapped = columns.map(c => (c === 'bill_length_mm' ? 'Bill Length (mm)' : c === 'flipper_length_mm' ? 'flipper' : c));
    const selection = buildFeatureMatrix(renamed, mapped, 'drop');
    const applied = buildAppliedFit(model, 'm.json', renamed, selection, 1, 20_000);
    assert.deepEqual([...applied.result.labels], [...result.labels]);
    assert.deepEqual(applied.snapshot.columns, mapped, 'the panel shows the file\'s own column names');
  });
});
