// The command line (dist/cli.js, as built by npm run build) run as a user runs it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { runClusterFit } from '../../src/core/clusterFit';
import { Random } from '../../src/core/random';

const cli = path.resolve('dist/cli.js');
const outDir = path.resolve('test-out/cli');

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** n × d rows around three centers, written with 6 decimals (what Number() of each cell gives back). */
function writeBlobs(file: string, n: number, d: number): Float64Array {
  const random = new Random(7);
  const values = new Float64Array(n * d);
  const lines = [Array.from({ length: d }, (_, j) => `x${j}`).join(',')];
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    const cells: string[] = [];
    for (let j = 0; j < d; j++) {
      const text = (4 * c + (j === c ? 3 : 0) + random.nextNormal()).toFixed(6);
      values[i * d + j] = Number(text);
      cells.push(text);
    }
    lines.push(cells.join(','));
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return values;
}

describe('the command line', { skip: !fs.existsSync(cli) && 'dist/cli.js is not built' }, () => {
  test('fit prints one JSON object with the documented fields', () => {
    const r = run('fit', 'media/samples/penguins.csv', '--algorithm', 'gmm', '--k', '3', '--covariance', 'full', '--json');
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    for (const key of ['algorithm', 'k', 'covarianceType', 'columns', 'nSamples', 'nFeatures', 'converged', 'nIter', 'logLikelihood',
      'avgLogLikelihood', 'bic', 'aic', 'inertia', 'weights', 'means', 'covariances', 'history', 'seconds', 'parseSeconds']) {
      assert.ok(key in report, `${key} is in the report`);
    }
    assert.equal(report.k, 3);
    assert.equal((report.means as number[][]).length, 3);
  });

  test('a file large enough for the thread pool gives the in-thread engine\'s result, bit for bit', () => {
    const n = 30_000, d = 3;
    const file = path.join(outDir, 'pool-sized.csv');
    const values = writeBlobs(file, n, d);
    for (const algorithm of ['kmeans', 'gmm'] as const) {
      const r = run('fit', file, '--algorithm', algorithm, '--k', '3', '--n-init', '2', '--seed', '5', '--no-standardize', '--json');
      assert.equal(r.status, 0, r.stderr);
      const report = JSON.parse(r.stdout) as { means: number[][]; inertia: number | null; logLikelihood: number | null; nIter: number };
      const reference = runClusterFit({
        algorithm, nComponents: 3, covarianceType: 'full', nInit: 2, maxIter: algorithm === 'kmeans' ? 300 : 100,
        tol: algorithm === 'kmeans' ? 1e-4 : 1e-3, regCovar: 1e-6, seed: 5, standardize: false, init: 'kmeans',
        screenRestarts: true, // the CLI's restart policy (core/screenedRestarts.ts)
        data: values, nSamples: n, nFeatures: d,
      }, () => {});
      assert.deepEqual(report.means.flat(), Array.from(reference.means), `${algorithm} means`);
      assert.equal(report.nIter, reference.nIter);
      if (algorithm === 'kmeans') { assert.equal(report.inertia, reference.inertia); } else { assert.equal(report.logLikelihood, reference.logLikelihood); }
    }
  });

  test('fit --json says whether the EM starts agreed (10 starts by default)', () => {
    const r = run('fit', 'media/samples/penguins.csv', '--k', '3', '--standardize', '--seed', '5', '--json');
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { restarts: { nStarts: number; disagree: boolean; sentence: string } };
    assert.equal(report.restarts.nStarts, 10);
    assert.equal(report.restarts.disagree, true);
    assert.match(report.restarts.sentence, /^\d+ of 10 starts reached a better optimum than the first/);
    const text = run('fit', 'media/samples/penguins.csv', '--k', '3', '--standardize', '--seed', '5');
    assert.match(text.stdout, /\n\d+ of 10 starts reached a better optimum than the first; start \d+ is kept/);
  });

  test('an ill-posed request exits 2 with the reason and what to try, before it runs', () => {
    const file = path.join(outDir, 'one-row.csv');
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(file, 'a,b\n1,2\n');
    const r = run('fit', file, '--k', '3', '--json');
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'cluster-lens: 3 clusters need at least 3 rows; the data has 1 usable row.\nChoose k ≤ 1, or a file with more rows.\n');
    const wide = path.join(outDir, 'wide.csv');
    const header = Array.from({ length: 11 }, (_, j) => `x${j}`).join(',');
    const random = new Random(2);
    fs.writeFileSync(wide, [header, ...Array.from({ length: 32 }, () => Array.from({ length: 11 }, () => random.nextNormal().toFixed(4)).join(','))].join('\n') + '\n');
    const full = run('fit', wide, '--k', '3', '--covariance', 'full');
    assert.equal(full.status, 2);
    assert.match(full.stderr, /needs at least 12 rows per cluster: 36 rows for k = 3; the data has 32 usable rows[^\n]*\nTry the diag covariance/);
    const select = run('select', wide, '--k', '1..4', '--covariance', 'diag,full', '--json');
    assert.equal(select.status, 2, 'select checks every model before the first runs');
    assert.equal(select.stdout, '');
  });

  test('a fit on few rows per parameter runs and says so (caution), in the JSON and the text', () => {
    const file = path.join(outDir, 'forty.csv');
    const random = new Random(6);
    fs.mkdirSync(outDir, { recursive: true });
    const header = Array.from({ length: 11 }, (_, j) => `x${j}`).join(',');
    fs.writeFileSync(file, [header, ...Array.from({ length: 40 }, () => Array.from({ length: 11 }, () => random.nextNormal().toFixed(4)).join(','))].join('\n') + '\n');
    const r = run('fit', file, '--k', '3', '--json');
    assert.equal(r.status, 0, r.stderr);
    assert.match((JSON.parse(r.stdout) as { caution: string }).caution, /^233 parameters from 40 rows/);
    assert.match(run('fit', file, '--k', '3').stdout, /\n233 parameters from 40 rows/);
    assert.equal((JSON.parse(run('fit', file, '--k', '3', '--covariance', 'diag', '--json').stdout) as { caution: unknown }).caution, null);
  });

  test('values near 1e300: k-means reports finite numbers, a mixture exits 2 with the reason, never a null likelihood', () => {
    const file = path.join(outDir, 'huge.csv');
    const random = new Random(4);
    const rows = Array.from({ length: 90 }, (_, i) => `${((i % 3) * 5 + random.nextNormal()).toFixed(3)}e299,${random.nextNormal().toFixed(3)}e299`);
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(file, ['a,b', ...rows].join('\n') + '\n');
    const kmeans = run('fit', file, '--algorithm', 'kmeans', '--k', '3', '--json');
    assert.equal(kmeans.status, 0, kmeans.stderr);
    const report = JSON.parse(kmeans.stdout) as { means: number[][]; inertia: number | null };
    assert.ok(report.means.flat().every(Number.isFinite), 'finite means');
    assert.ok(Number.isFinite(report.inertia));
    for (const standardize of ['--standardize', '--no-standardize']) {
      const gmm = run('fit', file, '--k', '3', standardize, '--json');
      assert.equal(gmm.status, 2, `${standardize}: ${gmm.stdout}`);
      assert.equal(gmm.stdout, '');
      assert.match(gmm.stderr, /^cluster-lens: Column "a" spreads over about [\d.]+e\+299 \(its standard deviation\)/);
      const label = run('label', file, '--out', path.join(outDir, 'huge.labelled.csv'), '--k', '3', standardize);
      assert.equal(label.status, 2, 'label writes no p = 0.5 file');
    }
  });

  test('a file whose numbers are all the same is said to be constant, not blamed on its delimiter', () => {
    const file = path.join(outDir, 'constant.csv');
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(file, 'a,b\n' + '5,5\n'.repeat(20));
    const r = run('fit', file, '--k', '2');
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'cluster-lens: Every numeric column of constant.csv is constant (the same value in every row): there is nothing to cluster.\n'
      + 'Clustering needs values that vary from row to row; check that this is the file you meant.\n');
    const chosen = run('fit', file, '--k', '2', '--columns', 'a,b');
    assert.equal(chosen.status, 2);
    assert.match(chosen.stderr, /^cluster-lens: Every one of the 2 chosen columns has the same value in every row used: there is nothing to cluster\./);
  });

  test('a file it cannot use gives a message on stderr, exit code 2 and no stack trace', () => {
    const file = path.join(outDir, 'empty.csv');
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(file, '');
    const r = run('fit', file, '--k', '2');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^cluster-lens: /);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });
});
