import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { answerAgreeRequest } from '../../src/host/pure/agreementCounts';
import { answerTableRequest, type TableFit } from '../../src/host/pure/tablePages';
import type { Dataset } from '../../src/data/csvReader';
import { parseWebviewMessage, type WebviewMessage } from '../../src/shared/protocol';
import type { TableInspection } from '../../webview/tableView';
import { fitSampleFile, readSample, type RealFit } from './fixtures';
import { closeBrowser, openWebview, screenshotDir, type TestHost, type THEMES, type WebviewPage } from './harness';

describe('the agreement tab', () => {
  let fit: RealFit;
  let dataset: Dataset;
  let tableFit: TableFit;
  const received: WebviewMessage[] = [];
  const hostErrors: string[] = [];
  /** A stand-in host answering as ClusterPanel does, from the same pure modules. */
  const host: TestHost = message => {
    const parsed = parseWebviewMessage(message);
    if (!parsed.ok) { hostErrors.push(parsed.error); return undefined; }
    received.push(parsed.message);
    const m = parsed.message;
    if (m.type === 'agree') { return answerAgreeRequest(m, dataset, tableFit); }
    return m.type === 'requestRows' || m.type === 'locateRow' ? answerTableRequest(m, dataset, tableFit) : undefined;
  };

  async function showAgreement(theme: keyof typeof THEMES = 'dark'): Promise<WebviewPage> {
    const view = await openWebview({ theme, width: 1100, height: 800, host });
    for (const message of fit.messages) { await view.send(message); }
    await view.waitForState('ready');
    await view.page.locator('#tab-agreement').click();
    await view.page.locator('.agreement[data-drawn-for]').waitFor();
    return view;
  }

  before(async () => {
    fit = await fitSampleFile('penguins.csv', { nComponents: 3, covarianceType: 'full', standardize: true, nInit: 2 });
    dataset = await readSample('penguins.csv');
    tableFit = { selection: fit.selection, result: fit.result, snapshot: fit.snapshot };
  });
  after(closeBrowser);

  test('crosses the clusters with species over every row, with the adjusted Rand index, NMI and purity', async () => {
    const view = await showAgreement();
    try {
      const species = dataset.columns.find(c => c.name === 'species')!;
      assert.equal(species.kind, 'text');
      const names = [...new Set(species.kind === 'text' ? species.values : [])].sort();
      // The table, counted here from the fit's labels and the file (not by the code under test).
      const counts = Array.from({ length: 3 }, () => new Map<string, number>());
      fit.selection.rowIndex.forEach((row, i) => {
        const value = species.kind === 'text' ? species.values[row] : '';
        counts[fit.result.labels[i]].set(value, (counts[fit.result.labels[i]].get(value) ?? 0) + 1);
      });
      const headers = await view.page.locator('#agreement-table thead th').allTextContents();
      assert.deepEqual(headers, ['Cluster', ...names, 'Rows']);
      for (let c = 0; c < 3; c++) {
        const cells = await view.page.locator(`#agreement-table tbody tr:nth-child(${c + 1}) td`).allTextContents();
        names.forEach((name, j) => assert.equal(cells[j], counts[c].get(name) ? String(counts[c].get(name)) : '·', `cluster ${c + 1}, ${name}`));
      }
      const ari = await view.page.locator('#agreement-ari').textContent();
      const nmi = await view.page.locator('#agreement-nmi').textContent();
      const purity = await view.page.locator('#agreement-purity').textContent();
      assert.match(ari ?? '', /^Adjusted Rand index (0\.\d{3}|1)$/);
      assert.match(nmi ?? '', /^normalised mutual information (0\.\d{3}|1)$/);
      // Purity by hand: each cluster's most frequent species.
      const agree = counts.reduce((sum, map) => sum + Math.max(...map.values()), 0);
      assert.equal(purity, `purity ${(100 * agree / fit.selection.rowIndex.length).toFixed(1)}%`);
      assert.deepEqual(hostErrors, []);
      await view.screenshot('agreement-dark');
    } finally { await view.close(); }
  });

  test('"Show disagreeing rows" filters the table to the rows outside their cluster\'s most frequent species', async () => {
    const view = await showAgreement();
    try {
      await view.page.locator('#agreement-show-rows').click();
      await view.page.locator('#table-disagree:not([hidden])').waitFor();
      const species = dataset.columns.find(c => c.name === 'species')!;
      const values = species.kind === 'text' ? species.values : [];
      const byCluster = Array.from({ length: 3 }, () => new Map<string, number>());
      fit.selection.rowIndex.forEach((row, i) => byCluster[fit.result.labels[i]].set(values[row], (byCluster[fit.result.labels[i]].get(values[row]) ?? 0) + 1));
      const majority = byCluster.map(map => [...map].sort((a, b) => b[1] - a[1])[0][0]);
      const disagreeing = [...fit.selection.rowIndex].filter((row, i) => values[row] !== majority[fit.result.labels[i]]);
      const start = Date.now();
      let ins: TableInspection | undefined;
      while (Date.now() - start < 10_000) {
        ins = await view.page.evaluate(() => (window as unknown as { clusterLensTable(): unknown }).clusterLensTable()) as TableInspection;
        if (ins.total === disagreeing.length && ins.rows.length > 0 && ins.rows.every(r => r.row >= 0)) { break; }
        await new Promise(resolve => setTimeout(resolve, 25));
      }
      assert.equal(ins?.total, disagreeing.length);
      assert.deepEqual(ins!.rows.map(r => r.row), disagreeing.slice(0, ins!.rows.length));
      assert.ok(received.some(m => m.type === 'requestRows' && m.filter.disagreeWith === 'species'));
      await view.screenshot('agreement-table-dark');
      await view.page.locator('#table-disagree-clear').click();
      await view.page.locator('#table-disagree[hidden]').waitFor({ state: 'attached' });
    } finally { await view.close(); }
  });

  test('says why a measurement cannot be compared', async () => {
    const view = await showAgreement();
    try {
      await view.page.locator('#agreement-column').evaluate(el => {
        (el as unknown as { value: string }).value = 'agree:bill_length_mm';
        el.dispatchEvent(new Event('change'));
      });
      await view.page.waitForFunction(() => /non-integer/.test(document.getElementById('agreement-scores')?.textContent ?? ''));
      assert.equal(await view.page.locator('#agreement-table tr').count(), 0);
    } finally { await view.close(); }
  });

  for (const theme of ['light', 'dark', 'hcDark'] as const) {
    test(`is drawn in the ${theme} theme (screenshot)`, async () => {
      const view = await showAgreement(theme);
      try {
        await view.screenshot(`agreement-${theme}`);
        if (theme === 'light') { await view.page.locator('section.agreement').screenshot({ path: path.join(screenshotDir, 'docs-agreement.png') }); }
      } finally { await view.close(); }
    });
  }
});
