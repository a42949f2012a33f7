import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { type AlgorithmDefaults, type FitOptions, type HostMessage, parseWebviewMessage } from '../../src/shared/protocol';
import { fitSampleFile, type RealFit } from './fixtures';
import { closeBrowser, openWebview, type WebviewPage } from './harness';

/** The user's settings as the host sends them: not scikit-learn's, so the test sees they are used. */
const DEFAULTS: AlgorithmDefaults = {
  gmm: { nInit: 3, maxIter: 150, tol: 0.002 },
  kmeans: { nInit: 12, maxIter: 250, tol: 0.0005 },
};

async function chooseAlgorithm(page: Page, label: string): Promise<void> {
  await page.locator('#algorithm').click();
  await page.getByRole('option', { name: label, exact: true }).click();
}

const field = (page: Page, id: string) => page.locator(`#${id}`).evaluate(e => (e as HTMLInputElement).value);

async function lastFitRequest(view: WebviewPage): Promise<FitOptions> {
  await view.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some(m => m.type === 'fit'));
  const fits = (await view.posted()).map(m => parseWebviewMessage(m)).flatMap(p => (p.ok && p.message.type === 'fit' ? [p.message.options] : []));
  return fits[fits.length - 1];
}

describe('the fit controls', () => {
  let fit: RealFit;
  let messages: HostMessage[];
  before(async () => {
    fit = await fitSampleFile('penguins.csv', { nComponents: 3, nInit: 3, maxIter: 150, tol: 0.002 });
    const [load, finish] = fit.messages;
    assert.equal(load.type, 'didLoadDataset');
    messages = [{ ...load, algorithmDefaults: DEFAULTS }, finish];
  });
  after(closeBrowser);

  test('show k-means\' own restarts, iterations and tolerance when the algorithm is switched to it', async () => {
    const view = await openWebview();
    try {
      for (const message of messages) { await view.send(message); }
      await view.waitForState('ready');
      assert.equal(await field(view.page, 'n-init'), '3');
      await chooseAlgorithm(view.page, 'k-means');
      assert.equal(await field(view.page, 'n-init'), '12');
      assert.equal(await field(view.page, 'max-iter'), '250');
      assert.equal(await field(view.page, 'tol'), '0.0005');
      await view.screenshot('controls-kmeans-restarts');
      await view.page.locator('#fit').click();
      const options = await lastFitRequest(view);
      assert.equal(options.algorithm, 'kmeans');
      assert.deepEqual([options.nInit, options.maxIter, options.tol], [12, 250, 0.0005]);
    } finally { await view.close(); }
  });

  test('keep each algorithm\'s edited restarts across switches back and forth', async () => {
    const view = await openWebview();
    try {
      for (const message of messages) { await view.send(message); }
      await view.waitForState('ready');
      await view.page.locator('#n-init input').fill('7');
      await chooseAlgorithm(view.page, 'k-means');
      assert.equal(await field(view.page, 'n-init'), '12');
      await view.page.locator('#n-init input').fill('20');
      await chooseAlgorithm(view.page, 'Gaussian mixture');
      assert.equal(await field(view.page, 'n-init'), '7', 'the mixture\'s edited restarts come back');
      await chooseAlgorithm(view.page, 'k-means');
      assert.equal(await field(view.page, 'n-init'), '20', 'and so do k-means\'');
      await view.page.locator('#fit').click();
      assert.equal((await lastFitRequest(view)).nInit, 20);
    } finally { await view.close(); }
  });

  test('fall back to scikit-learn\'s k-means defaults when the host sent no settings', async () => {
    const view = await openWebview();
    try {
      for (const message of fit.messages) { await view.send(message); }
      await view.waitForState('ready');
      await chooseAlgorithm(view.page, 'k-means');
      assert.equal(await field(view.page, 'n-init'), '10');
      assert.equal(await field(view.page, 'max-iter'), '300');
    } finally { await view.close(); }
  });
});
