// The covariance model picker (mclust's 14 models), the fit it asks for, how the fit is named, and
// the diagnostics of a fitted mixture: each cluster's uncertainty in the profiles, degenerate components.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MULTIVARIATE_MODELS } from '../../src/core/mixtureModels/covarianceModels';
import { summarizeUncertainty } from '../../src/host/pure/clusterUncertainty';
import { type FitOptions, parseWebviewMessage } from '../../src/shared/protocol';
import { fitSampleFile, type RealFit } from './fixtures';
import { closeBrowser, openWebview, type THEMES, type WebviewPage } from './harness';

async function show(fit: RealFit, theme: keyof typeof THEMES = 'dark'): Promise<WebviewPage> {
  const view = await openWebview({ theme });
  for (const message of fit.messages) { await view.send(message); }
  await view.waitForState('ready');
  return view;
}

async function lastFitRequest(view: WebviewPage): Promise<FitOptions> {
  await view.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some(m => m.type === 'fit'));
  const fits = (await view.posted()).map(m => parseWebviewMessage(m)).flatMap(p => (p.ok && p.message.type === 'fit' ? [p.message.options] : []));
  return fits[fits.length - 1];
}

describe('the covariance model picker', () => {
  let full: RealFit;
  let vev: RealFit;
  before(async () => {
    full = await fitSampleFile('penguins.csv', { nComponents: 3, standardize: true });
    vev = await fitSampleFile('penguins.csv', { nComponents: 3, standardize: true, model: 'VEV' });
  });
  after(closeBrowser);

  test('offers mclust\'s 14 models, scikit-learn\'s names beside theirs, and fits the one chosen', async () => {
    const view = await show(full, 'light');
    try {
      const options = await view.page.locator('#covariance vscode-option').evaluateAll(list => list.map(o => [o.getAttribute('value'), o.textContent?.trim()]));
      assert.deepEqual(options.map(o => o[0]), [...MULTIVARIATE_MODELS]);
      assert.deepEqual(options.filter(o => /\(/.test(o[1] ?? '')).map(o => o[1]), ['VII (spherical)', 'VVI (diag)', 'EEE (tied)', 'VVV (full)']);
      assert.equal(await view.page.locator('#covariance').evaluate(e => (e as HTMLSelectElement).value), 'VVV', 'the fit\'s model is shown');
      await view.page.locator('#covariance').click();
      await view.screenshot('model-picker-open');
      await view.page.getByRole('option', { name: /^VEV/ }).click();
      await view.page.locator('#fit').click();
      const asked = await lastFitRequest(view);
      assert.deepEqual([asked.covarianceType, asked.model], ['full', 'VEV']);
      await view.page.locator('#covariance').click();
      await view.page.getByRole('option', { name: /^VVI \(diag\)/ }).click();
      await view.page.locator('#fit').click();
      await view.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.filter(m => m.type === 'fit').length === 2);
      const diag = await lastFitRequest(view);
      assert.deepEqual([diag.covarianceType, 'model' in diag], ['diag', false], 'scikit-learn\'s four travel as their covariance type');
    } finally { await view.close(); }
  });

  test('names the fit by its model and shows it in the picker', async () => {
    const view = await show(vev);
    try {
      assert.match(await view.page.locator('#status').innerText(), /Gaussian mixture VEV \(variable volume, equal shape, variable orientation\), k = 3/);
      assert.equal(await view.page.locator('#covariance').evaluate(e => (e as HTMLSelectElement).value), 'VEV');
    } finally { await view.close(); }
  });

  for (const theme of ['light', 'dark', 'hcDark'] as const) {
    test(`the profiles summarise each cluster's uncertainty (1 − max p) (${theme})`, async () => {
      const view = await show(vev, theme);
      try {
        await view.page.locator('#tab-profiles').click();
        const table = view.page.locator('#profile-uncertainty');
        await table.waitFor({ state: 'visible' });
        const expected = summarizeUncertainty(vev.result.resp, vev.result.labels, 3);
        const rows = await table.locator('tbody tr').evaluateAll(trs => trs.map(tr => [...tr.querySelectorAll('td')].map(td => td.textContent)));
        assert.equal(rows.length, 3);
        rows.forEach((cells, c) => {
          assert.equal(cells[1], expected.mean[c].toFixed(3));
          assert.equal(cells[2], expected.max[c].toFixed(3));
          assert.match(cells[3]!, new RegExp(`^${expected.above[c]} \\(`));
        });
        assert.match(await view.page.locator('#profile-uncertainty-note').innerText(), /have an uncertainty above 0\.2; cluster \d is the least certain/);
        await table.scrollIntoViewIfNeeded();
        await view.screenshot(`profiles-uncertainty-${theme}`);
      } finally { await view.close(); }
    });
  }

  test('k-means has no probabilities: no uncertainty table', async () => {
    const kmeans = await fitSampleFile('blobs.csv', { algorithm: 'kmeans', nComponents: 3, nInit: 2, maxIter: 300, tol: 1e-4 });
    const view = await show(kmeans);
    try {
      await view.page.locator('#tab-profiles').click();
      await view.page.locator('#profile-table').waitFor({ state: 'visible' });
      assert.equal(await view.page.locator('#profile-uncertainty').isHidden(), true);
    } finally { await view.close(); }
  });

  test('a degenerate component is said in the status line, with what avoids it', async () => {
    const finish = full.messages[1];
    assert.equal(finish.type, 'didFinishFit');
    const view = await openWebview();
    try {
      await view.send(full.messages[0]);
      await view.send({ ...finish, fit: { ...(finish.type === 'didFinishFit' ? finish.fit : full.snapshot), collapsedComponents: [1] } });
      await view.waitForState('ready');
      assert.match(await view.page.locator('#status-degenerate').innerText(), /Component 2 is degenerate: its covariance is held up only by the regularisation \(regCovar\)/);
    } finally { await view.close(); }
  });
});
