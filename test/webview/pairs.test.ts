import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Random } from '../../src/core/random';
import { parseColour } from '../../webview/contrast';
import { paletteFor } from '../../webview/palette';
import type { PairsInspection } from '../../webview/pairsView';
import { fitCsvBytes, fitSampleFile, type RealFit } from './fixtures';
import { closeBrowser, openWebview, screenshotDir, THEMES, type WebviewPage } from './harness';

const inspect = (view: WebviewPage) =>
  view.page.evaluate(() => (window as unknown as { clusterLensPairs(): unknown }).clusterLensPairs()) as Promise<PairsInspection>;

async function showPairs(fit: RealFit, theme: keyof typeof THEMES = 'dark'): Promise<WebviewPage> {
  const view = await openWebview({ theme, width: 1000, height: 1100 });
  for (const message of fit.messages) { await view.send(message); }
  await view.waitForState('ready');
  await view.page.locator('#tab-pairs').click();
  await view.page.locator('#pairs-chart[data-drawn-for]').waitFor();
  return view;
}

/** The marginal covariance of columns (a, b) of cluster c, read straight from the snapshot. */
function marginal(fit: RealFit, c: number, a: number, b: number): [number, number, number] {
  const d = fit.snapshot.columns.length;
  const cov = fit.snapshot.covariances!.subarray(c * d * d, (c + 1) * d * d);
  return [cov[a * d + a], cov[a * d + b], cov[b * d + b]];
}

describe('the pairs tab', () => {
  let fit: RealFit;
  before(async () => { fit = await fitSampleFile('penguins.csv', { nComponents: 3, covarianceType: 'full', standardize: true, nInit: 2 }); });
  after(closeBrowser);

  test('draws every pair of the fitted columns, each Gaussian\'s 1σ and 2σ outline within a pixel of its level set', async () => {
    const view = await showPairs(fit);
    try {
      const ins = await inspect(view);
      const d = fit.snapshot.columns.length;
      const k = fit.snapshot.nComponents;
      assert.deepEqual(ins.columns, fit.snapshot.columns);
      assert.equal(ins.panels.length, d * d);
      assert.equal(ins.ellipses.length, d * (d - 1) * k * 2, 'two outlines per cluster in every off-diagonal panel');
      for (const e of ins.ellipses) {
        const panel = ins.panels[e.panel];
        const [va, vab, vb] = marginal(fit, e.cluster, panel.xColumn, panel.yColumn);
        const mx = fit.snapshot.means[e.cluster * d + panel.xColumn];
        const my = fit.snapshot.means[e.cluster * d + panel.yColumn];
        const det = va * vb - vab * vab;
        // Pixel → data with the panel's ranges, then the Mahalanobis radius: on the nσ level set, and
        // the miss, scaled to the vertex's distance from the centre on screen, under a pixel.
        const toData = ([px, py]: [number, number]): [number, number] => [
          panel.xRange[0] + ((px - panel.left) / panel.size) * (panel.xRange[1] - panel.xRange[0]),
          panel.yRange[0] + ((panel.top + panel.size - py) / panel.size) * (panel.yRange[1] - panel.yRange[0]),
        ];
        const centre = [panel.left + ((mx - panel.xRange[0]) / (panel.xRange[1] - panel.xRange[0])) * panel.size,
          panel.top + panel.size - ((my - panel.yRange[0]) / (panel.yRange[1] - panel.yRange[0])) * panel.size];
        for (const pixel of e.pixels) {
          const [x, y] = toData(pixel);
          const dx = x - mx;
          const dy = y - my;
          const r = Math.sqrt((vb * dx * dx - 2 * vab * dx * dy + va * dy * dy) / det);
          const onScreen = Math.hypot(pixel[0] - centre[0], pixel[1] - centre[1]);
          assert.ok(Math.abs(r - e.nSigma) / e.nSigma * onScreen < 1, `panel ${e.panel} cluster ${e.cluster}: radius ${r} for ${e.nSigma}σ`);
        }
      }
      // Panels tile the canvas in rows of d, every one square and inside it.
      for (const p of ins.panels) { assert.ok(p.left >= 0 && p.top >= 0 && p.left + p.size <= ins.width + 0.5 && p.top + p.size <= ins.width + 0.5); }
    } finally { await view.close(); }
  });

  test('paints each row\'s dot where its values put it in a panel, in its cluster\'s colour', async () => {
    const view = await showPairs(fit);
    try {
      const ins = await inspect(view);
      const d = fit.snapshot.columns.length;
      const { values, labels } = fit.snapshot.sample;
      const panel = ins.panels.find(p => p.xColumn === 2 && p.yColumn === 0)!;
      const pixelOf = (s: number): [number, number] => [
        panel.left + ((values[s * d + 2] - panel.xRange[0]) / (panel.xRange[1] - panel.xRange[0])) * panel.size,
        panel.top + panel.size - ((values[s * d] - panel.yRange[0]) / (panel.yRange[1] - panel.yRange[0])) * panel.size,
      ];
      // Rows with no other dot within 6 px: their pixel can only be theirs (ellipses aside, so a few may miss).
      const all = Array.from({ length: labels.length }, (_, s) => pixelOf(s));
      const lonely = all.map((p, s) => ({ s, p })).filter(({ s, p }) => all.every((q, t) => t === s || Math.hypot(q[0] - p[0], q[1] - p[1]) > 6));
      assert.ok(lonely.length >= 5, `${lonely.length} isolated rows`);
      const colours = await view.page.evaluate(points => {
        const canvas = document.getElementById('pairs-chart') as HTMLCanvasElement;
        const ctx = canvas.getContext('2d')!;
        const scale = canvas.width / canvas.getBoundingClientRect().width;
        return points.map(([x, y]) => Array.from(ctx.getImageData(Math.floor(x * scale), Math.floor(y * scale), 1, 1).data));
      }, lonely.map(l => l.p));
      const palette = paletteFor(parseColour(THEMES.dark['--vscode-editor-background'])!);
      let hits = 0;
      colours.forEach((rgba, i) => {
        if (rgba[3] === 0) { return; }
        const want = parseColour(palette[labels[lonely[i].s]])!;
        if (Math.hypot(rgba[0] - want[0], rgba[1] - want[1], rgba[2] - want[2]) < 40) { hits++; }
      });
      assert.ok(hits >= lonely.length * 0.8, `${hits} of ${lonely.length} isolated rows painted in their cluster's colour at their pixel`);
    } finally { await view.close(); }
  });

  test('a click on a panel opens its pair in the scatter tab', async () => {
    const view = await showPairs(fit);
    try {
      const ins = await inspect(view);
      const panel = ins.panels.find(p => p.xColumn === 2 && p.yColumn === 0)!;
      await view.page.locator('#pairs-chart').click({ position: { x: panel.left + panel.size / 2, y: panel.top + panel.size / 2 } });
      await view.page.locator('vscode-tab-header[active] #tab-scatter').waitFor();
      const scatter = await view.page.evaluate(() => (window as unknown as { clusterLensInspect(): { xRange: number[] } }).clusterLensInspect());
      assert.ok(scatter);
      const axes = await view.page.evaluate(() => [(document.getElementById('x-axis') as unknown as { value: string }).value, (document.getElementById('y-axis') as unknown as { value: string }).value]);
      assert.deepEqual(axes, ['2', '0']);
    } finally { await view.close(); }
  });

  test('draws the first 8 of 10 columns and says which', async () => {
    const random = new Random(3);
    const header = Array.from({ length: 10 }, (_, j) => `c${j + 1}`).join(',');
    const rows = Array.from({ length: 300 }, (_, i) => Array.from({ length: 10 }, (_, j) => ((i % 2) * 4 + random.nextNormal() + j).toFixed(3)).join(','));
    const wide = await fitCsvBytes('wide.csv', new TextEncoder().encode([header, ...rows].join('\n')), { nComponents: 2, covarianceType: 'diag' });
    const view = await showPairs(wide);
    try {
      const ins = await inspect(view);
      assert.deepEqual(ins.columns, ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8']);
      assert.equal(ins.panels.length, 64);
      assert.match(ins.note, /The first 8 of 10 fitted columns are drawn \(c1, c2, c3, c4, c5, c6, c7, c8\)/);
      await view.screenshot('pairs-wide-dark');
    } finally { await view.close(); }
  });

  for (const theme of ['light', 'dark', 'hcDark'] as const) {
    test(`is drawn in the ${theme} theme (screenshot)`, async () => {
      const view = await showPairs(fit, theme);
      try {
        await view.screenshot(`pairs-${theme}`);
        if (theme === 'light') { await view.page.locator('section.pairs').screenshot({ path: path.join(screenshotDir, 'docs-pairs.png') }); }
      } finally { await view.close(); }
    });
  }
});
