// A click on a cell of "Find best model" opens that (model, k) as the search fitted it: the fit
// message says so, and the host's fit from the search's start is the very model the grid showed
// (its BIC, marked as the current fit), where a refit from the panel's starts can end elsewhere.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runClusterFit } from '../../src/core/clusterFit';
import type { Dataset } from '../../src/data/csvReader';
import { buildFeatureMatrix } from '../../src/data/featureMatrix';
import { buildSnapshot } from '../../src/host/pure/fitSnapshot';
import type { FitOptions, HostMessage, SearchedModel, WebviewMessage } from '../../src/shared/protocol';
import { rankCells, type SearchStart } from '../../webview/modelSearchModel';
import { fitSampleFile, readSample, type RealFit } from './fixtures';
import { closeBrowser, openWebview, type WebviewPage } from './harness';
import { searchRealFit } from './searchFixtures';

async function showSearch(fit: RealFit, run: HostMessage[]): Promise<WebviewPage> {
  const view = await openWebview({ theme: 'dark', height: 1500 });
  for (const message of fit.messages) { await view.send(message); }
  await view.waitForState('ready');
  await view.page.locator('#tab-compare').click();
  await view.page.locator('#search-run').waitFor({ state: 'visible' });
  for (const message of run) { await view.send(message); }
  await view.page.waitForFunction(() => document.getElementById('search-progress-text')!.textContent!.startsWith('All'));
  return view;
}

/** The fit the host runs for a posted fit message (analysis.ts: the options, fromSearch as searchStart), as the panel's snapshot. */
function hostFit(dataset: Dataset, message: Extract<WebviewMessage, { type: 'fit' }>, fitId: number) {
  const options: FitOptions = message.options;
  const selection = buildFeatureMatrix(dataset, options.columns, options.missing);
  const result = runClusterFit({
    algorithm: 'gmm', nComponents: options.nComponents, covarianceType: options.covarianceType, nInit: options.nInit, maxIter: options.maxIter,
    tol: options.tol, regCovar: 1e-6, seed: options.seed, standardize: options.standardize, screenRestarts: true,
    data: selection.matrix.data.slice(), nSamples: selection.matrix.nSamples, nFeatures: selection.matrix.nFeatures,
    ...(options.model ? { model: options.model } : {}), ...(message.fromSearch ? { searchStart: message.fromSearch } : {}),
  }, () => {});
  return { result, snapshot: buildSnapshot(fitId, options, dataset, selection, result, 'worker_threads', 20_000) };
}

const lastFit = async (view: WebviewPage) =>
  (await view.posted() as WebviewMessage[]).filter((m): m is Extract<WebviewMessage, { type: 'fit' }> => m.type === 'fit').at(-1)!;

describe('opening a cell of Find best model', () => {
  let penguins: RealFit;
  let dataset: Dataset;
  let run: HostMessage[];
  let cells: SearchedModel[];
  before(async () => {
    penguins = await fitSampleFile('penguins.csv', { nComponents: 3, covarianceType: 'full', standardize: true, nInit: 10 });
    dataset = await readSample('penguins.csv');
    run = searchRealFit(penguins, dataset, 5);
    const end = run.at(-1)!;
    cells = end.type === 'didFinishModelSearch' ? end.models : [];
  });
  after(closeBrowser);

  test('the best cell opens polished as the search left it: the fit\'s BIC is the grid\'s, and the grid marks it as the current fit', async () => {
    const view = await showSearch(penguins, run);
    try {
      const start = run[0] as SearchStart;
      const best = rankCells(cells, 'bic', start.models)[0]!;
      await view.page.locator(`#search-grid button[data-model="${best.model}"][data-k="${best.k}"]`).click();
      const posted = await lastFit(view);
      assert.deepEqual(posted.fromSearch, { polish: true });
      const { snapshot, result } = hostFit(dataset, posted, 2);
      // the panel shows scikit-learn's BIC (lower is better); the search mclust's (2 log L − p ln n)
      assert.ok(Math.abs(result.bic! + best.bic!) <= 1e-9 * Math.abs(best.bic!), `${result.bic} vs ${-best.bic!}`);
      await view.send({ type: 'didFinishFit', fit: snapshot });
      await view.page.locator('#tab-compare').click();
      const current = view.page.locator('#search-grid td.current');
      await current.waitFor();
      assert.equal(await current.count(), 1);
      assert.match(await current.innerText(), /\(current fit\)/);
      assert.equal(await current.locator('button').getAttribute('data-model'), best.model);
      assert.match(await view.page.locator('#status').innerText(), new RegExp(`BIC ${Math.round(result.bic!).toLocaleString('en-US').replace(/,/g, ',?')}`));
      await view.page.locator('#search-grid').scrollIntoViewIfNeeded();
      await view.screenshot('model-search-opened-best');
    } finally { await view.close(); }
  });

  test('a cell below the leaders opens unpolished, and is the search\'s model where the panel\'s own ten starts give another', async () => {
    const view = await showSearch(penguins, run);
    try {
      const start = run[0] as SearchStart;
      const ranked = rankCells(cells, 'bic', start.models);
      // the first ranked cell past the leaders whose refit from the panel's starts ends elsewhere
      let shown: SearchedModel | undefined;
      let panelBic = NaN;
      for (const cell of ranked.slice(3).filter(c => c.k > 1)) {
        await view.page.locator(`#search-grid button[data-model="${cell.model}"][data-k="${cell.k}"]`).click();
        const posted = await lastFit(view);
        assert.deepEqual(posted.fromSearch, { polish: false }, `${cell.model}, k = ${cell.k}`);
        const { result } = hostFit(dataset, posted, 3);
        assert.ok(Math.abs(result.bic! + cell.bic!) <= 1e-9 * Math.abs(cell.bic!), `${cell.model}, k = ${cell.k}: ${result.bic} vs ${-cell.bic!}`);
        const refit = hostFit(dataset, { type: 'fit', options: posted.options }, 4).result;
        await view.page.locator('#tab-compare').click();
        if (Math.abs(refit.bic! - result.bic!) > 1e-6 * Math.abs(result.bic!)) { shown = cell; panelBic = refit.bic!; break; }
      }
      assert.ok(shown, 'every refit from the panel\'s starts matched the search: the data shows nothing');
      assert.notEqual(panelBic, -shown.bic!);
    } finally { await view.close(); }
  });
});
