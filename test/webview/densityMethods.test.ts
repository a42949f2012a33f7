// Spectral clustering, DBSCAN and HDBSCAN in the panel: the picker and its settings, noise drawn
// small and grey, opacity by membership, no ellipses, and the convergence tab's own chart.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { type FitOptions, parseWebviewMessage } from '../../src/shared/protocol';
import { fitCsvFile, MOONS_CSV, type RealFit } from './fixtures';
import { closeBrowser, openWebview, type WebviewPage } from './harness';

interface Inspection {
  points: { sample: number; cluster: number; px: number; py: number; fill: string }[];
  shapes: unknown[];
  legend: string[];
}

const inspect = (view: WebviewPage) =>
  view.page.evaluate(() => (window as unknown as { clusterLensInspect(): unknown }).clusterLensInspect()) as Promise<Inspection>;

async function show(fit: RealFit): Promise<WebviewPage> {
  const view = await openWebview();
  for (const message of fit.messages) { await view.send(message); }
  await view.waitForState('ready');
  return view;
}

async function chooseAlgorithm(page: Page, label: string): Promise<void> {
  await page.locator('#algorithm').click();
  await page.getByRole('option', { name: label, exact: true }).click();
}

const isShown = (page: Page, id: string) => page.locator(`#${id}`).evaluate(e => !(e.closest('.field') as HTMLElement).hidden);

async function lastFitRequest(view: WebviewPage): Promise<FitOptions> {
  await view.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some(m => m.type === 'fit'));
  const fits = (await view.posted()).map(m => parseWebviewMessage(m)).flatMap(p => (p.ok && p.message.type === 'fit' ? [p.message.options] : []));
  return fits[fits.length - 1]!;
}

/** "rgba(r, g, b, a)" or "#rrggbb…" → [r, g, b, a]. */
function rgba(fill: string): number[] {
  const m = /rgba?\(([^)]+)\)/.exec(fill);
  if (m) { const [r, g, b, a = '1'] = m[1]!.split(',').map(s => s.trim()); return [Number(r), Number(g), Number(b), Number(a)]; }
  const hex = fill.replace('#', '');
  return [0, 2, 4].map(i => Number.parseInt(hex.slice(i, i + 2), 16)).concat(hex.length >= 8 ? Number.parseInt(hex.slice(6, 8), 16) / 255 : 1);
}

describe('spectral clustering, DBSCAN and HDBSCAN in the panel', () => {
  let dbscan: RealFit;
  let hdbscan: RealFit;
  let spectral: RealFit;
  before(async () => {
    const common = { standardize: true, columns: ['x', 'y'] };
    dbscan = await fitCsvFile(MOONS_CSV, { ...common, algorithm: 'dbscan' });
    hdbscan = await fitCsvFile(MOONS_CSV, { ...common, algorithm: 'hdbscan' });
    spectral = await fitCsvFile(MOONS_CSV, { ...common, algorithm: 'spectral', nComponents: 2, nInit: 10 });
  });
  after(closeBrowser);

  test('the picker offers all five methods, each with its own settings, and sends what was typed', async () => {
    const view = await show(dbscan);
    try {
      await view.page.locator('#algorithm').click();
      const offered = await view.page.getByRole('option').allTextContents();
      for (const name of ['Gaussian mixture', 'k-means', 'Spectral clustering', 'DBSCAN', 'HDBSCAN']) { assert.ok(offered.some(o => o.includes(name)), name); }
      await view.page.keyboard.press('Escape');
      assert.equal(await isShown(view.page, 'eps'), true);
      assert.equal(await isShown(view.page, 'k'), false, 'DBSCAN finds k itself');
      assert.equal(await isShown(view.page, 'covariance'), false);
      await view.page.locator('#eps input').fill('0.3');
      await view.page.locator('#min-samples input').fill('8');
      await view.screenshot('density-controls-dbscan');
      await view.page.locator('#fit').click();
      const options = await lastFitRequest(view);
      assert.deepEqual([options.algorithm, options.eps, options.minSamples], ['dbscan', 0.3, 8]);

      await chooseAlgorithm(view.page, 'HDBSCAN');
      assert.equal(await isShown(view.page, 'min-cluster-size'), true);
      assert.equal(await isShown(view.page, 'eps'), false);
      await chooseAlgorithm(view.page, 'Spectral clustering');
      assert.equal(await isShown(view.page, 'k'), true);
      assert.equal(await isShown(view.page, 'n-neighbors'), true);
      assert.equal(await isShown(view.page, 'min-samples'), false);
    } finally { await view.close(); }
  });

  test('DBSCAN: noise is drawn as small grey points, the clusters in their colours, no ellipses and no centres', async () => {
    const noise = dbscan.snapshot.density!.nNoise;
    assert.ok(noise > 0, 'the moons file has scattered rows');
    const view = await show(dbscan);
    try {
      const ins = await inspect(view);
      const grey = ins.points.filter(p => p.cluster === -1);
      assert.equal(grey.length, noise);
      for (const p of grey) { const [r, g, b] = rgba(p.fill); assert.ok(r === g && g === b, `noise is grey, got ${p.fill}`); }
      assert.equal(ins.points.filter(p => p.cluster >= 0).length, dbscan.snapshot.nSamples - noise);
      assert.equal(ins.shapes.length, 0);
      assert.ok(ins.legend.some(l => l.startsWith('Noise')), ins.legend.join(' | '));
      assert.ok(!ins.legend.includes('Centroids') && !ins.legend.includes('Means'));
      const box = await view.page.locator('#show-ellipses').evaluate(e => ({ checked: (e as HTMLInputElement).checked, disabled: e.hasAttribute('disabled'), title: e.getAttribute('title') }));
      assert.deepEqual(box, { checked: false, disabled: true, title: 'DBSCAN fits no covariances: there is no ellipse to draw' }, 'the ellipses box is off and says why');
      assert.match(await view.page.locator('#status').textContent() ?? '', /DBSCAN \(eps [0-9.]+ \(from the k-distance knee\), min samples 5\): 2 clusters, \d+ noise rows/);
      await view.screenshot('density-scatter-dbscan');
    } finally { await view.close(); }
  });

  test('HDBSCAN: a point\'s opacity follows its membership strength', async () => {
    const view = await show(hdbscan);
    try {
      const ins = await inspect(view);
      const { sample } = hdbscan.snapshot;
      const alphaOf = (s: number) => rgba(ins.points.find(p => p.sample === s)!.fill)[3]!;
      const members = Array.from(sample.labels.keys()).filter(s => sample.labels[s]! >= 0);
      const weakest = members.reduce((a, b) => (sample.certainty[b]! < sample.certainty[a]! ? b : a));
      const strongest = members.reduce((a, b) => (sample.certainty[b]! > sample.certainty[a]! ? b : a));
      assert.ok(sample.certainty[strongest]! - sample.certainty[weakest]! > 0.5, 'the moons\' strengths spread');
      assert.ok(alphaOf(weakest) < alphaOf(strongest), `${alphaOf(weakest)} < ${alphaOf(strongest)}`);
      assert.equal(ins.shapes.length, 0);
      await view.screenshot('density-scatter-hdbscan');
      await view.page.locator('#tab-convergence').click();
      await view.page.waitForFunction(() => document.querySelector('.convergence')?.getAttribute('data-density-chart') === 'hdbscan');
      assert.match(await view.page.locator('#convergence-verdict').textContent() ?? '', /condensed tree has \d+ cluster nodes/);
      assert.equal(await view.page.locator('#convergence-table tbody tr').count(), hdbscan.snapshot.density!.condensedTree!.length);
      await view.screenshot('density-convergence-hdbscan');
    } finally { await view.close(); }
  });

  test('DBSCAN\'s convergence tab is the k-distance plot with eps marked; spectral\'s the eigenvalues', async () => {
    const view = await show(dbscan);
    try {
      await view.page.locator('#tab-convergence').click();
      await view.page.waitForFunction(() => document.querySelector('.convergence')?.getAttribute('data-density-chart') === 'dbscan');
      const verdict = await view.page.locator('#convergence-verdict').textContent() ?? '';
      assert.match(verdict, /eps was taken there/);
      assert.equal(await view.page.locator('#replay').isVisible(), false);
      await view.screenshot('density-convergence-dbscan');
    } finally { await view.close(); }
    const other = await show(spectral);
    try {
      await other.page.locator('#tab-convergence').click();
      await other.page.waitForFunction(() => document.querySelector('.convergence')?.getAttribute('data-density-chart') === 'spectral');
      assert.equal(await other.page.locator('#convergence-table tbody tr').count(), 2);
      await other.screenshot('density-convergence-spectral');
      await other.page.locator('#tab-scatter').click();
      const ins = await inspect(other);
      assert.equal(ins.points.filter(p => p.cluster === -1).length, 0, 'spectral clustering has no noise');
      assert.equal(ins.shapes.length, 0);
      await other.screenshot('density-scatter-spectral');
    } finally { await other.close(); }
  });

  test('Compare k is disabled for HDBSCAN, with the reason beside it; its model can be saved, spectral clustering\'s not, and the button says why', async () => {
    const view = await show(hdbscan);
    try {
      await view.page.locator('#tab-compare').click();
      assert.equal(await view.page.locator('#compare-run').getAttribute('disabled'), '');
      assert.match(await view.page.locator('#compare-run').getAttribute('title') ?? '', /finds the number of clusters itself/);
      // HDBSCAN is saved with its rows and condensed tree (core/densityModel.ts); spectral clustering cannot be, and says why
      assert.equal(await view.page.locator('#export-model').getAttribute('disabled'), null);
    } finally { await view.close(); }
    const spectralView = await show(spectral);
    try {
      assert.equal(await spectralView.page.locator('#export-model').getAttribute('disabled'), '');
      assert.match(await spectralView.page.locator('#export-model').getAttribute('title') ?? '', /cannot be saved as a model for new rows: .*neighbour graph/);
    } finally { await spectralView.close(); }
  });
});
