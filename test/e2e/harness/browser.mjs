// Debian's headless Chromium driven by playwright-core, plus workbench helpers (palette, Explorer
// context menu, webview state, notifications) shared by the web and code-server runners.
import { chromium } from 'playwright-core';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mkTemp, track, verbose, sleep, withTimeout } from './common.mjs';

export const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

/**
 * Fresh persistent profile with third-party cookies allowed: Debian's chromium blocks them by default
 * (cookie_controls_mode = 1), and so does playwright's incognito-like newContext(); webviews live on
 * http://<uuid>.localhost:<port> (another site) and their service worker is then refused -> blank webview.
 */
export async function launchBrowser(tag) {
  if (!fs.existsSync(chromiumPath)) { throw new Error(`${chromiumPath} not found: run scripts/setup-e2e.sh (apt-get install chromium)`); }
  const userDataDir = mkTemp('cl-e2e-chromium-');
  const untrackDir = track.dir(userDataDir);
  fs.mkdirSync(path.join(userDataDir, 'Default'));
  fs.writeFileSync(path.join(userDataDir, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0 } }));
  const context = await withTimeout(chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1280, height: 800 },
    timeout: 30_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--disable-default-apps',
      ...(process.env.E2E_CHROMIUM_ARGS ? process.env.E2E_CHROMIUM_ARGS.split(' ') : [])],
  }), 45_000, 'chromium launch');
  context.setDefaultTimeout(15_000);
  // Nothing may leave the machine from the browser side.
  const blocked = [];
  await context.route(url => !/^(https?:\/\/(127\.0\.0\.1|([a-z0-9-]+\.)?localhost)(:\d+)?\/|data:|blob:)/.test(url.href), route => {
    blocked.push(route.request().url());
    if (verbose) { console.log(`[${tag}] [blocked external request]`, route.request().url()); }
    return route.abort();
  });
  const page = context.pages()[0] ?? await context.newPage();
  const errors = []; // last browser-side errors (workbench + webview frames), printed when a check fails
  page.on('pageerror', e => { errors.push('[pageerror] ' + e.message); if (verbose) { console.log(`[${tag}] [pageerror]`, e.message); } });
  page.on('console', m => {
    if (m.type() === 'error' || m.type() === 'warning') { errors.push(`[console.${m.type()}] ${m.text()}`); }
    if (errors.length > 200) { errors.splice(0, errors.length - 200); }
    if (verbose) { console.log(`[${tag}] [console.${m.type()}]`, m.text()); }
  });
  let closed = false;
  const close = async () => {
    if (closed) { return; }
    closed = true;
    await withTimeout(context.close(), 15_000, 'chromium close').catch(e => console.log(`[${tag}] ${e.message}`));
    untrackCleanup();
    untrackDir();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  };
  const untrackCleanup = track.cleanup(() => { void context.close().catch(() => {}); });
  return { page, context, close, errors, blocked };
}

/** Prints the last browser errors that look relevant (for failure diagnostics). */
export function dumpErrors(tag, errors, n = 15) {
  const noise = /vsda|open-vsx|Failed to load resource: the server responded with a status of 404|ENOPRO|CodeExpectedError|resource scoped configuration/;
  const relevant = errors.filter(e => !noise.test(e)).slice(-n);
  if (relevant.length) { console.log(`[${tag}] last browser errors:\n    ` + relevant.map(e => e.slice(0, 400)).join('\n    ')); }
}

export async function screenshot(page, dir, name) {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name + '.png');
  await page.screenshot({ path: file, timeout: 15_000 }).catch(e => console.log(`screenshot ${name} failed: ${e.message}`));
  return file;
}

/** The Explorer row of a workspace file. */
export function explorerRow(page, name) {
  const exact = new RegExp('^\\s*' + name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '\\s*$');
  return page.locator('.explorer-folders-view .monaco-list-row', { has: page.locator('.label-name', { hasText: exact }) });
}

/** Waits for the workbench and the Explorer listing `fileName`; returns the time it took. */
export async function waitForWorkbench(page, fileName, timeoutMs = 60_000) {
  await explorerRow(page, fileName).waitFor({ timeout: timeoutMs });
}

/** Clicks a neutral spot: F1 does nothing while focus is inside a webview iframe. */
async function focusWorkbench(page) {
  await page.locator('.sidebar .composite.title .title-label').first().click({ timeout: 5_000 }).catch(async () => {
    await page.locator('.monaco-workbench').click({ position: { x: 5, y: 400 }, timeout: 5_000 });
  });
}

/**
 * F1 → type `label` → click the matching row. The palette computes its list when it opens, and extension
 * contributions register a moment after the Explorer shows, so reopen until the entry is listed.
 */
export async function runCommand(page, label, { tries = 20 } = {}) {
  const input = page.locator('.quick-input-widget input');
  for (let i = 0; ; i++) {
    await focusWorkbench(page);
    await page.keyboard.press('F1');
    await input.waitFor({ timeout: 5_000 });
    await input.fill('>' + label);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
    try {
      await row.waitFor({ timeout: 1_500 });
      await row.click({ timeout: 5_000 });
      return;
    } catch (e) {
      await page.keyboard.press('Escape');
      if (i >= tries) { throw new Error(`command palette never listed "${label}" (${e.message.split('\n')[0]})`); }
      await sleep(500);
    }
  }
}

export async function closeAllEditors(page) {
  await runCommand(page, 'View: Close All Editors');
  await page.locator('iframe.webview').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
}

/** Dismisses all notification toasts (so the next screenshot / check starts clean). */
export async function clearNotifications(page) {
  await runCommand(page, 'Notifications: Clear All Notifications').catch(() => {});
}

/**
 * Right-clicks `fileName` in the Explorer and waits for the context-menu entry `item`; returns its locator.
 * The menu is computed when it opens and a development extension's contributions can arrive after the
 * Explorer shows, so close and reopen the menu until the entry is there.
 */
export async function openExplorerContextMenu(page, fileName, item, { timeoutMs = 30_000 } = {}) {
  const t0 = Date.now();
  const entry = page.locator('.context-view .monaco-menu .action-item', { hasText: item }).first();
  for (;;) {
    await explorerRow(page, fileName).click({ button: 'right' });
    try {
      await entry.waitFor({ timeout: 2_500 });
      break;
    } catch {
      await page.keyboard.press('Escape');
      if (Date.now() - t0 > timeoutMs) { throw new Error(`Explorer context menu of ${fileName} never showed "${item}" (${secsSince(t0)})`); }
      await sleep(500);
    }
  }
  await sleep(300); // let the menu's fade-in finish before a screenshot
  return entry;
}
const secsSince = t0 => ((Date.now() - t0) / 1000).toFixed(1) + 's';

/** The visible webview's content frame: <iframe class="webview ready"> → <iframe id="active-frame">. */
export function webviewContent(page) {
  return page.frameLocator('iframe.webview.ready >> visible=true').first().frameLocator('#active-frame');
}

/**
 * Polls the webview's #app[data-state] until it is `ready` or `error` (or the timeout), and reads the
 * scatter canvas. Returns { state, pointCount, errorMessage, colours, elapsedMs }.
 */
export async function waitForWebviewState(page, timeoutMs = 60_000) {
  const t0 = Date.now();
  const content = webviewContent(page);
  let state = '(no webview)';
  while (Date.now() - t0 < timeoutMs) {
    try {
      state = await content.locator('#app').getAttribute('data-state', { timeout: 2_000 }) ?? '(no data-state)';
    } catch { /* frame not there yet */ }
    if (state === 'ready' || state === 'error') { break; }
    await sleep(250);
  }
  const result = { state, pointCount: NaN, errorMessage: undefined, colours: 0, elapsedMs: Date.now() - t0 };
  if (state === 'error') {
    result.errorMessage = await content.locator('#error-message').innerText({ timeout: 2_000 }).catch(() => '(no #error-message)');
  }
  if (state === 'ready') {
    const canvas = content.locator('canvas#scatter');
    // the count can trail the state by a frame: give it a moment
    for (let i = 0; i < 20; i++) {
      result.pointCount = Number(await canvas.getAttribute('data-point-count', { timeout: 2_000 }).catch(() => NaN));
      if (result.pointCount > 0) { break; }
      await sleep(250);
    }
    result.colours = await canvas.evaluate(countColourGroups, undefined, { timeout: 5_000 }).catch(() => 0);
  }
  return result;
}

/** In the page: number of distinct hue groups (30° buckets) among saturated pixels of the canvas. */
function countColourGroups(canvas) {
  const ctx = canvas.getContext('2d');
  if (!ctx || !canvas.width || !canvas.height) { return 0; }
  const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const buckets = new Map();
  for (let i = 0; i < data.length; i += 4) {
    const r = data[i] / 255, g = data[i + 1] / 255, b = data[i + 2] / 255, a = data[i + 3] / 255;
    const max = Math.max(r, g, b), min = Math.min(r, g, b);
    if (a < 0.5 || max - min < 0.25) { continue; } // transparent or greyish (axes, text, background)
    let h;
    if (max === r) { h = ((g - b) / (max - min) + 6) % 6; } else if (max === g) { h = (b - r) / (max - min) + 2; } else { h = (r - g) / (max - min) + 4; }
    const key = Math.floor(h * 2); // 12 buckets of 30°
    buckets.set(key, (buckets.get(key) ?? 0) + 1);
  }
  return [...buckets.values()].filter(n => n >= 30).length;
}

/**
 * Waits for a notification containing `text` (with `severity` 'error' | 'warning' | 'info': only one with
 * that icon, so a progress notification with the same prefix does not count); returns { message, item }.
 * Toasts are looked for first. With the smoke-test driver on (code-server dev mode) the workbench shows NO
 * toasts at all (NotificationsToasts.addToast skips them), so then the notification center is opened.
 */
export async function waitForNotification(page, text, { timeoutMs = 20_000, center = false, severity } = {}) {
  const scope = center ? '.notifications-center' : '.notifications-toasts';
  let item = page.locator(`${scope} .notification-list-item`, { hasText: text });
  if (severity) { item = item.filter({ has: page.locator(`.notification-list-item-icon.codicon-${severity}`) }); }
  item = item.first();
  const t0 = Date.now();
  if (center) {
    await sleep(1_000);
    await runCommand(page, 'Notifications: Show Notifications');
  }
  try {
    await item.waitFor({ timeout: Math.max(1_000, timeoutMs - (Date.now() - t0)) });
  } catch {
    return undefined;
  }
  const message = await item.locator('.notification-list-item-message').innerText({ timeout: 2_000 }).catch(() => item.innerText());
  return { message: message.trim(), item };
}

/** The editor tab labels currently shown. */
export async function tabLabels(page) {
  return page.locator('.tabs-container .tab .label-name').allInnerTexts().catch(() => []);
}
