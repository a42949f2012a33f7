import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { predictWithModel, toPortableModel } from '../../src/core/portableModel';
import { Random } from '../../src/core/random';
import { parseWebviewMessage } from '../../src/shared/protocol';
import { projectFit } from '../../webview/plane';
import { fitCsvBytes, fitSampleFile, type RealFit } from './fixtures';
import * as path from 'node:path';
import { closeBrowser, openWebview, screenshotDir, type WebviewPage } from './harness';

interface Area { left: number; right: number; top: number; bottom: number }
interface Pictures {
  oneColumn?: {
    area: Area; xRange: [number, number]; yRange: [number, number];
    bars: { left: number; right: number; top: number; bottom: number; x0: number; x1: number; density: number }[];
    curves: { label: string; pixels: [number, number][] }[];
    cuts: number[]; cutPixels: number[]; centroidPixels: number[]; rugCount: number; textColour: string;
  };
  contours?: { levels: number[]; pixels: number[][] };
  regions?: { cells: number[][]; outlines: number[][] };
  area: Area; xRange: [number, number]; yRange: [number, number];
}
interface ScatterPoints { points: { sample: number; cluster: number; px: number; py: number }[] }

const pictures = (view: WebviewPage, canvasId: string) =>
  view.page.evaluate(id => (window as unknown as { clusterLensInspectPictures(id: string): unknown }).clusterLensInspectPictures(id), canvasId) as Promise<Pictures>;
const scatterPoints = (view: WebviewPage) =>
  view.page.evaluate(() => (window as unknown as { clusterLensInspect(): unknown }).clusterLensInspect()) as Promise<ScatterPoints>;

/** A picture of one part of the panel (for the README: docs/images holds copies of these). */
async function capture(view: WebviewPage, selector: string, name: string): Promise<void> {
  await view.page.locator(selector).first().screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}

async function show(fit: RealFit, theme: Parameters<typeof openWebview>[0] = {}): Promise<WebviewPage> {
  const view = await openWebview(theme);
  for (const message of fit.messages) { await view.send(message); }
  await view.waitForState('ready');
  return view;
}

/** Data → pixel for a linear chart axis, as chart.js maps it, written out independently. */
const toPixel = (p: { area: Area; xRange: [number, number]; yRange: [number, number] }) => (x: number, y: number): [number, number] => [
  p.area.left + ((x - p.xRange[0]) / (p.xRange[1] - p.xRange[0])) * (p.area.right - p.area.left),
  p.area.bottom - ((y - p.yRange[0]) / (p.yRange[1] - p.yRange[0])) * (p.area.bottom - p.area.top),
];
const toData = (p: { area: Area; xRange: [number, number]; yRange: [number, number] }) => (px: number, py: number): [number, number] => [
  p.xRange[0] + ((px - p.area.left) / (p.area.right - p.area.left)) * (p.xRange[1] - p.xRange[0]),
  p.yRange[0] + ((p.area.bottom - py) / (p.area.bottom - p.area.top)) * (p.yRange[1] - p.yRange[0]),
];

/** The weighted normal density wₖ N(x | μ, σ²), written out. */
const normal = (x: number, w: number, mu: number, variance: number) => (w / Math.sqrt(2 * Math.PI * variance)) * Math.exp(-((x - mu) ** 2) / (2 * variance));

/** log p(x, y) of a 2-D mixture and its gradient, written out from the parameters on the plane. */
function logMixture2(weights: ArrayLike<number>, means: ArrayLike<number>, covariances: ArrayLike<number>, x: number, y: number): { value: number; gx: number; gy: number } {
  let p = 0, gx = 0, gy = 0;
  for (let c = 0; c < weights.length; c++) {
    const [a, b, , d] = [covariances[4 * c], covariances[4 * c + 1], covariances[4 * c + 2], covariances[4 * c + 3]];
    const det = a * d - b * b;
    const dx = x - means[2 * c], dy = y - means[2 * c + 1];
    // Σ⁻¹ (x − μ)
    const ix = (d * dx - b * dy) / det, iy = (a * dy - b * dx) / det;
    const pc = weights[c] / (2 * Math.PI * Math.sqrt(det)) * Math.exp(-0.5 * (dx * ix + dy * iy));
    p += pc; gx -= pc * ix; gy -= pc * iy;
  }
  return { value: Math.log(p), gx: gx / p, gy: gy / p };
}

/**
 * Every contour vertex lies within a pixel of the true level set: its miss in log density divided
 * by the gradient's length in pixels (the first-order distance to the curve) is < 1 px.
 */
function assertContoursOnLevels(ins: Pictures, weights: ArrayLike<number>, means: ArrayLike<number>, covariances: ArrayLike<number>): number {
  const contours = ins.contours!;
  const data = toData(ins);
  const xPerPx = (ins.xRange[1] - ins.xRange[0]) / (ins.area.right - ins.area.left);
  const yPerPx = (ins.yRange[1] - ins.yRange[0]) / (ins.area.bottom - ins.area.top);
  let checked = 0;
  contours.pixels.forEach((pixels, l) => {
    for (let i = 0; i < pixels.length; i += 2) {
      const [x, y] = data(pixels[i], pixels[i + 1]);
      const f = logMixture2(weights, means, covariances, x, y);
      const gradPx = Math.hypot(f.gx * xPerPx, f.gy * yPerPx);
      const miss = Math.abs(f.value - contours.levels[l]) / gradPx;
      assert.ok(miss < 1, `level ${l}: a vertex ${miss.toFixed(2)} px off its contour`);
      checked++;
    }
  });
  return checked;
}

/** Two groups of heights, as tutorial 001 measures them. */
function heightsCsv(): Uint8Array {
  const random = new Random(11);
  const rows = ['height'];
  for (let i = 0; i < 700; i++) { rows.push((i % 7 < 3 ? 163 + 6 * random.nextNormal() : 178 + 7 * random.nextNormal()).toFixed(1)); }
  return new TextEncoder().encode(`${rows.join('\n')}\n`);
}

describe('the tutorials\' pictures', { concurrency: 1 }, () => {
  let heights: RealFit;
  let heightsKMeans: RealFit;
  let pair: RealFit;
  let pairKMeans: RealFit;
  let penguins: RealFit;
  let penguinsKMeans: RealFit;

  before(async () => {
    heights = await fitCsvBytes('heights.csv', heightsCsv(), { nComponents: 2 });
    heightsKMeans = await fitCsvBytes('heights.csv', heightsCsv(), { algorithm: 'kmeans', nComponents: 3 });
    pair = await fitSampleFile('blobs.csv', { nComponents: 3 });
    pairKMeans = await fitSampleFile('blobs.csv', { algorithm: 'kmeans', nComponents: 3, standardize: true });
    penguins = await fitSampleFile('penguins.csv', { nComponents: 3 });
    penguinsKMeans = await fitSampleFile('penguins.csv', { algorithm: 'kmeans', nComponents: 3, standardize: true });
  });
  after(closeBrowser);

  describe('one column', () => {
    test('draws a density histogram of the rows with bars exact to the pixel', async () => {
      const view = await show(heights);
      try {
        assert.equal(await view.page.locator('#scatter').isVisible(), false, 'no strip of points');
        const ins = (await pictures(view, 'one-column')).oneColumn!;
        const values = heights.snapshot.sample.values;
        const n = values.length;
        const px = toPixel(ins);
        ins.bars.forEach((bar, b) => {
          const last = b === ins.bars.length - 1;
          const count = Array.from(values).filter(v => v >= bar.x0 && (v < bar.x1 || (last && v <= bar.x1))).length;
          assert.ok(Math.abs(bar.density - count / (n * (bar.x1 - bar.x0))) < 1e-12, `bar ${b}: density ${bar.density}, ${count} rows`);
          const [left, top] = px(bar.x0, bar.density);
          assert.ok(Math.abs(bar.left - left) < 1 && Math.abs(bar.top - top) < 1, `bar ${b} off by more than a pixel`);
        });
        assert.equal(ins.rugCount, n, 'every drawn row is on the rug');
      } finally { await view.close(); }
    });

    test('draws each component\'s weighted density and the mixture within a pixel of the fitted Gaussians', async () => {
      const view = await show(heights);
      try {
        const ins = (await pictures(view, 'one-column')).oneColumn!;
        const { weights, means, covariances } = heights.snapshot;
        const px = toPixel(ins);
        const data = toData(ins);
        const truth = [0, 1].map(c => (x: number) => normal(x, weights[c], means[c], covariances![c]));
        const mixture = (x: number) => truth[0](x) + truth[1](x);
        assert.deepEqual(ins.curves.map(c => c.label.replace(/ ·.*/, '')), ['Cluster 1', 'Cluster 2', 'Mixture']);
        for (const [curve, f] of [[ins.curves[0], truth[0]], [ins.curves[1], truth[1]], [ins.curves[2], mixture]] as const) {
          for (const [cx, cy] of curve.pixels) {
            const [x] = data(cx, cy);
            assert.ok(Math.abs(px(x, f(x))[1] - cy) < 1, `${curve.label} at ${x}: ${cy} vs ${px(x, f(x))[1]}`);
          }
        }
        const tallest = Math.max(...ins.curves[2].pixels.map(([, y]) => -y));
        assert.ok(-tallest > ins.area.top - 1, 'the mixture fits under the top of the chart');
      } finally { await view.close(); }
    });

    test('moves the curves with the EM replay over the same histogram', async () => {
      const view = await show(heights);
      try {
        const replay = heights.snapshot.replay!;
        assert.ok(replay && replay.nFrames > 2, 'the fit kept its iterations');
        await view.page.locator('#tab-convergence').click();
        const slider = view.page.locator('#replay-slider');
        await slider.fill('0');
        await view.page.waitForFunction(() => /initial guess/.test(document.getElementById('replay-label')?.textContent ?? ''));
        assert.equal(await view.page.locator('#replay-scatter').isVisible(), false);
        const start = (await pictures(view, 'replay-one-column')).oneColumn!;
        const px = toPixel(start);
        const data = toData(start);
        // frame 0: the initial guess's weights, means and variances
        for (const c of [0, 1]) {
          for (const [cx, cy] of start.curves[c].pixels) {
            const [x] = data(cx, cy);
            const expected = px(x, normal(x, replay.weights[c], replay.means[c], replay.covariances[c]))[1];
            assert.ok(Math.abs(expected - cy) < 1, `frame 0, cluster ${c + 1} at ${x}`);
          }
        }
        await view.screenshot('one-column-replay-start-dark');
        await slider.fill(String(replay.nFrames - 1));
        await view.page.waitForFunction(() => !/initial guess/.test(document.getElementById('replay-label')?.textContent ?? ''));
        const end = (await pictures(view, 'replay-one-column')).oneColumn!;
        assert.deepEqual(end.bars.map(b => b.density), start.bars.map(b => b.density), 'the histogram stays');
        const moved = Math.max(...end.curves[2].pixels.map(([, y], i) => Math.abs(y - start.curves[2].pixels[i][1])));
        assert.ok(moved > 5, `the mixture moved ${moved} px between the first and last iteration`);
      } finally { await view.close(); }
    });

    test('k-means: the histogram with the centroids and the cut points halfway between them', async () => {
      const view = await show(heightsKMeans, { theme: 'light' });
      try {
        const ins = (await pictures(view, 'one-column')).oneColumn!;
        const centres = Array.from(heightsKMeans.snapshot.means).sort((a, b) => a - b);
        assert.deepEqual(ins.cuts, [(centres[0] + centres[1]) / 2, (centres[1] + centres[2]) / 2]);
        const px = toPixel(ins);
        ins.cuts.forEach((cut, i) => assert.ok(Math.abs(ins.cutPixels[i] - px(cut, 0)[0]) < 1));
        assert.equal(ins.curves.length, 3, 'one legend entry per centroid');
        Array.from(heightsKMeans.snapshot.means).forEach((m, c) => assert.ok(Math.abs(ins.centroidPixels[c] - px(m, 0)[0]) < 1, `centroid ${c + 1}`));
        // every drawn row lies on its centroid's side of the cuts
        const values = heightsKMeans.snapshot.sample.values;
        const labels = heightsKMeans.snapshot.sample.labels;
        const rank = Array.from(heightsKMeans.snapshot.means).map(m => centres.indexOf(m));
        for (let s = 0; s < values.length; s++) {
          const side = ins.cuts.filter(cut => values[s] > cut).length;
          assert.equal(side, rank[labels[s]], `row ${s} at ${values[s]}`);
        }
        await view.screenshot('one-column-kmeans-light');
      } finally { await view.close(); }
    });

    for (const theme of ['light', 'dark', 'hcDark'] as const) {
      test(`follows the ${theme} theme and saves as PNG`, async () => {
        const view = await show(heights, { theme });
        try {
          const ins = (await pictures(view, 'one-column')).oneColumn!;
          const foreground = await view.page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--vscode-editor-foreground').trim());
          assert.equal(ins.textColour, foreground);
          await view.screenshot(`one-column-${theme}`);
          if (theme === 'dark') { await capture(view, '.plot-column', 'readme-one-column'); }
          await view.page.locator('#save-scatter-png').click();
          await view.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some(m => m.type === 'saveImage'));
          const saved = (await view.posted()).flatMap(m => { const p = parseWebviewMessage(m); return p.ok && p.message.type === 'saveImage' ? [p.message] : []; });
          assert.equal(saved[0].name, 'histogram');
          assert.deepEqual(Array.from(saved[0].png.slice(1, 4)), [0x50, 0x4e, 0x47], 'a PNG');
        } finally { await view.close(); }
      });
    }
  });

  describe('density contours', () => {
    test('are off at first and, ticked, lie on the marginal density\'s level sets within a pixel', async () => {
      const view = await show(pair);
      try {
        assert.equal((await pictures(view, 'scatter')).contours, undefined);
        await view.page.locator('#show-contours').click();
        await view.page.waitForFunction(() => (window as unknown as { clusterLensInspectPictures(id: string): { contours?: unknown } }).clusterLensInspectPictures('scatter').contours !== undefined);
        const ins = await pictures(view, 'scatter');
        const plane = projectFit(pair.snapshot, { kind: 'columns', x: 0, y: 1 });
        const checked = assertContoursOnLevels(ins, pair.snapshot.weights, plane.means, plane.covariances!);
        assert.ok(checked > 200, `${checked} vertices checked`);
        assert.equal(ins.contours!.levels.length, 7);
      } finally { await view.close(); }
    });

    test('are sampled afresh after a zoom, and stay on the level sets', async () => {
      const view = await show(pair);
      try {
        await view.page.locator('#show-contours').click();
        await view.page.waitForFunction(() => (window as unknown as { clusterLensInspectPictures(id: string): { contours?: unknown } }).clusterLensInspectPictures('scatter').contours !== undefined);
        const before = await pictures(view, 'scatter');
        const box = (await view.page.locator('#scatter').boundingBox())!;
        await view.page.mouse.move(box.x + (before.area.left + before.area.right) / 2, box.y + (before.area.top + before.area.bottom) / 2);
        await view.page.mouse.wheel(0, -400);
        const after = await pictures(view, 'scatter');
        assert.ok(after.xRange[1] - after.xRange[0] < 0.8 * (before.xRange[1] - before.xRange[0]), 'the view zoomed in');
        const plane = projectFit(pair.snapshot, { kind: 'columns', x: 0, y: 1 });
        assertContoursOnLevels(after, pair.snapshot.weights, plane.means, plane.covariances!);
        assert.deepEqual(after.contours!.levels, before.contours!.levels, 'the same levels: the model fixes them, not the view');
      } finally { await view.close(); }
    });

    test('on the PCA plane are those of the projected mixture', async () => {
      const view = await show(penguins);
      try {
        await view.page.locator('#show-contours').click();
        await view.page.waitForFunction(() => (window as unknown as { clusterLensInspectPictures(id: string): { contours?: unknown } }).clusterLensInspectPictures('scatter').contours !== undefined);
        const ins = await pictures(view, 'scatter');
        const plane = projectFit(penguins.snapshot, { kind: 'pca' });
        assert.ok(assertContoursOnLevels(ins, penguins.snapshot.weights, plane.means, plane.covariances!) > 100);
      } finally { await view.close(); }
    });

    for (const theme of ['light', 'dark', 'hcDark'] as const) {
      test(`follow the ${theme} theme`, async () => {
        const view = await show(pair, { theme });
        try {
          await view.page.locator('#show-contours').click();
          await view.page.waitForFunction(() => (window as unknown as { clusterLensInspectPictures(id: string): { contours?: unknown } }).clusterLensInspectPictures('scatter').contours !== undefined);
          await view.screenshot(`contours-${theme}`);
          if (theme === 'dark') { await capture(view, '.plot-column', 'readme-contours'); }
          await view.page.locator('#save-scatter-png').click();
          await view.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some(m => m.type === 'saveImage'));
        } finally { await view.close(); }
      });
    }
  });

  describe('predicting a new point', () => {
    /** Reads "1: 3.0%  2: 97.0%" back as fractions. */
    const parsePercents = (text: string) => [...text.matchAll(/(\d+): ([\d.]+)%/g)].map(m => Number(m[2]) / 100);

    test('reads out the probabilities under the mouse on the plane of a two-column fit', async () => {
      const view = await show(pair);
      try {
        const ins = await pictures(view, 'scatter');
        const box = (await view.page.locator('#scatter').boundingBox())!;
        const model = toPortableModel({ ...pair.result });
        for (const [fx, fy] of [[0.3, 0.4], [0.6, 0.7], [0.5, 0.5]]) {
          const px = ins.area.left + fx * (ins.area.right - ins.area.left);
          const py = ins.area.top + fy * (ins.area.bottom - ins.area.top);
          await view.page.mouse.move(box.x + px, box.y + py);
          await view.page.waitForFunction(() => (document.getElementById('hover-predict')?.textContent ?? '') !== '');
          const text = await view.page.locator('#hover-predict').innerText();
          const [x, y] = toData(ins)(px, py);
          const expected = predictWithModel(model, { data: Float64Array.of(x, y), nSamples: 1, nFeatures: 2 }).resp;
          const shown = parsePercents(text.replace(/^.*?p /, ''));
          assert.equal(shown.length, 3, text);
          shown.forEach((p, c) => assert.ok(Math.abs(p - expected[c]) < 0.0006, `${text}: cluster ${c + 1} ${expected[c]}`));
          assert.match(text, /log-density -?\d/);
        }
        await view.screenshot('predict-hover-dark');
        await view.page.locator('#predict summary').click();
        await view.page.mouse.move(box.x + ins.area.left + 0.64 * (ins.area.right - ins.area.left), box.y + ins.area.top + 0.42 * (ins.area.bottom - ins.area.top));
        await view.page.waitForFunction(() => (document.getElementById('hover-predict')?.textContent ?? '') !== '');
        await capture(view, '.results', 'readme-predict');
        await view.page.mouse.move(box.x + 2, box.y + 2);
        assert.equal(await view.page.locator('#hover-predict').innerText(), '', 'outside the plot: nothing read out');
      } finally { await view.close(); }
    });

    test('"Predict a row" gives a row of the file the probabilities the fit labelled it with', async () => {
      const view = await show(penguins, { theme: 'light' });
      try {
        await view.page.locator('#predict summary').click();
        const d = penguins.snapshot.columns.length;
        const k = penguins.snapshot.nComponents;
        const { values, probabilities } = penguins.snapshot.sample;
        for (let j = 0; j < d; j++) { assert.equal(await view.page.locator(`#predict-${j}`).inputValue(), String(values[j])); }
        const shown = parsePercents((await view.page.locator('#predict-table').innerText()).replace(/Cluster /g, '').replace(/\t/g, ': '));
        assert.equal(shown.length, k);
        shown.forEach((p, c) => assert.ok(Math.abs(p - probabilities[c]) < 0.0006, `cluster ${c + 1}: shown ${p}, labelled ${probabilities[c]}`));
        assert.match(await view.page.locator('#predict-density').innerText(), /^log-density -?\d/);
        await view.screenshot('predict-row-light');
        // the row the fit was least sure of, typed in: the same split between clusters
        const { certainty } = penguins.snapshot.sample;
        const unsure = certainty.indexOf(Math.min(...certainty));
        assert.ok(certainty[unsure] < 0.9, 'a row the fit is unsure of');
        for (let j = 0; j < d; j++) { await view.page.locator(`#predict-${j}`).fill(String(values[unsure * d + j])); }
        await view.page.locator('#predict-0').press('Enter');
        const typed = parsePercents((await view.page.locator('#predict-table').innerText()).replace(/Cluster /g, '').replace(/\t/g, ': '));
        typed.forEach((p, c) => assert.ok(Math.abs(p - probabilities[unsure * k + c]) < 0.0006, `cluster ${c + 1}: shown ${p}, labelled ${probabilities[unsure * k + c]}`));
        // a new row, against the core's labelling of new rows
        await view.page.locator('#predict-0').fill('50');
        await view.page.locator('#predict-button').click();
        const model = toPortableModel({ ...penguins.result });
        const row = Float64Array.from({ length: d }, (_, j) => (j === 0 ? 50 : values[unsure * d + j]));
        const expected = predictWithModel(model, { data: row, nSamples: 1, nFeatures: d }).resp;
        const fresh = parsePercents((await view.page.locator('#predict-table').innerText()).replace(/Cluster /g, '').replace(/\t/g, ': '));
        fresh.forEach((p, c) => assert.ok(Math.abs(p - expected[c]) < 0.0006));
        await view.page.locator('#predict-1').fill('deep');
        await view.page.locator('#predict-button').click();
        assert.equal(await view.page.locator('#predict-result').innerText(), `${penguins.snapshot.columns[1]} must be a number.`);
      } finally { await view.close(); }
    });

    test('in the high-contrast theme', async () => {
      const view = await show(pair, { theme: 'hcDark' });
      try {
        await view.page.locator('#predict summary').click();
        const ins = await pictures(view, 'scatter');
        const box = (await view.page.locator('#scatter').boundingBox())!;
        await view.page.mouse.move(box.x + (ins.area.left + ins.area.right) / 2, box.y + (ins.area.top + ins.area.bottom) / 2);
        await view.page.waitForFunction(() => (document.getElementById('hover-predict')?.textContent ?? '') !== '');
        await view.screenshot('predict-hcDark');
      } finally { await view.close(); }
    });
  });

  describe('k-means as hard regions', () => {
    /** Signed distance in pixels from a point to the inside of a convex polygon (negative: outside). */
    function insideBy(polygon: number[], x: number, y: number): number {
      const n = polygon.length / 2;
      // orientation in pixels (y down) flips the data's counter-clockwise order
      let area = 0;
      for (let i = 0; i < n; i++) { const j = (i + 1) % n; area += polygon[2 * i] * polygon[2 * j + 1] - polygon[2 * j] * polygon[2 * i + 1]; }
      const sign = Math.sign(area);
      let least = Infinity;
      for (let i = 0; i < n; i++) {
        const [ax, ay, bx, by] = [polygon[2 * i], polygon[2 * i + 1], polygon[2 * ((i + 1) % n)], polygon[2 * ((i + 1) % n) + 1]];
        least = Math.min(least, (sign * ((bx - ax) * (y - ay) - (by - ay) * (x - ax))) / Math.hypot(bx - ax, by - ay));
      }
      return least;
    }

    test('put every drawn row in its own centroid\'s cell, and its cluster\'s radius through the farthest', async () => {
      const view = await show(pairKMeans);
      try {
        const ins = await pictures(view, 'scatter');
        const { cells, outlines } = ins.regions!;
        const { points } = await scatterPoints(view);
        assert.equal(cells.length, 3);
        for (const p of points) {
          assert.ok(insideBy(cells[p.cluster], p.px, p.py) > -1, `row ${p.sample} lies outside its cell by more than a pixel`);
          assert.ok(insideBy(outlines[p.cluster], p.px, p.py) > -1, `row ${p.sample} lies outside its cluster's radius`);
        }
        for (let c = 0; c < 3; c++) {
          const nearestEdge = Math.min(...points.filter(p => p.cluster === c).map(p => Math.abs(insideBy(outlines[c], p.px, p.py))));
          assert.ok(nearestEdge < 1, `cluster ${c + 1}: the farthest row is ${nearestEdge} px from the circle`);
        }
        assert.match(await view.page.locator('#regions-note').innerText(), /exact: these are the two fitted columns/);
        assert.ok(pairKMeans.snapshot.scaling, 'the fit z-scored its columns: the cells are in its metric');
      } finally { await view.close(); }
    });

    test('say they are the plane\'s cut when k-means fitted more columns, and are off on the PCA plane', async () => {
      const view = await show(penguinsKMeans);
      try {
        assert.equal(await view.page.locator('#show-regions').getAttribute('disabled'), '');
        assert.equal((await pictures(view, 'scatter')).regions, undefined);
        await view.page.evaluate(() => {
          for (const [id, value] of [['x-axis', '0'], ['y-axis', '1']]) {
            const select = document.getElementById(id) as HTMLElement & { value: string };
            select.value = value;
            select.dispatchEvent(new Event('change'));
          }
        });
        await view.page.waitForFunction(() => (document.getElementById('regions-note')?.textContent ?? '') !== '');
        assert.match(await view.page.locator('#regions-note').innerText(), /on this plane alone \(its cut: k-means measures all 4 columns/);
        assert.equal((await pictures(view, 'scatter')).regions!.cells.length, 3);
      } finally { await view.close(); }
    });

    for (const theme of ['light', 'dark', 'hcDark'] as const) {
      test(`follow the ${theme} theme and save as PNG`, async () => {
        const view = await show(pairKMeans, { theme });
        try {
          await view.screenshot(`kmeans-regions-${theme}`);
          if (theme === 'dark') { await capture(view, '.plot-column', 'readme-kmeans-regions'); }
          await view.page.locator('#save-scatter-png').click();
          await view.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some(m => m.type === 'saveImage'));
          await view.page.locator('#show-regions').click();
          await view.page.waitForFunction(() => (window as unknown as { clusterLensInspectPictures(id: string): { regions?: unknown } }).clusterLensInspectPictures('scatter').regions === undefined);
        } finally { await view.close(); }
      });
    }
  });
});
