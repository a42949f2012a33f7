// HDBSCAN's condensed tree in the convergence tab: a click on a cluster's bar (or its number in the
// table) selects that cluster's drawn rows and shows them ringed on the scatter plot.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fitCsvFile, MOONS_CSV, type RealFit } from './fixtures';
import { closeBrowser, openWebview, type THEMES, type WebviewPage } from './harness';

interface Bar { node: number; label: string; x: number; y: number }

async function showTree(fit: RealFit, theme: keyof typeof THEMES = 'dark'): Promise<WebviewPage> {
  const view = await openWebview({ theme, width: 1100, height: 800 });
  for (const message of fit.messages) { await view.send(message); }
  await view.waitForState('ready');
  await view.page.locator('#tab-convergence').click();
  await view.page.waitForFunction(() => document.querySelector('.convergence')?.getAttribute('data-density-chart') === 'hdbscan');
  return view;
}

const bars = (view: WebviewPage) => view.page.evaluate(() => (window as unknown as { clusterLensTreeInspect(): unknown }).clusterLensTreeInspect()) as Promise<Bar[]>;
const ringed = (view: WebviewPage) => view.page.evaluate(() => Number(document.getElementById('scatter')?.dataset.selectedCount));

describe('the condensed tree chart', () => {
  let hdbscan: RealFit;
  before(async () => {
    hdbscan = await fitCsvFile(MOONS_CSV, { algorithm: 'hdbscan', nComponents: 2, standardize: true, nInit: 1, maxIter: 100, tol: 1e-3 });
  });
  after(closeBrowser);

  test('clicking a selected cluster\'s bar selects its drawn rows and shows them ringed on the scatter plot', async () => {
    const view = await showTree(hdbscan);
    try {
      const bar = (await bars(view)).find(b => b.label === 'Cluster 2')!;
      assert.ok(bar, 'cluster 2 has a bar');
      const box = (await view.page.locator('#convergence-chart').boundingBox())!;
      await view.page.mouse.click(box.x + bar.x, box.y + bar.y);
      await view.page.waitForFunction(() => document.querySelector('vscode-tab-panel[data-view="scatter"]')?.checkVisibility());
      const { labels } = hdbscan.snapshot.sample;
      assert.equal(await ringed(view), labels.filter(label => label === 1).length);
    } finally { await view.close(); }
  });

  test('the root\'s bar selects every clustered row, noise left out; the table\'s cluster numbers select like the bars', async () => {
    const view = await showTree(hdbscan);
    try {
      const root = (await bars(view)).find(b => b.node === 0)!;
      const box = (await view.page.locator('#convergence-chart').boundingBox())!;
      await view.page.mouse.click(box.x + root.x, box.y + root.y);
      await view.page.waitForFunction(() => document.querySelector('vscode-tab-panel[data-view="scatter"]')?.checkVisibility());
      const { labels } = hdbscan.snapshot.sample;
      assert.equal(await ringed(view), labels.filter(label => label >= 0).length);
      await view.page.locator('#tab-convergence').click();
      await view.page.locator('#convergence-table button.cell-link', { hasText: /^1$/ }).evaluate(b => (b as HTMLButtonElement).click());
      await view.page.waitForFunction(() => document.querySelector('vscode-tab-panel[data-view="scatter"]')?.checkVisibility());
      assert.equal(await ringed(view), labels.filter(label => label === 0).length);
    } finally { await view.close(); }
  });

  for (const theme of ['light', 'dark', 'hcDark'] as const) {
    test(`screenshot in the ${theme} theme: the selected clusters numbered above their bars`, async () => {
      const view = await showTree(hdbscan, theme);
      try {
        assert.equal((await bars(view)).filter(b => /^Cluster \d+$/.test(b.label)).length, hdbscan.snapshot.nComponents);
        await view.screenshot(`condensed-tree-${theme}`);
      } finally { await view.close(); }
    });
  }
});
