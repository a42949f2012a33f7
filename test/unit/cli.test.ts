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
