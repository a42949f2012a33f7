// Benchmark rows for reading and writing CSV (issue "Data in and out"): parse time and throughput
// of a 1,000,000-row × 10-column file (~100 MB) beside pandas.read_csv on the same file, and the
// time to export the labelled file. Called by scripts/bench.mjs; returns its row format.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'bench-out');
const PYTHON = '/usr/bin/python3';

/** Seeded 1,000,000 × 10 CSV of decimals (what instruments and pandas write), made once. */
export function ensureWideCsv(nRows) {
  const file = path.join(out, `wide-${nRows}x10.csv`);
  if (fs.existsSync(file)) { return file; }
  let state = 12345;
  const next = () => { state = (Math.imul(state, 1664525) + 1013904223) >>> 0; return state / 2 ** 32; };
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, Array.from({ length: 10 }, (_, j) => `x${j}`).join(',') + '\n');
  let chunk = '';
  for (let i = 0; i < nRows; i++) {
    const cells = [];
    for (let j = 0; j < 10; j++) { cells.push(((next() - 0.5) * 200).toFixed(6)); }
    chunk += cells.join(',') + '\n';
    if (chunk.length > 1 << 20) { fs.writeSync(fd, chunk); chunk = ''; }
  }
  fs.writeSync(fd, chunk);
  fs.closeSync(fd);
  return file;
}

export async function loadDataLayer() {
  const entry = path.join(out, 'benchDataEntry.ts');
  fs.writeFileSync(entry, [
    `export { readCsv } from '${path.join(root, 'src/data/csvReader')}';`,
    `export { readTable } from '${path.join(root, 'src/data/readTable')}';`,
    `export { writeLabelledFile } from '${path.join(root, 'src/node/labelledFile')}';`,
    `export { openFileSource } from '${path.join(root, 'src/node/fileSource')}';`,
  ].join('\n'));
  const outfile = path.join(out, 'benchData.cjs');
  await esbuild.build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
  return createRequire(import.meta.url)(outfile);
}

const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function benchData(context, { nRows = 1_000_000, rounds = 3 } = {}) {
  fs.mkdirSync(out, { recursive: true });
  const file = ensureWideCsv(nRows);
  const megabytes = fs.statSync(file).size / 1e6;
  const data = await loadDataLayer();
  const parse = [];
  let dataset;
  for (let r = 0; r < rounds; r++) {
    global.gc?.();
    const t0 = performance.now();
    dataset = await data.readCsv(await data.openFileSource(file), { fileName: path.basename(file) });
    parse.push((performance.now() - t0) / 1000);
  }
  let pandas = null;
  if (context.sklearn) {
    const script = `import time, pandas\nbest=[]\nfor _ in range(${rounds}):\n    t=time.perf_counter(); pandas.read_csv(${JSON.stringify(file)}); best.append(time.perf_counter()-t)\nbest.sort(); print(best[len(best)//2])`;
    const r = spawnSync(PYTHON, ['-c', script], { encoding: 'utf8' });
    pandas = r.status === 0 ? Number(r.stdout.trim()) : null;
  }
  // Export: every row labelled (k = 3) with its probabilities, written beside the file.
  const k = 3;
  const n = dataset.nRows;
  const labels = new Int32Array(n).map((_, i) => i % k);
  const probabilities = new Float32Array(n * k).map((_, i) => ((i % k) === 0 ? 0.8 : 0.1));
  const rowIndex = Int32Array.from({ length: n }, (_, i) => i);
  const target = path.join(out, 'wide.clustered.csv');
  const exportTimes = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    await data.writeLabelledFile(file, target, dataset, { k, labels, probabilities, rowIndex });
    exportTimes.push((performance.now() - t0) / 1000);
  }
  fs.rmSync(target, { force: true });
  const group = `${(nRows / 1e6).toFixed(0)}M × 10 CSV (${megabytes.toFixed(0)} MB)`;
  const parseSeconds = median(parse);
  return [
    { group, metric: 'parse (readCsv, typed columns)', unit: 's', ours: parseSeconds, sklearn: pandas, goal: '≤ pandas read_csv' },
    { group, metric: 'parse throughput', unit: 'MB/s', ours: megabytes / parseSeconds, sklearn: pandas ? megabytes / pandas : null, goal: '≥ pandas' },
    { group, metric: 'export labelled CSV (k = 3)', unit: 's', ours: median(exportTimes), sklearn: null, goal: '' },
  ];
}

/**
 * Parquet (issue "Past one machine", §2): the same 1,000,000 × 10 table read from Parquet
 * (written once by DuckDB, Snappy, its default row groups) and from CSV, by our readers in the
 * same run. The goal is the CSV reader's time per row; pandas.read_parquet joins when pyarrow is
 * installed (Debian's python3 has none here).
 */
export async function benchParquet(context, { nRows = 1_000_000, rounds = 3 } = {}) {
  fs.mkdirSync(out, { recursive: true });
  const csv = ensureWideCsv(nRows);
  const parquet = csv.replace(/\.csv$/, '.parquet');
  if (!fs.existsSync(parquet)) {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    await db.run(`COPY (SELECT * FROM read_csv('${csv}')) TO '${parquet}' (FORMAT parquet)`);
    db.closeSync();
  }
  const data = await loadDataLayer();
  const time = async (file) => {
    const times = [];
    for (let r = 0; r < rounds; r++) {
      global.gc?.();
      const t0 = performance.now();
      const ds = await data.readTable(await data.openFileSource(file), { fileName: path.basename(file) });
      times.push((performance.now() - t0) / 1000);
      if (ds.nRows !== nRows) { throw new Error(`read ${ds.nRows} rows of ${nRows}`); }
    }
    return median(times);
  };
  const csvSeconds = await time(csv);
  const parquetSeconds = await time(parquet);
  let pandas = null;
  if (context.sklearn) {
    const script = `import time, pandas\nbest=[]\nfor _ in range(${rounds}):\n    t=time.perf_counter(); pandas.read_parquet(${JSON.stringify(parquet)}); best.append(time.perf_counter()-t)\nbest.sort(); print(best[len(best)//2])`;
    const r = spawnSync(PYTHON, ['-c', script], { encoding: 'utf8' });
    pandas = r.status === 0 ? Number(r.stdout.trim()) : null;
    if (r.status !== 0 && !context.notes.some(n => n.startsWith('parquet:'))) { context.notes.push('parquet: pandas.read_parquet needs pyarrow, which this machine lacks: the reference is our own CSV reader'); }
  }
  const group = `${(nRows / 1e6).toFixed(0)}M × 10 Parquet (${(fs.statSync(parquet).size / 1e6).toFixed(0)} MB)`;
  return [
    { group, metric: 'read Parquet (readTable) vs our CSV reader', unit: 's', ours: parquetSeconds, sklearn: csvSeconds, goal: '≤ our CSV read' },
    ...(pandas === null ? [] : [{ group, metric: 'read Parquet vs pandas.read_parquet', unit: 's', ours: parquetSeconds, sklearn: pandas, goal: '≤ pandas' }]),
  ];
}
