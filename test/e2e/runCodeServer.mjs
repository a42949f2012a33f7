// E2E in code-server 4.139.1 (VS Code 1.139.1 server): the extension's `main` entry in the Node 24
// extension host, the workbench in Debian's headless Chromium driven by playwright-core. Fully offline.
//
// usage: node test/e2e/runCodeServer.mjs [tests|ui|vsix|all]
//        (after scripts/setup-e2e.sh, `npm run build` and `node test/e2e/buildSuites.mjs`)
//   tests: mocha (Node build) inside the Node extension host (development mode via the URL payload)
//   ui:    Explorer context menu / palette / sample / empty.csv + names.csv / reload restores the panel / every view
//          in Dark Modern and Light Modern (e2e-out/code-server/views/) on the development extension
//   vsix:  `node scripts/package.mjs --out e2e-out/code-server/cluster-lens.vsix`, `code-server --install-extension`
//          into a throwaway profile (offline), then the same UI checks on plain code-server (no dev mode)
// env: CODE_SERVER_NODE (.tools/node24/bin/node)  CODE_SERVER_DIR (.tools/code-server)  CHROMIUM=/usr/bin/chromium
//      E2E_OUT=e2e-out  E2E_TIMEOUT=300 (whole run, s)  E2E_VERBOSE=1  E2E_KEEP=1 (keep profiles + logs)
//      E2E_VSIX=<file> (install this .vsix instead of packaging one)  E2E_VIEWS=0 (skip the per-view screenshots)
//      E2E_DOCS=1 (vsix phase: only the views, and the README images into docs/images/; see captureDocs.mjs)
import { spawn, execFileSync } from 'node:child_process';
import { format } from 'node:util';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  root, extDir, workspaceDir, verbose, keep, secs, sleep, Checks, freePort, mkTemp, track, killGroup,
  startWatchdog, prepareWorkspace, requireBuild,
} from './harness/common.mjs';
import { launchBrowser, screenshot, dumpErrors, waitForWorkbench } from './harness/browser.mjs';
import { runViewsScenario } from './harness/views.mjs';
import { runUiScenario } from './harness/scenario.mjs';
import { buildSuites } from './buildSuites.mjs';
import { listZip } from './harness/zip.mjs';

const TAG = 'code-server';
const mode = process.argv[2] ?? 'all';
if (!['tests', 'ui', 'vsix', 'all'].includes(mode)) { console.error('usage: runCodeServer.mjs [tests|ui|vsix|all]'); process.exit(2); }
const outDir = path.resolve(root, process.env.E2E_OUT ?? 'e2e-out', 'code-server');
const nodeBin = path.resolve(root, process.env.CODE_SERVER_NODE ?? '.tools/node24/bin/node');
const csEntry = path.join(path.resolve(root, process.env.CODE_SERVER_DIR ?? '.tools/code-server'), 'node_modules/code-server/out/node/entry.js');
const withViews = process.env.E2E_VIEWS !== '0';
const docsDir = process.env.E2E_DOCS ? path.join(root, 'docs/images') : undefined;
const checks = new Checks();
startWatchdog(Number(process.env.E2E_TIMEOUT ?? 300), checks, TAG);

// Throwaway user settings: nothing that phones home, no welcome page, no chat.
const USER_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'workbench.startupEditor': 'none',
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'npm.fetchOnlinePackageInfo': false,
  'security.workspace.trust.enabled': false,
  'files.exclude': { '**/.gitignore': true },
};

// E2E_DOCS=1 (test/e2e/captureDocs.mjs): the Explorer of the README images shows penguins.csv only.
const DOCS_SETTINGS = {
  'files.exclude': { '**/.gitignore': true, 'empty.csv': true, 'header-only.csv': true, 'names.csv': true, 'binary.csv': true, 'slow.csv': true },
  'workbench.colorTheme': 'Dark Modern',
};

function makeProfile(name, extraSettings = {}) {
  const dir = mkTemp(`cl-e2e-cs-${name}-`);
  track.dir(dir);
  const p = { dir, userData: path.join(dir, 'user-data'), extensions: path.join(dir, 'extensions'), xdg: path.join(dir, 'xdg') };
  for (const d of [path.join(p.userData, 'User'), p.extensions, p.xdg]) { fs.mkdirSync(d, { recursive: true }); }
  fs.writeFileSync(path.join(p.userData, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...extraSettings }, null, 2));
  return p;
}
function dropProfile(p) {
  if (keep) { console.log(`[${TAG}] kept ${p.dir}`); return; }
  fs.rmSync(p.dir, { recursive: true, force: true });
}

// XDG_*: code-server would write ~/.config/code-server/config.yaml. EXTENSIONS_GALLERY={}: no marketplace
// (its default is open-vsx.org).
const csEnv = p => ({ ...process.env, XDG_CONFIG_HOME: p.xdg, XDG_DATA_HOME: p.xdg, EXTENSIONS_GALLERY: '{}' });

/** code-server in its own process group (detached): stop() ends it and all it forked with kill(-pgid). */
async function startCodeServer(name, profile, { devMode }) {
  const port = await freePort();
  const args = [csEntry, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--user-data-dir', profile.userData, '--extensions-dir', profile.extensions];
  // the built workbench honours extensionDevelopmentPath/extensionTestsPath from the URL payload only with
  // the smoke-test driver on (a server-side --extensionDevelopmentPath never reaches the web client)
  if (devMode) { args.push('--vscode-option', 'enable-smoke-test-driver'); }
  const logFile = path.join(outDir, `server-${name}.log`);
  const fd = fs.openSync(logFile, 'w');
  const child = spawn(nodeBin, args, { env: csEnv(profile), detached: true, stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  const untrack = track.group(child.pid);
  let exited = false;
  child.on('exit', () => { exited = true; });
  const stop = async () => { untrack(); await killGroup(child.pid); };
  const url = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  for (;;) {
    let err;
    if (exited) { err = `code-server exited early, see ${logFile}`; }
    else if (Date.now() - t0 > 30_000) { err = `code-server not answering ${url}/healthz after 30s, see ${logFile}`; }
    if (err) { await stop(); throw new Error(err); }
    try { if ((await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) })).ok) { break; } } catch { /* not up yet */ }
    await sleep(200);
  }
  return { url, port, stop, logFile };
}

const remote = (server, p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
function workbenchUrl(server, payload) {
  let u = `${server.url}/?folder=${encodeURIComponent(workspaceDir)}`;
  if (payload) { u += `&payload=${encodeURIComponent(JSON.stringify(payload))}`; }
  return u;
}

// ---- phase: mocha inside the Node extension host -----------------------------------------------
async function runHostTests() {
  const t0 = Date.now();
  const profile = makeProfile('tests');
  let code;
  const results = [];
  let errors = [];
  try {
    const server = await startCodeServer('tests', profile, { devMode: true });
    try {
      const b = await launchBrowser(TAG);
      errors = b.errors;
      try {
        let done;
        const exit = new Promise(resolve => (done = resolve));
        await b.page.exposeFunction('codeAutomationLog', (type, args) => {
          const text = format(...(Array.isArray(args) ? args : [args]));
          for (const line of text.split('\n')) {
            if (line.startsWith('[mocha] ')) { console.log('  ' + line.slice(8)); }
            else if (line.startsWith('[mocha-result] ')) { results.push(line.slice(15)); }
            else if (verbose) { console.log(`[${TAG}] [exthost ${type}]`, line); }
            else if (type === 'error' && !/open-vsx\.org|Failed to fetch/.test(line)) { b.errors.push('[exthost] ' + line); }
          }
        });
        await b.page.exposeFunction('codeAutomationExit', (exitCode, logs) => {
          for (const l of logs ?? []) { // the workbench's log files (exthost, renderer, ...)
            const f = path.join(outDir, 'tests-logs', l.relativePath);
            fs.mkdirSync(path.dirname(f), { recursive: true });
            fs.writeFileSync(f, l.contents);
          }
          done(exitCode);
        });
        await b.page.goto(workbenchUrl(server, [
          ['extensionDevelopmentPath', remote(server, extDir)],
          ['extensionTestsPath', remote(server, path.join(extDir, 'dist/test/e2e/node/index.js'))],
        ]), { timeout: 30_000 });
        code = await Promise.race([exit, new Promise(r => setTimeout(() => r('timeout after 150s'), 150_000))]);
        await screenshot(b.page, outDir, 'tests-workbench');
      } finally {
        await b.close();
      }
    } finally {
      await server.stop();
    }
  } finally {
    dropProfile(profile);
  }
  for (const r of results) { checks.check(TAG, r.startsWith('ok '), 'host test: ' + r.replace(/^(ok|FAIL) /, '')); }
  checks.check(TAG, code === 0 && results.length > 0,
    `extension-host mocha run finished with exit code 0 (got ${code}, ${results.length} test results, ${secs(t0)})`);
  if (code !== 0) { dumpErrors(TAG, errors); }
}

// ---- phase: UI driven from outside (dev extension or installed .vsix) -----------------------------
async function runUi(phase, { devMode, vsix, docs }) {
  const t0 = Date.now();
  const tag = `${TAG}/${phase}`;
  const profile = makeProfile(phase, docs ? DOCS_SETTINGS : {});
  try {
    if (vsix) {
      const out = execFileSync(nodeBin, [csEntry, '--user-data-dir', profile.userData, '--extensions-dir', profile.extensions,
        '--install-extension', vsix], { env: csEnv(profile), encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
      const last = out.trim().split('\n').pop();
      checks.check(tag, /successfully installed/i.test(out), `code-server --install-extension ${path.basename(vsix)}: ${last}`);
      const installed = fs.readdirSync(profile.extensions).filter(d => d.startsWith('cluster-lens.cluster-lens-'));
      checks.check(tag, installed.length === 1, `installed as ${installed.join(', ') || '(nothing)'} in the throwaway extensions dir`);
    }
    const server = await startCodeServer(phase, profile, { devMode });
    try {
      const b = await launchBrowser(tag);
      try {
        await b.page.goto(workbenchUrl(server, devMode ? [['extensionDevelopmentPath', remote(server, extDir)]] : undefined), { timeout: 30_000 });
        if (docs) {
          // README images: the installed extension (no "[Extension Development Host]"), only the views
          await waitForWorkbench(b.page, 'penguins.csv', 90_000);
          await runViewsScenario({ page: b.page, tag, shots: outDir, checks, errors: b.errors, docs });
        } else {
          await runUiScenario({ page: b.page, tag, shots: outDir, prefix: `${phase}-`, checks, errors: b.errors, t0, noToasts: devMode,
            reload: devMode, views: devMode && withViews });
        }
        if (!devMode) {
          const title = await b.page.title();
          checks.check(tag, !title.includes('Extension Development Host'), `not in development mode (window title ${JSON.stringify(title)})`);
        }
      } catch (e) {
        checks.check(tag, false, `${phase}: ${String(e?.message ?? e).split('\n')[0]}`);
        await screenshot(b.page, outDir, `${phase}-error`);
        dumpErrors(tag, b.errors);
      } finally {
        await b.close();
      }
    } finally {
      await server.stop();
    }
  } finally {
    dropProfile(profile);
  }
  console.log(`[${tag}] phase took ${secs(t0)}`);
}

// ---- .vsix -------------------------------------------------------------------------------------
function packageVsix() {
  const tag = `${TAG}/vsix`;
  if (process.env.E2E_VSIX) { return path.resolve(process.env.E2E_VSIX); }
  const vsix = path.join(outDir, 'cluster-lens.vsix');
  fs.rmSync(vsix, { force: true });
  const t0 = Date.now();
  const script = path.join(extDir, 'scripts/package.mjs');
  const run = (cmd, args) => execFileSync(cmd, args, { cwd: extDir, timeout: 120_000, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const vsceDirect = () => run(nodeBin, [path.join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies',
    '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links', '-o', vsix]);
  if (!fs.existsSync(script)) {
    console.log(`[${tag}] note: ${script} missing; packaging with vsce directly on Node 24`);
    vsceDirect();
  } else {
    try {
      run(process.execPath, [script, '--out', vsix]);
      checks.check(tag, fs.existsSync(vsix), `node scripts/package.mjs --out ${path.relative(root, vsix)} (${secs(t0)})`);
    } catch (e) {
      // show what the tool said, not node's stack of the failed execFileSync
      const said = `${e.stdout ?? ''}\n${e.stderr ?? ''}`.split('\n')
        .filter(l => l.trim() && !/^\s+at |^node:internal|^\s*(status|signal|output|pid|stdout|stderr): |^\s*[{}]\s*$|^Node\.js v|const err = new Error|^\s*\^\s*$/.test(l));
      checks.check(tag, false, `node scripts/package.mjs --out ${path.relative(root, vsix)} failed:\n      ${said.slice(-8).join('\n      ')}`);
      // still test an installed extension: package with vsce directly (the failure above stays counted)
      console.log(`[${tag}] note: packaging with vsce directly (--no-rewrite-relative-links) to still run the installed-extension checks`);
      vsceDirect();
    }
  }
  return vsix;
}

function inspectVsix(vsix) {
  const tag = `${TAG}/vsix`;
  const entries = listZip(vsix);
  const names = new Set(entries.map(e => e.name));
  const size = fs.statSync(vsix).size;
  console.log(`[${tag}] ${path.basename(vsix)}: ${entries.length} files, ${(size / 1024).toFixed(0)} KiB`);
  for (const f of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/web/extension.js']) {
    checks.check(tag, names.has(f), `vsix contains ${f}`);
  }
  const junk = entries.filter(e => /^extension\/(dist\/test\/|node_modules\/|test\/|\.tools\/|e2e-out\/|src\/)/.test(e.name));
  checks.check(tag, junk.length === 0, `vsix has no test bundles, sources, node_modules or tools (${junk.length ? junk.slice(0, 5).map(e => e.name).join(', ') + (junk.length > 5 ? ', …' : '') : 'none'})`);
}

const t0 = Date.now();
try {
  for (const [p, hint] of [[nodeBin, 'bash scripts/setup-e2e.sh'], [csEntry, 'bash scripts/setup-e2e.sh']]) {
    if (!fs.existsSync(p)) { throw new Error(`${p} not found: ${hint}`); }
  }
  await requireBuild(['dist/extension.js']);
  if (mode === 'all' || mode === 'tests') { await buildSuites(); } // cheap (< 1 s), and dist/test/ may have been wiped by a rebuild
  prepareWorkspace();
  fs.mkdirSync(outDir, { recursive: true });
  const phases = {
    tests: () => runHostTests(),
    ui: () => runUi('ui', { devMode: true }),
    vsix: async () => { const v = packageVsix(); inspectVsix(v); await runUi('vsix', { devMode: false, vsix: v, docs: docsDir }); },
  };
  for (const [name, fn] of Object.entries(phases)) {
    if (mode !== 'all' && mode !== name) { continue; }
    console.log(`[${TAG}] == ${name}`);
    try { await fn(); } catch (e) { checks.check(TAG, false, `${name}: ${String(e?.message ?? e)}`); }
  }
} catch (e) {
  checks.check(TAG, false, `runner: ${String(e?.message ?? e).split('\n')[0]}`);
}
console.log(`[${TAG}] total ${secs(t0)}, screenshots and server logs in ${outDir}`);
process.exit(checks.summary());
