// Builds the in-host e2e mocha suites with esbuild (run after the extension's own build: that one wipes dist/).
//   dist/test/e2e/node/index.js, cluster.test.js   Node extension host (CJS; mocha + vscode external)
//   dist/test/e2e/web/index.js                     web worker extension host (mocha browser build bundled)
// usage: node test/e2e/buildSuites.mjs
import * as esbuild from 'esbuild';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const src = p => path.join(root, 'test/e2e/suite', p);
// E2E_EXTENSION_DIR: build into another extension folder (to try the harness on a different build)
const extDir = process.env.E2E_EXTENSION_DIR ? path.resolve(process.env.E2E_EXTENSION_DIR) : root;
const out = p => path.join(extDir, 'dist/test/e2e', p);
const common = { bundle: true, sourcemap: 'inline', logLevel: 'warning', absWorkingDir: root };

const t0 = Date.now();
await Promise.all([
  esbuild.build({ ...common, format: 'cjs', platform: 'node', target: 'node20', external: ['vscode', 'mocha'],
    entryPoints: [src('node/index.ts')], outfile: out('node/index.js') }),
  esbuild.build({ ...common, format: 'cjs', platform: 'node', target: 'node20', external: ['vscode', 'mocha'],
    entryPoints: [src('node/cluster.test.ts')], outfile: out('node/cluster.test.js') }),
  esbuild.build({ ...common, format: 'cjs', platform: 'browser', target: 'es2022', external: ['vscode'],
    entryPoints: [src('web/index.ts')], outfile: out('web/index.js'),
    define: { 'process.env.NODE_ENV': '"test"' } }),
]);
console.log(`[e2e] suites built into dist/test/e2e/ (${Date.now() - t0} ms)`);
