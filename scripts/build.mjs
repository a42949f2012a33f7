// Bundles the extension (Node and browser), the fit workers, the webview and the CLI with esbuild.
// Type-checking is separate (`npm run typecheck`). usage: node scripts/build.mjs [--production] [--watch]
import './requireNode.mjs';
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const dist = path.join(root, 'dist');

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  legalComments: production ? 'none' : 'inline',
  define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
};

const builds = [
  // Node extension host: CommonJS; `vscode` is provided by the host.
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] },
  { ...common, entryPoints: ['src/compute/nodeWorker.ts'], outfile: 'dist/worker.js', platform: 'node', format: 'cjs', target: 'node20' },
  // Helper threads of the fit worker's parallel executor (src/compute/parallel), next to worker.js.
  { ...common, entryPoints: ['src/compute/parallel/worker.ts'], outfile: 'dist/parallelWorker.js', platform: 'node', format: 'cjs', target: 'node20' },
  // Threads of the model search's cell pool (src/compute/parallel/modelSearchPool.ts), next to cli.js.
  { ...common, entryPoints: ['src/compute/parallel/modelSearchWorker.ts'], outfile: 'dist/modelSearchWorker.js', platform: 'node', format: 'cjs', target: 'node20' },
  // The table reader's worker thread of the Node extension host (src/node/tableReadClient.ts).
  { ...common, entryPoints: ['src/node/tableReadWorker.ts'], outfile: 'dist/readerWorker.js', platform: 'node', format: 'cjs', target: 'node20' },
  // Web-worker extension host: no Node built-ins may sneak in.
  { ...common, entryPoints: ['src/extensionWeb.ts'], outfile: 'dist/web/extension.js', platform: 'browser', format: 'cjs', target: 'es2022', external: ['vscode'] },
  { ...common, entryPoints: ['src/compute/webWorker.ts'], outfile: 'dist/web/worker.js', platform: 'browser', format: 'iife', target: 'es2022' },
  // The webview page: script and its stylesheet.
  { ...common, entryPoints: { main: 'webview/main.ts' }, outdir: 'dist/webview', platform: 'browser', format: 'iife', target: 'es2022' },
  { ...common, entryPoints: { main: 'webview/styles.css' }, outdir: 'dist/webview', sourcemap: false },
];
if (fs.existsSync(path.join(root, 'src/cli.ts'))) {
  builds.push({ ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node20', banner: { js: '#!/usr/bin/env node' } });
}

function copyCodicons() {
  const from = path.join(root, 'node_modules/@vscode/codicons/dist');
  for (const file of ['codicon.css', 'codicon.ttf']) {
    fs.copyFileSync(path.join(from, file), path.join(dist, 'webview', file));
  }
}

if (!watch) { fs.rmSync(dist, { recursive: true, force: true }); }
process.chdir(root);
if (watch) {
  const contexts = await Promise.all(builds.map(b => esbuild.context(b)));
  await Promise.all(contexts.map(c => c.rebuild()));
  copyCodicons();
  await Promise.all(contexts.map(c => c.watch()));
  console.log('[build] watching for changes');
} else {
  const t0 = Date.now();
  await Promise.all(builds.map(b => esbuild.build(b)));
  copyCodicons();
  console.log(`[build] ${builds.length} bundles${production ? ' (production)' : ''} in ${Date.now() - t0} ms`);
}
