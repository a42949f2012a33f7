// `fit --save-model` with DBSCAN and HDBSCAN (the model carries its rows, core/densityModel.ts), and
// spectral clustering's refusal, run as a user runs dist/cli.js.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parseModel } from '../../../src/data/modelFile';
import { loadDensityFixtures } from '../core/densityFixtures';
import { freshDir, runCli } from './runCli';

const dir = freshDir('density-models');
const moons = loadDensityFixtures().find(f => f.name === 'moons')!;
const csv = path.join(dir, 'moons.csv');
fs.writeFileSync(csv, ['x,y', ...Array.from({ length: moons.X.nSamples }, (_, i) => `${moons.X.data[2 * i]},${moons.X.data[2 * i + 1]}`)].join('\n') + '\n');

describe('fit --save-model with the density methods', () => {
  for (const [algorithm, settings] of [['dbscan', ['--eps', '0.25', '--min-samples', '5']], ['hdbscan', ['--min-cluster-size', '10', '--min-samples', '10']]] as const) {
    test(`${algorithm}: writes a model file with its rows that the extension's Apply Saved Model reads`, () => {
      const out = path.join(dir, `${algorithm}.model.json`);
      const r = runCli(['fit', csv, '--algorithm', algorithm, ...settings, '--save-model', out]);
      assert.equal(r.status, 0, r.stderr);
      const model = parseModel(fs.readFileSync(out, 'utf8'));
      assert.equal(model.algorithm, algorithm);
      assert.ok(model.density!.points.length > 0);
      assert.equal(model.density!.minSamples, algorithm === 'dbscan' ? 5 : 10);
    });
  }

  test('spectral clustering is refused with the reason', () => {
    const r = runCli(['fit', csv, '--algorithm', 'spectral', '--k', '2', '--save-model', path.join(dir, 'spectral.model.json')]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /spectral clustering cannot be saved as a model for new rows: .*neighbour graph/i);
  });

  test('label --model with a density model says it applies mixtures and k-means, and what to do instead (exit 2, nothing written)', () => {
    const model = path.join(dir, 'hdbscan.applied.model.json');
    assert.equal(runCli(['fit', csv, '--algorithm', 'hdbscan', '--min-cluster-size', '10', '--save-model', model]).status, 0);
    const out = path.join(dir, 'hdbscan.labelled.csv');
    const r = runCli(['label', csv, '--model', model, '--out', out]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /applies a Gaussian mixture or k-means model; .* is a HDBSCAN model[\s\S]*Apply Saved Model/);
    assert.equal(fs.existsSync(out), false);
  });
});
