// Webview benchmarks in headless Chromium (not tests): scatter first draw and the probability
// table's first draw and scroll frames over 1,000,000 rows. Prints their own lines.
// usage: node scripts/benchWebview.mjs   (also run by npm run bench)
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const outfile = path.join(root, 'test-out/bench/scatterBench.mjs');
await esbuild.build({
  entryPoints: [path.join(root, 'test/webview/scatterBench.ts')], outfile,
  bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning',
});
const scatter = spawnSync(process.execPath, [outfile], { stdio: 'inherit', cwd: root });
const table = spawnSync(process.execPath, [path.join(root, 'scripts/benchTable.mjs')], { stdio: 'inherit', cwd: root });
// The uncertainty, pairs, silhouette and agreement tabs' first draws (test/webview/diagnosticsBench.ts).
const diagnosticsOut = path.join(root, 'test-out/bench/diagnosticsBench.mjs');
await esbuild.build({
  entryPoints: [path.join(root, 'test/webview/diagnosticsBench.ts')], outfile: diagnosticsOut,
  bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning',
});
const diagnostics = spawnSync(process.execPath, [diagnosticsOut], { stdio: 'inherit', cwd: root });
process.exit(scatter.status || table.status || diagnostics.status || 0);
