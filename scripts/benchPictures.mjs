// The tutorials' pictures' first draw at 1,000,000 rows in headless Chromium (not a test): one
// column, density contours, predict, k-means cells. Prints its own lines.
// usage: node scripts/benchPictures.mjs   (also run by npm run bench -- --only pictures)
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const outfile = path.join(root, 'test-out/bench/picturesBench.mjs');
await esbuild.build({
  entryPoints: [path.join(root, 'test/webview/picturesBench.ts')], outfile,
  bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning',
});
process.exit(spawnSync(process.execPath, [outfile], { stdio: 'inherit', cwd: root }).status ?? 1);
