// Measures our DBSCAN and HDBSCAN against scikit-learn's DBSCAN and R's dbscan::hdbscan on the SAME
// data in the same run (not a timed test: the machine is shared, compare the ratios of one run).
// usage: node scripts/benchDensity.mjs [--rows 10000,50000] [--dims 2,8]
// needs /usr/bin/python3 with sklearn, and Rscript with r-cran-dbscan (skipped when missing).
// Data: make_blobs(n, d, 8 centers, random_state=0) plus 5% uniform noise over the blobs' box.
// DBSCAN(eps = 0.3·√(d/2), minSamples = 10); HDBSCAN(minPts = minClusterSize = minSamples = 10).
// R's hdbscan needs a dense distance matrix (n²/2 doubles): it is run up to 20,000 rows only.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'density-bench-'));
const argv = process.argv.slice(2);
const option = (name, fallback) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : fallback; };
const ROWS = option('rows', '10000,50000').split(',').map(Number);
const DIMS = option('dims', '2,8').split(',').map(Number);
const R_LIMIT = 20000;

const bundle = path.join(tmp, 'core.mjs');
fs.writeFileSync(path.join(tmp, 'entry.ts'), [
  `export { fitDbscan } from '${root}/src/core/dbscan';`,
  `export { fitHdbscan } from '${root}/src/core/hdbscan';`,
  `export { createDataMatrix } from '${root}/src/core/dataMatrix';`,
].join('\n'));
await esbuild.build({ entryPoints: [path.join(tmp, 'entry.ts')], outfile: bundle, bundle: true, platform: 'node', format: 'esm', logLevel: 'warning' });
const { fitDbscan, fitHdbscan, createDataMatrix } = await import(bundle);

const PY = `
import sys, time, json, numpy as np
from sklearn.datasets import make_blobs
from sklearn.cluster import DBSCAN
n, d, eps, out = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
X, _ = make_blobs(n_samples=n - n // 20, n_features=d, centers=8, random_state=0)
rng = np.random.RandomState(1)
X = np.vstack([X, rng.uniform(X.min(0), X.max(0), size=(n // 20, d))])
X.astype(np.float64).tofile(out + '.f64')
np.savetxt(out + '.csv', X, delimiter=',', fmt='%.17g')
t = time.perf_counter(); m = DBSCAN(eps=eps, min_samples=10).fit(X); s = time.perf_counter() - t
m.labels_.astype(np.int32).tofile(out + '.sk.i32')
print(json.dumps({'seconds': s}))
`;
const R = `
args <- commandArgs(trailingOnly = TRUE)
x <- as.matrix(read.csv(args[1], header = FALSE))
suppressMessages(library(dbscan))
s <- system.time(h <- hdbscan(x, minPts = 10))[["elapsed"]]
writeBin(as.integer(h$cluster), args[2], size = 4)
cat(s, "\\n")
`;
fs.writeFileSync(path.join(tmp, 'gen.py'), PY);
fs.writeFileSync(path.join(tmp, 'hdb.R'), R);

function samePartition(a, b, noiseA, noiseB) {
  const ab = new Map(), ba = new Map();
  for (let i = 0; i < a.length; i++) {
    if ((a[i] === noiseA) !== (b[i] === noiseB)) { return false; }
    if ((ab.get(a[i]) ?? b[i]) !== b[i] || (ba.get(b[i]) ?? a[i]) !== a[i]) { return false; }
    ab.set(a[i], b[i]); ba.set(b[i], a[i]);
  }
  return true;
}
const time = f => { const t = performance.now(); const r = f(); return [r, (performance.now() - t) / 1000]; };
const fmt = s => (s === undefined ? '—' : `${s.toFixed(2)} s`);

console.log(`load average ${os.loadavg().map(v => v.toFixed(1)).join(' ')}; ${os.cpus().length} cores`);
console.log('rows × d        | DBSCAN ours | sklearn   | ratio | same labels | HDBSCAN ours | (Borůvka) | R hdbscan | ratio | same partition');
for (const n of ROWS) {
  for (const d of DIMS) {
    const eps = 0.3 * Math.sqrt(d / 2);
    const base = path.join(tmp, `blobs-${n}-${d}`);
    const py = spawnSync('/usr/bin/python3', ['-c', PY, String(n), String(d), String(eps), base], { encoding: 'utf8' });
    if (py.status !== 0) { console.error(py.stderr); process.exit(1); }
    const sk = JSON.parse(py.stdout.trim().split('\n').pop());
    const X = createDataMatrix(new Float64Array(fs.readFileSync(`${base}.f64`).buffer.slice(0)), n, d);
    const [db, dbSeconds] = time(() => fitDbscan(X, { eps, minSamples: 10 }));
    const skLabels = new Int32Array(fs.readFileSync(`${base}.sk.i32`).buffer.slice(0));
    const dbSame = samePartition(db.labels, skLabels, -1, -1);
    const [hd, hdSeconds] = time(() => fitHdbscan(X, { minClusterSize: 10, minSamples: 10 }));
    // 'auto' is Prim's up to 10,000 rows: show Borůvka's time there too
    const [, boruvkaSeconds] = n <= 10000 ? time(() => fitHdbscan(X, { minClusterSize: 10, minSamples: 10, mstAlgorithm: 'boruvka' })) : [null, hdSeconds];
    let rSeconds, hdSame = '—';
    if (n <= R_LIMIT) {
      const r = spawnSync('Rscript', ['-e', R, `${base}.csv`, `${base}.r.i32`], { encoding: 'utf8' });
      if (r.status === 0) {
        rSeconds = Number(r.stdout.trim());
        hdSame = String(samePartition(hd.labels, new Int32Array(fs.readFileSync(`${base}.r.i32`).buffer.slice(0)), -1, 0));
      } else { hdSame = 'R failed'; }
    }
    console.log(`${String(n).padStart(7)} × ${d}     | ${fmt(dbSeconds).padStart(11)} | ${fmt(sk.seconds).padStart(9)} | ${(dbSeconds / sk.seconds).toFixed(2).padStart(5)} | ${String(dbSame).padStart(11)} | ${fmt(hdSeconds).padStart(12)} | ${fmt(boruvkaSeconds).padStart(9)} | ${fmt(rSeconds).padStart(9)} | ${rSeconds ? (hdSeconds / rSeconds).toFixed(2).padStart(5) : '    —'} | ${hdSame} (${hd.nClusters} clusters, ${hd.nNoise} noise)`);
  }
}
console.log(`load average ${os.loadavg().map(v => v.toFixed(1)).join(' ')}`);
fs.rmSync(tmp, { recursive: true, force: true });
