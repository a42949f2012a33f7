// The UI checks driven from outside the workbench, shared by both hosts (web: test-web; Node: code-server
// in development mode and with the installed .vsix). Every step records ok/FAIL lines in `checks`.
import {
  runCommand, closeAllEditors, clearNotifications, openExplorerContextMenu, explorerRow, waitForWorkbench,
  waitForWebviewState, waitForNotification, tabLabels, screenshot, dumpErrors, webviewContent,
} from './browser.mjs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pollFor, secs, sleep, workspaceDir } from './common.mjs';
import { runViewsScenario } from './views.mjs';
import { largeFileScenario } from './largeFileScenario.mjs';

const PANEL_TITLE = 'Cluster Lens: penguins.csv';
const MENU_ITEM = 'Cluster CSV';                     // "Cluster CSV…"
const PALETTE_CLUSTER = 'Cluster Lens: Cluster CSV'; // "Cluster Lens: Cluster CSV…"
const PALETTE_SAMPLE = 'Cluster Lens: Open Sample Data';
const FIT_TIMEOUT_MS = Number(process.env.E2E_FIT_TIMEOUT ?? 60_000);

/** Runs `fn` as one step: an exception becomes a FAIL line plus a screenshot, and the scenario continues. */
async function step(ctx, name, fn) {
  // E2E_ONLY: only the steps whose name matches (while iterating on one).
  if (process.env.E2E_ONLY && !new RegExp(process.env.E2E_ONLY, 'i').test(name)) { return; }
  const t0 = Date.now();
  try {
    await fn();
  } catch (e) {
    ctx.checks.check(ctx.tag, false, `${name}: ${String(e?.message ?? e).split('\n')[0]}`);
    await screenshot(ctx.page, ctx.shots, `${ctx.prefix}error-${name.replace(/\W+/g, '-')}`);
    dumpErrors(ctx.tag, ctx.errors);
  } finally {
    console.log(`[${ctx.tag}] -- ${name} (${secs(t0)})`);
  }
}

async function checkScatter(ctx, what, shotName) {
  const { checks, tag, page } = ctx;
  const w = await waitForWebviewState(page, FIT_TIMEOUT_MS);
  const ok = checks.check(tag, w.state === 'ready',
    `${what}: webview #app reached data-state=ready (got ${w.state}${w.errorMessage ? `: ${JSON.stringify(w.errorMessage)}` : ''}, ${(w.elapsedMs / 1000).toFixed(1)}s)`);
  if (ok) {
    checks.check(tag, w.pointCount > 0, `${what}: canvas#scatter data-point-count > 0 (got ${w.pointCount})`);
    checks.check(tag, w.colours >= 2, `${what}: the scatter plot is coloured (${w.colours} hue groups among its pixels, want >= 2)`);
  } else {
    dumpErrors(tag, ctx.errors);
  }
  await sleep(300); // let the chart's animation settle for the screenshot
  const file = await screenshot(page, ctx.shots, ctx.prefix + shotName);
  console.log(`[${tag}]      screenshot ${file}`);
  return w;
}

/**
 * ctx: { page, tag, shots (dir), prefix (file-name prefix), checks, errors, t0, noToasts (smoke-test driver on),
 *        reload (run the reload step), views (run the views in both themes), viewShots (dir for views/), docs (dir) }
 */
export async function runUiScenario(ctx) {
  const { page, tag, checks } = ctx;
  await waitForWorkbench(page, 'penguins.csv', 90_000);
  console.log(`[${tag}] workbench + Explorer ready after ${secs(ctx.t0)}`);

  // 1. Explorer context menu on penguins.csv
  await step(ctx, 'context menu', async () => {
    const entry = await openExplorerContextMenu(page, 'penguins.csv', MENU_ITEM);
    const label = (await entry.innerText()).trim();
    checks.check(tag, label === 'Cluster CSV…', `context menu: entry "Cluster CSV…" on penguins.csv (got ${JSON.stringify(label)})`);
    console.log(`[${tag}]      screenshot ${await screenshot(page, ctx.shots, ctx.prefix + 'context-menu')}`);
    await entry.click();
    await checkScatter(ctx, 'context menu', 'context-menu-scatter');
    const tabs = await tabLabels(page);
    checks.check(tag, tabs.includes(PANEL_TITLE), `context menu: editor tab "${PANEL_TITLE}" is open (tabs: ${JSON.stringify(tabs)})`);
  });

  // 2. Command palette with penguins.csv as the active editor (+ the editor title-bar button)
  await step(ctx, 'palette', async () => {
    await closeAllEditors(page);
    await explorerRow(page, 'penguins.csv').click();
    await page.locator('.tabs-container .tab', { hasText: 'penguins.csv' }).first().waitFor({ timeout: 15_000 });
    const titleButton = page.locator('.editor-actions [aria-label^="Cluster CSV"]').first();
    checks.check(tag, await titleButton.waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false),
      'editor title bar: "Cluster CSV…" button shown for the open CSV');
    await runCommand(page, PALETTE_CLUSTER);
    await checkScatter(ctx, 'palette (active CSV editor)', 'palette-scatter');
    const tabs = await tabLabels(page);
    checks.check(tag, tabs.includes(PANEL_TITLE), `palette: editor tab "${PANEL_TITLE}" is open (tabs: ${JSON.stringify(tabs)})`);
  });

  // 3. Command palette: Open Sample Data
  await step(ctx, 'open sample', async () => {
    await closeAllEditors(page);
    await runCommand(page, PALETTE_SAMPLE);
    await checkScatter(ctx, 'palette "Open Sample Data"', 'sample-scatter');
    const tabs = await tabLabels(page);
    checks.check(tag, tabs.some(t => t.startsWith('Cluster Lens: ')), `open sample: a "Cluster Lens: …" tab is open (tabs: ${JSON.stringify(tabs)})`);
  });

  // 3b. A Parquet file via the Explorer menu: the same entry, the same scatter
  await step(ctx, 'parquet', async () => {
    await closeAllEditors(page);
    const entry = await openExplorerContextMenu(page, 'penguins.parquet', MENU_ITEM);
    checks.check(tag, (await entry.innerText()).trim() === 'Cluster CSV…', 'context menu: entry "Cluster CSV…" on penguins.parquet');
    await entry.click();
    await checkScatter(ctx, 'context menu on penguins.parquet', 'parquet-scatter');
    const tabs = await tabLabels(page);
    checks.check(tag, tabs.includes('Cluster Lens: penguins.parquet'), `parquet: editor tab "Cluster Lens: penguins.parquet" is open (tabs: ${JSON.stringify(tabs)})`);
  });

  // 3c. A wide file (24 columns, full covariance: the wide kernels in the host's worker) via the Explorer menu
  await step(ctx, 'wide file', async () => {
    await closeAllEditors(page);
    const entry = await openExplorerContextMenu(page, 'wide.csv', MENU_ITEM);
    await entry.click();
    await checkScatter(ctx, 'context menu on wide.csv (24 columns)', 'wide-scatter');
    const tabs = await tabLabels(page);
    checks.check(tag, tabs.includes('Cluster Lens: wide.csv'), `wide file: editor tab "Cluster Lens: wide.csv" is open (tabs: ${JSON.stringify(tabs)})`);
  });

  // 4. Hostile files via the Explorer menu: an error notification that says what is wrong, no crash
  await step(ctx, 'hostile file', () => hostileFile(ctx, 'empty.csv', /empty/i, 'empty-csv-error', true));
  await step(ctx, 'hostile file (text only)', () => hostileFile(ctx, 'names.csv', /no numeric column/i, 'names-csv-error'));

  // 5. A large file: reading progress in the panel; cancelling its first fit leaves a calm state, no spinner
  await step(ctx, 'cancel first fit', () => cancelFirstFit(ctx));

  // 5b. The file changes on disk: the panel says so and reads it again on request (a disk write is seen by
  //     code-server's file watcher; test-web serves the folder read-only from its own copy)
  if (!tag.startsWith('web')) { await step(ctx, 'file changed on disk', () => fileChangedOnDisk(ctx)); }

  // 5c. A file over the large-file size: sampled (Node) or read whole (web), and the view says which
  await step(ctx, 'large file', () => largeFileScenario(ctx));

  // 6. Restore after "Developer: Reload Window": the serializer brings the panel back, it fits again, and it
  //    opens on the tab that was shown (Compare k) with the comparison's results
  if (ctx.reload) { await step(ctx, 'reload', () => reloadRestores(ctx)); }

  // 7. Every view, dark and light theme (screenshots in <shots>/views/)
  if (ctx.views) { await runViewsScenario({ ...ctx, shots: ctx.viewShots ?? ctx.shots }); }
}

async function hostileFile(ctx, name, expected, shotName, notes = false) {
  const { page, tag, checks } = ctx;
  await closeAllEditors(page);
  await clearNotifications(page);
  const entry = await openExplorerContextMenu(page, name, MENU_ITEM);
  await entry.click();
  // in code-server's development mode (smoke-test driver) the workbench shows no toasts: use the center
  const n = await waitForNotification(page, 'Cluster Lens:', { timeoutMs: 30_000, center: !!ctx.noToasts, severity: 'error' });
  const where = ctx.noToasts ? 'in the notification center' : 'as a toast';
  checks.check(tag, !!n && n.message.startsWith('Cluster Lens:'),
    `${name}: error notification (error icon) ${where} starting with "Cluster Lens:" (got ${JSON.stringify(n?.message ?? null)})`);
  checks.check(tag, !!n && expected.test(n.message), `${name}: the error notification says what is wrong (${expected})`);
  await sleep(300);
  console.log(`[${tag}]      screenshot ${await screenshot(page, ctx.shots, ctx.prefix + shotName)}`);
  if (ctx.noToasts) { await runCommand(page, 'Notifications: Hide Notifications').catch(() => {}); }
  if (!notes) { return; }
  // not part of the contract, reported as notes: what else stays on screen after the rejection
  await sleep(3_000);
  const tabs = await tabLabels(page);
  if (tabs.some(t => t.startsWith('Cluster Lens:'))) {
    const w = await waitForWebviewState(page, 5_000);
    console.log(`[${tag}] note: after the rejection a panel stays open (tabs: ${JSON.stringify(tabs)}; its data-state=${w.state}${w.errorMessage ? `, #error-message ${JSON.stringify(w.errorMessage)}` : ''})`);
  }
  const progress = page.locator('.notification-list-item', { hasText: `reading ${name}` });
  if (await progress.count() > 0) {
    console.log(`[${tag}] note: 3 s after the error a progress notification is still listed: ${JSON.stringify((await progress.first().innerText()).replace(/\s+/g, ' '))}`);
    console.log(`[${tag}]      screenshot ${await screenshot(page, ctx.shots, ctx.prefix + shotName.replace(/-error$/, '') + '-after-3s')}`);
  }
}

/** The webview's #app[data-state] ('' while no webview answers). */
async function dataState(page) {
  return webviewContent(page).locator('#app').getAttribute('data-state', { timeout: 1_000 }).catch(() => '');
}

/**
 * slow.csv (400,000 rows): the panel shows how much it has read while reading; a read cancelled from the
 * panel is a calm state with "Read the file" (no error); read again, its first fit cancelled from the
 * panel leaves a calm state (data-state=idle, a notice, no spinner) instead of "Reading the file…".
 */
async function cancelFirstFit(ctx) {
  const { page, tag, checks } = ctx;
  await closeAllEditors(page);
  await clearNotifications(page);
  const entry = await openExplorerContextMenu(page, 'slow.csv', MENU_ITEM);
  await entry.click();
  const content = webviewContent(page);
  const t0 = Date.now();
  const seen = [];
  /** Polls the panel's state until `stop(state, readingText)` says so; records the states it passed. */
  const watch = (stop) => pollFor(async () => {
    const state = await dataState(page);
    if (seen.at(-1)?.state !== state) { seen.push({ state, at: secs(t0) }); }
    const text = state === 'loading' ? await content.locator('#read-text').innerText({ timeout: 500 }).catch(() => '') : '';
    return stop(state, text);
  }, FIT_TIMEOUT_MS, 100);
  const states = () => seen.map(x => `${x.state || '(none)'} at ${x.at}`).join(', ');

  // 1. Reading progress, then Cancel on it. The Node host streams the file (percent of the bytes); the web
  //    host gets it whole from workspace.fs and shows its size until the parser reports. Where the whole read
  //    is over before the webview has drawn its first frame (test-web on localhost), that is said instead.
  const first = await watch((state, text) => (/\d MB\)$/.test(text) ? { reading: text } : ['fitting', 'ready', 'error'].includes(state) ? { state } : undefined));
  let cancelledRead = false;
  if (first?.reading) {
    checks.check(tag, /^Reading the file… (\d+% \([\d.]+ MB of )?\(?[\d.]+ MB\)$/.test(first.reading),
      `slow.csv: the panel shows reading progress (its size, and percent where the bytes stream): ${JSON.stringify(first.reading)}`);
    // At once (a screenshot first would take longer than the read); the read may still end before the click
    // lands (test-web parses 26 MB in well under a second).
    const clickAt = Date.now();
    cancelledRead = await content.locator('#cancel-read').click({ timeout: 2_000 }).then(() => true, e => { console.log(`[${tag}]      click #cancel-read: ${String(e?.message ?? e).split('\n').slice(0, 12).join(' | ')}`); return false; });
    console.log(`[${tag}]      click #cancel-read ${cancelledRead ? 'done' : 'failed'} after ${Date.now() - clickAt} ms (states ${states()})`);
    if (!cancelledRead && (await dataState(page)) === 'loading') { throw new Error('Cancel of the read could not be clicked while the file was read'); }
    if (!cancelledRead) { console.log(`[${tag}] note: slow.csv was read before Cancel could be clicked (states ${states()}): no cancelled read to see here`); }
  } else {
    console.log(`[${tag}] note: slow.csv was read before the webview answered (states ${states()}): no reading progress to see or cancel here`);
  }
  // Cancel stops what runs when it arrives: a click that lands just after the read ended stops the first fit.
  let fitCancelled = false;
  if (cancelledRead) {
    const calm = await watch(state => (state === 'idle' || state === 'error' || state === 'ready' ? state : undefined));
    const notice = (await content.locator('#notice-text').innerText({ timeout: 2_000 }).catch(() => '')).trim();
    const error = await content.locator('#error').isVisible().catch(() => false);
    fitCancelled = /^Fit cancelled/.test(notice);
    if (fitCancelled) {
      console.log(`[${tag}] note: Cancel reached the host just after the read ended, so it stopped the first fit (states ${states()})`);
    } else {
      checks.check(tag, calm === 'idle' && /^Reading was cancelled/.test(notice) && !error,
        `slow.csv: a cancelled read is calm (data-state=${calm}, notice ${JSON.stringify(notice)}, error box ${error ? 'shown' : 'hidden'}; states ${states()})`);
      console.log(`[${tag}]      screenshot ${await screenshot(page, ctx.shots, ctx.prefix + 'slow-read-cancelled')}`);
      await content.locator('#reread').click({ timeout: 5_000 });
    }
  }

  // 2. The first fit, cancelled from the panel (after "Read the file": the reading progress on the picture)
  if (!fitCancelled) {
    let shot = !cancelledRead;
    const fitting = await watch(async (state, text) => {
      if (!shot && /\d MB\)$/.test(text)) {
        shot = true;
        console.log(`[${tag}]      screenshot ${await screenshot(page, ctx.shots, ctx.prefix + 'slow-reading')}`);
      }
      return ['fitting', 'ready', 'error'].includes(state) ? state : undefined;
    });
    if (fitting !== 'fitting') { throw new Error(`slow.csv: the first fit never showed as running (data-state=${fitting}; states ${states()})`); }
    await content.locator('#cancel').click({ timeout: 5_000 });
  }
  const idle = await pollFor(async () => ((await dataState(page)) === 'idle' ? 'idle' : undefined), 15_000);
  const state = await dataState(page);
  checks.check(tag, idle === 'idle', `slow.csv: cancelling the first fit leaves the panel idle (data-state=${state})`);
  const rings = await content.locator('#status vscode-progress-ring').count();
  const notice = (await content.locator('#notice-text').innerText({ timeout: 2_000 }).catch(() => '')).trim();
  checks.check(tag, rings === 0 && /^Fit cancelled/.test(notice),
    `slow.csv: no spinner after the cancel (${rings} progress rings) and a calm notice ${JSON.stringify(notice)}`);
  await sleep(300);
  console.log(`[${tag}]      screenshot ${await screenshot(page, ctx.shots, ctx.prefix + 'slow-first-fit-cancelled')}`);
}

/** watched.csv (penguins + one row appended on disk while its panel is open): banner, "Read it again", one row more. */
async function fileChangedOnDisk(ctx) {
  const { page, tag, checks } = ctx;
  const file = path.join(workspaceDir, 'watched.csv');
  const original = fs.readFileSync(path.join(workspaceDir, 'penguins.csv'), 'utf8');
  fs.writeFileSync(file, original);
  try {
    await closeAllEditors(page);
    await clearNotifications(page);
    const entry = await openExplorerContextMenu(page, 'watched.csv', MENU_ITEM);
    await entry.click();
    const before = await waitForWebviewState(page, FIT_TIMEOUT_MS);
    if (before.state !== 'ready') { throw new Error(`watched.csv did not get ready (data-state=${before.state})`); }
    const content = webviewContent(page);
    const rowsOf = async () => Number(/^([\d,]+) rows/.exec(await content.locator('#subtitle').innerText({ timeout: 2_000 }))?.[1].replace(/,/g, ''));
    const rowsBefore = await rowsOf();
    const lastLine = original.trimEnd().split('\n').at(-1);
    fs.appendFileSync(file, `${lastLine}\n`);
    const banner = await pollFor(async () => (await content.locator('#file-changed').isVisible()) && content.locator('#file-changed-text').innerText(), 20_000, 250);
    checks.check(tag, /changed on disk since it was read/.test(banner ?? ''), `watched.csv: the panel says the file changed on disk (${JSON.stringify(banner ?? null)})`);
    console.log(`[${tag}]      screenshot ${await screenshot(page, ctx.shots, ctx.prefix + 'file-changed')}`);
    await content.locator('#reread-changed').click({ timeout: 5_000 });
    const again = await pollFor(async () => {
      const state = await dataState(page);
      return state === 'ready' && !(await content.locator('#file-changed').isVisible()) && (await rowsOf()) === rowsBefore + 1;
    }, FIT_TIMEOUT_MS, 250);
    checks.check(tag, !!again, `watched.csv: "Read it again" reads the changed file and fits it (${rowsBefore} rows before, ${await rowsOf().catch(() => NaN)} after, data-state=${await dataState(page)})`);
  } finally {
    await closeAllEditors(page).catch(() => {});
    fs.rmSync(file, { force: true });
  }
}

/** Runs "Compare k" with K = `k` in the open panel and waits for "Fitted N models." */
async function runCompare(page, k) {
  const content = webviewContent(page);
  await content.locator('#tab-compare').click({ timeout: 5_000 });
  await content.locator('#compare-k input').fill(String(k), { timeout: 5_000 });
  await content.locator('#compare-run').click({ timeout: 5_000 });
  return compareDone(page, FIT_TIMEOUT_MS);
}

/** The Compare k progress text once it says "Fitted N models." (or whatever it said last). */
async function compareDone(page, timeoutMs) {
  const progress = webviewContent(page).locator('#compare-progress-text');
  let text = '';
  await pollFor(async () => {
    text = (await progress.innerText({ timeout: 1_000 })).trim();
    return /^Fitted \d+ models?\./.test(text);
  }, timeoutMs, 250);
  return text;
}

/** Runs Compare methods on its tab; its progress text once it says "N methods fitted in" (or whatever it said last). */
async function runCompareMethods(page) {
  await webviewContent(page).locator('#tab-compare-methods').click({ timeout: 5_000 });
  await webviewContent(page).locator('#compare-methods-run').click({ timeout: 5_000 });
  return compareMethodsDone(page, FIT_TIMEOUT_MS);
}

async function compareMethodsDone(page, timeoutMs) {
  const progress = webviewContent(page).locator('#compare-methods-progress-text');
  let text = '';
  await pollFor(async () => {
    text = (await progress.innerText({ timeout: 1_000 })).trim();
    return /methods fitted in/.test(text);
  }, timeoutMs, 250);
  return text;
}

/**
 * Opens the panel, runs Compare k and Compare methods on their tabs, goes back to Compare k, runs
 * "Developer: Reload Window" and checks the panel comes back fitted, on the Compare k tab, with the
 * comparison's results and the methods' (run again from the same fit); then the scatter is drawn.
 */
async function reloadRestores(ctx) {
  const { page, tag, checks } = ctx;
  const COMPARE_K = 4;
  await closeAllEditors(page);
  await clearNotifications(page);
  const entry = await openExplorerContextMenu(page, 'penguins.csv', MENU_ITEM);
  await entry.click();
  const before = await waitForWebviewState(page, FIT_TIMEOUT_MS);
  if (before.state !== 'ready') { throw new Error(`the panel did not get ready before the reload (data-state=${before.state})`); }
  const compared = await runCompare(page, COMPARE_K);
  if (!/^Fitted \d+ models?\./.test(compared)) { throw new Error(`Compare k did not finish before the reload (${JSON.stringify(compared)})`); }
  const rowsBefore = await webviewContent(page).locator('#compare-table tbody tr').count();
  const methodsBefore = await runCompareMethods(page);
  if (!/methods fitted in/.test(methodsBefore)) { throw new Error(`Compare methods did not finish before the reload (${JSON.stringify(methodsBefore)})`); }
  const agreementBefore = await webviewContent(page).locator('#compare-methods-agreement tr').count();
  await webviewContent(page).locator('#tab-compare').click({ timeout: 5_000 });
  await sleep(800); // the webview saves its state (panel id, tab) with setState; give the workbench a moment to store it
  const t0 = Date.now();
  const navigated = page.waitForEvent('framenavigated', { predicate: f => f === page.mainFrame(), timeout: 30_000 });
  await runCommand(page, 'Developer: Reload Window');
  await navigated;
  await waitForWorkbench(page, 'penguins.csv', 90_000);
  console.log(`[${tag}]      reloaded, Explorer back after ${secs(t0)}`);
  let tabs = [];
  for (let i = 0; i < 60 && !tabs.includes(PANEL_TITLE); i++) { await sleep(500); tabs = await tabLabels(page); }
  checks.check(tag, tabs.includes(PANEL_TITLE), `reload: the editor tab "${PANEL_TITLE}" is back after "Developer: Reload Window" (tabs: ${JSON.stringify(tabs)}, ${secs(t0)})`);
  const t1 = Date.now();
  await page.locator('.tabs-container .tab', { hasText: PANEL_TITLE }).first().click().catch(() => {});
  const content = webviewContent(page);
  const ready = await pollFor(async () => ((await dataState(page)) === 'ready' ? 'ready' : undefined), FIT_TIMEOUT_MS, 250);
  checks.check(tag, ready === 'ready', `reload: the restored panel fitted again (data-state=${await dataState(page)}, ${secs(t1)})`);
  const onCompare = await pollFor(() => content.locator('#compare-run').isVisible(), 10_000);
  checks.check(tag, !!onCompare, 'reload: the restored panel opens on the tab that was shown (Compare k)');
  const after = await compareDone(page, FIT_TIMEOUT_MS);
  const rowsAfter = await content.locator('#compare-table tbody tr').count();
  checks.check(tag, /^Fitted \d+ models?\./.test(after) && rowsAfter === rowsBefore && rowsAfter === COMPARE_K,
    `reload: Compare k's results are back (${JSON.stringify(after)}, ${rowsAfter} table rows, ${rowsBefore} before the reload)`);
  await sleep(600);
  console.log(`[${tag}]      screenshot ${await screenshot(page, ctx.shots, ctx.prefix + 'reload-restored-compare')}`);
  await content.locator('#tab-compare-methods').click({ timeout: 5_000 });
  const methodsAfter = await compareMethodsDone(page, FIT_TIMEOUT_MS);
  const agreementAfter = await content.locator('#compare-methods-agreement tr').count();
  checks.check(tag, /methods fitted in/.test(methodsAfter) && agreementAfter === agreementBefore && agreementAfter >= 4,
    `reload: Compare methods' results are back (${JSON.stringify(methodsAfter)}, ${agreementAfter} agreement rows, ${agreementBefore} before the reload)`);
  console.log(`[${tag}]      screenshot ${await screenshot(page, ctx.shots, ctx.prefix + 'reload-restored-methods')}`);
  await content.locator('#tab-scatter').click({ timeout: 5_000 });
  await checkScatter(ctx, 'reload: the restored panel', 'reload-restored');
  console.log(`[${tag}]      restored panel drawn ${secs(t1)} after its tab showed`);
}
