// On demand (not part of the e2e runs): the README's screenshots, taken in code-server with the packaged
// extension installed (no "[Extension Development Host]"), Dark Modern and Light Modern, written to docs/images/:
//   cluster-lens-vscode.png  the main view (scatter + ellipses) on penguins.csv, dark, Explorer visible
//   cluster-lens-light.png   the main view, light, side bar closed
//   convergence.png  table-uncertain.png  profiles.png  compare-k.png   dark, the editor area only
// Each is kept under 400 KiB (shrunk in the browser if needed). The full-size pictures of every view in both
// themes land in e2e-out/code-server/views/.
//
// usage: node scripts/build.mjs && node test/e2e/captureDocs.mjs
//   = E2E_DOCS=1 node test/e2e/runCodeServer.mjs vsix   (packages the .vsix, which rebuilds dist/ for production)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const r = spawnSync(process.execPath, [path.join(here, 'runCodeServer.mjs'), 'vsix'], {
  stdio: 'inherit', env: { ...process.env, E2E_DOCS: '1', E2E_TIMEOUT: process.env.E2E_TIMEOUT ?? '240' }, timeout: 300_000,
});
const dir = path.join(root, 'docs/images');
for (const f of fs.existsSync(dir) ? fs.readdirSync(dir).filter(n => n.endsWith('.png')).sort() : []) {
  console.log(`[docs] ${path.join('docs/images', f)}  ${(fs.statSync(path.join(dir, f)).size / 1024).toFixed(0)} KiB`);
}
process.exit(r.status ?? 1);
