import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseWebviewMessage } from '../../src/shared/protocol';
import { parseColour } from '../../webview/contrast';
import { certaintyAlpha, paletteFor, withAlpha } from '../../webview/palette';
import { Random } from '../../src/core/random';
import { fitCsvBytes, fitSampleFile, type RealFit } from './fixtures';
import { closeBrowser, openWebview, THEMES, type WebviewPage } from './harness';

interface Inspection {
  points: { sample: number; cluster: number; px: number; py: number; fill: string }[];
  shapes: { colour: string; pixels: [number, number][] }[];
  xRange: [number, number];
  yRange: [number, number];
  area: { left: number; right: number; top: number; bottom: number };
  selectedSamples: number[];
  tooltip: string[];
}

/** The cluster colours the page draws in the harness' default (dark) theme. */
const darkPalette = paletteFor(parseColour(THEMES.dark['--vscode-editor-background'])!);
const clusterColour = (c: number) => darkPalette[c % darkPalette.length];

const inspect = (view: WebviewPage) =>
  view.page.evaluate(() => (window as unknown as { clusterLensInspect(): unknown }).clusterLensInspect()) as Promise<Inspection>;

async function show(fit: RealFit, options?: Parameters<typeof openWebview>[0]): Promise<WebviewPage> {
  const view = await openWebview(options);
  for (const message of fit.messages) { await view.send(message); }
  await view.waitForState('ready');
  return view;
}

/** The point farthest from any other: a click there can only mean that point. */
function loneliestPoint(ins: Inspection): Inspection['points'][number] {
  return ins.points.reduce((best, p) => {
    const gap = Math.min(...ins.points.filter(q => q !== p).map(q => Math.hypot(q.px - p.px, q.py - p.py)));
    return gap > best.gap ? { p, gap } : best;
  }, { p: ins.points[0], gap: -1 }).p;
}

/** Pixel ↔ data for a linear chart axis: the inverse of what chart.js does when it draws. */
function toData(ins: Inspection, px: number, py: number): [number, number] {
  const { area, xRange, yRange } = ins;
  return [
    xRange[0] + ((px - area.left) / (area.right - area.left)) * (xRange[1] - xRange[0]),
    yRange[0] + ((area.bottom - py) / (area.bottom - area.top)) * (yRange[1] - yRange[0]),
  ];
}

function mahalanobis2(cov: ArrayLike<number>, dx: number, dy: number): number {
  const [a, b, , c] = [cov[0], cov[1], cov[2], cov[3]];
  const det = a * c - b * b;
  return Math.sqrt((c * dx * dx - 2 * b * dx * dy + a * dy * dy) / det);
}

/**
 * Every vertex of the nσ outline must lie on the level set (x − μ)ᵀ Σ⁻¹ (x − μ) = nσ², checked in
 * pixels: the radial miss, scaled to the vertex's distance from the centre on screen, is < 1 px.
 */
function assertEllipsesMatch(ins: Inspection, means: Float64Array, covs: Float64Array, k: number) {
  assert.equal(ins.shapes.length, 3 * k, 'three outlines per component');
  for (let c = 0; c < k; c++) {
    const mean = [means[2 * c], means[2 * c + 1]];
    const cov = covs.subarray(4 * c, 4 * c + 4);
    const lambdaMax = (cov[0] + cov[3]) / 2 + Math.sqrt(((cov[0] - cov[3]) / 2) ** 2 + cov[1] ** 2);
    for (let s = 1; s <= 3; s++) {
      const shape = ins.shapes[3 * c + (s - 1)];
      const centre = [
        ins.area.left + ((mean[0] - ins.xRange[0]) / (ins.xRange[1] - ins.xRange[0])) * (ins.area.right - ins.area.left),
        ins.area.bottom - ((mean[1] - ins.yRange[0]) / (ins.yRange[1] - ins.yRange[0])) * (ins.area.bottom - ins.area.top),
      ];
      let longest = 0;
      for (const [px, py] of shape.pixels) {
        const [x, y] = toData(ins, px, py);
        const distance = mahalanobis2(cov, x - mean[0], y - mean[1]);
        const radiusPx = Math.hypot(px - centre[0], py - centre[1]);
        assert.ok(Math.abs(1 - s / distance) * radiusPx < 1, `cluster ${c + 1} ${s}σ vertex is off by more than a pixel`);
        longest = Math.max(longest, Math.hypot(x - mean[0], y - mean[1]));
      }
      // The semi-major axis in data units is nσ·√λ_max (the polygon starts at its end).
      assert.ok(Math.abs(longest - s * Math.sqrt(lambdaMax)) / (s * Math.sqrt(lambdaMax)) < 1e-3, `cluster ${c + 1} ${s}σ major axis`);
    }
  }
}

describe('the scatter plot of a real fit', () => {
  let pair: RealFit;
  let all: RealFit;
  before(async () => {
    // Bill length (~45 mm) against flipper length (~200 mm): axes with very different scales.
    pair = await fitSampleFile('penguins.csv', { columns: ['bill_length_mm', 'flipper_length_mm'], nComponents: 3 });
    all = await fitSampleFile('penguins.csv', { nComponents: 3 });
  });
  after(closeBrowser);

  test('loads under the panel CSP without a violation and announces itself ready', async () => {
    const view = await show(pair);
    try {
      assert.deepEqual(await view.cspViolations(), []);
      const posted = await view.posted();
      assert.ok(posted.every(m => parseWebviewMessage(m).ok), 'every message the page sends passes the protocol guard');
      assert.equal((posted[0] as { type: string }).type, 'ready');
    } finally { await view.close(); }
  });

  test('draws every sampled row in its cluster colour, with opacity from its certainty', async () => {
    const view = await show(pair);
    try {
      const ins = await inspect(view);
      const { sample, nComponents: k } = pair.snapshot;
      assert.equal(ins.points.length, sample.labels.length);
      assert.equal(await view.page.locator('#scatter').getAttribute('data-point-count'), String(sample.labels.length));
      for (const p of ins.points) {
        assert.ok(p.px >= ins.area.left - 0.5 && p.px <= ins.area.right + 0.5 && p.py >= ins.area.top - 0.5 && p.py <= ins.area.bottom + 0.5,
          `row ${sample.rowIndex[p.sample] + 1} is drawn inside the axes`);
        assert.equal(p.cluster, sample.labels[p.sample]);
        assert.equal(p.fill, withAlpha(clusterColour(p.cluster), certaintyAlpha(sample.certainty[p.sample], k)));
      }
    } finally { await view.close(); }
  });

  test('lists the clusters in the legend in their order, with their weights', async () => {
    const view = await show(pair);
    try {
      const labels = await view.page.evaluate(() => (window as unknown as { clusterLensInspect(): { legend: string[] } }).clusterLensInspect().legend);
      const k = pair.snapshot.nComponents;
      assert.deepEqual(labels, [...Array.from({ length: k }, (_, c) => `Cluster ${c + 1} · ${(100 * pair.snapshot.weights[c]).toFixed(1)}%`), 'Means']);
    } finally { await view.close(); }
  });

  test('paints the canvas in the cluster colours where the surest points are', async () => {
    const view = await show(pair);
    try {
      const ins = await inspect(view);
      const sure = ins.points.filter(p => pair.snapshot.sample.certainty[p.sample] > 0.99).slice(0, 60);
      const pixels = await view.page.evaluate(points => {
        const canvas = document.getElementById('scatter') as HTMLCanvasElement;
        const ctx = canvas.getContext('2d')!;
        const ratio = canvas.width / canvas.getBoundingClientRect().width;
        return points.map(([x, y]) => Array.from(ctx.getImageData(Math.round(x * ratio), Math.round(y * ratio), 1, 1).data));
      }, sure.map(p => [p.px, p.py]));
      const rgb = (hex: string) => [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16));
      let nearestIsOwn = 0;
      sure.forEach((p, i) => {
        const distances = Array.from({ length: pair.snapshot.nComponents }, (_, c) =>
          rgb(clusterColour(c)).reduce((sum, v, j) => sum + (v - pixels[i][j]) ** 2, 0));
        if (distances.indexOf(Math.min(...distances)) === p.cluster) { nearestIsOwn++; }
      });
      // Overlapping points and the mean markers may cover a few; nearly all must show their own colour.
      assert.ok(nearestIsOwn >= 0.85 * sure.length, `${nearestIsOwn} of ${sure.length} points show their cluster's colour`);
    } finally { await view.close(); }
  });

  test('draws the 1, 2 and 3σ ellipses of each component within a pixel, though the axes differ in scale', async () => {
    const view = await show(pair);
    try {
      const ins = await inspect(view);
      const { means, covariances, nComponents: k } = pair.snapshot;
      // Two columns: the plane's covariances are the Gaussians' own 2 × 2 blocks.
      assertEllipsesMatch(ins, means, covariances!, k);
      const ratio = (ins.xRange[1] - ins.xRange[0]) / (ins.yRange[1] - ins.yRange[0]);
      assert.ok(ratio > 2 || ratio < 0.5, 'the test is only meaningful when the axes have different scales');
    } finally { await view.close(); }
  });

  test('keeps the ellipses exact after zooming in with the wheel and panning by drag', async () => {
    const view = await show(pair);
    try {
      const before = await inspect(view);
      const box = (await view.page.locator('#scatter').boundingBox())!;
      const cx = box.x + (before.area.left + before.area.right) / 2;
      const cy = box.y + (before.area.top + before.area.bottom) / 2;
      await view.page.mouse.move(cx, cy);
      await view.page.mouse.wheel(0, -300);
      await view.page.mouse.down();
      await view.page.mouse.move(cx + 60, cy - 30, { steps: 4 });
      await view.page.mouse.up();
      const after = await inspect(view);
      assert.ok(after.xRange[1] - after.xRange[0] < 0.8 * (before.xRange[1] - before.xRange[0]), 'the view zoomed in');
      assertEllipsesMatch(after, pair.snapshot.means, pair.snapshot.covariances!, pair.snapshot.nComponents);
      await view.page.locator('#scatter').dblclick({ position: { x: 5, y: 5 } });
      const reset = await inspect(view);
      assert.deepEqual(reset.xRange, before.xRange, 'double-click restores the full view');
    } finally { await view.close(); }
  });

  test('selects the row of a clicked point and rings it', async () => {
    const view = await show(pair);
    try {
      const ins = await inspect(view);
      const box = (await view.page.locator('#scatter').boundingBox())!;
      const target = loneliestPoint(ins);
      await view.page.mouse.click(box.x + target.px, box.y + target.py);
      await view.page.locator('#scatter[data-selected-count="1"]').waitFor({ timeout: 5000 });
      assert.deepEqual((await inspect(view)).selectedSamples, [target.sample]);
    } finally { await view.close(); }
  });

  test('lists a selected row once in the tooltip of its point', async () => {
    const view = await show(pair);
    try {
      const ins = await inspect(view);
      const box = (await view.page.locator('#scatter').boundingBox())!;
      const target = loneliestPoint(ins);
      await view.page.mouse.click(box.x + target.px, box.y + target.py);
      await view.page.locator('#scatter[data-selected-count="1"]').waitFor({ timeout: 5000 });
      await view.page.mouse.move(box.x + target.px + 1, box.y + target.py);
      await view.page.mouse.move(box.x + target.px, box.y + target.py);
      const row = pair.snapshot.sample.rowIndex[target.sample] + 1;
      await view.page.waitForFunction(() => (window as unknown as { clusterLensInspect(): { tooltip: string[] } }).clusterLensInspect().tooltip.length > 0);
      const tooltip = (await inspect(view)).tooltip;
      assert.equal(tooltip.filter(line => line.startsWith(`Row ${row} `)).length, 1, tooltip.join(' | '));
    } finally { await view.close(); }
  });

  test('saves the plot as PNG without the tooltip of the point under the mouse', async () => {
    const view = await show(pair);
    try {
      const savedPngs = async () => (await view.posted()).flatMap(m => {
        const parsed = parseWebviewMessage(m);
        return parsed.ok && parsed.message.type === 'saveImage' ? [parsed.message.png] : [];
      });
      await view.page.locator('#save-scatter-png').click();
      await view.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some(m => m.type === 'saveImage'));
      const [plain] = await savedPngs();
      const ins = await inspect(view);
      const box = (await view.page.locator('#scatter').boundingBox())!;
      const target = loneliestPoint(ins);
      await view.page.mouse.move(box.x + target.px, box.y + target.py);
      await view.page.waitForFunction(() => (window as unknown as { clusterLensInspect(): { tooltip: string[] } }).clusterLensInspect().tooltip.length > 0);
      await view.screenshot('scatter-hover-tooltip');
      // the button pressed from the keyboard: the mouse stays on the point
      await view.page.locator('#save-scatter-png').evaluate(button => (button as HTMLElement).click());
      await view.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.filter(m => m.type === 'saveImage').length === 2);
      const [, hovered] = await savedPngs();
      assert.ok(Buffer.from(hovered).equals(Buffer.from(plain)), 'the picture saved while hovering is the picture without hover');
    } finally { await view.close(); }
  });

  test('projects the Gaussians onto the first two principal components as W Σ Wᵀ', async () => {
    const view = await show(all);
    try {
      const { means, covariances, nComponents: k, columns, pca } = all.snapshot;
      const d = columns.length;
      assert.ok(pca && d > 2);
      const W = pca.components;
      const planeMeans = new Float64Array(2 * k);
      const planeCovs = new Float64Array(4 * k);
      for (let c = 0; c < k; c++) {
        for (let a = 0; a < 2; a++) {
          for (let j = 0; j < d; j++) { planeMeans[2 * c + a] += W[a * d + j] * (means[c * d + j] - pca.mean[j]); }
          for (let b = 0; b < 2; b++) {
            let sum = 0;
            for (let i = 0; i < d; i++) { for (let j = 0; j < d; j++) { sum += W[a * d + i] * covariances![c * d * d + i * d + j] * W[b * d + j]; } }
            planeCovs[4 * c + 2 * a + b] = sum;
          }
        }
      }
      assertEllipsesMatch(await inspect(view), planeMeans, planeCovs, k);
      await view.screenshot('scatter-pca-dark');
    } finally { await view.close(); }
  });
});

describe('the scatter plot of a fit with missing cells', () => {
  after(closeBrowser);

  test('points placed at a missing cell\'s conditional expectation are drawn hollow, the others filled', async () => {
    const random = new Random(12);
    const lines = ['bill,flipper,mass'];
    for (let i = 0; i < 300; i++) {
      const c = i % 3;
      const cells = [40 + 6 * c + random.nextNormal(), 190 + 12 * c + 3 * random.nextNormal(), 3800 + 500 * c + 200 * random.nextNormal()].map(v => v.toFixed(1));
      if (random.nextFloat() < 0.25) { cells[Math.floor(random.nextFloat() * 3)] = ''; }
      lines.push(cells.join(','));
    }
    const fit = await fitCsvBytes('holes.csv', new TextEncoder().encode(lines.join('\n') + '\n'), { missing: 'model', standardize: true });
    const flags = fit.snapshot.sample.imputed!;
    const view = await show(fit);
    try {
      const ins = await inspect(view);
      assert.equal(ins.points.length, 300);
      const d = 3;
      for (const p of ins.points) {
        // the default projection is PCA: a point rests on every cell of its row
        const imputed = [0, 1, 2].some(j => flags[p.sample * d + j] === 1);
        assert.equal(p.fill === 'transparent', imputed, `point ${p.sample}`);
      }
      assert.ok(ins.points.some(p => p.fill === 'transparent') && ins.points.some(p => p.fill !== 'transparent'));
      await view.screenshot('scatter-missing-cells-hollow');
      // Profiles: per cluster, the rows with no value in each column (every row was labelled)
      await view.page.locator('#tab-profiles').click();
      await view.page.locator('#profile-missing caption').waitFor();
      const expected = [0, 1, 2].map(c => [0, 1, 2].map(j => {
        let n = 0;
        for (let s = 0; s < 300; s++) { if (fit.snapshot.sample.labels[s] === c && flags[s * d + j] === 1) { n++; } }
        return n;
      }));
      const shown = await view.page.locator('#profile-missing tbody tr').evaluateAll(rows => rows.map(r => [...r.querySelectorAll('td')].map(td => td.textContent ?? '')));
      assert.deepEqual(shown.map(row => row.map(cell => (cell === '—' ? 0 : Number(cell.split(' ')[0])))), expected);
      await view.screenshot('profiles-missing-cells');
    } finally { await view.close(); }
  });
});
