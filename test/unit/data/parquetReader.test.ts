// A Parquet file reads to the same Dataset a CSV of the same table gives. The files are written
// here by DuckDB (an independent writer), in its common shapes: several row groups, nulls, every
// codec, integers, decimals, dates, booleans, text and nested columns.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { byteSourceFromBytes } from '../../../src/data/byteSource';
import type { Dataset } from '../../../src/data/csvReader';
import { CsvError } from '../../../src/data/csvError';
import { labelledCsvBytes } from '../../../src/data/labelledWriter';
import { exportSource, readTable } from '../../../src/data/readTable';
import { openFileSource } from '../../../src/node/fileSource';
import { numeric, readText, text } from './helpers';

const dir = path.resolve('test-out', `parquet-${process.pid}`);
let db: DuckDBConnection;

before(async () => {
  fs.mkdirSync(dir, { recursive: true });
  db = await (await DuckDBInstance.create(':memory:')).connect();
});
after(() => { db.closeSync(); fs.rmSync(dir, { recursive: true, force: true }); });

/** Writes `select` to a Parquet file with DuckDB and returns its path. */
async function parquet(name: string, select: string, options = 'ROW_GROUP_SIZE 1000'): Promise<string> {
  const file = path.join(dir, name);
  await db.run(`COPY (${select}) TO '${file}' (FORMAT parquet, ${options})`);
  return file;
}

async function read(file: string, fileName = path.basename(file)): Promise<Dataset> {
  return readTable(await openFileSource(file), { fileName });
}

const TABLE = `SELECT i AS id, i * 0.25 - 3 AS x, CASE WHEN i % 7 = 0 THEN NULL ELSE (i % 13)::DOUBLE / 3 END AS y,
  (i % 100)::INTEGER AS n, 'name' || i AS label, i % 2 = 0 AS flag, DATE '2020-01-01' + (i % 300)::INTEGER AS day,
  (i * 1.5)::DECIMAL(10, 2) AS price, i::BIGINT * 1000 AS big FROM range(2500) t(i)`;

describe('a Parquet file', () => {
  test('reads every row of every row group, with its nulls as missing cells', async () => {
    const ds = await read(await parquet('table.parquet', TABLE));
    assert.equal(ds.format, 'parquet');
    assert.equal(ds.nRows, 2500);
    const y = numeric(ds, 'y');
    assert.equal(y.missing, Math.ceil(2500 / 7));
    for (const i of [0, 1, 999, 1000, 2499]) {
      assert.equal(numeric(ds, 'x').values[i], i * 0.25 - 3);
      if (i % 7 === 0) { assert.ok(Number.isNaN(y.values[i]!)); } else { assert.equal(y.values[i], (i % 13) / 3); }
      assert.equal(numeric(ds, 'price').values[i], Number((i * 1.5).toFixed(2)));
      assert.equal(numeric(ds, 'big').values[i], i * 1000);
    }
  });

  test('every number equals what DuckDB reads back from the same file: nulls, dictionaries, floats, 64-bit integers, page versions', async () => {
    const select = `SELECT CASE WHEN hash(i) % 10 = 0 THEN NULL ELSE (hash(i) % 100000)::DOUBLE / 7 END AS d,
      (hash(i * 3) % 5)::INTEGER AS small, ((hash(i) % 1000)::FLOAT / 8)::FLOAT AS f, (hash(i) % 9007199254740000)::BIGINT AS b,
      CASE WHEN i % 3 = 0 THEN NULL ELSE (i % 4)::DOUBLE END AS dict FROM range(5000) t(i)`;
    for (const options of ['ROW_GROUP_SIZE 2048', 'ROW_GROUP_SIZE 2048, PARQUET_VERSION V2']) {
      const file = await parquet('values.parquet', select, options);
      const ds = await read(file);
      const expected = (await db.runAndReadAll(`SELECT * FROM '${file}'`)).getColumnsObjectJS();
      for (const name of ['d', 'small', 'f', 'b', 'dict']) {
        const want = (expected[name] as unknown[]).map(v => (v === null ? NaN : Number(v)));
        assert.deepEqual([...numeric(ds, name).values], want, `${name} (${options})`);
        assert.equal(numeric(ds, name).missing, want.filter(Number.isNaN).length);
      }
    }
  });

  test('maps types as pandas would read the same table from a CSV, and says what it did', async () => {
    const ds = await read(await parquet('types.parquet', TABLE));
    assert.deepEqual(ds.columns.map(c => `${c.name}:${c.kind}`), ['id:numeric', 'x:numeric', 'y:numeric', 'n:numeric', 'label:text', 'flag:text', 'day:text', 'price:numeric', 'big:numeric']);
    assert.equal(numeric(ds, 'id').idLike, true, 'an id column is never preselected');
    assert.deepEqual(text(ds, 'flag').values.slice(0, 2), ['true', 'false']);
    assert.deepEqual(text(ds, 'day').values.slice(0, 2), ['2020-01-01', '2020-01-02']);
    assert.match(ds.report.warnings.join(' '), /"flag", "day" hold true\/false values or dates: shown as text/);
  });

  test('reads every codec DuckDB writes', async () => {
    for (const codec of ['uncompressed', 'snappy', 'gzip', 'zstd', 'brotli', 'lz4']) {
      const ds = await read(await parquet(`codec-${codec}.parquet`, TABLE, `COMPRESSION ${codec}, ROW_GROUP_SIZE 1000`));
      assert.equal(numeric(ds, 'x').values[2499], 2499 * 0.25 - 3, codec);
      assert.equal(text(ds, 'label').values[1234], 'name1234', codec);
    }
  });

  test('leaves nested columns out and names them', async () => {
    const ds = await read(await parquet('nested.parquet', 'SELECT i::DOUBLE AS a, [i, i + 1] AS pair, {\'u\': i} AS s, (i * 2)::DOUBLE AS b FROM range(10) t(i)'));
    assert.deepEqual(ds.columns.map(c => c.name), ['a', 'b']);
    assert.match(ds.report.warnings.join(' '), /"pair", "s" are nested or binary columns, left out/);
  });

  test('is recognised by its first bytes under any name', async () => {
    const file = await parquet('table.parquet', TABLE);
    const disguised = path.join(dir, 'really-parquet.csv');
    fs.copyFileSync(file, disguised);
    assert.equal((await read(disguised)).format, 'parquet');
  });

  test('text too big for the heap the host allows stops the read with a sentence; repeated values cost a pointer each', async () => {
    const unique = await parquet('unique.parquet', `SELECT i::DOUBLE AS x, 'label-number-' || i AS name FROM range(20000) t(i)`, 'ROW_GROUP_SIZE 5000');
    await assert.rejects(readTable(await openFileSource(unique), { fileName: 'unique.parquet', heapBudgetBytes: 200_000 }), (e: unknown) =>
      e instanceof CsvError && e.code === 'too-large' && /text cells need more memory .* after \d+% of the file .*the text column "name"/.test(e.message));
    const repeated = await parquet('repeated.parquet', `SELECT i::DOUBLE AS x, 'label-' || (i % 5) AS name FROM range(20000) t(i)`, 'ROW_GROUP_SIZE 5000');
    assert.equal((await readTable(await openFileSource(repeated), { fileName: 'repeated.parquet', heapBudgetBytes: 200_000 })).nRows, 20000);
  });

  test('cut short, it is refused with a sentence that says so', async () => {
    const file = await parquet('table.parquet', TABLE);
    const bytes = new Uint8Array(fs.readFileSync(file)).subarray(0, 5000);
    await assert.rejects(readTable(byteSourceFromBytes(bytes), { fileName: 'cut.parquet' }),
      (e: unknown) => e instanceof CsvError && e.code === 'read-failed' && /not a readable Parquet file/.test(e.message));
  });

  test('exports as a labelled CSV that reads back to the same table plus our columns', async () => {
    const file = await parquet('table.parquet', TABLE);
    const ds = await read(file);
    const rowIndex = Int32Array.from({ length: ds.nRows }, (_, i) => i);
    const labels = Int32Array.from(rowIndex, i => i % 2);
    const probabilities = Float32Array.from({ length: ds.nRows * 2 }, (_, j) => ((j >> 1) % 2 === j % 2 ? 0.75 : 0.25));
    const csv = await labelledCsvBytes(exportSource(ds, await openFileSource(file)), ds, { k: 2, labels, probabilities, rowIndex });
    const back = await readText(new TextDecoder().decode(csv));
    assert.equal(back.nRows, ds.nRows);
    assert.deepEqual(back.columns.map(c => c.name), [...ds.columns.map(c => c.name), 'cluster', 'p_cluster1', 'p_cluster2', 'certainty']);
    for (const c of ds.columns) {
      const b = back.columns.find(x => x.name === c.name)!;
      if (c.kind === 'numeric') { assert.deepEqual([...numeric(back, c.name).values], [...c.values], c.name); } else { assert.deepEqual(b.values, c.values, c.name); }
    }
    assert.deepEqual([...numeric(back, 'cluster').values.slice(0, 4)], [1, 2, 1, 2]);
  });
});
