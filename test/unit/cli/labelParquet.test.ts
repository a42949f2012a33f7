// `label … --out OUT.parquet`: the labelled table as Parquet, read back by DuckDB: every row, the
// original cells as the file wrote them, our columns with the CSV's values; streamed and read
// whole, the same table.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { Random } from '../../../src/core/random';
import { freshDir, runCli } from './runCli';

const dir = freshDir('label-parquet');
const csv = path.join(dir, 'data.csv');
const random = new Random(3);
const lines = ['x,y,note'];
for (let i = 0; i < 4000; i++) {
  const c = i % 2;
  const x = i % 53 === 0 ? '' : (4 * c + random.nextNormal()).toFixed(4);
  lines.push(`${x},${(c + random.nextNormal()).toFixed(3)},${i % 37 === 0 ? '"two\nlines, and a comma"' : `n${i}`}`);
}
fs.writeFileSync(csv, lines.join('\n') + '\n');
const model = path.join(dir, 'model.json');
assert.equal(runCli(['fit', csv, '--k', '2', '--save-model', model]).status, 0);

const normalise = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'number' ? v : String(v));

test('the Parquet file holds the labelled CSV\'s table, streamed or read whole', async () => {
  const outCsv = path.join(dir, 'out.csv'), streamed = path.join(dir, 'streamed.parquet'), whole = path.join(dir, 'whole.parquet');
  for (const args of [['--out', outCsv], ['--out', streamed], ['--out', whole, '--no-stream']]) {
    const r = runCli(['label', csv, '--model', model, ...args]);
    assert.equal(r.status, 0, r.stderr);
  }
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  const fromCsv = (await db.runAndReadAll(`SELECT * FROM read_csv('${outCsv}', all_varchar = true, header = true)`)).getRowObjects();
  const fromParquet = (await db.runAndReadAll(`SELECT * FROM '${streamed}'`)).getRowObjects();
  const fromWhole = (await db.runAndReadAll(`SELECT * FROM '${whole}'`)).getRowObjects();
  const types = (await db.runAndReadAll(`SELECT typeof(x) AS x, typeof(cluster) AS cluster, typeof(certainty) AS certainty FROM '${streamed}' LIMIT 1`)).getRowObjects()[0]!;
  db.closeSync();
  assert.deepEqual(types, { x: 'VARCHAR', cluster: 'INTEGER', certainty: 'DOUBLE' });
  assert.equal(fromParquet.length, 4000);
  assert.deepEqual(fromWhole, fromParquet);
  fromParquet.forEach((row, i) => {
    const expected = fromCsv[i]!;
    assert.deepEqual(Object.keys(row), Object.keys(expected));
    for (const name of ['x', 'y', 'note']) { assert.equal(normalise(row[name]), normalise(expected[name]), `row ${i} ${name}`); }
    for (const name of ['cluster', 'p_cluster1', 'p_cluster2', 'certainty']) {
      assert.equal(row[name] === null ? '' : Number(row[name]), expected[name] === null ? '' : Number(expected[name]), `row ${i} ${name}`);
    }
  });
  // Rows with no x get no cluster, as in the CSV.
  assert.equal(fromParquet[0]!.cluster, null);
  assert.notEqual(fromParquet[1]!.cluster, null);
});
