// The CLI's mclust models: fit --model and select --models.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { readMclustFixture } from '../core/mixtureModels/mclustFixtures';
import { freshDir, runCli, STACK_TRACE } from './runCli';

const faithful = readMclustFixture('faithful');
const dir = freshDir('models');
const file = path.join(dir, 'faithful.csv');
fs.writeFileSync(file, 'eruptions,waiting\n' + Array.from({ length: faithful.nSamples }, (_, i) => `${faithful.data[2 * i]},${faithful.data[2 * i + 1]}`).join('\n') + '\n');

test('select --models all ranks every (model, k) and its best is mclust\'s best, with both BIC conventions and ICL', () => {
  const r = runCli(['select', file, '--models', 'all', '--k', '1..5', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout) as {
    models: { model: string; k: number; bicMclust: number; bicSklearn: number; icl: number }[];
    best: { model: string; k: number; bicMclust: number }; summary: string[]; conventions: Record<string, string>;
  };
  assert.equal(report.models.length, 14 * 5);
  assert.deepEqual({ model: report.best.model, k: report.best.k }, faithful.best);
  assert.ok(report.best.bicMclust >= faithful.bestBic - 1e-9 * Math.abs(faithful.bestBic));
  for (const m of report.models) { assert.equal(m.bicSklearn, -m.bicMclust); assert.ok(m.icl <= m.bicMclust); }
  assert.match(report.summary[0]!, /^EEE, 3 clusters: BIC −2,314\.3; [\d.]+ better than the next$/);
  assert.match(report.conventions.bicMclust!, /larger is better/);
  assert.match(report.conventions.bicSklearn!, /smaller is better/);
});

test('select --models prints a table with both BIC columns and the top three in words', () => {
  const r = runCli(['select', file, '--models', 'VVV,tied', '--k', '2..3']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /BIC mclust \(↑\)\s+BIC sklearn \(↓\)\s+ICL \(↑\)/);
  assert.match(r.stdout, /^EEE\s+3\s+11\s+-2314\.3\d\s+2314\.3\d/m);
  assert.match(r.stdout, /^1\. EEE, 3 clusters: BIC −2,314\.3/m);
});

test('fit --model VEV fits that model and reports it; an unknown model or one beside --covariance is a usage error', () => {
  const ok = runCli(['fit', file, '--model', 'vev', '--k', '2', '--json']);
  assert.equal(ok.status, 0, ok.stderr);
  const fit = JSON.parse(ok.stdout) as { model: string; covarianceType: string; logLikelihood: number };
  assert.equal(fit.model, 'VEV');
  assert.equal(fit.covarianceType, 'full');
  const bad = runCli(['fit', file, '--model', 'VXV', '--k', '2']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown model 'VXV': choose one of EII, VII/);
  assert.doesNotMatch(bad.stderr, STACK_TRACE);
  const both = runCli(['fit', file, '--model', 'VEV', '--covariance', 'diag', '--k', '2']);
  assert.equal(both.status, 2);
  assert.match(both.stderr, /--model and --covariance both choose/);
});
