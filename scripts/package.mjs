// Builds for production and packages the extension into a .vsix with @vscode/vsce.
// usage: node scripts/package.mjs [--out file.vsix]
// vsce 3.9 runs on the Node this project supports (package.json engines), so no other Node is needed.
import './requireNode.mjs';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const outAt = process.argv.indexOf('--out');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const out = path.resolve(outAt > 0 ? process.argv[outAt + 1] : path.join(root, `${pkg.name}-${pkg.version}.vsix`));

const nodeForVsce = process.execPath;
execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--production'], { stdio: 'inherit', cwd: root });
fs.mkdirSync(path.dirname(out), { recursive: true });
execFileSync(nodeForVsce, [path.join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', out],
  { stdio: 'inherit', cwd: root });
const listing = execFileSync(nodeForVsce, [path.join(root, 'node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
const forbidden = listing.split('\n').filter(f => /\.map$|^src\/|^test\/|^webview\//.test(f.trim()));
if (forbidden.length > 0) {
  console.error(`The package holds files it must not ship:\n  ${forbidden.join('\n  ')}`);
  process.exit(1);
}
console.log(`[package] ${path.relative(root, out)} (${(fs.statSync(out).size / 1024).toFixed(0)} KiB)`);
