// Builds every <suite>/**/*.test.ts with esbuild (one bundle per file, so a test imports the
// module under test exactly as shipped) and runs them with node's test runner.
// usage: node scripts/unitTests.mjs [substring filter] [--suite test/unit|test/webview]
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

function findTests(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) { return findTests(p); }
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** Newest modification time of the files under dir (0 when there is none). */
function newestMtime(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((newest, e) => {
    const p = path.join(dir, e.name);
    return Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }, 0);
}

// The CLI and worker tests spawn the built bundles (dist/cli.js, dist/worker.js), as users run them:
// a missing or stale dist/ is built first, so those tests neither skip nor test yesterday's code.
const BUNDLES_UNDER_TEST = ['dist/cli.js', 'dist/worker.js', 'dist/parallelWorker.js', 'dist/readerWorker.js'];
function buildIfStale() {
  const sources = Math.max(newestMtime(path.join(root, 'src')), fs.statSync(path.join(root, 'scripts/build.mjs')).mtimeMs);
  const stale = BUNDLES_UNDER_TEST.filter(f => !fs.existsSync(path.join(root, f)) || fs.statSync(path.join(root, f)).mtimeMs < sources);
  if (stale.length === 0) { return 0; }
  console.log(`[unit] ${stale.join(', ')} missing or older than src/: building first`);
  return spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root }).status ?? 1;
}

export async function runNodeTests(suite, filter = '', { concurrency } = {}) {
  if (suite === 'test/unit' && buildIfStale() !== 0) { console.error('the build failed: the unit tests need dist/'); return 1; }
  const suiteDir = path.join(root, suite);
  // One folder per run: several runs at once (developers, helpers, CI steps) must not clobber each other.
  const outDir = path.join(root, 'test-out', `${path.basename(suite)}-${process.pid}`);
  const entries = findTests(suiteDir).filter(f => f.includes(filter)).sort();
  if (entries.length === 0) { console.error(`no tests in ${suite} match "${filter}"`); return 1; }
  await esbuild.build({
    entryPoints: entries, outdir: outDir, outbase: suiteDir,
    bundle: true, platform: 'node', format: 'esm', target: 'node20', sourcemap: 'inline',
    packages: 'external', outExtension: { '.js': '.mjs' }, logLevel: 'warning',
  });
  const files = entries.map(f => path.join(outDir, path.relative(suiteDir, f)).replace(/\.ts$/, '.mjs'));
  // Every property test draws from one fixed seed (see test/setup/seededProperties.mjs).
  const args = ['--enable-source-maps', '--import', './test/setup/seededProperties.mjs', '--test', '--test-reporter=spec'];
  if (concurrency) { args.push(`--test-concurrency=${concurrency}`); }
  const r = spawnSync(process.execPath, [...args, ...files], { stdio: 'inherit', cwd: root });
  fs.rmSync(outDir, { recursive: true, force: true });
  return r.status ?? 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const suiteAt = args.indexOf('--suite');
  const suite = suiteAt >= 0 ? args.splice(suiteAt, 2)[1] : 'test/unit';
  // Browser tests each start Chromium: one file at a time keeps a 2-core machine responsive.
  process.exit(await runNodeTests(suite, args[0] ?? '', suite === 'test/webview' ? { concurrency: 1 } : {}));
}
