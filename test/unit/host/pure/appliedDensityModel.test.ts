// A DBSCAN or HDBSCAN fit saved as a model (fitExport.modelFileOf) and applied to a file (buildAppliedFit).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { runClusterFit } from '../../../../src/core/clusterFit';
import { byteSourceFromBytes } from '../../../../src/data/byteSource';
import { readCsv } from '../../../../src/data/csvReader';
import { buildFeatureMatrix } from '../../../../src/data/featureMatrix';
import { parseModel, serializeModel } from '../../../../src/data/modelFile';
import { exportModelAs } from '../../../../src/data/modelExport/exportTargets';
import { densityModelToFile } from '../../../../src/data/portableModelFile';
import { buildAppliedFit } from '../../../../src/host/pure/appliedModel';
import { parseHostMessage } from '../../../../src/shared/protocol';

const moonsPath = path.resolve(import.meta.dirname, '../../../../test/e2e/workspace/moons.csv');

async function fitAndSave(algorithm: 'dbscan' | 'hdbscan') {
  const dataset = await readCsv(byteSourceFromBytes(fs.readFileSync(moonsPath)), { fileName: 'moons.csv' });
  const columns = ['x', 'y'];
  const selection = buildFeatureMatrix(dataset, columns, 'drop');
  const result = runClusterFit({
    algorithm, nComponents: 2, covarianceType: 'full', nInit: 1, maxIter: 100, tol: 1e-3, regCovar: 1e-6, seed: 0, standardize: true,
    data: selection.matrix.data.slice(), nSamples: selection.matrix.nSamples, nFeatures: 2,
  }, () => {});
  const text = serializeModel(densityModelToFile(result.densityModel!, result.scaling, result.weights, result.means, {
    columns, covarianceType: null, bic: null, aic: null, options: { standardize: true, seed: 0, ...result.density!.settings },
  }));
  return { dataset, selection, result, text, model: parseModel(text) };
}

describe('a DBSCAN or HDBSCAN model applied to a file', () => {
  test('DBSCAN applied to its own rows gives every row its cluster back (core rows exactly; border rows here too) and noise as noise', async () => {
    const { dataset, selection, result, model, text } = await fitAndSave('dbscan');
    const applied = buildAppliedFit(model, 'moons.model.json', dataset, selection, 3, 20_000);
    assert.deepEqual([...applied.result.labels], [...result.labels]);
    assert.equal(applied.result.density!.nNoise, result.density!.nNoise);
    assert.equal(applied.options.algorithm, 'dbscan');
    assert.equal(applied.options.eps, result.density!.settings.eps);
    assert.ok(parseHostMessage({ type: 'didFinishFit', fit: applied.snapshot }).ok, 'the snapshot passes the protocol guard');
    // small: the core rows and their labels, a few tens of kB
    assert.ok(text.length < 100_000, `${text.length} bytes`);
  });

  test('HDBSCAN applied to its own rows gives back the clusters of nearly all of them, with membership strengths', async () => {
    const { dataset, selection, result, model } = await fitAndSave('hdbscan');
    const applied = buildAppliedFit(model, 'moons.model.json', dataset, selection, 3, 20_000);
    const same = applied.result.labels.filter((label, i) => label === result.labels[i]).length / result.labels.length;
    assert.ok(same >= 0.97, `${(100 * same).toFixed(1)} % of the rows keep their cluster`);
    assert.equal(applied.result.nComponents, result.nComponents);
    assert.ok(parseHostMessage({ type: 'didFinishFit', fit: applied.snapshot }).ok);
    assert.ok(applied.snapshot.sample.certainty.some(c => c > 0 && c < 1), 'strengths between 0 and 1');
  });

  test('a density model file that was tampered with is refused with the field named, and the scoring exports say why they cannot', async () => {
    const { text, model } = await fitAndSave('hdbscan');
    const broken = JSON.parse(text) as { density: { nodeParent: number[] } };
    broken.density.nodeParent[0] = 3;
    assert.throws(() => parseModel(JSON.stringify(broken)), /density.nodeParent\[0\]/);
    assert.throws(() => exportModelAs('sql', model), /HDBSCAN model cannot be exported as SQL/);
  });
});
