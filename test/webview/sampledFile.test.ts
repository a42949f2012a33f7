// A file too large to read whole, fitted on a sample (src/host/largeFile.ts): the panel says the
// file's row count and, in its notes, what the fit was fitted on and what the views cover.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { describeSampledFile } from '../../src/host/pure/sampledFile';
import type { HostMessage } from '../../src/shared/protocol';
import { fitSampleFile } from './fixtures';
import { closeBrowser, openWebview } from './harness';

after(closeBrowser);

test('a sampled file: the header counts the file\'s rows, a note says "fitted on N sampled rows of M"', async () => {
  const fit = await fitSampleFile('penguins.csv', { nComponents: 3 });
  const [load, finish] = fit.messages as [Extract<HostMessage, { type: 'didLoadDataset' }>, HostMessage];
  const sampleRows = load.dataset.nRows;
  const dataset = describeSampledFile(load.dataset, { sampleRows, rowsInFile: 12_345_678, seed: 0, fileRows: new Float64Array(sampleRows) });
  const view = await openWebview();
  try {
    await view.send({ ...load, dataset });
    await view.send(finish);
    await view.waitForState('ready');
    assert.match(await view.page.locator('#subtitle').innerText(), /^12,345,678 rows · /);
    const notes = await view.page.locator('#notes li').allInnerTexts();
    assert.ok(notes.some(n => n.includes(`fitted on ${sampleRows} sampled rows of 12,345,678`)), notes.join('\n'));
    assert.ok(notes.some(n => /The table lists every row in file order/.test(n)), notes.join('\n'));
    await view.screenshot('sampled-file-dark');
  } finally { await view.close(); }
});
