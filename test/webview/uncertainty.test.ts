import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { UncertaintyInspection } from '../../webview/uncertaintyView';
import { fitSampleFile, type RealFit } from './fixtures';
import { closeBrowser, openWebview, screenshotDir, type THEMES, type WebviewPage } from './harness';

const inspectCurve = (view: WebviewPage) =>
  view.page.evaluate(() => (window as unknown as { clusterLensUncertainty(): unknown }).clusterLensUncertainty()) as Promise<UncertaintyInspection>;
const inspectScatter = (view: WebviewPage) =>
  view.page.evaluate(() => (window as unknown as { clusterLensInspect(): unknown }).clusterLensInspect()) as Promise<{ points: { sample: number; radius: number }[] }>;

async function show(fit: RealFit, theme: keyof typeof THEMES = 'dark'): Promise<WebviewPage> {
  const view = await openWebview({ theme, width: 1100, height: 800 });
  for (const message of fit.messages) { await view.send(message); }
  await view.waitForState('ready');
  return view;
}

/** Pixel of a data point on a linear chart axis pair, as chart.js maps it. */
function pixelOf(ins: UncertaintyInspection, x: number, y: number): [number, number] {
  const { area, xRange, yRange } = ins;
  return [
    area.left + ((x - xRange[0]) / (xRange[1] - xRange[0])) * (area.right - area.left),
    area.bottom - ((y - yRange[0]) / (yRange[1] - yRange[0])) * (area.bottom - area.top),
  ];
}

describe('the uncertainty tab', () => {
  let fit: RealFit;
  /** 1 − max p of every drawn row, most certain first, computed here from the snapshot. */
  let expected: number[];
  before(async () => {
    fit = await fitSampleFile('penguins.csv', { nComponents: 3, covarianceType: 'full', standardize: true, nInit: 2 });
    expected = [...fit.snapshot.sample.certainty].map(c => 1 - c).sort((a, b) => a - b);
  });
  after(closeBrowser);

  test('draws every drawn row\'s uncertainty, sorted, each point within a pixel of where it belongs', async () => {
    const view = await show(fit);
    try {
      await view.page.locator('#tab-uncertainty').click();
      await view.page.locator('#uncertainty-chart[data-drawn-for]').waitFor();
      const ins = await inspectCurve(view);
      const m = expected.length;
      assert.equal(ins.rows, m);
      assert.equal(ins.curve.length, Math.min(m, 1000));
      for (const p of ins.curve) {
        const rank = Math.round(p.x * (m - 1));
        assert.ok(Math.abs(p.y - expected[rank]) < 1e-6, `rank ${rank}: ${p.y} ≠ ${expected[rank]}`);
        const [px, py] = pixelOf(ins, rank / (m - 1), expected[rank]);
        assert.ok(Math.hypot(p.px - px, p.py - py) < 1, `rank ${rank} drawn at (${p.px}, ${p.py}), expected (${px}, ${py})`);
      }
      assert.equal(ins.threshold, null);
    } finally { await view.close(); }
  });

  test('a click on the curve sets the table\'s "certainty below" filter there, and the table field and the line follow', async () => {
    const view = await show(fit);
    try {
      await view.page.locator('#tab-uncertainty').click();
      await view.page.locator('#uncertainty-chart[data-drawn-for]').waitFor();
      const before = await inspectCurve(view);
      // A click at uncertainty 0.1: certainty below 90 %.
      const [, py] = pixelOf(before, 0.5, 0.1);
      await view.page.locator('#uncertainty-chart').click({ position: { x: (before.area.left + before.area.right) / 2, y: py } });
      await view.page.waitForFunction(() => (window as unknown as { clusterLensUncertainty(): { threshold: unknown } }).clusterLensUncertainty().threshold !== null);
      const ins = await inspectCurve(view);
      assert.ok(Math.abs(ins.threshold!.certaintyBelow - 0.9) < 0.005, `filter at ${ins.threshold!.certaintyBelow}`);
      assert.ok(Math.abs(ins.threshold!.py - pixelOf(ins, 0, 1 - ins.threshold!.certaintyBelow)[1]) < 1, 'the line is drawn at the filter');
      const below = [...fit.snapshot.sample.certainty].filter(c => c < ins.threshold!.certaintyBelow).length;
      assert.equal(ins.below, below);
      assert.match(ins.caption, new RegExp(`${below} of ${expected.length} drawn rows`));
      await view.screenshot('uncertainty-curve-dark');
      await view.page.locator('#uncertainty-show-rows').click();
      const field = await view.page.locator('#table-certainty').evaluate(el => (el as unknown as { value: string }).value);
      assert.equal(Number(field) / 100, ins.threshold!.certaintyBelow, 'the table shows the same filter');
      const posted = await view.posted() as { type: string; filter?: { certaintyBelow: number | null } }[];
      assert.ok(posted.some(m => m.type === 'requestRows' && m.filter?.certaintyBelow === ins.threshold!.certaintyBelow), 'the table asked the host for the filtered rows');
      // And back: the table's own edit moves the line.
      await view.page.locator('#table-certainty').evaluate(el => {
        (el as unknown as { value: string }).value = '70';
        el.dispatchEvent(new Event('change'));
      });
      await view.page.locator('#tab-uncertainty').click();
      await view.page.waitForFunction(() => (window as unknown as { clusterLensUncertainty(): { threshold: { certaintyBelow: number } | null } }).clusterLensUncertainty().threshold?.certaintyBelow === 0.7);
    } finally { await view.close(); }
  });

  test('the scatter sizes points by uncertainty when asked: the least certain largest', async () => {
    const view = await show(fit);
    try {
      await view.page.locator('#size-by-uncertainty').click();
      await view.page.waitForFunction(() => (window as unknown as { clusterLensInspect(): { points: { radius: number }[] } }).clusterLensInspect().points.some(p => p.radius > 3));
      const { points } = await inspectScatter(view);
      const k = fit.snapshot.nComponents;
      for (const p of points) {
        const c = fit.snapshot.sample.certainty[p.sample];
        // Eight steps, as the opacity: level 7 (sure) → radius 1, level 0 (split evenly) → 8.
        const level = Math.round(Math.max(0, Math.min(1, (c - 1 / k) / (1 - 1 / k))) * 7);
        const want = 8 - level;
        assert.ok(Math.abs(p.radius - want) < 1e-6, `sample ${p.sample}: radius ${p.radius}, certainty ${c}`);
      }
      await view.screenshot('uncertainty-scatter-dark');
    } finally { await view.close(); }
  });

  for (const theme of ['light', 'dark', 'hcDark'] as const) {
    test(`is drawn in the ${theme} theme (screenshot)`, async () => {
      const view = await show(fit, theme);
      try {
        await view.page.locator('#tab-uncertainty').click();
        await view.page.locator('#uncertainty-chart[data-drawn-for]').waitFor();
        const ins = await inspectCurve(view);
        const [, py] = pixelOf(ins, 0.5, 0.05);
        await view.page.locator('#uncertainty-chart').click({ position: { x: 300, y: py } });
        await view.page.waitForFunction(() => (window as unknown as { clusterLensUncertainty(): { threshold: unknown } }).clusterLensUncertainty().threshold !== null);
        await view.screenshot(`uncertainty-${theme}`);
        if (theme === 'light') { await view.page.locator('section.uncertainty').screenshot({ path: path.join(screenshotDir, 'docs-uncertainty.png') }); }
        await view.page.locator('#tab-scatter').click();
        await view.page.locator('#size-by-uncertainty').click();
        await view.page.waitForFunction(() => (window as unknown as { clusterLensInspect(): { points: { radius: number }[] } }).clusterLensInspect().points.some(p => p.radius > 3));
        await view.screenshot(`uncertainty-scatter-${theme}`);
        if (theme === 'light') { await view.page.locator('#scatter').screenshot({ path: path.join(screenshotDir, 'docs-uncertainty-scatter.png') }); }
      } finally { await view.close(); }
    });
  }
});
