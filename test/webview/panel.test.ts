import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cautionFor, checkFitRequest } from '../../src/core/fitFeasibility';
import { parseWebviewMessage, type WebviewMessage } from '../../src/shared/protocol';
import { fitSampleFile, type RealFit } from './fixtures';
import { byteSourceFromText } from '../../src/data/byteSource';
import { readCsv } from '../../src/data/csvReader';
import { defaultFeatureColumns } from '../../src/data/featureMatrix';
import { summarizeDataset } from '../../src/host/pure/datasetSummary';
import { closeBrowser, openWebview, THEMES } from './harness';

describe('the cluster panel page', () => {
  let fit: RealFit;
  before(async () => { fit = await fitSampleFile('penguins.csv', { nComponents: 3 }); });
  after(closeBrowser);

  test('shows text from the CSV as text, never as markup', async () => {
    const view = await openWebview();
    try {
      const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
      const [load] = fit.messages;
      assert.equal(load.type, 'didLoadDataset');
      await view.send({ ...load, dataset: { ...load.dataset, fileName: hostile } });
      await view.page.waitForFunction(text => document.querySelector('.title')?.textContent === text, hostile);
      assert.equal(await view.page.locator('#app img').count(), 0);
      assert.equal(await view.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    } finally { await view.close(); }
  });

  test('says under the controls which columns were not preselected and why, with a tooltip on each', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => `${i + 1},${(39.1 + (i % 17) * 0.7).toFixed(1)},${181 + (i * 7) % 50},${2007 + (i % 3)}`);
    const csv = ['step,bill_length_mm,flipper_length_mm,year', ...rows].join('\n') + '\n';
    const dataset = await readCsv(byteSourceFromText(csv), { fileName: 'penguins-years.csv' });
    const [load] = fit.messages;
    assert.equal(load.type, 'didLoadDataset');
    const view = await openWebview();
    try {
      await view.send({ ...load, dataset: summarizeDataset('penguins-years.csv', dataset), options: { ...load.options, columns: defaultFeatureColumns(dataset) } });
      const note = view.page.locator('#columns-note');
      await note.waitFor({ state: 'visible' });
      const text = await note.innerText();
      assert.match(text, /Columns not preselected/);
      assert.match(text, /year: only 3 distinct whole numbers \(2007 to 2009\)/);
      assert.match(text, /step: counts up row by row \(1 to 60\)/);
      assert.doesNotMatch(text, /bill_length_mm|flipper_length_mm/);
      const year = view.page.locator('vscode-option[value="year"]');
      assert.match(await year.getAttribute('title') ?? '', /^Not preselected: only 3 distinct whole numbers/);
      assert.equal(await year.getAttribute('selected'), null, 'left out, yet listed: the user can still tick it');
      assert.equal(await year.getAttribute('disabled'), null);
      assert.notEqual(await view.page.locator('vscode-option[value="bill_length_mm"]').getAttribute('selected'), null);
      assert.equal(await view.page.locator('vscode-option[value="bill_length_mm"]').getAttribute('title'), null);
      await view.screenshot('columns-left-out');
    } finally { await view.close(); }
  });

  test('writes its counts in the right number and the scores of one line with the same decimals', async () => {
    const view = await openWebview();
    try {
      const [load, finish] = fit.messages;
      assert.ok(load.type === 'didLoadDataset' && finish.type === 'didFinishFit');
      await view.send(load);
      // a fit that left one row out, converged in one iteration, with scores of different magnitudes
      await view.send({ ...finish, fit: { ...finish.fit, droppedRows: 1, nIter: 1, logLikelihood: -61.37755, bic: 133.5012, aic: 72.7551 } });
      await view.waitForState('ready');
      const subtitle = await view.page.locator('#subtitle').innerText();
      assert.match(subtitle, /· 1 row with missing values left out/);
      const status = await view.page.locator('#status').innerText();
      assert.match(status, /converged in 1 iteration ·/);
      assert.match(status, /log-likelihood -61\.4 · BIC 133\.5 · AIC 72\.8 ·/);
      // with missing cells modelled, the rows left out are those with no value at all
      await view.send({ ...finish, fit: { ...finish.fit, droppedRows: 2, options: { ...finish.fit.options, missing: 'model' } } });
      await view.page.waitForFunction(() => /no value in any chosen column/.test(document.querySelector('#subtitle')?.textContent ?? ''));
      assert.match(await view.page.locator('#subtitle').innerText(), /· 2 rows with no value in any chosen column left out/);
    } finally { await view.close(); }
  });


  test('shows the host\'s error with what to do about it', async () => {
    const view = await openWebview();
    try {
      await view.send({ type: 'didFail', message: 'empty.csv is empty.', hint: 'Choose a file with a header and at least one row.' });
      await view.waitForState('error');
      assert.match(await view.page.locator('#error-message').innerText(), /empty\.csv is empty\./);
      assert.match(await view.page.locator('#error').innerText(), /Choose a file with a header/);
      await view.screenshot('error-dark');
    } finally { await view.close(); }
  });

  test('a fit refused before it runs: the reason and what to try in the error area, the controls kept to choose them', async () => {
    const view = await openWebview();
    try {
      const [load] = fit.messages;
      assert.equal(load.type, 'didLoadDataset');
      await view.send(load);
      // what the host posts when Analysis.fit refuses (core/fitFeasibility.ts): 32 rows × 11 columns, full, k = 3
      const verdict = checkFitRequest({ algorithm: 'gmm', nComponents: 3, covarianceType: 'full', nSamples: 32, nFeatures: 11 });
      assert.ok(!verdict.ok);
      await view.send({ type: 'didFail', message: verdict.message, hint: verdict.hint });
      await view.waitForState('error');
      assert.match(await view.page.locator('#error-message').innerText(), /needs at least 12 rows per cluster: 36 rows for k = 3; the data has 32 usable rows/);
      assert.match(await view.page.locator('#error').innerText(), /Try the diag covariance, or at most 9 columns, or k ≤ 2\./);
      assert.equal(await view.page.locator('#fit').isVisible(), true, 'the user can change the covariance, columns or k and fit again');
      await view.screenshot('refused-fit-dark');
    } finally { await view.close(); }
  });

  test('a fit on few rows per parameter says so in the status line', async () => {
    const view = await openWebview();
    try {
      const caution = cautionFor({ algorithm: 'gmm', nComponents: 3, covarianceType: 'full', nSamples: 40, nFeatures: 11 });
      assert.ok(caution);
      const [load, finish] = fit.messages;
      assert.ok(finish?.type === 'didFinishFit');
      await view.send(load!);
      await view.send({ ...finish, fit: { ...finish.fit, caution } });
      await view.waitForState('ready');
      assert.equal((await view.page.locator('#status-caution').innerText()).trim(), caution);
      assert.match(await view.page.locator('#status').innerText(), /233 parameters from 40 rows .*the probabilities may be overconfident/);
    } finally { await view.close(); }
  });

  test('ignores a message that breaks the protocol and keeps the last good picture', async () => {
    const view = await openWebview();
    try {
      for (const message of fit.messages) { await view.send(message); }
      await view.waitForState('ready');
      const broken = { type: 'didFinishFit', fit: { ...fit.snapshot, weights: [0.5, 0.5] } };
      await view.page.evaluate(m => window.postMessage(m, '*'), broken as unknown as Record<string, unknown>);
      await view.page.waitForTimeout(100);
      assert.equal(await view.page.locator('#app').getAttribute('data-state'), 'ready');
      assert.equal(await view.page.locator('#scatter').getAttribute('data-point-count'), String(fit.snapshot.sample.labels.length));
    } finally { await view.close(); }
  });

  test('asks the host for a fit with the options shown when Fit is pressed', async () => {
    const view = await openWebview();
    try {
      for (const message of fit.messages) { await view.send(message); }
      await view.waitForState('ready');
      await view.page.locator('#fit').click();
      await view.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some(m => m.type === 'fit'));
      const request = (await view.posted()).map(m => parseWebviewMessage(m)).find(p => p.ok && p.message.type === 'fit');
      assert.ok(request?.ok);
      const options = (request.message as Extract<WebviewMessage, { type: 'fit' }>).options;
      assert.deepEqual(options.columns, fit.snapshot.columns);
      assert.equal(options.nComponents, 3);
      assert.equal(options.algorithm, 'gmm');
    } finally { await view.close(); }
  });

  test('saves the scatter plot as a PNG through the host', async () => {
    const view = await openWebview();
    try {
      for (const message of fit.messages) { await view.send(message); }
      await view.waitForState('ready');
      await view.page.locator('#save-scatter-png').click();
      await view.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some(m => m.type === 'saveImage'));
      const request = (await view.posted()).map(m => parseWebviewMessage(m)).find(p => p.ok && p.message.type === 'saveImage');
      assert.ok(request?.ok, 'the request passes the protocol guard');
      const { name, png } = request.message as Extract<WebviewMessage, { type: 'saveImage' }>;
      assert.equal(name, 'scatter');
      assert.deepEqual(Array.from(png.subarray(0, 8)), [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
      assert.ok(png.length > 5000, 'a real picture, not an empty canvas');
    } finally { await view.close(); }
  });

  test('fits an 800 px wide editor without a horizontal scroll bar', async () => {
    const view = await openWebview({ width: 800, height: 700 });
    try {
      for (const message of fit.messages) { await view.send(message); }
      await view.waitForState('ready');
      const overflow = await view.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `the page is ${overflow} px wider than the editor`);
      const plot = await view.page.locator('#scatter').boundingBox();
      assert.ok(plot && plot.width >= 400 && plot.height >= 280, 'the plot keeps a usable size');
      await view.screenshot('scatter-800px');
    } finally { await view.close(); }
  });

  test('draws its charts again in the new colours when the theme changes', async () => {
    const view = await openWebview({ theme: 'dark' });
    try {
      for (const message of fit.messages) { await view.send(message); }
      await view.waitForState('ready');
      const colour = () => view.page.evaluate(() => (window as unknown as { clusterLensInspect(): { textColour: string } }).clusterLensInspect().textColour);
      assert.equal(await colour(), THEMES.dark['--vscode-editor-foreground']);
      // What VS Code does on a theme switch: new variables on <html>, a new class on <body>.
      await view.page.evaluate(vars => {
        for (const [name, value] of Object.entries(vars)) { document.documentElement.style.setProperty(name, value); }
        document.body.className = 'vscode-light';
      }, THEMES.light);
      await view.page.waitForFunction(expected => (window as unknown as { clusterLensInspect(): { textColour: string } }).clusterLensInspect().textColour === expected,
        THEMES.light['--vscode-editor-foreground'], { timeout: 5000 });
    } finally { await view.close(); }
  });

  test('reads well in the light theme too', async () => {
    const view = await openWebview({ theme: 'light' });
    try {
      for (const message of fit.messages) { await view.send(message); }
      await view.waitForState('ready');
      await view.screenshot('scatter-pca-light');
    } finally { await view.close(); }
  });
});
