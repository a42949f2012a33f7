import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { toPortableModel } from '../../src/core/portableModel';
import { parseModel, serializeModel } from '../../src/data/modelFile';
import { toModelFile } from '../../src/data/portableModelFile';
import { buildAppliedFit } from '../../src/host/pure/appliedModel';
import { fitSampleFile, readSample, type RealFit } from './fixtures';
import { closeBrowser, openWebview, type WebviewPage } from './harness';

async function showTab(view: WebviewPage, fit: RealFit, id: string): Promise<void> {
  for (const message of fit.messages) { await view.send(message); }
  await view.waitForState('ready');
  await view.page.locator(`#tab-${id}`).click();
}

describe('the convergence and profiles tabs of a real fit', () => {
  let gmm: RealFit;
  let kmeans: RealFit;
  let disagreeing: RealFit;
  before(async () => {
    // seed 5: the first of 10 starts stops in a poor optimum (two species merged), later ones do not
    disagreeing = await fitSampleFile('penguins.csv', { nComponents: 3, standardize: true, nInit: 10, seed: 5 });
    gmm = await fitSampleFile('penguins.csv', { nComponents: 3, standardize: true, nInit: 3 });
    kmeans = await fitSampleFile('penguins.csv', { algorithm: 'kmeans', nComponents: 3, standardize: true, nInit: 4, maxIter: 300, tol: 1e-4 });
  });
  after(closeBrowser);

  test('states in words that EM converged, and shows the gain against tol', async () => {
    const view = await openWebview();
    try {
      await showTab(view, gmm, 'convergence');
      const verdict = view.page.locator('#convergence-verdict');
      await verdict.waitFor();
      assert.match(await verdict.innerText(), new RegExp(`^Converged: after ${gmm.snapshot.nIter} iterations the lower bound gained less than tol = 0\\.001`));
      assert.match(await verdict.innerText(), /Restart \d of 3 was kept/);
      assert.equal(await view.page.locator('#gain-chart').isVisible(), true);
      const rows = await view.page.locator('#convergence-table tbody tr').count();
      assert.equal(rows, gmm.snapshot.histories[gmm.snapshot.bestRestart].length);
      await view.screenshot('convergence-dark');
    } finally { await view.close(); }
  });

  test('says, in Convergence and in the status line, that starts reached a better optimum than the first', async () => {
    const view = await openWebview();
    try {
      await showTab(view, disagreeing, 'convergence');
      const verdict = view.page.locator('#convergence-verdict');
      await verdict.waitFor();
      assert.match(await verdict.innerText(), /Restart \d+ of 10 was kept \(highest lower bound\)\. \d+ of 10 starts reached a better optimum than the first; start \d+ is kept \(its lower bound is 0\.1\d+ per row higher\)\.$/);
      assert.equal(await verdict.getAttribute('data-starts-disagree'), 'true');
      const status = view.page.locator('#status-restarts');
      assert.equal(await status.isVisible(), true);
      assert.match(await status.innerText(), /\d+ of 10 starts reached a better optimum than the first/);
      await view.screenshot('convergence-starts-disagree');
    } finally { await view.close(); }
  });

  test('keeps the status line short when every start reached the same optimum', async () => {
    const view = await openWebview();
    try {
      await showTab(view, gmm, 'convergence');
      await view.page.locator('#convergence-verdict').waitFor();
      assert.equal(gmm.snapshot.restarts?.disagree, false, 'seed 0: the three starts agree');
      assert.match(await view.page.locator('#convergence-verdict').innerText(), /All 3 starts reached the same optimum\.$/);
      assert.equal(await view.page.locator('#status-restarts').count(), 0);
    } finally { await view.close(); }
  });

  test('replays EM from the initial guess to the fit with the slider', async () => {
    const view = await openWebview();
    try {
      await showTab(view, gmm, 'convergence');
      const replay = gmm.snapshot.replay;
      assert.ok(replay, 'the engine kept the iterations of a small fit');
      const slider = view.page.locator('#replay-slider');
      assert.equal(await slider.getAttribute('max'), String(replay.nFrames - 1));
      await slider.fill('0');
      await view.page.waitForFunction(() => /initial guess/.test(document.getElementById('replay-label')?.textContent ?? ''));
      assert.equal(await view.page.locator('#replay-scatter').getAttribute('data-ellipse-count'), String(3 * gmm.snapshot.nComponents));
      await view.screenshot('replay-start-dark');
    } finally { await view.close(); }
  });

  test('k-means shows its inertia per restart and no gain chart', async () => {
    const view = await openWebview();
    try {
      await showTab(view, kmeans, 'convergence');
      await view.page.locator('#convergence-verdict').waitFor();
      assert.match(await view.page.locator('#convergence-verdict').innerText(), /centroids stopped moving/);
      assert.equal(await view.page.locator('#gain-chart').isVisible(), false);
      assert.equal(await view.page.locator('#replay').isVisible(), false);
    } finally { await view.close(); }
  });

  test('profiles every cluster in numbers, colours and a sentence', async () => {
    const view = await openWebview({ theme: 'light' });
    try {
      await showTab(view, gmm, 'profiles');
      const sentences = view.page.locator('#profile-sentences li');
      await sentences.first().waitFor();
      assert.equal(await sentences.count(), 3);
      for (let c = 0; c < 3; c++) { assert.match((await sentences.nth(c).innerText()).trim(), new RegExp(`^Cluster ${c + 1}: `)); }
      assert.equal(await view.page.locator('#profile-table tbody tr').count(), 4, 'three clusters and the overall row');
      assert.match(await view.page.locator('#profile-text').innerText(), /species/);
      await view.screenshot('profiles-light');
    } finally { await view.close(); }
  });

  test('a saved model applied to the file says so, and shows no iterations it never ran', async () => {
    const [load, finish] = gmm.messages;
    assert.ok(load.type === 'didLoadDataset' && finish.type === 'didFinishFit');
    const model = parseModel(serializeModel(toModelFile(toPortableModel(gmm.result), {
      columns: gmm.selection.columns, covarianceType: 'full', options: { nInit: 3, seed: 0, standardize: true }, bic: null, aic: null,
    })));
    const applied = buildAppliedFit(model, 'penguins.model.json', await readSample('penguins.csv'), gmm.selection, 2, 20_000);
    const view = await openWebview();
    try {
      await view.send(load);
      await view.send({ type: 'didFinishFit', fit: applied.snapshot });
      await view.waitForState('ready');
      const status = await view.page.locator('#status').innerText();
      assert.match(status, /^\s*Saved model penguins\.model\.json applied: Gaussian mixture VVV \(full\), k = 3, 342 rows · log-likelihood .* on this file$/);
      assert.doesNotMatch(status, /iteration/);
      await view.screenshot('applied-model-scatter');
      await view.page.locator('#tab-convergence').click();
      await view.page.locator('#convergence-verdict').waitFor();
      assert.match(await view.page.locator('#convergence-verdict').innerText(), /saved model penguins\.model\.json, applied to this file: it was not fitted here/);
      assert.equal(await view.page.locator('#convergence-chart').isVisible(), false);
    } finally { await view.close(); }
  });
});
