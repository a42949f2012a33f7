// `cluster-lens export sql|python|pyspark MODEL.json --out FILE` as a user runs it: the files it
// writes score like the model, and a wrong request is a sentence and exit code 2.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { serializeModel } from '../../../src/data/modelFile';
import { checkScoredRows, DATA_SETS, fitAndSave, writeCsv } from '../data/modelExport/exportFixtures';
import { freshDir, runCli, STACK_TRACE } from './runCli';

describe('export', () => {
  const dir = freshDir('export');
  const set = DATA_SETS[0]!;
  const fitted = fitAndSave(set, { covarianceType: 'tied' });
  const modelPath = path.join(dir, 'model.json');
  fs.writeFileSync(modelPath, serializeModel(fitted.model));
  const csv = writeCsv(set, dir);

  test('sql writes a query over the table named by --table that gives the model\'s labels on DuckDB', async () => {
    const out = path.join(dir, 'score.sql');
    const r = runCli(['export', 'sql', modelPath, '--out', out, '--table', 'events', '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).out, out);
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    try {
      await connection.run(`CREATE TABLE events AS SELECT * FROM read_csv('${csv}', header = true)`);
      const rows = (await connection.runAndReadAll(fs.readFileSync(out, 'utf8'))).getRowObjectsJS();
      assert.ok(checkScoredRows(rows, set, fitted) > 0);
    } finally { connection.closeSync(); }
  });

  test('python and pyspark write scripts that say how to run them', () => {
    for (const [target, usage] of [['python', 'python3 SCRIPT.py DATA.csv OUT.csv'], ['pyspark', 'spark-submit SCRIPT.py INPUT OUTPUT']]) {
      const out = path.join(dir, `${target}.py`);
      const r = runCli(['export', target!, modelPath, '--out', out]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, `wrote ${out}\n`);
      assert.ok(fs.readFileSync(out, 'utf8').includes(usage!));
    }
  });

  test('fit --save-model writes a model whose SQL labels every row as label --missing drop does', async () => {
    const saved = path.join(dir, 'saved.json');
    // The SQL gives a row with an empty fitted cell NULL labels; the missing-cell rule (the
    // mixture's marginal on the observed cells) is not written in SQL: compare with drop.
    const settings = ['--k', '3', '--covariance', 'diag', '--standardize', '--seed', '1', '--missing', 'drop'];
    const fitRun = runCli(['fit', csv, ...settings, '--save-model', saved]);
    assert.equal(fitRun.status, 0, fitRun.stderr);
    const labelled = path.join(dir, 'labelled.csv');
    const labelRun = runCli(['label', csv, ...settings, '--out', labelled]);
    assert.equal(labelRun.status, 0, labelRun.stderr);
    const sql = path.join(dir, 'saved.sql');
    assert.equal(runCli(['export', 'sql', saved, '--out', sql]).status, 0);
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    try {
      await connection.run(`CREATE TABLE data AS SELECT * FROM read_csv('${csv}', header = true)`);
      await connection.run(`CREATE TABLE labelled AS SELECT * FROM read_csv('${labelled}', header = true)`);
      await connection.run(`CREATE TABLE scored AS ${fs.readFileSync(sql, 'utf8')}`);
      const pairs = (await connection.runAndReadAll('SELECT s.cluster AS ours, l.cluster AS label FROM scored s JOIN labelled l USING (row_id)')).getRowObjectsJS();
      assert.equal(pairs.length, set.nSamples);
      assert.ok(pairs.filter(p => p['ours'] !== null).length > set.nSamples * 0.9);
      for (const p of pairs) { assert.equal(p['ours'], p['label'] === null ? null : Number(p['label'])); }
    } finally { connection.closeSync(); }
  });

  for (const [what, args, message] of [
    ['an unknown target', ['export', 'r', modelPath, '--out', 'x'], /export: what to write\? sql, python, pyspark/],
    ['no --out', ['export', 'sql', modelPath], /export sql needs --out FILE/],
    ['--table for a script', ['export', 'python', modelPath, '--out', path.join(dir, 'x.py'), '--table', 't'], /--table is for export sql/],
    ['an unknown dialect', ['export', 'sql', modelPath, '--out', path.join(dir, 'x.sql'), '--dialect', 'oracle'], /--dialect must be one of duckdb, postgres, spark, bigquery/],
    ['a file that is not a model', ['export', 'sql', csv, '--out', path.join(dir, 'x.sql')], /not valid JSON/],
    ['a model that is not there', ['export', 'sql', path.join(dir, 'none.json'), '--out', path.join(dir, 'x.sql')], /Cannot read .*none\.json: there is no such file/],
  ] as const) {
    test(`refuses ${what} with a sentence and exit code 2`, () => {
      const r = runCli([...args]);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, STACK_TRACE);
      assert.ok(!fs.existsSync(path.join(dir, 'x.sql')) && !fs.existsSync(path.join(dir, 'x.py')), 'nothing written');
    });
  }
});
