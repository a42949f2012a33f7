// The one test command (`npm test`, also run by .ci/run): type-check, lint, build, then the three
// layers: unit (core/data/shared), webview (headless Chromium), end-to-end (code-server = Node
// extension host; VS Code for the web = web-worker extension host). Ends with "N passed, N failed".
// usage: node scripts/test.mjs [all|unit|webview|e2e] [filter]
import './requireNode.mjs';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const [which = 'all', filter = ''] = process.argv.slice(2);
const node = process.execPath;

/** Runs a command, echoing its output, and reads the pass/fail counts its runner prints last. */
function run(label, command, args, env = {}) {
  return new Promise(resolve => {
    const t0 = Date.now();
    console.log(`\n=== ${label}: ${[command, ...args].map(a => path.relative(root, a) || a).join(' ')}`);
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const echo = (stream, out) => stream.on('data', chunk => { out.write(chunk); tail = (tail + chunk).slice(-20000); });
    echo(child.stdout, process.stdout);
    echo(child.stderr, process.stderr);
    child.on('close', code => {
      const counts = readCounts(tail);
      resolve({ label, code: code ?? 1, seconds: (Date.now() - t0) / 1000, ...counts });
    });
  });
}

function readCounts(text) {
  // node --test: "ℹ pass 12" / "ℹ fail 0"; our harnesses: "12 passed, 0 failed".
  const plain = [...text.matchAll(/^(?:\w+: )?(\d+) passed, (\d+) failed/gm)].pop();
  if (plain) { return { passed: Number(plain[1]), failed: Number(plain[2]) }; }
  const pass = [...text.matchAll(/^ℹ pass (\d+)/gm)].pop();
  const fail = [...text.matchAll(/^ℹ fail (\d+)/gm)].pop();
  return pass ? { passed: Number(pass[1]), failed: Number(fail?.[1] ?? 0) } : { passed: 0, failed: 0 };
}

const wants = layer => which === 'all' || which === layer;
const results = [];
const gate = async (label, command, args, env) => {
  const r = await run(label, command, args, env);
  if (r.code !== 0) { console.error(`\n${label} failed (exit ${r.code}).`); process.exit(r.code); }
};

await gate('typecheck', 'npm', ['run', '--silent', 'typecheck']);
await gate('lint', 'npm', ['run', '--silent', 'lint']);
await gate('build', node, [path.join(root, 'scripts/build.mjs')]);
if (wants('unit')) { results.push(await run('unit', node, [path.join(root, 'scripts/unitTests.mjs'), filter])); }
if (wants('webview') && !fs.existsSync(process.env.CHROMIUM ?? '/usr/bin/chromium')) {
  console.log("The webview tests drive Debian's chromium, which is not installed: installing it with apt-get.");
  await gate('install chromium', 'bash', ['-c', 'apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium']);
}
if (wants('webview')) { results.push(await run('webview', node, [path.join(root, 'scripts/unitTests.mjs'), filter, '--suite', 'test/webview'])); }
if (wants('e2e')) {
  await gate('e2e setup', 'bash', [path.join(root, 'scripts/setup-e2e.sh')]);
  await gate('e2e build', node, [path.join(root, 'test/e2e/buildSuites.mjs')]);
  results.push(await run('e2e: VS Code for the web (web-worker extension host)', node, [path.join(root, 'test/e2e/runWeb.mjs')]));
  results.push(await run('e2e: code-server (Node extension host)', node, [path.join(root, 'test/e2e/runCodeServer.mjs')]));
}

console.log('\n=== summary');
let passed = 0;
let failed = 0;
for (const r of results) {
  const ok = r.code === 0 && r.failed === 0 && r.passed > 0;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${r.label}: ${r.passed} passed, ${r.failed} failed (${r.seconds.toFixed(1)} s)`);
  passed += r.passed;
  // A runner that crashed before counting still fails the run.
  failed += r.failed + (r.code !== 0 && r.failed === 0 ? 1 : 0) + (r.code === 0 && r.passed === 0 ? 1 : 0);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
