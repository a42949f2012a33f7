import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Random } from '../../src/core/random';
import type { SilhouetteInspection } from '../../webview/silhouetteView';
import { fitCsvBytes, fitCsvFile, fitSampleFile, MOONS_CSV, type RealFit } from './fixtures';
import { closeBrowser, openWebview, screenshotDir, type THEMES, type WebviewPage } from './harness';

const inspect = (view: WebviewPage) =>
  view.page.evaluate(() => (window as unknown as { clusterLensSilhouette(): unknown }).clusterLensSilhouette()) as Promise<SilhouetteInspection>;

async function showSilhouette(fit: RealFit, theme: keyof typeof THEMES = 'dark'): Promise<WebviewPage> {
  const view = await openWebview({ theme, width: 1100, height: 800 });
  for (const message of fit.messages) { await view.send(message); }
  await view.waitForState('ready');
  await view.page.locator('#tab-silhouette').click();
  await view.page.locator('#silhouette-chart[data-drawn-for]').waitFor();
  return view;
}

/** The definition, pair by pair, on the drawn values in the fit's own units (its z-scoring, as the fit measured distances). */
function bruteForce(fit: RealFit, samples: number[]): Map<number, number> {
  const d = fit.snapshot.columns.length;
  const { values, labels } = fit.snapshot.sample;
  const X = samples.map(s => Array.from(values.subarray(s * d, s * d + d)));
  const scaling = fit.snapshot.scaling;
  if (scaling) { for (const x of X) { for (let j = 0; j < d; j++) { x[j] = (x[j] - scaling.mean[j]) / scaling.scale[j]; } } }
  for (let j = 0; j < d && !scaling; j++) {
    const mean = X.reduce((sum, x) => sum + x[j], 0) / X.length;
    const std = Math.sqrt(X.reduce((sum, x) => sum + (x[j] - mean) ** 2, 0) / X.length);
    for (const x of X) { x[j] = (x[j] - mean) / std; }
  }
  const dist = (a: number, b: number) => Math.hypot(...X[a].map((v, j) => v - X[b][j]));
  const out = new Map<number, number>();
  samples.forEach((s, a) => {
    const byCluster = new Map<number, number[]>();
    samples.forEach((t, b) => { if (a !== b) { byCluster.set(labels[t], [...(byCluster.get(labels[t]) ?? []), dist(a, b)]); } });
    const own = byCluster.get(labels[s]) ?? [];
    const meanOf = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
    const other = Math.min(...[...byCluster].filter(([c]) => c !== labels[s]).map(([, xs]) => meanOf(xs)));
    out.set(s, own.length === 0 ? 0 : (other - meanOf(own)) / Math.max(meanOf(own), other));
  });
  return out;
}

describe('the silhouette tab', () => {
  let fit: RealFit;
  before(async () => { fit = await fitSampleFile('penguins.csv', { nComponents: 3, covarianceType: 'full', standardize: true, nInit: 2 }); });
  after(closeBrowser);

  test('draws every row\'s silhouette as a bar sorted within its cluster, each bar\'s end within a pixel', async () => {
    const view = await showSilhouette(fit);
    try {
      const ins = await inspect(view);
      const m = fit.snapshot.sample.labels.length;
      assert.equal(ins.nUsed, m, 'a small file uses every row');
      assert.equal(ins.bars.length, m);
      const expected = bruteForce(fit, Array.from({ length: m }, (_, s) => s));
      const scale = (ins.overallPx - ins.zeroPx) / ins.overall;
      let previous: SilhouetteInspection['bars'][number] | undefined;
      for (const bar of ins.bars) {
        assert.equal(bar.cluster, fit.snapshot.sample.labels[bar.sample]);
        assert.ok(Math.abs(bar.value - expected.get(bar.sample)!) < 1e-9, `row ${bar.sample}: ${bar.value} ≠ ${expected.get(bar.sample)}`);
        assert.ok(Math.abs(bar.px - (ins.zeroPx + scale * bar.value)) < 1, `row ${bar.sample}'s bar ends at ${bar.px}`);
        if (previous && previous.cluster === bar.cluster) {
          assert.ok(bar.value <= previous.value, 'sorted, longest first, within a cluster');
          assert.ok(bar.py > previous.py, 'and drawn downwards');
        }
        previous = bar;
      }
      for (let c = 0; c < 3; c++) {
        const own = ins.bars.filter(b => b.cluster === c);
        assert.ok(Math.abs(ins.means[c] - own.reduce((s, b) => s + b.value, 0) / own.length) < 1e-12);
        const cell = await view.page.locator(`#silhouette-table tbody tr:nth-child(${c + 1}) td`).first().textContent();
        assert.equal(Number(cell), Number(ins.means[c].toPrecision(3)));
      }
      const all = [...expected.values()].reduce((s, v) => s + v, 0) / m;
      assert.ok(Math.abs(ins.overall - all) < 1e-9, 'with every row used, the overall mean is the plain mean');
      assert.match(ins.note, new RegExp(`All ${m} rows`));
    } finally { await view.close(); }
  });

  test('above 2,000 rows uses a stated sample stratified by cluster', async () => {
    const random = new Random(5);
    const rows = Array.from({ length: 6000 }, (_, i) => {
      const c = i % 3 === 0 ? 0 : 1;
      return `${(c * 5 + random.nextNormal()).toFixed(4)},${(c * 3 + random.nextNormal()).toFixed(4)}`;
    });
    const big = await fitCsvBytes('big.csv', new TextEncoder().encode(['x,y', ...rows].join('\n')), { nComponents: 2, covarianceType: 'full' });
    const view = await showSilhouette(big);
    try {
      const ins = await inspect(view);
      assert.ok(ins.nUsed <= 2000 && ins.nUsed >= 1990, `${ins.nUsed} rows used`);
      assert.equal(ins.nRows, 6000);
      assert.match(ins.note, /On a sample of 1,99\d of the 6,000 rows, stratified by cluster/);
      const sizes = [0, 1].map(c => [...big.snapshot.sample.labels].filter(l => l === c).length);
      const used = [0, 1].map(c => ins.bars.filter(b => b.cluster === c).length);
      for (const c of [0, 1]) { assert.ok(Math.abs(used[c] / ins.nUsed - sizes[c] / 6000) < 0.01, `cluster ${c} keeps its share`); }
      // The overall mean weights the clusters by their sizes among all rows.
      const weights = big.snapshot.profiles.sizes;
      const want = (weights[0] * ins.means[0] + weights[1] * ins.means[1]) / (weights[0] + weights[1]);
      assert.ok(Math.abs(ins.overall - want) < 1e-12);
    } finally { await view.close(); }
  });

  test('leaves DBSCAN\'s noise rows out, says how many, and the uncertainty tab says there are no probabilities', async () => {
    const dbscan = await fitCsvFile(MOONS_CSV, { algorithm: 'dbscan', nComponents: 2, standardize: true, nInit: 1, maxIter: 100, tol: 1e-3 });
    const noise = [...dbscan.snapshot.sample.labels].filter(l => l < 0).length;
    assert.ok(noise > 0, 'the moons have noise rows');
    const view = await showSilhouette(dbscan);
    try {
      const ins = await inspect(view);
      assert.equal(ins.bars.length, dbscan.snapshot.sample.labels.length - noise);
      assert.ok(ins.bars.every(b => b.cluster >= 0));
      assert.match(ins.note, new RegExp(`${noise} noise rows belong to no cluster and are left out`));
      await view.page.locator('#tab-uncertainty').click();
      await view.page.locator('#uncertainty-chart[data-drawn-for]').waitFor();
      assert.match(await view.page.locator('#uncertainty-caption').textContent() ?? '', /DBSCAN gives no membership probabilities/);
    } finally { await view.close(); }
  });

  for (const theme of ['light', 'dark', 'hcDark'] as const) {
    test(`is drawn in the ${theme} theme (screenshot)`, async () => {
      const view = await showSilhouette(fit, theme);
      try {
        await view.screenshot(`silhouette-${theme}`);
        if (theme === 'light') { await view.page.locator('section.silhouette').screenshot({ path: path.join(screenshotDir, 'docs-silhouette.png') }); }
      } finally { await view.close(); }
    });
  }
});
