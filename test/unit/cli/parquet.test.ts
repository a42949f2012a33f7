// `cluster-lens fit|label FILE.parquet` as a user runs them: the same answers as for the CSV of
// the same table, and a labelled CSV out.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { freshDir, runCli, STACK_TRACE } from './runCli';

const TABLE = `SELECT (i % 3) * 4 + sin(i) AS a, (i % 3) * -3 + cos(i * 1.7) AS b, 'row' || i AS name FROM range(600) t(i)`;

async function writeBoth(dir: string): Promise<{ parquet: string; csv: string }> {
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  const parquet = path.join(dir, 'table.parquet'), csv = path.join(dir, 'table.csv');
  await db.run(`COPY (${TABLE}) TO '${parquet}' (FORMAT parquet, ROW_GROUP_SIZE 250)`);
  // The CSV with every double in its shortest round-trip form, so both files hold the same numbers.
  const rows = (await db.runAndReadAll(TABLE)).getRowObjects();
  fs.writeFileSync(csv, 'a,b,name\n' + rows.map(r => `${String(r.a)},${String(r.b)},${String(r.name)}`).join('\n') + '\n');
  db.closeSync();
  return { parquet, csv };
}

test('fit on a Parquet file gives the answer it gives on the CSV of the same table', async () => {
  const { parquet, csv } = await writeBoth(freshDir('parquet-fit'));
  const runs = [parquet, csv].map(f => runCli(['fit', f, '--k', '3', '--json']));
  for (const r of runs) { assert.equal(r.status, 0, r.stderr); assert.doesNotMatch(r.stderr, STACK_TRACE); }
  const [p, c] = runs.map(r => JSON.parse(r.stdout) as { rowsRead: number; rowsUsed: number; logLikelihood: number; columns: string[] });
  assert.equal(p!.rowsRead, 600);
  assert.equal(p!.rowsUsed, 600);
  assert.deepEqual(p!.columns, ['a', 'b']);
  assert.equal(p!.logLikelihood, c!.logLikelihood);
});

test('label on a Parquet file writes a labelled CSV of every row, or Parquet with its numbers still numbers', async () => {
  const dir = freshDir('parquet-label');
  const { parquet } = await writeBoth(dir);
  const out = path.join(dir, 'labelled.csv');
  const r = runCli(['label', parquet, '--out', out, '--k', '3']);
  assert.equal(r.status, 0, r.stderr);
  const lines = fs.readFileSync(out, 'utf8').trimEnd().split('\n');
  assert.equal(lines.length, 601);
  assert.equal(lines[0], 'a,b,name,cluster,p_cluster1,p_cluster2,p_cluster3,certainty');
  assert.match(lines[1]!, /^[-\d.e]+,[-\d.e]+,row0,[123],/);
  const asParquet = runCli(['label', parquet, '--out', path.join(dir, 'labelled.parquet'), '--k', '3']);
  assert.equal(asParquet.status, 0, asParquet.stderr);
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  const read = await db.runAndReadAll(`SELECT typeof(a) AS ta, a, b, name, cluster FROM '${path.join(dir, 'labelled.parquet')}'`);
  const original = (await db.runAndReadAll(`SELECT a, b, name FROM '${parquet}'`)).getRowObjects();
  const rows = read.getRowObjects();
  db.closeSync();
  assert.equal(rows.length, 600);
  assert.equal(rows[0]!.ta, 'DOUBLE');
  rows.forEach((r, i) => {
    assert.deepEqual([r.a, r.b, r.name], [original[i]!.a, original[i]!.b, original[i]!.name]);
    assert.equal(String(r.cluster), lines[i + 1]!.split(',')[3]);
  });
});
