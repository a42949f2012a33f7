// "Compare k" of a fit of one of mclust's other ten models (VEV): it compares that model at every
// k, named so, and with "All covariance types" it says that the four are scikit-learn's, not VEV.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ComparedModel, FitOptions, HostMessage, WebviewMessage } from '../../src/shared/protocol';
import { compareRealFit, fitSampleFile, type RealFit } from './fixtures';
import { closeBrowser, openWebview, type THEMES, type WebviewPage } from './harness';

interface Inspection {
  charts: { criterion: string; series: { label: string }[] }[];
  multiples: { k: number; covarianceType: string; current: boolean }[];
}
const inspect = (view: WebviewPage) =>
  view.page.evaluate(() => (window as unknown as { clusterLensCompareInspect(): unknown }).clusterLensCompareInspect()) as Promise<Inspection>;
const modelsOf = (messages: HostMessage[]) => messages.flatMap(m => (m.type === 'didCompareModel' ? [m.model] : [])) as ComparedModel[];

async function showRun(fit: RealFit, run: HostMessage[], theme: keyof typeof THEMES = 'dark'): Promise<WebviewPage> {
  const view = await openWebview({ theme, width: 1280, height: 900 });
  for (const message of fit.messages) { await view.send(message); }
  await view.waitForState('ready');
  await view.page.locator('#tab-compare').click();
  await view.page.locator('#compare-run').waitFor({ state: 'visible' });
  for (const message of run) { await view.send(message); }
  await view.page.waitForFunction(n => document.querySelectorAll('#compare-multiples .compare-multiple').length === n, 5);
  return view;
}

describe('Compare k of an mclust model', () => {
  let vev: RealFit;
  let full: RealFit;
  before(async () => {
    vev = await fitSampleFile('penguins.csv', { nComponents: 3, covarianceType: 'full', model: 'VEV', standardize: false });
    full = await fitSampleFile('penguins.csv', { nComponents: 3, covarianceType: 'full', standardize: false });
  });
  after(closeBrowser);

  test('a VEV fit is compared as VEV at every k: its k = 3 is the fit itself, not VVV (scikit-learn\'s full)', () => {
    const run = compareRealFit(vev, 5, false);
    const start = run[0] as Extract<HostMessage, { type: 'didStartCompare' }>;
    assert.deepEqual(start.covarianceTypes, ['full']);
    const models = modelsOf(run);
    assert.deepEqual(models.map(m => m.k), [1, 2, 3, 4, 5]);
    const atThree = models.find(m => m.k === 3)!;
    assert.equal(atThree.bic, vev.result.bic, 'the compared VEV at k = 3 is the current fit');
    const vvvAtThree = modelsOf(compareRealFit(full, 5, false)).find(m => m.k === 3)!;
    assert.notEqual(atThree.bic, vvvAtThree.bic, 'not the full (VVV) model it used to fit');
  });

  test('the view names the model on the lines, captions and progress; a plot opens VEV at its k; the current fit is marked', async () => {
    const view = await showRun(vev, compareRealFit(vev, 5, false));
    try {
      const about = await view.page.locator('#compare-about').innerText();
      assert.match(about, /mclust's VEV \(variable volume, equal shape, variable orientation\) at every k/);
      assert.doesNotMatch(about, /scikit-learn's four/);
      const ins = await inspect(view);
      assert.deepEqual(ins.charts[0]!.series.map(s => s.label), ['VEV']);
      assert.deepEqual(ins.multiples.filter(m => m.current).map(m => m.k), [3]);
      assert.match(await view.page.locator('.compare-multiple[data-k="2"]').innerText(), /k = 2, VEV/);
      await view.page.locator('.compare-multiple[data-k="4"]').click();
      const posted = (await view.posted() as WebviewMessage[]).filter(m => m.type === 'fit').at(-1) as Extract<WebviewMessage, { type: 'fit' }>;
      const options = (vev.messages[0] as Extract<HostMessage, { type: 'didLoadDataset' }>).options;
      assert.deepEqual(posted.options, { ...options, nComponents: 4 } satisfies FitOptions);
      assert.equal(posted.options.model, 'VEV');
      await view.page.locator('#tab-compare').click();
      await view.screenshot('compare-vev');
    } finally { await view.close(); }
  });

  test('with all covariance types ticked, a VEV fit\'s comparison says the four are scikit-learn\'s, not VEV, and opens them as such', async () => {
    const view = await showRun(vev, compareRealFit(vev, 5, true), 'light');
    try {
      const about = await view.page.locator('#compare-about').innerText();
      assert.match(about, /Gaussian mixtures \(full, tied, diag, spherical\)/);
      assert.match(about, /The current fit is mclust's VEV; these are scikit-learn's four covariance types, not VEV\./);
      assert.match(about, /Find best model/);
      const ins = await inspect(view);
      assert.deepEqual(ins.charts[0]!.series.map(s => s.label), ['full', 'tied', 'diag', 'spherical']);
      assert.deepEqual(ins.multiples.filter(m => m.current), [], 'no four-type model is the VEV fit');
      await view.page.locator('.compare-multiple[data-k="2"]').click();
      const posted = (await view.posted() as WebviewMessage[]).filter(m => m.type === 'fit').at(-1) as Extract<WebviewMessage, { type: 'fit' }>;
      assert.equal(posted.options.model, undefined, 'a four-type model opens as that type');
      await view.page.locator('#tab-compare').click();
      await view.screenshot('compare-vev-all-types');
    } finally { await view.close(); }
  });
});
