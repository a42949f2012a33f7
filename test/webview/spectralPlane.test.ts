// Spectral clustering's own plane on the scatter plot: the rows on the first two non-trivial
// eigenvectors of its embedding, where its k-means found the clusters.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseHostMessage } from '../../src/shared/protocol';
import { fitCsvFile, fitSampleFile, MOONS_CSV, type RealFit } from './fixtures';
import { closeBrowser, openWebview, type THEMES, type WebviewPage } from './harness';

interface Inspection { points: { sample: number; cluster: number; px: number; py: number }[] }

const inspect = (view: WebviewPage) => view.page.evaluate(() => (window as unknown as { clusterLensInspect(): unknown }).clusterLensInspect()) as Promise<Inspection>;

async function show(fit: RealFit, theme: keyof typeof THEMES = 'dark'): Promise<WebviewPage> {
  const view = await openWebview({ theme, width: 1100, height: 800 });
  for (const message of fit.messages) { await view.send(message); }
  await view.waitForState('ready');
  return view;
}

async function chooseX(view: WebviewPage, name: RegExp): Promise<void> {
  await view.page.locator('#x-axis').click();
  await view.page.getByRole('option', { name }).click();
}

const axisTitles = (view: WebviewPage) => view.page.evaluate(() => {
  const chart = (window as unknown as { clusterLensInspect(): { textColour: string } }).clusterLensInspect();
  return chart ? [...document.querySelectorAll('#x-axis, #y-axis')].map(s => (s as HTMLElement & { value: string }).value) : [];
});

describe('the spectral embedding as a plane of the scatter plot', () => {
  let moons: RealFit;
  let blobs: RealFit;
  before(async () => {
    moons = await fitCsvFile(MOONS_CSV, { algorithm: 'spectral', nComponents: 2, nInit: 10, standardize: true, columns: ['x', 'y'] });
    blobs = await fitSampleFile('blobs.csv', { algorithm: 'spectral', nComponents: 3, nInit: 10, standardize: true });
  });
  after(closeBrowser);

  test('a spectral fit\'s snapshot carries each drawn row on the 2nd and 3rd eigenvectors, and the guard checks its shape', () => {
    const { sample } = blobs.snapshot;
    assert.equal(sample.embedding?.length, 2 * sample.labels.length);
    assert.ok(sample.embedding!.every(Number.isFinite));
    assert.ok(moons.snapshot.sample.embedding!.every((v, i) => (i % 2 === 1 ? Number.isNaN(v) : Number.isFinite(v))), 'k = 2: one non-trivial eigenvector');
    const broken = { ...blobs.snapshot, sample: { ...blobs.snapshot.sample, embedding: new Float64Array(3) } };
    assert.equal(parseHostMessage({ type: 'didFinishFit', fit: broken }).ok, false);
  });

  test('on two moons the 2nd eigenvector alone separates the moons: every row of one cluster lies left of every row of the other', async () => {
    const view = await show(moons);
    try {
      await chooseX(view, /Eigenvector 2/);
      assert.deepEqual(await axisTitles(view), ['spectral', 'spectral']);
      const { points } = await inspect(view);
      const xs = (c: number) => points.filter(p => p.cluster === c).map(p => p.px);
      const [a, b] = [xs(0), xs(1)];
      assert.ok(Math.max(...a) < Math.min(...b) || Math.max(...b) < Math.min(...a), 'the clusters do not overlap along eigenvector 2');
      await view.screenshot('spectral-plane-moons');
    } finally { await view.close(); }
  });

  for (const theme of ['light', 'dark', 'hcDark'] as const) {
    test(`with k = 3 the plane is eigenvectors 2 and 3 (${theme} theme)`, async () => {
      const view = await show(blobs, theme);
      try {
        await chooseX(view, /Eigenvector 2/);
        const { points } = await inspect(view);
        assert.equal(points.length, blobs.snapshot.sample.labels.length);
        assert.deepEqual(await axisTitles(view), ['spectral', 'spectral']);
        assert.match(await view.page.locator('#y-axis vscode-option[value="spectral"]').textContent() ?? '', /Eigenvector 3/);
        await view.screenshot(`spectral-plane-blobs-${theme}`);
      } finally { await view.close(); }
    });
  }

  test('a fit of another method leaves the spectral plane for the default one', async () => {
    const view = await show(moons);
    try {
      await chooseX(view, /Eigenvector 2/);
      const gmm = await fitCsvFile(MOONS_CSV, { algorithm: 'gmm', nComponents: 2, standardize: true, columns: ['x', 'y'] });
      await view.send(gmm.messages[1]!);
      await view.page.waitForFunction(() => (document.getElementById('x-axis') as HTMLElement & { value: string }).value === '0');
      assert.deepEqual(await axisTitles(view), ['0', '1']);
    } finally { await view.close(); }
  });
});
