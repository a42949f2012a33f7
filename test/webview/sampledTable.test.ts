// The table of a file fitted on a sample (issue 14 §1): its sorting and filters run a streaming
// pass on the host (src/host/pure/fileTableOrder.ts). Past the pass's memory bound they are
// disabled and say why; a pass the user cancels brings the table back to file order, saying so.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { answerTableRequest } from '../../src/host/pure/tablePages';
import { type HostMessage, parseWebviewMessage, type WebviewMessage } from '../../src/shared/protocol';
import { MAX_STREAM_ORDERED_ROWS } from '../../src/shared/tableProtocol';
import type { TableInspection } from '../../webview/tableView';
import { closeBrowser, openWebview, type TestHost, type WebviewPage } from './harness';
import { type SyntheticTable, syntheticTable } from './syntheticTable';

after(closeBrowser);

const inspect = (view: WebviewPage) =>
  view.page.evaluate(() => (window as unknown as { clusterLensTable(): unknown }).clusterLensTable()) as Promise<TableInspection>;

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeout = 10_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await fn();
    if (value) { return value; }
    if (Date.now() - start > timeout) { throw new Error(`timed out waiting for ${what}`); }
    await new Promise(resolve => setTimeout(resolve, 25));
  }
}

/** The table's messages with the dataset summary of a sampled file of `rowsInFile` rows. */
function sampled(table: SyntheticTable, rowsInFile: number): HostMessage[] {
  return table.messages.map(m => (m.type === 'didLoadDataset' ? { ...m, dataset: { ...m.dataset, nRows: rowsInFile, sample: { rows: table.summary.nRows, rowsInFile } } } : m));
}

async function openTable(table: SyntheticTable, rowsInFile: number, host?: TestHost): Promise<WebviewPage> {
  const view = await openWebview({ host, width: 1200, height: 700 });
  for (const message of sampled(table, rowsInFile)) { await view.send(message); }
  await view.waitForState('ready');
  await view.page.locator('#tab-table').click();
  return view;
}

test('past the memory bound of a streamed order, every sort but the row number\'s and both filters are disabled, their tooltip says why', async () => {
  const table = syntheticTable(2_000);
  const host: TestHost = message => {
    const parsed = parseWebviewMessage(message);
    return parsed.ok && (parsed.message.type === 'requestRows' || parsed.message.type === 'locateRow') ? answerTableRequest(parsed.message, table.dataset, table.fit) : undefined;
  };
  const view = await openTable(table, MAX_STREAM_ORDERED_ROWS + 1, host);
  try {
    await waitFor('the first rows', async () => (await inspect(view)).rows.length > 0);
    const buttons = await view.page.locator('.ptable-header .ptable-sort').evaluateAll(nodes => nodes.map(b => ({
      label: b.textContent, disabled: (b as HTMLButtonElement).disabled, title: (b as HTMLButtonElement).title,
    })));
    assert.equal(buttons[0]!.label, 'Row');
    assert.equal(buttons[0]!.disabled, false, 'file order (the row number) is always there');
    assert.ok(buttons.length > 3);
    for (const b of buttons.slice(1)) {
      assert.equal(b.disabled, true, `${b.label} is disabled`);
      assert.match(b.title, /this file has 10,000,001 rows, more than the 10,000,000 they allow/);
    }
    for (const field of ['#table-clusters', '#table-certainty']) {
      assert.equal(await view.page.locator(field).getAttribute('disabled'), '', `${field} is disabled`);
      assert.match(await view.page.locator(field).getAttribute('title') ?? '', /12 bytes a row/);
    }
    await view.screenshot('sampled-table-too-large');
  } finally { await view.close(); }
});

test('within the bound the controls work; a sorting pass the user cancels brings the table back to file order and says so', async () => {
  const table = syntheticTable(2_000);
  const received: WebviewMessage[] = [];
  const WHY = 'Sorting was cancelled: the table is in file order.';
  // The extension host as LargeFileView answers after a cancelled pass: the rows in file order, and why.
  const host: TestHost = message => {
    const parsed = parseWebviewMessage(message);
    if (!parsed.ok) { return undefined; }
    const m = parsed.message;
    received.push(m);
    if (m.type !== 'requestRows' && m.type !== 'locateRow') { return undefined; }
    if (m.type === 'requestRows' && m.sort.key !== 'row') {
      const reply = answerTableRequest({ ...m, sort: { key: 'row', descending: false } }, table.dataset, table.fit);
      return reply?.type === 'didProvideRows' ? { ...reply, unordered: WHY } : undefined;
    }
    return answerTableRequest(m, table.dataset, table.fit);
  };
  const view = await openTable(table, 2_000, host);
  try {
    await waitFor('the first rows', async () => (await inspect(view)).rows.length > 0);
    const certainty = view.page.locator('.ptable-header .ptable-sort', { hasText: 'Certainty' });
    assert.equal(await certainty.isDisabled(), false);
    assert.equal(await view.page.locator('#table-certainty').getAttribute('disabled'), null);
    await certainty.click();
    await waitFor('the notice', async () => (await view.page.locator('#table-notice').textContent()) === WHY);
    assert.ok(received.some(m => m.type === 'requestRows' && m.sort.key === 'certainty'), 'the sort was asked of the host');
    const sorts = await view.page.locator('.ptable-header [role=columnheader]').evaluateAll(cells => cells.map(c => c.getAttribute('aria-sort')));
    assert.deepEqual([sorts[0], sorts.filter(s => s !== 'none').length], ['ascending', 1], 'the Row column is the sorted one again');
    const t = await waitFor('rows in file order', async () => { const x = await inspect(view); return x.rows.length > 0 && x; });
    assert.deepEqual(t.rows.slice(0, 3).map(r => r.row), [0, 1, 2]);
    const last = received.filter(m => m.type === 'requestRows').at(-1);
    assert.equal(last?.type === 'requestRows' && last.sort.key, 'row', 'the table asks for file order again');
    await view.screenshot('sampled-table-sort-cancelled');
  } finally { await view.close(); }
});
