// Builds the in-host e2e mocha suites with esbuild (run after the extension's own build: that one wipes dist/).
//   dist/test/e2e/node/index.js, cluster.test.js   Node extension host (CJS; mocha + vscode external)
//   dist/test/e2e/web/index.js                     web worker extension host (mocha browser build bundled)
// usage: node test/e2e/buildSuites.mjs        (the runners also call buildSuites() before their tests phase)
import * as esbuild from 'esbuild';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** E2E_EXTENSION_DIR: build into another extension folder (to try the harness on a different build). */
export async function buildSuites({ quiet = false } = {}) {
  const extDir = process.env.E2E_EXTENSION_DIR ? path.resolve(process.env.E2E_EXTENSION_DIR) : root;
  const src = p => path.join(root, 'test/e2e/suite', p);
  const out = p => path.join(extDir, 'dist/test/e2e', p);
  const common = { bundle: true, sourcemap: 'inline', logLevel: 'warning', absWorkingDir: root };
  const node = { ...common, format: 'cjs', platform: 'node', target: 'node20', external: ['vscode', 'mocha'] };
  const t0 = Date.now();
  await Promise.all([
    esbuild.build({ ...node, entryPoints: [src('node/index.ts')], outfile: out('node/index.js') }),
    esbuild.build({ ...node, entryPoints: [src('node/cluster.test.ts')], outfile: out('node/cluster.test.js') }),
    esbuild.build({ ...common, format: 'cjs', platform: 'browser', target: 'es2022', external: ['vscode'],
      entryPoints: [src('web/index.ts')], outfile: out('web/index.js'), define: { 'process.env.NODE_ENV': '"test"', 'process.env.E2E_GREP': JSON.stringify(process.env.E2E_GREP ?? '') } }),
  ]);
  if (!quiet) { console.log(`[e2e] suites built into ${path.relative(root, out('')) || '.'}/ (${Date.now() - t0} ms)`); }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildSuites();
}
