// Section "label" of scripts/bench.mjs: `label FILE --model MODEL.json` streaming on a file of at
// least 5 GB generated here in os.tmpdir() (deleted after): throughput (MB/s, rows/s, by the clock
// and by CPU time, as the machine is shared) and the whole process's peak resident set; on a 1M-row
// file, the streamed label beside today's whole-file path (--no-stream) and beside pandas'
// read_csv + to_csv of the same file (the labelled columns added), in the same run.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomSource } from './benchRandom.mjs';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'dist/cli.js');
const PYTHON = '/usr/bin/python3';
const GB = 2 ** 30;

/** 100,000 rows × 8 numbers from 4 clusters and a short text column, seeded; the big file repeats it. */
function block(seed = 7) {
  const { normal } = randomSource(seed);
  const lines = [];
  for (let i = 0; i < 100_000; i++) {
    const c = i % 4;
    const cells = Array.from({ length: 8 }, (_, j) => (3 * c * ((j + c) % 2) + normal()).toFixed(6));
    lines.push(`${cells.join(',')},site-${c}-${i % 97}`);
  }
  return lines.join('\n') + '\n';
}

function writeFile(file, targetBytes) {
  const header = 'x0,x1,x2,x3,x4,x5,x6,x7,site\n';
  const body = Buffer.from(block());
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, header);
  let bytes = header.length, copies = 0;
  while (bytes < targetBytes) { fs.writeSync(fd, body); bytes += body.length; copies++; }
  fs.closeSync(fd);
  return { bytes, rows: copies * 100_000 };
}

/** Runs under GNU time: wall and CPU seconds, peak resident set, the JSON it printed. */
function timed(command, args) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', command, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const [wall, user, system, kb] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  if (r.status !== 0) { throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr.slice(-800)}`); }
  return { wall, cpu: user + system, rss: kb * 1024, stdout: r.stdout };
}

export async function benchLabel(context, { quick = false } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-lens-bench-label-'));
  const rows = [];
  try {
    const free = fs.statfsSync(dir).bavail * fs.statfsSync(dir).bsize;
    // The labelled file is about 1.4× the input: input + output must fit, with a margin.
    let target = quick ? 1 * GB : 5 * GB;
    if (free < target * 2.6) {
      const fits = Math.floor(free / 2.6 / GB * 10) / 10;
      context.notes.push(`label: only ${(free / GB).toFixed(1)} GB free in ${os.tmpdir()}: the big file is ${fits} GB instead of ${target / GB} GB.`);
      target = fits * GB;
    }
    // The model: fitted on a seeded sample of the 1M-row file.
    const million = path.join(dir, 'million.csv');
    const m = writeFileRows(million, 1_000_000);
    const model = path.join(dir, 'model.json');
    const fitted = spawnSync(process.execPath, [cli, 'fit', million, '--k', '4', '--sample', '100000', '--seed', '1', '--save-model', model], { encoding: 'utf8' });
    if (fitted.status !== 0) { throw new Error(fitted.stderr); }
    const group1 = '1M rows × 9 (8 numbers, 1 text)';
    process.stderr.write(`[bench] label: ${group1}, ${(m.bytes / 2 ** 20).toFixed(0)} MB…\n`);
    const streamed = timed(process.execPath, [cli, 'label', million, '--model', model, '--out', path.join(dir, 's.csv'), '--json']);
    const whole = timed(process.execPath, [cli, 'label', million, '--model', model, '--out', path.join(dir, 'w.csv'), '--json', '--no-stream']);
    const same = fs.readFileSync(path.join(dir, 's.csv')).equals(fs.readFileSync(path.join(dir, 'w.csv')));
    if (!same) { context.notes.push('label: the streamed and the whole-file outputs DIFFER (a bug).'); }
    let pandas = null;
    if (context.sklearn) {
      const script = 'import sys, time, pandas as pd\nt = time.time()\ndf = pd.read_csv(sys.argv[1])\n'
        + 'for c in ["cluster", "p_cluster1", "p_cluster2", "p_cluster3", "p_cluster4", "certainty"]: df[c] = 0.5\n'
        + 'df.to_csv(sys.argv[2], index=False)\nprint(time.time() - t)\n';
      pandas = timed(PYTHON, ['-c', script, million, path.join(dir, 'p.csv')]);
    }
    rows.push(
      { group: group1, metric: 'label --model, streamed (process, wall clock)', unit: 's', ours: streamed.wall, sklearn: pandas?.wall ?? null, goal: 'reference: pandas read_csv + to_csv' },
      { group: '', metric: '  the same, CPU time', unit: 's', ours: streamed.cpu, sklearn: pandas?.cpu ?? null, goal: '' },
      { group: '', metric: `label --model, whole file read first (--no-stream)${same ? ', same bytes' : ', OUTPUT DIFFERS'}`, unit: 's', ours: whole.wall, sklearn: null, goal: '≥ streamed' },
      { group: '', metric: '  the same, CPU time', unit: 's', ours: whole.cpu, sklearn: null, goal: '' },
      { group: '', metric: 'peak resident set: streamed / whole file', unit: 'MB', ours: streamed.rss / 1e6, sklearn: whole.rss / 1e6, goal: '' },
    );
    for (const f of ['s.csv', 'w.csv', 'p.csv']) { fs.rmSync(path.join(dir, f), { force: true }); }

    const big = path.join(dir, 'big.csv');
    process.stderr.write(`[bench] label: writing a ${(target / GB).toFixed(1)} GB file in ${os.tmpdir()}…\n`);
    const b = writeFile(big, target);
    process.stderr.write(`[bench] label: streaming it…\n`);
    const run = timed(process.execPath, [cli, 'label', big, '--model', model, '--out', path.join(dir, 'big.out.csv'), '--json']);
    const report = JSON.parse(run.stdout);
    if (report.rows !== b.rows) { context.notes.push(`label: ${report.rows} rows labelled of ${b.rows} written (a bug).`); }
    const group2 = `${(b.bytes / GB).toFixed(1)} GB, ${(b.rows / 1e6).toFixed(0)}M rows`;
    rows.push(
      { group: group2, metric: 'label --model, streamed: MB/s (wall clock)', unit: 'MB/s', ours: b.bytes / 2 ** 20 / run.wall, sklearn: null, goal: '' },
      { group: '', metric: '  MB/s of CPU time', unit: 'MB/s', ours: b.bytes / 2 ** 20 / run.cpu, sklearn: null, goal: '' },
      { group: '', metric: '  rows/s (wall clock)', unit: 'rows/s', ours: b.rows / run.wall, sklearn: null, goal: '' },
      { group: '', metric: '  peak resident set of the process', unit: 'MB', ours: run.rss / 1e6, sklearn: null, goal: 'constant in the file size' },
    );
    context.notes.push(`label: the machine is shared (load average ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} cores): CPU-time rates say more than wall-clock ones.`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

function writeFileRows(file, nRows) {
  const header = 'x0,x1,x2,x3,x4,x5,x6,x7,site\n';
  const body = Buffer.from(block());
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, header);
  let bytes = header.length;
  for (let i = 0; i < nRows / 100_000; i++) { fs.writeSync(fd, body); bytes += body.length; }
  fs.closeSync(fd);
  return { bytes, rows: nRows };
}
