// Same as scripts/unitTests.mjs data, but into its own folder, so it does not race with other
// test runs in a shared tree. usage: node test/unit/data/tools/run.mjs [filter]
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../../..');
const testDir = path.join(root, 'test/unit/data');
const outDir = path.join(root, 'test-out/data-dev');
const filter = process.argv[2] ?? '';
const entries = fs.readdirSync(testDir).filter(f => f.endsWith('.test.ts') && f.includes(filter)).map(f => path.join(testDir, f));
fs.rmSync(outDir, { recursive: true, force: true });
await esbuild.build({
  entryPoints: entries, outdir: outDir, outbase: testDir, bundle: true, platform: 'node', format: 'esm', target: 'node20',
  sourcemap: 'inline', packages: 'external', outExtension: { '.js': '.mjs' }, logLevel: 'warning',
});
const files = entries.map(f => path.join(outDir, path.basename(f).replace(/\.ts$/, '.mjs')));
const r = spawnSync(process.execPath, ['--enable-source-maps', '--test', '--test-reporter=spec', ...files], { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);
