import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { exportModelSql, type SqlDialect } from '../../../../src/data/modelExport/sqlScoring';
import { DATA_SETS, fitAndSave, isBlanked, MODEL_KINDS, temporaryFolder, writeCsv } from './exportFixtures';

const dir = temporaryFolder('cluster-lens-sql-');
let connection: DuckDBConnection;

before(async () => {
  connection = await (await DuckDBInstance.create(':memory:')).connect();
  for (const [s, set] of DATA_SETS.entries()) {
    await connection.run(`CREATE TABLE set${s} AS SELECT * FROM read_csv('${writeCsv(set, dir)}', header = true)`);
  }
});
after(() => { connection.closeSync(); fs.rmSync(dir, { recursive: true, force: true }); });

type Row = Record<string, unknown>;
const rowNumber = (row: Row) => Number(String(row['row_id']).slice(1));

describe('the model as one SQL query, run on DuckDB', () => {
  for (const [s, set] of DATA_SETS.entries()) {
    for (const kind of MODEL_KINDS) {
      for (const dialect of ['duckdb', 'postgres'] as SqlDialect[]) {
        test(`gives our labels exactly and our probabilities to 1e-9 for ${kind.name} on ${set.name} (${dialect} dialect)`, async () => {
          const { model, labels, resp } = fitAndSave(set, kind.overrides);
          const k = model.weights.length;
          const rows = (await connection.runAndReadAll(exportModelSql(model, { table: `set${s}`, dialect }))).getRowObjectsJS() as Row[];
          assert.equal(rows.length, set.nSamples, 'one row out per row in');
          assert.deepEqual(Object.keys(rows[0]!), ['row_id', ...set.columns, 'cluster', ...Array.from({ length: k }, (_, c) => `p_cluster${c + 1}`), 'certainty']);
          let scored = 0;
          for (const row of rows) {
            const i = rowNumber(row);
            if (isBlanked(i)) {
              assert.equal(row['cluster'], null, `row ${i} has a NULL and no label`);
              assert.equal(row['certainty'], null);
              for (let c = 0; c < k; c++) { assert.equal(row[`p_cluster${c + 1}`], null); }
              continue;
            }
            scored++;
            assert.equal(row['cluster'], labels[i]! + 1, `label of row ${i}`);
            let best = 0;
            for (let c = 0; c < k; c++) {
              const p = row[`p_cluster${c + 1}`] as number;
              assert.ok(Math.abs(p - resp[i * k + c]!) <= 1e-9, `row ${i}, p_cluster${c + 1}: ${p} vs ${resp[i * k + c]}`);
              best = Math.max(best, resp[i * k + c]!);
            }
            assert.ok(Math.abs((row['certainty'] as number) - best) <= 1e-9, `certainty of row ${i}`);
          }
          assert.ok(scored > set.nSamples * 0.9);
        });
      }
    }
  }
});

describe('the SQL text', () => {
  const { model } = fitAndSave(DATA_SETS[0]!, {});
  test('quotes identifiers with backticks for Spark and BigQuery, with double quotes for DuckDB and PostgreSQL', () => {
    assert.match(exportModelSql(model, { dialect: 'spark' }), /`price \(€\)` AS x2/);
    assert.match(exportModelSql(model, { dialect: 'bigquery' }), /`price \(€\)` AS x2/);
    assert.match(exportModelSql(model, { dialect: 'duckdb' }), /"price \(€\)" AS x2/);
  });
  test('casts each literal to a double only for PostgreSQL, where an exponent still makes a NUMERIC', () => {
    assert.match(exportModelSql(model, { dialect: 'postgres' }), /CAST\(-?\d\.?\d*e-?\d+ AS DOUBLE PRECISION\)/);
    assert.doesNotMatch(exportModelSql(model, { dialect: 'spark' }), /CAST/);
  });
  test('never writes two minus signs in a row, which SQL reads as a comment', () => {
    for (const kind of MODEL_KINDS) {
      const body = exportModelSql(fitAndSave(DATA_SETS[2]!, kind.overrides).model).split('\n').filter(line => !line.startsWith('-- ')).join('\n');
      assert.doesNotMatch(body, /-\s*-/);
    }
  });
  test('reads the table it is told to', () => {
    assert.match(exportModelSql(model, { table: 'warehouse.events' }), /FROM warehouse\.events AS t/);
  });
});
