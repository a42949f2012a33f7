// `fit` and `label` with --algorithm spectral|dbscan|hdbscan, run as a user runs dist/cli.js.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { fitDbscan } from '../../../src/core/dbscan';
import { fitHdbscan } from '../../../src/core/hdbscan';
import { loadDensityFixtures, samePartition } from '../core/densityFixtures';
import { freshDir, runCli, STACK_TRACE } from './runCli';

const dir = freshDir('density-methods');
const moons = loadDensityFixtures().find(f => f.name === 'moons')!;
const csv = path.join(dir, 'moons.csv');
const rows = Array.from({ length: moons.X.nSamples }, (_, i) => `${moons.X.data[2 * i]},${moons.X.data[2 * i + 1]}`);
fs.writeFileSync(csv, ['x,y', ...rows].join('\n') + '\n');

function fitJson(...args: string[]): Record<string, unknown> {
  const r = runCli(['fit', csv, ...args, '--json']);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

/** The cluster cell of every data line of a labelled file (header x,y,cluster,…). */
function clusterCells(file: string): string[] {
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  assert.match(lines[0]!, /^x,y,cluster,/);
  return lines.slice(1).map(line => line.split(',')[2]!);
}

describe('the command line with spectral clustering, DBSCAN and HDBSCAN', () => {
  test('fit --algorithm dbscan --eps --min-samples --json reports nClusters, nNoise and seconds, as scikit-learn counts them', () => {
    const ref = moons.dbscan.find(r => r.eps === 0.25)!;
    const report = fitJson('--algorithm', 'dbscan', '--eps', String(ref.eps), '--min-samples', String(ref.minSamples));
    assert.equal(report.nClusters, new Set(ref.labels.filter(l => l >= 0)).size);
    assert.equal(report.nNoise, ref.labels.filter(l => l < 0).length);
    assert.equal(typeof report.seconds, 'number');
    assert.deepEqual(report.settings, { eps: ref.eps, minSamples: ref.minSamples });
    assert.equal(report.covariances, null);
  });

  test('fit --algorithm dbscan without --eps takes eps from the k-distance knee and says so', () => {
    const report = fitJson('--algorithm', 'dbscan', '--min-samples', '5');
    assert.equal((report.settings as { eps: number }).eps, report.kneeEps);
    assert.match(String(report.warning), /knee/);
  });

  test('fit --algorithm hdbscan --min-cluster-size --min-samples finds what the engine finds', () => {
    const report = fitJson('--algorithm', 'hdbscan', '--min-cluster-size', '10', '--min-samples', '10');
    const core = fitHdbscan(moons.X, { minClusterSize: 10, minSamples: 10 });
    assert.equal(report.nClusters, core.nClusters);
    assert.equal(report.nNoise, core.nNoise);
  });

  test('fit --algorithm spectral --k 2 --n-neighbors 10 reports two clusters, no noise and the eigenvalues', () => {
    const report = fitJson('--algorithm', 'spectral', '--k', '2', '--n-neighbors', '10');
    assert.equal(report.nClusters, 2);
    assert.equal(report.nNoise, 0);
    assert.equal((report.eigenvalues as number[]).length, 2);
  });

  test('label writes the cluster cell empty for noise and DBSCAN\'s clusters for the rest', () => {
    const ref = moons.dbscan.find(r => r.eps === 0.15)!;
    assert.ok(ref.labels.some(l => l < 0), 'the setting leaves some rows as noise');
    const out = path.join(dir, 'dbscan-labelled.csv');
    const r = runCli(['label', csv, '--out', out, '--algorithm', 'dbscan', '--eps', String(ref.eps), '--min-samples', String(ref.minSamples)]);
    assert.equal(r.status, 0, r.stderr);
    const cells = clusterCells(out);
    assert.deepEqual(cells.map((c, i) => (c === '' ? i : -1)).filter(i => i >= 0), ref.labels.map((l, i) => (l < 0 ? i : -1)).filter(i => i >= 0));
    assert.ok(samePartition(cells.map(c => (c === '' ? -1 : Number(c))), ref.labels));
    const engine = fitDbscan(moons.X, { eps: ref.eps, minSamples: ref.minSamples });
    assert.equal(fs.readFileSync(out, 'utf8').split('\n')[0], `x,y,cluster,${Array.from({ length: engine.nClusters }, (_, c) => `p_cluster${c + 1}`).join(',')},certainty`);
  });

  test('label --algorithm hdbscan writes each row\'s membership strength as its certainty', () => {
    const out = path.join(dir, 'hdbscan-labelled.csv');
    const r = runCli(['label', csv, '--out', out, '--algorithm', 'hdbscan', '--min-cluster-size', '10']);
    assert.equal(r.status, 0, r.stderr);
    const core = fitHdbscan(moons.X, { minClusterSize: 10, minSamples: 10 });
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n').slice(1);
    lines.forEach((line, i) => {
      const cells = line.split(',');
      const written = cells[cells.length - 1]!;
      if (core.labels[i]! < 0) { assert.equal(written, '', `row ${i} is noise`); return; }
      assert.ok(Math.abs(Number(written) - core.probabilities[i]!) < 1e-6, `row ${i}: ${written} vs ${core.probabilities[i]}`);
    });
  });

  test('a setting of another method is a usage error that names its method, without a stack trace', () => {
    const r = runCli(['fit', csv, '--algorithm', 'gmm', '--eps', '0.3']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--eps is a setting of --algorithm dbscan, not gmm/);
    assert.doesNotMatch(r.stderr, STACK_TRACE);
    const bad = runCli(['fit', csv, '--algorithm', 'dbscan', '--eps', '0']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--eps must be a number > 0/);
  });

  test('DBSCAN that finds no cluster is refused with the setting to change (exit 2)', () => {
    const r = runCli(['fit', csv, '--algorithm', 'dbscan', '--eps', '0.000001']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /found no cluster/);
    assert.match(r.stderr, /larger eps/);
  });
});
