// The "Compare k" tab in headless Chromium, fed real comparisons of the sample files computed by
// the same core and host code the worker and the panel run.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type ComparedModel, type HostMessage, parseWebviewMessage, type WebviewMessage } from '../../src/shared/protocol';
import { compareRealFit, fitSampleFile, type RealFit } from './fixtures';
import { closeBrowser, openWebview, type THEMES, type WebviewPage } from './harness';

interface CompareInspection {
  charts: {
    criterion: string;
    series: { label: string; hidden: boolean; points: { k: number; value: number; px: number; py: number }[] }[];
    best: { k: number; covarianceType: string; value: number; px: number; py: number } | null;
    legend: { label: string; x: number; y: number }[];
  }[];
  multiples: { k: number; covarianceType: string; current: boolean; points: number; ellipses: number }[];
}

const inspect = (view: WebviewPage) =>
  view.page.evaluate(() => (window as unknown as { clusterLensCompareInspect(): unknown }).clusterLensCompareInspect()) as Promise<CompareInspection>;

const modelsOf = (messages: HostMessage[]) =>
  messages.flatMap(m => (m.type === 'didCompareModel' ? [m.model] : [])) as ComparedModel[];

/** The page with a fit, on the Compare k tab. */
async function showCompare(fit: RealFit, theme: keyof typeof THEMES = 'dark'): Promise<WebviewPage> {
  const view = await openWebview({ theme, width: 1280, height: 900 });
  for (const message of fit.messages) { await view.send(message); }
  await view.waitForState('ready');
  await view.page.locator('#tab-compare').click();
  await view.page.locator('#compare-run').waitFor({ state: 'visible' });
  return view;
}

async function sendAll(view: WebviewPage, messages: HostMessage[]): Promise<void> {
  for (const message of messages) { await view.send(message); }
}

async function waitForMultiples(view: WebviewPage, count: number): Promise<void> {
  await view.page.waitForFunction(n => document.querySelectorAll('#compare-multiples .compare-multiple').length === n, count);
}

const lastPosted = async (view: WebviewPage) => (await view.posted()).at(-1) as WebviewMessage;

/** The last message of a type the page posted (other tabs post requests of their own meanwhile). */
async function lastOfType<T extends WebviewMessage['type']>(view: WebviewPage, type: T): Promise<Extract<WebviewMessage, { type: T }> | undefined> {
  return (await view.posted() as WebviewMessage[]).filter((m): m is Extract<WebviewMessage, { type: T }> => m.type === type).at(-1);
}

describe('the Compare k tab', () => {
  let penguins: RealFit;
  let gmmRun: HostMessage[];
  let blobs: RealFit;
  let kmeansRun: HostMessage[];
  before(async () => {
    penguins = await fitSampleFile('penguins.csv', { nComponents: 3, covarianceType: 'full', standardize: false });
    gmmRun = compareRealFit(penguins, 6, true);
    blobs = await fitSampleFile('blobs.csv', { algorithm: 'kmeans', nComponents: 3, nInit: 4, maxIter: 300, tol: 1e-4, standardize: true });
    kmeansRun = compareRealFit(blobs, 7, false);
  });
  after(closeBrowser);

  test('Compare posts K and "all covariance types"; Cancel posts cancelCompare while a run goes on', async () => {
    const view = await showCompare(penguins);
    try {
      await view.page.evaluate(() => { (document.getElementById('compare-k') as HTMLInputElement).value = '5'; });
      await view.page.locator('#compare-all-types').click();
      await view.page.locator('#compare-run').click();
      const posted = await lastPosted(view);
      assert.deepEqual(posted, { type: 'compare', kMax: 5, allCovarianceTypes: true });
      assert.ok(parseWebviewMessage(posted).ok);
      assert.equal(await view.page.locator('#compare-cancel').getAttribute('disabled'), '', 'nothing to cancel yet');

      await sendAll(view, gmmRun.slice(0, 6));
      await view.page.waitForFunction(() => !document.getElementById('compare-cancel')!.hasAttribute('disabled'));
      assert.equal(await view.page.locator('#compare-progress-text').innerText(), 'Fitting k = 2 of 6 (tied)');
      assert.ok(await view.page.locator('#compare-run').getAttribute('disabled') !== null, 'one run at a time');
      await waitForMultiples(view, 2);
      await view.page.locator('#compare-cancel').click();
      assert.deepEqual(await lastPosted(view), { type: 'cancelCompare' });
      await view.send({ type: 'didCancelCompare', compareId: 1 });
      await view.page.waitForFunction(() => document.getElementById('compare-progress-text')!.textContent === 'Cancelled after 5 of 24 models.');
      assert.equal(await view.page.locator('#compare-run').getAttribute('disabled'), null);
      assert.deepEqual(await view.cspViolations(), []);
    } finally { await view.close(); }
  });

  for (const theme of ['dark', 'light'] as const) {
    test(`mixtures of four covariance types (${theme}): one BIC and AIC line per type, the lowest marked and stated, K small multiples`, async () => {
      const view = await showCompare(penguins, theme);
      try {
        await sendAll(view, gmmRun);
        await waitForMultiples(view, 6);
        const models = modelsOf(gmmRun);
        assert.equal(models.length, 24);
        const ins = await inspect(view);
        assert.deepEqual(ins.charts.map(c => c.criterion), ['bic', 'aic']);
        for (const chart of ins.charts) {
          const criterion = chart.criterion as 'bic' | 'aic';
          assert.deepEqual(chart.series.map(s => s.label), ['full', 'tied', 'diag', 'spherical']);
          for (const series of chart.series) {
            const expected = models.filter(m => m.covarianceType === series.label).sort((a, b) => a.k - b.k);
            assert.deepEqual(series.points.map(p => [p.k, p.value]), expected.map(m => [m.k, m[criterion]]), `${criterion} ${series.label}`);
            for (let i = 1; i < series.points.length; i++) {
              const [a, b] = [series.points[i - 1], series.points[i]];
              assert.ok(b.px > a.px, 'k grows to the right');
              assert.equal(Math.sign(a.py - b.py), Math.sign(b.value - a.value), 'larger values are drawn higher');
            }
          }
          const lowest = models.reduce((a, b) => (b[criterion]! < a[criterion]! ? b : a));
          assert.deepEqual([chart.best?.k, chart.best?.covarianceType, chart.best?.value], [lowest.k, lowest.covarianceType, lowest[criterion]]);
          assert.match(await view.page.locator('#compare-verdict').innerText(),
            new RegExp(`owest ${criterion.toUpperCase()}: k = ${lowest.k}, ${lowest.covarianceType}`));
          // A line that never comes down to the best line's range starts hidden (legend click away).
          const bestLine = chart.series.find(s => s.label === lowest.covarianceType)!;
          assert.equal(bestLine.hidden, false);
          const top = Math.max(...bestLine.points.map(p => p.value));
          for (const line of chart.series) {
            assert.equal(line.hidden, Math.min(...line.points.map(p => p.value)) > top, `${criterion} ${line.label} hidden iff far above`);
          }
        }
        // The table: a row per k, a column per criterion and type, the lowest marked for screen readers too.
        assert.equal(await view.page.locator('#compare-table tbody tr').count(), 6);
        assert.equal(await view.page.locator('#compare-table thead th').count(), 1 + 8 + 2);
        assert.equal(await view.page.locator('#compare-table td.best').count(), 2);
        assert.match(await view.page.locator('#compare-table td.best').first().innerText(), /lowest BIC/);
        // Small multiples: one per k, the lowest-BIC type of each k, ellipses at 1 and 2σ.
        for (const [i, multiple] of ins.multiples.entries()) {
          const k = i + 1;
          const atK = models.filter(m => m.k === k);
          const best = atK.reduce((a, b) => (b.bic! < a.bic! ? b : a));
          assert.deepEqual([multiple.k, multiple.covarianceType], [k, best.covarianceType]);
          assert.equal(multiple.points, (gmmRun[0] as Extract<HostMessage, { type: 'didStartCompare' }>).sample.rowIndex.length);
          assert.equal(multiple.ellipses, 2 * k);
        }
        // Unstandardised grams and millimetres: spherical mixtures are far worse than the others.
        assert.ok(ins.charts[0].series.find(s => s.label === 'spherical')!.hidden);
        assert.match(await view.page.locator('.compare-chart figcaption').first().innerText(), /Hidden at first, far above the best line: spherical/);
        assert.deepEqual(ins.multiples.filter(m => m.current).map(m => m.k), ins.multiples[2].covarianceType === 'full' ? [3] : [],
          'only the current fit (k = 3, full) is marked');
        assert.match(await view.page.locator('#compare-progress-text').innerText(), /Fitted 24 models/);
        assert.deepEqual(await view.cspViolations(), []);
        await view.screenshot(`compare-gmm-${theme}`);
      } finally { await view.close(); }
    });
  }

  test('the small multiples can show one covariance type; the current fit is marked', async () => {
    const view = await showCompare(penguins);
    try {
      await sendAll(view, gmmRun);
      await waitForMultiples(view, 6);
      await view.page.evaluate(() => {
        const select = document.getElementById('compare-multiples-type') as HTMLSelectElement;
        select.value = 'full';
        select.dispatchEvent(new Event('change'));
      });
      await view.page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('.compare-multiple')].every(e => e.dataset.covarianceType === 'full'));
      const ins = await inspect(view);
      assert.deepEqual(ins.multiples.map(m => [m.k, m.covarianceType]), [1, 2, 3, 4, 5, 6].map(k => [k, 'full']));
      assert.deepEqual(ins.multiples.filter(m => m.current).map(m => m.k), [3], 'the current fit (k = 3, full) is marked');
      assert.match(await view.page.locator('.compare-multiple.current').innerText(), /current/);
    } finally { await view.close(); }
  });

  test('a current fit with other columns says the models are of the fit compared', async () => {
    const view = await showCompare(penguins);
    try {
      await sendAll(view, gmmRun);
      await waitForMultiples(view, 6);
      assert.ok(await view.page.locator('#compare-stale').isHidden(), 'no note while the comparison is of the current fit');
      const loaded = penguins.messages.find(m => m.type === 'didLoadDataset');
      assert.ok(loaded?.type === 'didLoadDataset');
      const options = { ...loaded.options, columns: loaded.options.columns.slice(0, 2) };
      await view.send({ type: 'didStartFit', fitId: 1000, options });
      await view.page.locator('#compare-stale').waitFor({ state: 'visible' });
      assert.match(await view.page.locator('#compare-stale').innerText(), /other settings \(columns\)/);
      await view.screenshot('compare-stale');
    } finally { await view.close(); }
  });

  test('clicking a small multiple opens that model: fit with the run\'s options and its k and type', async () => {
    const view = await showCompare(penguins);
    try {
      await sendAll(view, gmmRun);
      await waitForMultiples(view, 6);
      const target = view.page.locator('.compare-multiple[data-k="4"]');
      const type = await target.getAttribute('data-covariance-type');
      await target.click();
      const posted = await lastOfType(view, 'fit');
      assert.ok(parseWebviewMessage(posted).ok);
      const options = (penguins.messages[0] as Extract<HostMessage, { type: 'didLoadDataset' }>).options;
      assert.deepEqual(posted, { type: 'fit', options: { ...options, nComponents: 4, covarianceType: type } });
      await view.page.locator('vscode-tab-panel[data-view="scatter"]').waitFor({ state: 'visible' });
    } finally { await view.close(); }
  });

  test('a number in the table opens its model, by mouse or keyboard', async () => {
    const view = await showCompare(penguins);
    try {
      await sendAll(view, gmmRun);
      await waitForMultiples(view, 6);
      const options = (penguins.messages[0] as Extract<HostMessage, { type: 'didLoadDataset' }>).options;
      await view.page.locator('#compare-table button[data-k="5"][data-covariance-type="diag"]').first().click();
      assert.deepEqual(await lastOfType(view, 'fit'), { type: 'fit', options: { ...options, nComponents: 5, covarianceType: 'diag' } });
      await view.page.locator('#tab-compare').click();
      const cell = view.page.locator('#compare-table button[data-k="2"][data-covariance-type="tied"]').first();
      await cell.focus();
      await view.page.keyboard.press('Enter');
      assert.deepEqual(await lastOfType(view, 'fit'), { type: 'fit', options: { ...options, nComponents: 2, covarianceType: 'tied' } });
    } finally { await view.close(); }
  });

  test('clicking the starred point of the BIC chart opens the lowest-BIC model', async () => {
    const view = await showCompare(penguins);
    try {
      await sendAll(view, gmmRun);
      await waitForMultiples(view, 6);
      const bic = (await inspect(view)).charts[0];
      const box = (await view.page.locator('#compare-chart-bic').boundingBox())!;
      assert.equal(await lastOfType(view, 'fit'), undefined);
      await view.page.mouse.click(box.x + bic.best!.px, box.y + bic.best!.py);
      // chart.js handles events on the next animation frame.
      await view.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some(m => m.type === 'fit'));
      const posted = await lastOfType(view, 'fit');
      assert.ok(posted, 'the click posted a fit');
      assert.deepEqual([posted.options.nComponents, posted.options.covarianceType], [bic.best!.k, bic.best!.covarianceType]);
    } finally { await view.close(); }
  });

  for (const theme of ['dark', 'light'] as const) {
    test(`k-means (${theme}): inertia elbow and silhouette, no silhouette at k = 1, the best silhouette marked`, async () => {
      const view = await showCompare(blobs, theme);
      try {
        assert.equal(await view.page.locator('#compare-all-types').getAttribute('disabled'), '', 'k-means has no covariance types');
        await sendAll(view, kmeansRun);
        await waitForMultiples(view, 7);
        const models = modelsOf(kmeansRun);
        const ins = await inspect(view);
        assert.deepEqual(ins.charts.map(c => c.criterion), ['inertia', 'silhouette']);
        const [inertia, silhouette] = ins.charts;
        assert.deepEqual(inertia.series.map(s => s.label), ['k-means']);
        assert.deepEqual(inertia.series[0].points.map(p => [p.k, p.value]), models.map(m => [m.k, m.inertia]));
        assert.deepEqual(silhouette.series[0].points.map(p => p.k), [2, 3, 4, 5, 6, 7], 'the silhouette is undefined at k = 1');
        assert.equal(models[0].silhouette, null);
        const best = models.slice(1).reduce((a, b) => (b.silhouette! > a.silhouette! ? b : a));
        assert.equal(best.k, 3, 'blobs.csv holds three blobs');
        assert.equal(silhouette.best?.k, 3);
        assert.equal(inertia.best?.k, 3, 'the elbow of inertia');
        const verdict = await view.page.locator('#compare-verdict').innerText();
        assert.match(verdict, /highest silhouette: k = 3/);
        assert.match(verdict, /Elbow of inertia: k = 3/);
        assert.ok(ins.multiples.every(m => m.ellipses === 0), 'k-means has no ellipses');
        assert.equal(await view.page.locator('#compare-table tbody tr:first-child td').first().innerText(), models[0].inertia!.toFixed(1));
        assert.deepEqual(await view.cspViolations(), []);
        await view.screenshot(`compare-kmeans-${theme}`);
      } finally { await view.close(); }
    });
  }

  test('a legend click shows a hidden line, and the choice survives models arriving', async () => {
    const view = await showCompare(penguins);
    try {
      await sendAll(view, gmmRun.slice(0, 18)); // the start and 17 models: up to k = 5, full
      await waitForMultiples(view, 5);
      const spherical = async () => (await inspect(view)).charts[0].series.find(s => s.label === 'spherical')!;
      assert.equal((await spherical()).hidden, true);
      const box = (await view.page.locator('#compare-chart-bic').boundingBox())!;
      const entry = (await inspect(view)).charts[0].legend.find(l => l.label === 'spherical');
      assert.ok(entry, 'the legend lists spherical');
      await view.page.mouse.click(box.x + entry.x, box.y + entry.y);
      await view.page.waitForFunction(() => (window as unknown as { clusterLensCompareInspect(): CompareInspection })
        .clusterLensCompareInspect().charts[0].series.find(s => s.label === 'spherical')?.hidden === false);
      await sendAll(view, gmmRun.slice(18));
      await waitForMultiples(view, 6);
      assert.equal((await spherical()).hidden, false, 'still shown after more models arrived');
      assert.equal((await spherical()).points.length, 6);
    } finally { await view.close(); }
  });

  test('ignores a compared model whose shapes break the protocol', async () => {
    const view = await showCompare(penguins);
    try {
      const [start, first] = gmmRun;
      await sendAll(view, [start]);
      const model = (first as Extract<HostMessage, { type: 'didCompareModel' }>).model;
      await view.send({ type: 'didCompareModel', compareId: 1, model: { ...model, means: new Float64Array(3) } });
      await view.send({ type: 'didCompareModel', compareId: 1, model: { ...model, labels: new Int32Array(model.labels.length).fill(5) } });
      await view.send(first);
      await waitForMultiples(view, 1);
      assert.equal((await inspect(view)).charts[0].series[0].points.length, 1);
    } finally { await view.close(); }
  });

  test('says when the lowest BIC is at the largest k tried, and offers to compare further', async () => {
    const view = await showCompare(penguins);
    try {
      // Penguins are three species: with K = 2 the lowest BIC can only be at the edge.
      const shortRun = compareRealFit(penguins, 2, false, 2);
      assert.equal(modelsOf(shortRun).reduce((a, b) => (a.bic! <= b.bic! ? a : b)).k, 2);
      await sendAll(view, shortRun);
      const edge = view.page.locator('#compare-edge');
      await edge.waitFor({ state: 'visible' });
      assert.match(await edge.innerText(), /lowest BIC .*at k = 2, the largest k tried: the best k may lie beyond it/);
      await view.screenshot('compare-best-at-edge');
      await view.page.locator('#compare-extend').click();
      const request = await lastOfType(view, 'compare');
      assert.deepEqual(request, { type: 'compare', kMax: 4, allCovarianceTypes: false });
      // a run whose lowest BIC lies inside says nothing of the kind
      await sendAll(view, gmmRun);
      await waitForMultiples(view, 6);
      assert.equal(await edge.isVisible(), false);
    } finally { await view.close(); }
  });
});
