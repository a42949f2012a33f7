import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runClusterFit } from '../../../../src/core/clusterFit';
import { Random } from '../../../../src/core/random';
import { buildFeatureMatrix } from '../../../../src/data/featureMatrix';
import { buildSnapshot } from '../../../../src/host/pure/fitSnapshot';
import { parseHostMessage, type FitOptions } from '../../../../src/shared/protocol';
import { readText } from '../../data/helpers';
import { projectFit } from '../../../../webview/plane';

test('a mixture fitted with missing cells gives a valid snapshot: every drawn point finite, the modelled cells counted', async () => {
  const random = new Random(8);
  const lines = ['a,b,c'];
  for (let i = 0; i < 120; i++) {
    const shift = i % 2 === 0 ? 0 : 6;
    const cells = [0, 1, 2].map(() => (shift + random.nextNormal()).toFixed(3));
    if (i % 5 === 0) { cells[i % 3] = ''; }
    if (i === 7) { cells[0] = 'NA'; cells[1] = ''; }
    lines.push(cells.join(','));
  }
  const dataset = await readText(lines.join('\n') + '\n');
  const options: FitOptions = {
    algorithm: 'gmm', nComponents: 2, covarianceType: 'full', columns: ['a', 'b', 'c'], standardize: true, nInit: 2, maxIter: 100, tol: 1e-3, seed: 0, missing: 'model',
  };
  const selection = buildFeatureMatrix(dataset, options.columns, 'model');
  assert.equal(selection.modelled, 26);
  const result = runClusterFit({
    ...options, regCovar: 1e-6, data: selection.matrix.data.slice(), nSamples: selection.matrix.nSamples, nFeatures: 3,
  }, () => {});
  const snapshot = buildSnapshot(1, options, dataset, selection, result, 'worker_threads', 1000);
  assert.equal(snapshot.modelledCells, 26);
  assert.equal(snapshot.nSamples, 120);
  assert.ok(snapshot.sample.values.every(Number.isFinite), 'missing cells are drawn at their conditional expectation');
  assert.equal(snapshot.sample.imputed?.reduce((sum, v) => sum + v, 0), 26, 'every drawn missing cell is flagged');
  const projected = projectFit(snapshot, { kind: 'columns', x: 0, y: 1 });
  for (let s = 0; s < 120; s++) {
    const row = snapshot.sample.rowIndex[s]!;
    const plottedMissing = lines[row + 1]!.split(',').slice(0, 2).some(cell => cell === '' || cell === 'NA');
    assert.equal(projected.imputed?.[s], plottedMissing ? 1 : 0, `row ${row}: drawn hollow exactly when a plotted cell is missing`);
  }
  assert.ok(snapshot.pca && snapshot.pca.components.every(Number.isFinite));
  const parsed = parseHostMessage({ type: 'didFinishFit', fit: snapshot });
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
});

test('a standardised k-means snapshot carries the z-scoring its distances were measured after, and the guard checks it', async () => {
  const random = new Random(9);
  const lines = ['a,b'];
  for (let i = 0; i < 60; i++) { lines.push(`${(i % 2 === 0 ? 0 : 50) + random.nextNormal()},${1000 * random.nextNormal()}`); }
  const dataset = await readText(lines.join('\n') + '\n');
  const options: FitOptions = {
    algorithm: 'kmeans', nComponents: 2, covarianceType: 'full', columns: ['a', 'b'], standardize: true, nInit: 1, maxIter: 100, tol: 1e-4, seed: 0, missing: 'drop',
  };
  const selection = buildFeatureMatrix(dataset, options.columns, 'drop');
  const result = runClusterFit({ ...options, regCovar: 1e-6, data: selection.matrix.data.slice(), nSamples: 60, nFeatures: 2 }, () => {});
  const snapshot = buildSnapshot(1, options, dataset, selection, result, 'worker_threads', 1000);
  assert.deepEqual(snapshot.scaling, result.scaling);
  // z-scoring: the second column's scale is its standard deviation, about 1000
  assert.ok(snapshot.scaling && snapshot.scaling.scale[1] > 500 && snapshot.scaling.scale[1] < 2000);
  assert.ok(parseHostMessage({ type: 'didFinishFit', fit: snapshot }).ok);
  const broken = parseHostMessage({ type: 'didFinishFit', fit: { ...snapshot, scaling: { mean: [0, 0], scale: snapshot.scaling.scale } } });
  assert.equal(broken.ok, false, 'a scaling that is not typed arrays is refused');
});
