import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { exportModelSql, type SqlDialect } from '../../../../src/data/modelExport/sqlScoring';
import { checkScoredRows, DATA_SETS, fitAndSave, MODEL_KINDS, temporaryFolder, writeCsv } from './exportFixtures';

const dir = temporaryFolder('cluster-lens-sql-');
let connection: DuckDBConnection;

before(async () => {
  connection = await (await DuckDBInstance.create(':memory:')).connect();
  for (const [s, set] of DATA_SETS.entries()) {
    await connection.run(`CREATE TABLE set${s} AS SELECT * FROM read_csv('${writeCsv(set, dir)}', header = true)`);
  }
});
after(() => { connection.closeSync(); fs.rmSync(dir, { recursive: true, force: true }); });


describe('the model as one SQL query, run on DuckDB', () => {
  for (const [s, set] of DATA_SETS.entries()) {
    for (const kind of MODEL_KINDS) {
      for (const dialect of ['duckdb', 'postgres'] as SqlDialect[]) {
        test(`gives our labels exactly and our probabilities to 1e-9 for ${kind.name} on ${set.name} (${dialect} dialect)`, async () => {
          const fitted = fitAndSave(set, kind.overrides);
          const rows = (await connection.runAndReadAll(exportModelSql(fitted.model, { table: `set${s}`, dialect }))).getRowObjectsJS();
          const scored = checkScoredRows(rows, set, fitted);
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
