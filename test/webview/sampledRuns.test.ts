// Compare k, Compare methods and Find best model on a file fitted on a sample (issue 14 §1): their
// models are fitted on the sample, and each run's controls say so in one line; on a file read
// whole there is no such line.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { describeSampledFile } from '../../src/host/pure/sampledFile';
import type { HostMessage } from '../../src/shared/protocol';
import { fitSampleFile } from './fixtures';
import { closeBrowser, openWebview } from './harness';

after(closeBrowser);

const RUNS = [['compare', 'compare'], ['compare-methods', 'compare-methods'], ['compare', 'search']] as const;

test('on a sampled file, Compare k, Compare methods and Find best model each say they run on the sample', async () => {
  const fit = await fitSampleFile('penguins.csv', { nComponents: 3 });
  const [load, finish] = fit.messages as [Extract<HostMessage, { type: 'didLoadDataset' }>, HostMessage];
  const sampleRows = load.dataset.nRows;
  const dataset = describeSampledFile(load.dataset, { sampleRows, rowsInFile: 12_345_678, seed: 0, fileRows: new Float64Array(sampleRows) });
  const view = await openWebview();
  try {
    await view.send({ ...load, dataset });
    await view.send(finish);
    await view.waitForState('ready');
    for (const [tab, prefix] of RUNS) {
      await view.page.locator(`#tab-${tab}`).click();
      const line = view.page.locator(`#${prefix}-sample`);
      assert.ok(await line.isVisible(), `#${prefix}-sample is shown`);
      assert.equal(await line.innerText(), `Runs on the fit's sample of ${sampleRows} rows, not on all 12,345,678 rows of the file (too large to read whole).`);
    }
    await view.page.locator('#tab-compare').click();
    await view.screenshot('sampled-file-compare-k');
  } finally { await view.close(); }
});

test('on a file read whole, no run says anything of a sample', async () => {
  const fit = await fitSampleFile('penguins.csv', { nComponents: 3 });
  const view = await openWebview();
  try {
    for (const message of fit.messages) { await view.send(message); }
    await view.waitForState('ready');
    for (const [tab, prefix] of RUNS) {
      await view.page.locator(`#tab-${tab}`).click();
      assert.equal(await view.page.locator(`#${prefix}-sample`).isVisible(), false, `#${prefix}-sample is hidden`);
      assert.equal(await view.page.locator(`#${prefix}-sample`).innerText(), '');
    }
  } finally { await view.close(); }
});
