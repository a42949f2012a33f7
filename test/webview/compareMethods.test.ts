// The "Compare methods" tab in headless Chromium, fed a real comparison of the two moons computed
// by the same core and host code the worker and the panel run.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runMethodComparison } from '../../src/core/methodComparison';
import { planMethodComparison } from '../../src/host/pure/methodComparison';
import { type HostMessage, parseHostMessage, type WebviewMessage } from '../../src/shared/protocol';
import { fitCsvFile, MOONS_CSV, type RealFit } from './fixtures';
import { closeBrowser, openWebview, type THEMES, type WebviewPage } from './harness';

interface Inspection {
  status: string;
  verdict: string;
  multiples: { algorithm: string; nClusters: number; silhouette: number | null; current: boolean; error: string | null; perCluster: number[]; noise: number; ellipses: number }[];
  agreement: string[][];
}

const inspect = (view: WebviewPage) =>
  view.page.evaluate(() => (window as unknown as { clusterLensCompareMethodsInspect(): unknown }).clusterLensCompareMethodsInspect()) as Promise<Inspection>;

const DEFAULTS = { gmm: { nInit: 1, maxIter: 100, tol: 1e-3 }, kmeans: { nInit: 10, maxIter: 300, tol: 1e-4 } };

/** A real "Compare methods" run of a fit, as the host posts it. */
function compareMethodsOf(fit: RealFit, compareId = 1): HostMessage[] {
  const options = fit.snapshot.options;
  const { request, start } = planMethodComparison({ options, selection: fit.selection, result: fit.result }, DEFAULTS, compareId, 1e-6);
  return [
    start,
    ...[...runMethodComparison(request)].map(method => ({ type: 'didCompareMethod', compareId, method }) as HostMessage),
    { type: 'didFinishCompareMethods', compareId },
  ];
}

async function showTab(fit: RealFit, theme: keyof typeof THEMES = 'dark'): Promise<WebviewPage> {
  const view = await openWebview({ theme, width: 1280, height: 1000 });
  for (const message of fit.messages) { await view.send(message); }
  await view.waitForState('ready');
  await view.page.locator('#tab-compare-methods').click();
  await view.page.locator('#compare-methods-run').waitFor({ state: 'visible' });
  return view;
}

async function sendAll(view: WebviewPage, messages: HostMessage[]): Promise<void> {
  for (const message of messages) { await view.send(message); }
}

describe('the Compare methods tab', () => {
  let moons: RealFit;
  let run: HostMessage[];
  before(async () => {
    moons = await fitCsvFile(MOONS_CSV, { algorithm: 'gmm', nComponents: 2, standardize: true });
    run = compareMethodsOf(moons);
  });
  after(closeBrowser);

  test('every message of a real run passes the protocol\'s guard', () => {
    assert.deepEqual(run.map(m => m.type), ['didStartCompareMethods', 'didCompareMethod', 'didCompareMethod', 'didCompareMethod', 'didCompareMethod', 'didFinishCompareMethods']);
    for (const message of run) { assert.ok(parseHostMessage(message).ok, JSON.stringify(parseHostMessage(message))); }
  });

  test('Compare methods posts its request, Cancel posts cancelCompareMethods while the run goes on, and progress counts the methods', async () => {
    const view = await showTab(moons);
    try {
      await view.page.locator('#compare-methods-run').click();
      assert.deepEqual((await view.posted() as WebviewMessage[]).filter(m => m.type === 'compareMethods'), [{ type: 'compareMethods' }]);
      await sendAll(view, run.slice(0, 3));
      assert.match(await view.page.locator('#compare-methods-progress-text').innerText(), /2 of 4 fitted; fitting Spectral clustering/);
      await view.page.locator('#compare-methods-cancel').click();
      assert.ok((await view.posted() as WebviewMessage[]).some(m => m.type === 'cancelCompareMethods'));
      await view.send({ type: 'didCancelCompareMethods', compareId: 1 });
      // window.postMessage is delivered in a later task: wait (bounded) for the view to take it
      await view.page.locator('#compare-methods-progress-text', { hasText: 'Cancelled' }).waitFor({ timeout: 5000 }).catch(() => undefined);
      assert.match(await view.page.locator('#compare-methods-progress-text').innerText(), /Cancelled after 2 methods/);
    } finally { await view.close(); }
  });

  test('on two moons the multiples show the ellipses cutting across the moons, and the verdict and the matrix say that spectral and HDBSCAN agree', async () => {
    const view = await showTab(moons);
    try {
      await sendAll(view, run);
      await view.page.waitForFunction(() => document.querySelectorAll('#compare-methods-multiples .compare-multiple').length === 4);
      const got = await inspect(view);
      assert.equal(got.status, 'done');
      assert.deepEqual(got.multiples.map(m => m.algorithm), ['gmm', 'kmeans', 'spectral', 'hdbscan']);
      // the mixture draws its ellipses (two per cluster: 1 and 2 σ); the others none
      assert.deepEqual(got.multiples.map(m => m.ellipses), [4, 0, 0, 0]);
      const m = run[0]!.type === 'didStartCompareMethods' ? run[0]!.sample.rowIndex.length : 0;
      for (const multiple of got.multiples) { assert.equal(multiple.perCluster.reduce((a, b) => a + b, 0) + multiple.noise, m); }
      assert.match(got.verdict, /Spectral clustering and HDBSCAN find the same clusters/);
      assert.match(got.verdict, /the clusters here are not round/);
      // rows: the four methods, columns: the four agreements and the silhouette
      assert.equal(got.agreement.length, 4);
      assert.ok(Number(got.agreement[2]![3]) >= 0.9 && Number(got.agreement[3]![2]) >= 0.9, JSON.stringify(got.agreement));
      assert.ok(Number(got.agreement[0]![2]) < 0.7, JSON.stringify(got.agreement));
      assert.ok(got.multiples[0]!.current, 'the fit compared is the mixture: its plot is marked current');
    } finally { await view.close(); }
  });

  test('clicking a method opens it as the fit with the options it was compared with', async () => {
    const view = await showTab(moons);
    try {
      await sendAll(view, run);
      await view.page.locator('#compare-methods-multiples .compare-multiple[data-algorithm="hdbscan"]').click();
      const fit = (await view.posted() as WebviewMessage[]).filter(m => m.type === 'fit').at(-1);
      const start = run[0]!;
      assert.ok(fit?.type === 'fit' && start.type === 'didStartCompareMethods');
      assert.deepEqual(fit.options, start.methods[3]);
      assert.equal(await view.page.locator('vscode-tab-panel[data-view="scatter"]').isVisible(), true);
    } finally { await view.close(); }
  });

  for (const theme of ['light', 'dark', 'hcDark'] as const) {
    test(`screenshot in the ${theme} theme`, async () => {
      const view = await showTab(moons, theme);
      try {
        await sendAll(view, run);
        await view.page.waitForFunction(() => document.querySelectorAll('#compare-methods-multiples canvas').length === 4);
        await view.screenshot(`compare-methods-${theme}`);
      } finally { await view.close(); }
    });
  }
});
