// Probability-table benchmark (not a test): 1,000,000 synthetic rows in headless Chromium; prints the
// time to the first drawn rows and scroll frame times. Bundles test/webview/tableBench.ts with esbuild
// and runs it; builds dist/ first if there is none. usage: node scripts/benchTable.mjs
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
if (!process.env.CLUSTER_LENS_WEBVIEW_DIR && !fs.existsSync(path.join(root, 'dist/webview/main.js'))) {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
  if (build.status !== 0) { process.exit(build.status ?? 1); }
}
const outfile = path.join(root, 'test-out/bench/tableBench.mjs');
await esbuild.build({
  entryPoints: [path.join(root, 'test/webview/tableBench.ts')], outfile,
  bundle: true, platform: 'node', format: 'esm', target: 'node20', sourcemap: 'inline', packages: 'external', logLevel: 'warning',
});
const run = spawnSync(process.execPath, ['--enable-source-maps', outfile], { stdio: 'inherit', cwd: root });
process.exit(run.status ?? 1);
