// Shared plumbing of the e2e runners: paths, check counting, process-group bookkeeping, watchdog.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLargeFile } from './largeFileCsv.mjs';
import { writeWideFile } from './wideCsv.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const workspaceDir = path.join(root, 'test/e2e/workspace');
/** The extension under test (default: the repo). E2E_EXTENSION_DIR lets the harness be tried on another build. */
export const extDir = process.env.E2E_EXTENSION_DIR ? path.resolve(process.env.E2E_EXTENSION_DIR) : root;
export const verbose = !!process.env.E2E_VERBOSE;
export const keep = !!process.env.E2E_KEEP;
export const sleep = ms => new Promise(r => setTimeout(r, ms));

/** Polls until `fn` returns a truthy value or the time is up (a throw counts as not yet); returns the last value. */
export async function pollFor(fn, timeoutMs, every = 150) {
  const t0 = Date.now();
  let last;
  do {
    last = await fn().catch(() => undefined);
    if (last) { return last; }
    await sleep(every);
  } while (Date.now() - t0 < timeoutMs);
  return last;
}
export const secs = t0 => ((Date.now() - t0) / 1000).toFixed(1) + 's';

/** ok/FAIL lines, counted for the final "N passed, N failed". */
export class Checks {
  constructor() { this.passed = 0; this.failed = 0; this.failures = []; }
  check(tag, cond, msg) {
    console.log(`[${tag}] ${cond ? 'ok  ' : 'FAIL'} ${msg}`);
    if (cond) { this.passed++; } else { this.failed++; this.failures.push(`[${tag}] ${msg}`); }
    return !!cond;
  }
  summary() {
    if (this.failures.length) { console.log('failures:\n  ' + this.failures.join('\n  ')); }
    console.log(`${this.passed} passed, ${this.failed} failed`);
    return this.failed === 0 && this.passed > 0 ? 0 : 1;
  }
}

/** A free TCP port on 127.0.0.1 (several runs may share this machine). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

export function mkTemp(prefix) { return fs.mkdtempSync(path.join(os.tmpdir(), prefix)); }

// ---- cleanup bookkeeping -----------------------------------------------------------------------
// Process groups we started (code-server: spawned detached) and temp dirs. The exit handler kills
// what is still alive, and also any process whose command line names one of our unique temp dirs
// (Chromium, in case playwright could not close it), so a crash or the watchdog leaves nothing behind.
const groups = new Set();
const tempDirs = new Set();
const cleanups = new Set();
export const track = {
  group(pgid) { groups.add(pgid); return () => groups.delete(pgid); },
  dir(d) { tempDirs.add(d); return () => tempDirs.delete(d); },
  cleanup(fn) { cleanups.add(fn); return () => cleanups.delete(fn); },
};

function killByTempDir(dirs) {
  if (!dirs.length) { return; }
  let pids = [];
  try { pids = fs.readdirSync('/proc').filter(p => /^\d+$/.test(p)); } catch { return; }
  for (const pid of pids) {
    if (Number(pid) === process.pid) { continue; }
    let cmd = '';
    try { cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'); } catch { continue; }
    if (dirs.some(d => cmd.includes(d))) { try { process.kill(Number(pid), 'SIGKILL'); } catch { /* gone */ } }
  }
}

export function hardCleanup() {
  for (const fn of cleanups) { try { fn(); } catch { /* best effort */ } }
  cleanups.clear();
  for (const pgid of groups) { try { process.kill(-pgid, 'SIGKILL'); } catch { /* gone */ } }
  groups.clear();
  const dirs = [...tempDirs];
  killByTempDir(dirs);
  if (!keep) { for (const d of dirs) { try { fs.rmSync(d, { recursive: true, force: true }); } catch { /* best effort */ } } }
  tempDirs.clear();
}
process.on('exit', hardCleanup);
process.on('SIGINT', () => { console.log('[e2e] SIGINT'); process.exit(130); });
process.on('SIGTERM', () => { console.log('[e2e] SIGTERM'); process.exit(143); });

/** Ends a process group: SIGTERM, then SIGKILL after `graceMs`. */
export async function killGroup(pgid, graceMs = 5000) {
  const alive = () => { try { process.kill(-pgid, 0); return true; } catch { return false; } };
  try { process.kill(-pgid, 'SIGTERM'); } catch { return; }
  for (let waited = 0; waited < graceMs && alive(); waited += 100) { await sleep(100); }
  if (alive()) { try { process.kill(-pgid, 'SIGKILL'); } catch { /* gone */ } }
}

/** Whole-run watchdog: prints the summary as it stands and exits 1 (the exit handler cleans up). */
export function startWatchdog(seconds, checks, tag) {
  const t = setTimeout(() => {
    checks.check(tag, false, `whole run finished within ${seconds}s (watchdog fired; set E2E_TIMEOUT to change)`);
    process.exitCode = checks.summary();
    process.exit(1);
  }, seconds * 1000);
  t.unref();
  return t;
}

/** Rejects after `ms` (for awaits that have no timeout of their own). */
export function withTimeout(p, ms, what) {
  let t;
  return Promise.race([p, new Promise((_, rej) => { t = setTimeout(() => rej(new Error(`${what}: timed out after ${ms} ms`)), ms); })])
    .finally(() => clearTimeout(t));
}

/** Files the export tests write into the workspace (they delete them; this catches a crashed run). */
const WRITTEN = /(\.clustered\.csv|\.applied\.csv|\.model\.json|^\..*\.tmp|^rerun\.csv|^holes\.csv|^watched\.csv)$/;
export function removeWrittenFiles() {
  let names = [];
  try { names = fs.readdirSync(workspaceDir); } catch { return []; }
  const gone = names.filter(n => WRITTEN.test(n));
  for (const n of gone) { fs.rmSync(path.join(workspaceDir, n), { force: true }); }
  return gone;
}

/**
 * Copies the data engineer's sample into the e2e workspace (it is git-ignored there), makes binary.csv
 * (the extension's PNG icon renamed: a real-world hostile file, git-ignored too) and removes files a
 * crashed run left behind. The runners remove written files again at exit.
 */
export function prepareWorkspace() {
  const sample = path.join(root, 'media/samples/penguins.csv');
  if (!fs.existsSync(sample)) { throw new Error(`${sample} is missing`); }
  fs.copyFileSync(sample, path.join(workspaceDir, 'penguins.csv'));
  fs.copyFileSync(path.join(root, 'media/icon.png'), path.join(workspaceDir, 'binary.csv'));
  writeSlowFile(path.join(workspaceDir, 'slow.csv'));
  writeLargeFile(path.join(workspaceDir, 'large.csv'));
  writeWideFile(path.join(workspaceDir, 'wide.csv'));
  writePenguinsParquet(path.join(workspaceDir, 'penguins.csv'), path.join(workspaceDir, 'penguins.parquet'));
  for (const f of ['empty.csv', 'header-only.csv', 'names.csv']) {
    if (!fs.existsSync(path.join(workspaceDir, f))) { throw new Error(`test/e2e/workspace/${f} is missing`); }
  }
  const left = removeWrittenFiles();
  if (left.length) { console.log(`[e2e] removed files an earlier run left in test/e2e/workspace/: ${left.join(', ')}`); }
  track.cleanup(() => {
    const late = removeWrittenFiles();
    if (late.length) { console.log(`[e2e] removed files the run left in test/e2e/workspace/: ${late.join(', ')}`); }
  });
}

/**
 * penguins.parquet: the sample as DuckDB writes it as Parquet (NA as null, Snappy), so both hosts
 * open a Parquet file the way a user gets one. DuckDB's API is async and this set-up is not: a
 * child process writes it.
 */
function writePenguinsParquet(csv, parquet) {
  const script = `const { DuckDBInstance } = require('@duckdb/node-api');
    (async () => { const db = await (await DuckDBInstance.create(':memory:')).connect();
      await db.run(\`COPY (SELECT * FROM read_csv('${csv}', nullstr = 'NA')) TO '${parquet}' (FORMAT parquet)\`); db.closeSync(); })()
      .catch(e => { console.error(e); process.exit(1); });`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) { throw new Error(`could not write ${parquet}: ${r.stderr}`); }
}

/** Rows of slow.csv: a read of about a second and a first fit of several (see writeSlowFile). */
export const SLOW_ROWS = 400_000;

/**
 * slow.csv: SLOW_ROWS rows of 24 skewed random columns (Gamma(2, 1), seeded; ~78 MB). Skewed data
 * without clusters keeps EM creeping, so the first fit lasts long enough to cancel it, or to close
 * its panel, while it runs. 24 columns, not 8 or 16: the default fit compares its 10 starts on a
 * sample and runs only the best on all rows, and at 16 columns that run converged in 5 iterations
 * (1.7 s), over before a Cancel that first tried the finished read could land. Made once per
 * checkout (git-ignored); remade when its header is not this one.
 */
function writeSlowFile(file) {
  const columns = 24;
  const header = Array.from({ length: columns }, (_, j) => `x${j + 1}`).join(',') + '\n';
  const startsWithHeader = () => {
    const fd = fs.openSync(file, 'r');
    try { const head = Buffer.alloc(header.length); fs.readSync(fd, head, 0, head.length, 0); return head.toString('utf8') === header; } finally { fs.closeSync(fd); }
  };
  if (fs.existsSync(file) && fs.statSync(file).size > SLOW_ROWS * columns * 7 && startsWithHeader()) { return; }
  let seed = 12345;
  const next = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 2 ** 32; };
  const lines = [header];
  for (let i = 0; i < SLOW_ROWS; i++) {
    const row = [];
    for (let j = 0; j < columns; j++) { row.push((-Math.log(next() * next() + 1e-12)).toFixed(5)); }
    lines.push(row.join(',') + '\n');
  }
  fs.writeFileSync(file, lines.join(''));
}

/** Waits (polling) for the extension's build output; the e2e layer cannot run without it. */
export async function requireBuild(files, waitSeconds = Number(process.env.E2E_WAIT_BUILD ?? 0)) {
  const t0 = Date.now();
  for (;;) {
    const missing = files.filter(f => !fs.existsSync(path.join(extDir, f)));
    if (!missing.length) { return; }
    if (Date.now() - t0 >= waitSeconds * 1000) {
      throw new Error(`missing build output: ${missing.join(', ')} (run \`npm run build && node test/e2e/buildSuites.mjs\`)`);
    }
    await sleep(2000);
  }
}
