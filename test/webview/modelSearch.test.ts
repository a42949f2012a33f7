// "Find best model" in the Compare tab: real searches (the worker's code, run here) posted as the
// host posts them; the chart's points where the scores put them, the best ringed, the top three in
// words, cells that could not be fitted in words, streaming, and clicks that open a model.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { byteSourceFromBytes } from '../../src/data/byteSource';
import { readCsv, type Dataset } from '../../src/data/csvReader';
import type { HostMessage, SearchedModel, WebviewMessage } from '../../src/shared/protocol';
import { describeTopThree, optionsForCell, rankCells, type SearchStart } from '../../webview/modelSearchModel';
import type { ModelSearchInspection } from '../../webview/modelSearchView';
import { fitCsvBytes, fitSampleFile, readSample, type RealFit } from './fixtures';
import { closeBrowser, openWebview, screenshotDir, type THEMES, type WebviewPage } from './harness';
import { searchRealFit } from './searchFixtures';

async function showCompare(fit: RealFit, theme: keyof typeof THEMES = 'dark', height = 900): Promise<WebviewPage> {
  const view = await openWebview({ theme, height });
  for (const message of fit.messages) { await view.send(message); }
  await view.waitForState('ready');
  await view.page.locator('#tab-compare').click();
  await view.page.locator('#search-run').waitFor({ state: 'visible' });
  return view;
}

async function sendAll(view: WebviewPage, messages: HostMessage[]): Promise<void> {
  for (const message of messages) { await view.send(message); }
}

const inspect = (view: WebviewPage) => view.page.evaluate(() => (window as unknown as { clusterLensSearchInspect(): ModelSearchInspection }).clusterLensSearchInspect());

async function lastOfType<T extends WebviewMessage['type']>(view: WebviewPage, type: T): Promise<Extract<WebviewMessage, { type: T }> | undefined> {
  return (await view.posted() as WebviewMessage[]).filter((m): m is Extract<WebviewMessage, { type: T }> => m.type === type).at(-1);
}

const finalCells = (run: HostMessage[]): SearchedModel[] => {
  const end = run.at(-1)!;
  assert.equal(end.type, 'didFinishModelSearch');
  return end.type === 'didFinishModelSearch' ? end.models : [];
};

describe('Find best model', () => {
  let penguins: RealFit;
  let penguinsData: Dataset;
  let run: HostMessage[];
  let start: SearchStart;
  before(async () => {
    penguins = await fitSampleFile('penguins.csv', { nComponents: 3, covarianceType: 'full', standardize: true });
    penguinsData = await readSample('penguins.csv');
    run = searchRealFit(penguins, penguinsData, 5);
    start = run[0] as SearchStart;
  });
  after(closeBrowser);

  test('posts K; Cancel posts cancelModelSearch while a search runs; the progress says how far it got', async () => {
    const view = await showCompare(penguins);
    try {
      await view.page.evaluate(() => { (document.getElementById('search-k') as HTMLInputElement).value = '5'; });
      await view.page.locator('#search-run').click();
      assert.deepEqual(await lastOfType(view, 'findBestModel'), { type: 'findBestModel', kMax: 5 });
      assert.equal(await view.page.locator('#search-cancel').getAttribute('disabled'), '', 'nothing to cancel yet');
      await sendAll(view, run.slice(0, 8));
      await view.page.waitForFunction(() => !document.getElementById('search-cancel')!.hasAttribute('disabled'));
      assert.match(await view.page.locator('#search-progress-text').innerText(), /^7 of 70 \(model, k\) done — last: VII, k = 2/);
      assert.ok(await view.page.locator('#search-run').getAttribute('disabled') !== null, 'one search at a time');
      await view.page.locator('#search-cancel').click();
      assert.deepEqual(await lastOfType(view, 'cancelModelSearch'), { type: 'cancelModelSearch' });
      await view.send({ type: 'didCancelModelSearch', searchId: 1 });
      await view.page.waitForFunction(() => document.getElementById('search-progress-text')!.textContent === 'Cancelled after 7 of 70 (model, k).');
      assert.equal(await view.page.locator('#search-run').getAttribute('disabled'), null);
    } finally { await view.close(); }
  });

  test('streams: each (model, k) appears in the chart and the grid as it arrives, the rest pending', async () => {
    const view = await showCompare(penguins);
    try {
      await sendAll(view, run.slice(0, 1 + 12));
      await view.page.waitForFunction(() => document.querySelectorAll('#search-grid button[data-model]').length > 0);
      const partial = await inspect(view);
      const arrived = run.slice(1, 13).map(m => (m.type === 'didSearchModel' ? m.model : undefined)!);
      assert.equal(partial.grid.length, arrived.length, 'one grid cell per arrived (model, k)');
      const eii = partial.chart!.series.find(s => s.label === 'EII')!;
      assert.deepEqual(eii.points.map(p => p.k), arrived.filter(c => c.model === 'EII' && c.status === 'fitted').map(c => c.k));
      assert.equal(await view.page.locator('#search-grid td.pending').count(), 70 - 12);
      await view.screenshot('model-search-streaming');
      await sendAll(view, run.slice(13));
      await view.page.waitForFunction(() => document.querySelectorAll('#search-grid td.pending').length === 0);
      assert.match(await view.page.locator('#search-progress-text').innerText(), /^All 70 \(model, k\) done in/);
    } finally { await view.close(); }
  });

  for (const theme of ['light', 'dark', 'hcDark'] as const) {
    test(`one line per model with each point at its k and BIC, the best ringed and stated in words (${theme})`, async () => {
      const view = await showCompare(penguins, theme, 1500);
      try {
        await sendAll(view, run);
        await view.page.waitForFunction(() => document.getElementById('search-progress-text')!.textContent!.startsWith('All'));
        const ins = await inspect(view);
        const cells = finalCells(run);
        const ranking = rankCells(cells, 'bic', start.models);
        assert.deepEqual(ins.chart!.series.map(s => s.label), start.models);
        for (const series of ins.chart!.series) {
          const expected = cells.filter(c => c.model === series.label && c.status === 'fitted').sort((a, b) => a.k - b.k);
          assert.deepEqual(series.points.map(p => [p.k, p.value]), expected.map(c => [c.k, c.bic]), series.label);
          // higher BIC is higher on screen: pixel y falls as the value rises
          const byValue = [...series.points].sort((a, b) => a.value - b.value);
          for (let i = 1; i < byValue.length; i++) { assert.ok(byValue[i].py <= byValue[i - 1].py); }
        }
        const best = ranking[0];
        assert.deepEqual([ins.chart!.best?.model, ins.chart!.best?.k, ins.chart!.best?.value], [best.model, best.k, best.bic]);
        const top = Math.min(...ins.chart!.series.flatMap(s => s.points.map(p => p.py)));
        assert.equal(ins.chart!.best!.py, top, 'the ring sits on the highest point');
        assert.deepEqual(ins.top, describeTopThree(ranking, 'bic'));
        assert.match(ins.top[0], /^[EV][EVI][EVI], \d clusters?: BIC −[\d,]+\.\d; [\d,]+\.\d better than the next$/);
        assert.match(await view.page.locator('#search-about').innerText(), /2 log L − p ln n: higher is better/);
        assert.equal(await view.page.locator('#search-grid td.best').count(), 1);
        assert.match(await view.page.locator('#search-grid td.best').innerText(), /\(best\)/);
        await view.page.locator('#model-search').scrollIntoViewIfNeeded();
        await view.screenshot(`model-search-${theme}`);
        // the section alone, for the README
        await view.page.locator('#model-search').screenshot({ path: path.join(screenshotDir, `model-search-section-${theme}.png`) });
      } finally { await view.close(); }
    });
  }

  test('a click on a point or a number opens that model as the fit, on the search\'s rows and settings', async () => {
    const view = await showCompare(penguins, 'dark', 1500);
    try {
      await sendAll(view, run);
      await view.page.waitForFunction(() => document.getElementById('search-progress-text')!.textContent!.startsWith('All'));
      // where VEV, k = 2 is drawn once the panel has settled (the same place twice, 250 ms apart)
      const where = async () => {
        const point = (await inspect(view)).chart!.series.find(s => s.label === 'VEV')!.points.find(p => p.k === 2)!;
        const box = (await view.page.locator('#search-chart').boundingBox())!;
        return { x: box.x + point.px, y: box.y + point.py };
      };
      let at = await where();
      for (let tries = 0; tries < 20; tries++) {
        await new Promise(resolve => setTimeout(resolve, 250));
        const again = await where();
        if (again.x === at.x && again.y === at.y) { break; }
        at = again;
      }
      // the chart may still be laid out when the first click lands (seen once under load): a bounded
      // retry at the point's place as it is then; no click opening the model still fails below
      let posted = undefined as Awaited<ReturnType<typeof lastOfType<'fit'>>>;
      for (let tries = 0; tries < 3 && !posted; tries++) {
        if (tries > 0) { at = await where(); }
        await view.page.mouse.click(at.x, at.y);
        await new Promise(resolve => setTimeout(resolve, 100));
        posted = await lastOfType(view, 'fit');
      }
      // fitted as the search fitted it: polished when the search polished it (its three best by BIC)
      const polished = (model: string, k: number) => rankCells(finalCells(run), 'bic', start.models).slice(0, 3).some(c => c.model === model && c.k === k);
      assert.deepEqual(posted, { type: 'fit', options: optionsForCell(start, { model: 'VEV', k: 2 }), fromSearch: { polish: polished('VEV', 2) } });
      assert.deepEqual([posted!.options.covarianceType, posted!.options.model, posted!.options.nComponents], ['full', 'VEV', 2]);
      await view.page.locator('#tab-compare').click();
      await view.page.locator('#search-grid button[data-model="VVI"][data-k="4"]').click();
      assert.deepEqual(await lastOfType(view, 'fit'), {
        type: 'fit', options: { ...penguins.snapshot.options, nComponents: 4, covarianceType: 'diag' }, fromSearch: { polish: polished('VVI', 4) },
      });
    } finally { await view.close(); }
  });

  test('ranks by ICL when asked, and says whether BIC agrees', async () => {
    const view = await showCompare(penguins, 'dark', 1500);
    try {
      await sendAll(view, run);
      await view.page.evaluate(() => {
        const select = document.getElementById('search-criterion') as HTMLSelectElement;
        select.value = 'icl';
        select.dispatchEvent(new Event('change'));
      });
      await view.page.waitForFunction(() => (window as unknown as { clusterLensSearchInspect(): ModelSearchInspection }).clusterLensSearchInspect().criterion === 'icl');
      const ins = await inspect(view);
      const ranking = rankCells(finalCells(run), 'icl', start.models);
      assert.deepEqual(ins.top, describeTopThree(ranking, 'icl'));
      assert.deepEqual([ins.chart!.best?.model, ins.chart!.best?.k, ins.chart!.best?.value], [ranking[0].model, ranking[0].k, ranking[0].icl]);
      assert.match(await view.page.locator('#search-other').innerText(), /^BIC (agrees|prefers)/);
      assert.match(await view.page.locator('#search-caption').innerText(), /^ICL, higher is better/);
    } finally { await view.close(); }
  });

  test('a model that could not be fitted is shown as such, never as a number', async () => {
    // 24 rows × 3 columns: VVV with 3 clusters has 29 parameters, more than the rows
    const rows = Array.from({ length: 24 }, (_, i) => `${(i % 3) * 5 + Math.sin(i)},${(i % 3) * 4 + Math.cos(3 * i)},${Math.sin(7 * i) + (i % 3)}`);
    const bytes = new TextEncoder().encode(['a,b,c', ...rows].join('\n'));
    const tiny = await fitCsvBytes('tiny.csv', bytes, { nComponents: 2, standardize: false });
    const small = searchRealFit(tiny, await readCsv(byteSourceFromBytes(bytes), { fileName: 'tiny.csv' }), 4);
    const cells = finalCells(small);
    const refused = cells.find(c => c.model === 'VVV' && c.k === 3)!;
    assert.equal(refused.status, 'refused');
    const view = await showCompare(tiny, 'light', 1500);
    try {
      await sendAll(view, small);
      await view.page.waitForFunction(() => document.getElementById('search-progress-text')!.textContent!.startsWith('All'));
      const ins = await inspect(view);
      const shown = ins.grid.find(g => g.model === 'VVV' && g.k === 3)!;
      assert.deepEqual([shown.text, shown.ranked], ['too many parameters', false]);
      assert.equal(await view.page.locator('#search-grid td.not-fitted[data-model="VVV"][data-k="3"]').getAttribute('title'), refused.reason);
      assert.ok(!ins.chart!.series.find(s => s.label === 'VVV')!.points.some(p => p.k === 3), 'no point for it on the chart');
      assert.match(await view.page.locator('#search-not-fitted').innerText(), /VVV: k = 3, 4 \(too many parameters\)/);
      for (const g of ins.grid) { if (!g.ranked) { assert.doesNotMatch(g.text, /\d/, `${g.model} k = ${g.k} shows no number`); } }
      await view.page.locator('#search-details-box summary, .search-details-box summary').first().click();
      assert.match(await view.page.locator('#search-details tr[data-model="VVV"][data-k="3"]').innerText(), /too many parameters: 29 parameters for 24 rows/);
      await view.page.locator('#model-search').scrollIntoViewIfNeeded();
      await view.screenshot('model-search-refused');
    } finally { await view.close(); }
  });

  test('says when the best model is at the largest k searched, and offers to search further', async () => {
    const short = searchRealFit(penguins, penguinsData, 2, 2);
    const best = rankCells(finalCells(short), 'bic', start.models)[0];
    assert.equal(best.k, 2, 'on penguins the best of k ≤ 2 has 2 clusters');
    const view = await showCompare(penguins);
    try {
      await sendAll(view, short);
      const edge = view.page.locator('#search-edge');
      await edge.waitFor({ state: 'visible' });
      assert.match(await edge.innerText(), /k = 2, the largest k searched/);
      await view.page.locator('#search-wider').click();
      assert.deepEqual(await lastOfType(view, 'findBestModel'), { type: 'findBestModel', kMax: 4 });
    } finally { await view.close(); }
  });
});
