import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { HostMessage } from '../../src/shared/protocol';
import { fitSampleFile, type RealFit } from './fixtures';
import { closeBrowser, openWebview, type WebviewPage } from './harness';

const PANEL_ID = '0123456789abcdef0123456789abcdef';
const startRead: HostMessage = { type: 'didStartRead', panelId: PANEL_ID, fileName: 'penguins.csv' };

async function postedTypes(view: WebviewPage): Promise<string[]> {
  return (await view.posted()).map(m => (m as { type: string }).type);
}

async function waitForPosted(view: WebviewPage, type: string): Promise<void> {
  await view.page.waitForFunction(t => (window as unknown as { __posted: { type: string }[] }).__posted.some(m => m.type === t), type);
}

describe('the panel while a file is read, cancelled or changed', () => {
  let fit: RealFit;
  before(async () => { fit = await fitSampleFile('penguins.csv', { nComponents: 3 }); });
  after(closeBrowser);

  test('shows how much of the file is read, with a bar and Cancel, instead of a blank page', async () => {
    const view = await openWebview();
    try {
      await view.send(startRead);
      await view.send({ type: 'didProgressRead', bytesRead: 12.5 * 1024 * 1024, totalBytes: 50 * 1024 * 1024 });
      await view.page.waitForFunction(() => /25%/.test(document.getElementById('read-text')?.textContent ?? ''));
      assert.equal(await view.page.locator('#read-text').innerText(), 'Reading the file… 25% (12.5 MB of 50.0 MB)');
      assert.equal(await view.page.locator('.title').innerText(), 'penguins.csv');
      assert.equal(await view.page.locator('#read-progress').evaluate(e => (e as HTMLProgressElement).position), 0.25);
      await view.screenshot('reading-dark');
      await view.page.locator('#cancel-read').click();
      await waitForPosted(view, 'cancel');
    } finally { await view.close(); }
  });

  test('a cancelled read is calm: a notice and a button that reads the file, no error', async () => {
    const view = await openWebview();
    try {
      await view.send(startRead);
      await view.send({ type: 'didCancelRead' });
      await view.waitForState('idle');
      assert.equal(await view.page.locator('#error').isVisible(), false);
      assert.equal(await view.page.locator('#status vscode-progress-ring').count(), 0, 'no spinner');
      assert.match(await view.page.locator('#notice-text').innerText(), /Reading was cancelled/);
      await view.screenshot('read-cancelled-dark');
      await view.page.locator('#reread').click();
      await waitForPosted(view, 'reread');
    } finally { await view.close(); }
  });

  test('cancelling the first fit leaves the controls ready and no spinner', async () => {
    const view = await openWebview();
    try {
      const [load] = fit.messages;
      await view.send(startRead);
      await view.send(load!);
      await view.send({ type: 'didStartFit', fitId: 1, options: fit.snapshot.options });
      await view.waitForState('fitting');
      await view.send({ type: 'didCancelFit', fitId: 1 });
      await view.waitForState('idle');
      assert.equal(await view.page.locator('#status vscode-progress-ring').count(), 0, 'no spinner');
      assert.match(await view.page.locator('#notice-text').innerText(), /^Fit cancelled/);
      assert.equal(await view.page.locator('#fit').getAttribute('disabled'), null, 'Fit can be pressed again');
      await view.screenshot('first-fit-cancelled-dark');
    } finally { await view.close(); }
  });

  test('cancelling a later fit shows the previous fit with its settings back in the controls, and says so', async () => {
    const view = await openWebview();
    try {
      await view.send(startRead);
      for (const message of fit.messages) { await view.send(message); }
      await view.waitForState('ready');
      await view.page.locator('#k input').fill('6');
      await view.page.locator('#fit').click();
      await waitForPosted(view, 'fit');
      await view.send({ type: 'didStartFit', fitId: 2, options: { ...fit.snapshot.options, nComponents: 6 } });
      await view.waitForState('fitting');
      await view.send({ type: 'didCancelFit', fitId: 2 });
      await view.waitForState('ready');
      assert.equal(await view.page.locator('#k input').inputValue(), '3', 'the controls show the fit on screen');
      assert.equal(await view.page.locator('#notice-text').innerText(),
        'Cancelled: showing the previous fit (k = 3, full), with its settings back in the controls.');
      await view.screenshot('later-fit-cancelled-dark');
    } finally { await view.close(); }
  });

  test('says when the file changed on disk and reads it again on request', async () => {
    const view = await openWebview({ theme: 'light' });
    try {
      await view.send(startRead);
      for (const message of fit.messages) { await view.send(message); }
      await view.waitForState('ready');
      await view.send({ type: 'didChangeFile', deleted: false });
      await view.page.locator('#file-changed').waitFor();
      assert.equal(await view.page.locator('#file-changed-text').innerText(), 'penguins.csv changed on disk since it was read.');
      await view.screenshot('file-changed-light');
      await view.page.locator('#reread-changed').click();
      await waitForPosted(view, 'reread');
    } finally { await view.close(); }
  });

  test('keeps its panel id and tab in its state, and opens on that tab after a reload', async () => {
    const view = await openWebview({ state: { panelId: PANEL_ID, activeView: 'convergence' } });
    try {
      await view.send(startRead);
      for (const message of fit.messages) { await view.send(message); }
      await view.waitForState('ready');
      await view.page.locator('#convergence-verdict').waitFor();
      assert.equal(await view.page.locator('#convergence-verdict').isVisible(), true, 'the convergence tab is the one shown');
      await view.page.locator('#tab-profiles').click();
      await view.page.waitForFunction(() => (window as unknown as { __state?: { activeView?: string } }).__state?.activeView === 'profiles');
      assert.deepEqual(await view.page.evaluate(() => (window as unknown as { __state: unknown }).__state), { panelId: PANEL_ID, activeView: 'profiles' });
      assert.ok(!(await postedTypes(view)).includes('fit'), 'a restored panel asks for nothing by itself');
    } finally { await view.close(); }
  });
});
