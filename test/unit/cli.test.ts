// The command line (dist/cli.js, as built by npm run build) run as a user runs it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { runClusterFit } from '../../src/core/clusterFit';
import { Random } from '../../src/core/random';
import { cli, freshDir, STACK_TRACE } from './cli/runCli';

const outDir = freshDir('commands');

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

describe('the command line', () => {
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

  test('without --columns, fit leaves out a year and a row id and says why, on stderr and in the JSON', () => {
    const file = path.join(outDir, 'with-year.csv');
    const random = new Random(3);
    const rows = Array.from({ length: 90 }, (_, i) => `${i + 1},${(40 + (i % 3) * 5 + random.nextNormal()).toFixed(2)},${(180 + (i % 3) * 15 + 3 * random.nextNormal()).toFixed(1)},${2007 + (i % 3)}`);
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(file, ['step,bill,flipper,year', ...rows].join('\n') + '\n');
    const r = run('fit', file, '--k', '2', '--json');
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { columns: string[]; leftOutColumns: { name: string; reason: string; note: string }[] };
    assert.deepEqual(report.columns, ['bill', 'flipper']);
    assert.deepEqual(report.leftOutColumns.map(c => [c.name, c.reason]), [['step', 'id-like'], ['year', 'few-whole-numbers']]);
    assert.match(r.stderr, /column "year" is left out: only 3 distinct whole numbers \(2007 to 2009\)/);
    assert.match(r.stderr, /--columns/);
    const named = run('fit', file, '--k', '2', '--columns', 'bill,year', '--json');
    assert.equal(named.status, 0, named.stderr);
    assert.deepEqual((JSON.parse(named.stdout) as { columns: string[] }).columns, ['bill', 'year'], 'named columns are taken as named');
    assert.doesNotMatch(named.stderr, /left out/);
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
    // the reader's warning about the constant columns may come first; the refusal ends stderr
    assert.equal(r.stderr.replace(/^cluster-lens: warning: .*\n/gm, ''), 'cluster-lens: Every numeric column of constant.csv is constant (the same value in every row): there is nothing to cluster.\n'
      + 'Clustering needs values that vary from row to row; check that this is the file you meant.\n');
    const chosen = run('fit', file, '--k', '2', '--columns', 'a,b');
    assert.equal(chosen.status, 2);
    assert.match(chosen.stderr, /^cluster-lens: Every one of the 2 chosen columns has the same value in every row used: there is nothing to cluster\./m);
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

describe('the command line\'s output through a pipe', () => {
  // A reader that waits before reading: the CLI's output fills the pipe (64 KiB) and the rest must
  // still arrive after the CLI has nothing left to compute.
  const slowReader = `setTimeout(() => { let s = ''; process.stdin.setEncoding('utf8');
    process.stdin.on('data', c => { s += c; }).on('end', () => { const r = JSON.parse(s); console.log(JSON.stringify({ bytes: Buffer.byteLength(s), rowsRead: r.rowsRead, k: r.k })); }); }, 700);`;

  test('a JSON report of several hundred KB reaches a slow reader whole and parses', () => {
    const file = path.join(outDir, 'wide.csv');
    writeBlobs(file, 600, 60);
    const r = spawnSync('bash', ['-o', 'pipefail', '-c', `"${process.execPath}" "${cli}" fit "${file}" --k 4 --covariance full --json | "${process.execPath}" -e "$READER"`],
      { encoding: 'utf8', env: { ...process.env, READER: slowReader }, timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const seen = JSON.parse(r.stdout) as { bytes: number; rowsRead: number; k: number };
    assert.ok(seen.bytes > 4 * 65_536, `the report is ${seen.bytes} bytes, well past one pipe buffer`);
    assert.deepEqual([seen.rowsRead, seen.k], [600, 4]);
  });

  test('a reader that stops early (| head) ends the output without a stack trace', () => {
    const file = path.join(outDir, 'wide-head.csv');
    writeBlobs(file, 600, 60);
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${cli}" fit "${file}" --k 4 --covariance full --json | head -c 100 > /dev/null; echo "cli exit \${PIPESTATUS[0]}" >&2`],
      { encoding: 'utf8', timeout: 60_000 });
    assert.match(r.stderr, /cli exit 0/);
    assert.doesNotMatch(r.stderr, STACK_TRACE);
  });
});

/**
 * 40 good rows in two groups, then one of each flaw the reader tolerates; returns the line numbers
 * of the ragged rows. Lines are 1-based; line 1 is the header.
 */
function writeFlawedFile(file: string): { raggedLines: number[]; goodRows: number } {
  const lines = ['id,a,b,c,note'];
  const random = new Random(3);
  const raggedLines: number[] = [];
  const row = (i: number) => `${i},${(5 * (i % 2) + random.nextNormal()).toFixed(4)},${(5 * (i % 2) + random.nextNormal()).toFixed(4)},${random.nextNormal().toFixed(4)},n${i}`;
  for (let i = 0; i < 40; i++) { lines.push(row(i)); }
  lines.push('40,1.5,2.5'); raggedLines.push(lines.length);                  // too few fields
  lines.push(row(41) + ',extra'); raggedLines.push(lines.length);           // too many fields
  lines.push('42,,1.0,1.0,missing a');                                       // missing value in a
  lines.push('43,1.0,1.0,12 kg,text in c');                                  // turns c into text
  lines.push('44,1.0,1.0,1.0,caf\xe9');                                      // Windows-1252 byte (written below)
  lines.push('45,1.0,1.0,1.0,"never closed');                               // swallows the rest into its last field
  for (let i = 46; i < 50; i++) { lines.push(row(i)); }
  fs.writeFileSync(file, Buffer.from(lines.join('\n') + '\n', 'latin1'));
  return { raggedLines, goodRows: 40 };
}

interface RowsReport {
  rowsRead: number; rowsUsed: number; nSamples?: number;
  skippedRows: { reason: string; count: number; firstLines?: number[]; byColumn?: Record<string, number> }[];
  missingValues: { policy: string; rowsLeftOut: number; cellsImputed: number };
  unclosedQuote: { line: number; linesInside?: number } | null;
  warnings: string[];
}

describe('the command line accounts for every row', () => {
  const file = path.join(outDir, 'flawed.csv');
  const { raggedLines } = writeFlawedFile(file);

  function assertAccounted(report: RowsReport): void {
    const skipped = report.skippedRows.reduce((sum, s) => sum + s.count, 0);
    assert.equal(report.rowsRead, report.rowsUsed + skipped, 'rows read = rows used + rows skipped');
  }

  test('fit reports rows read, rows skipped by reason with their lines, and the reader\'s warnings, in the JSON and on stderr', () => {
    const r = run('fit', file, '--k', '2', '--columns', 'a,b', '--missing', 'drop', '--json');
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as RowsReport;
    // 40 good + 2 ragged + the row missing a + "12 kg" + "café" + the unclosed quote's one record (the lines after it are inside its field)
    assert.equal(report.rowsRead, 46);
    assert.equal(report.rowsUsed, 43);
    assert.equal(report.nSamples, 43);
    assert.deepEqual(report.skippedRows, [
      { reason: 'wrong-field-count', count: 2, firstLines: raggedLines },
      { reason: 'missing-value', count: 1, byColumn: { a: 1 } },
    ]);
    assert.deepEqual(report.missingValues, { policy: 'drop', rowsLeftOut: 1, cellsImputed: 0 });
    assert.deepEqual(report.unclosedQuote, { line: 47, linesInside: 4 });
    assertAccounted(report);
    const expected = [/Lines 48–51 \(4 lines\) are inside the field opened on line 47, not rows of their own/,/2 rows with the wrong number of fields were skipped \(line 42, 43\)/, /quote opened on line 47 is never closed/,
      // bytes that are not UTF-8: said as such, or (when they outnumber the valid ones) as the Windows-1252 they were read as
      /not valid UTF-8|Windows-1252/, /Column "c" is treated as text because of 1 non-numeric cell \("12 kg" on line 45\b/, /1 row has a missing value in a chosen column/];
    for (const pattern of expected) {
      assert.ok(report.warnings.some(w => pattern.test(w)), `JSON warning ${pattern}`);
      assert.match(r.stderr, new RegExp(`^cluster-lens: warning: .*${pattern.source}`, 'm'), `stderr warning ${pattern}`);
    }
  });

  test('with --missing impute no row is left out and the filled cells are counted', () => {
    const r = run('fit', file, '--k', '2', '--columns', 'a,b', '--missing', 'impute', '--json');
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as RowsReport;
    assert.deepEqual([report.rowsRead, report.rowsUsed], [46, 44]);
    assert.deepEqual(report.missingValues, { policy: 'impute', rowsLeftOut: 0, cellsImputed: 1 });
    assert.deepEqual(report.skippedRows.map(s => s.reason), ['wrong-field-count']);
    assertAccounted(report);
    assert.match(r.stderr, /warning: 1 missing cell was filled with its column's mean/);
  });

  test('a mixture models missing cells by default: every row with a value is used, the observed-data likelihood reported', () => {
    const r = run('fit', file, '--k', '2', '--columns', 'a,b', '--json');
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as RowsReport & { logLikelihood: number; missingCells: number };
    assert.deepEqual([report.rowsRead, report.rowsUsed, report.nSamples], [46, 44, 44]);
    assert.deepEqual(report.missingValues, { policy: 'model', rowsLeftOut: 0, cellsImputed: 0, cellsModelled: 1 });
    assert.equal(report.missingCells, 1);
    assert.ok(Number.isFinite(report.logLikelihood));
    assertAccounted(report);
    assert.match(r.stderr, /warning: 1 missing cell was modelled/);
    const kmeans = run('fit', file, '--algorithm', 'kmeans', '--k', '2', '--columns', 'a,b', '--missing', 'model');
    assert.equal(kmeans.status, 2);
    assert.match(kmeans.stderr, /--missing model is for Gaussian mixtures/);
  });

  test('select and label report the same accounting and warnings', () => {
    const selected = run('select', file, '--k', '1..2', '--covariance', 'diag', '--columns', 'a,b', '--missing', 'drop', '--json');
    assert.equal(selected.status, 0, selected.stderr);
    const labelled = run('label', file, '--out', path.join(outDir, 'flawed.labelled.csv'), '--k', '2', '--columns', 'a,b', '--missing', 'drop', '--json');
    assert.equal(labelled.status, 0, labelled.stderr);
    for (const r of [selected, labelled]) {
      const report = JSON.parse(r.stdout) as RowsReport;
      assert.deepEqual([report.rowsRead, report.rowsUsed], [46, 43]);
      assertAccounted(report);
      assert.match(r.stderr, /warning: 2 rows with the wrong number of fields were skipped/);
      assert.match(r.stderr, /warning: 1 row has a missing value/);
    }
  });

  test('a k larger than the usable rows is refused before the fit, counting the skipped rows', () => {
    const r = run('fit', file, '--k', '44', '--columns', 'a,b', '--missing', 'drop');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /k = 44 clusters need at least 44 rows, but only 43 of the 46 rows read can be used \(3 skipped/);
    assert.doesNotMatch(r.stderr, STACK_TRACE);
  });
});

describe('the command line never reports a result that is not a number', () => {
  test('values near the largest double give every number finite with exit 0, or exit 2 with a reason', () => {
    const file = path.join(outDir, 'huge.csv');
    const random = new Random(11);
    const lines = ['a,b'];
    for (let i = 0; i < 200; i++) { lines.push(`${((i % 2) * 0.5 + 0.3 * random.nextFloat()) * 1e308},${random.nextFloat() * 1e307}`); }
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const runs = [
      run('fit', file, '--algorithm', 'gmm', '--k', '2', '--json'),
      run('fit', file, '--algorithm', 'kmeans', '--k', '2', '--json'),
      run('select', file, '--k', '1..3', '--covariance', 'full,diag', '--json'),
      run('label', file, '--out', path.join(outDir, 'huge.labelled.csv'), '--k', '2', '--json'),
    ];
    for (const r of runs) {
      assert.doesNotMatch(r.stderr, STACK_TRACE);
      if (r.status === 2) {
        assert.equal(r.stdout, '');
        // refused before the fit (core: the covariance is beyond a double) or by the last guard after it
        assert.match(r.stderr, /^cluster-lens: (The fit.* gave no finite .*\n.*values as large as [\d.]+e\+30[78]|Column ".*" spreads over about [\d.]+e\+30[78])/);
        continue;
      }
      assert.equal(r.status, 0, r.stderr);
      const report = JSON.parse(r.stdout) as { algorithm?: string; logLikelihood?: number; bic?: number; inertia?: number; means?: number[][]; models?: { bic: number }[] };
      const numbers = report.models ? report.models.map(m => m.bic)
        : report.means ? [...report.means.flat(), ...(report.algorithm === 'gmm' ? [report.logLikelihood, report.bic] : [report.inertia])] : [];
      assert.ok(numbers.every(v => typeof v === 'number' && Number.isFinite(v)), `every reported number is finite: ${JSON.stringify(numbers)}`);
    }
  });
});
