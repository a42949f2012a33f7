/**
 * A file too large to read whole, in the extension (issue 14 §1). Where the reader refuses it
 * (its text outgrows the heap budget) or it is larger than the host's memory allows, the Node host
 * draws a seeded uniform sample of rows (the `clusterLens.largeFileSampleRows` setting, 100,000 by default) in one streaming pass and the fit runs
 * on it; after each fit a second streaming pass labels every row of the file with the fitted model
 * (data/labellingPass.ts): the profiles then cover all rows, and the table lists all rows, each
 * page read from the file by the byte offsets the pass kept (pure/fileTablePages.ts). The web host
 * gets whole files from workspace.fs, so there the view says what holds instead.
 */
import * as vscode from 'vscode';
import { toPortableModel } from '../core/portableModel';
import { CsvError } from '../data/csvError';
import type { Dataset } from '../data/csvReader';
import type { HostMessage } from '../shared/protocol';
import type { LocateRowMessage, RequestRowsMessage } from '../shared/tableProtocol';
import type { Platform } from './platform';
import { answerFileTableRequest, inFileRows, sampleRowOf, type FileTable } from './pure/fileTablePages';
import { answerOrderedRequest, buildStreamedOrder, locateInOrder, needsStreamedOrder, whyNoStreamedOrder } from './pure/fileTableOrder';
import { tableOrderKey } from '../shared/tableProtocol';
import { answerTableRequest } from './pure/tablePages';
import type { CompletedFit } from './pure/fitSnapshot';
import type { SampledFile } from './pure/sampledFile';
import { largeFileLimitBytes, readWholeNote } from './pure/largeFileThreshold';
import { readLargeFileMegabytes, readLargeFileSampleRows } from './settings';

/** The seed of the sample: fixed, so the same file gives the same sample and the same fit. */
const SAMPLE_SEED = 0;

/**
 * Reads the file with `read`; a file the host cannot hold is sampled instead (Node host), or
 * refused with a sentence that says why and where it can be fitted (web host).
 */
export async function readOrSample(platform: Platform, uri: vscode.Uri, read: () => Promise<Dataset>,
  options: { onProgress?: (bytesRead: number, totalBytes: number | undefined) => void; signal?: AbortSignal }): Promise<{ dataset: Dataset; sampled?: SampledFile; note?: string }> {
  const megabytes = readLargeFileMegabytes();
  const limit = largeFileLimitBytes(megabytes, platform.largeFileBytes?.());
  const size = limit === undefined ? undefined : await Promise.resolve(vscode.workspace.fs.stat(uri)).then(s => s.size, () => undefined);
  // The web host cannot stream a sample: a file over the user's size is read whole, and the view says so.
  if (limit !== undefined && size !== undefined && size > limit && !platform.sampleLargeFile) {
    return { dataset: await read(), note: readWholeNote(size, megabytes) };
  }
  if (!(limit !== undefined && size !== undefined && size > limit)) {
    try {
      return { dataset: await read() };
    } catch (err) {
      if (!(err instanceof CsvError && err.code === 'too-large')) { throw err; }
      if (!platform.sampleLargeFile) {
        throw new CsvError('too-large', err.message, `${err.hint} In the browser VS Code hands the extension whole files, so a file this large cannot be fitted here; `
          + `in VS Code on the desktop or over Remote-SSH, Cluster Lens fits a uniform sample of ${readLargeFileSampleRows().toLocaleString('en-US')} rows and labels every row in a streaming pass.`);
      }
      const sampled = await sample(platform, uri, options);
      if (!sampled) { throw err; }
      return sampled;
    }
  }
  const sampled = await sample(platform, uri, options);
  if (!sampled) { return { dataset: await read() }; }
  return sampled;
}

async function sample(platform: Platform, uri: vscode.Uri, options: { onProgress?: (bytesRead: number, totalBytes: number | undefined) => void; signal?: AbortSignal }): Promise<{ dataset: Dataset; sampled: SampledFile } | undefined> {
  const drawn = await platform.sampleLargeFile?.(uri, { rows: readLargeFileSampleRows(), seed: SAMPLE_SEED, signal: options.signal, onProgress: options.onProgress });
  if (!drawn) { return undefined; }
  return { dataset: drawn.dataset, sampled: { sampleRows: drawn.sampleRows, rowsInFile: drawn.rowsInFile, seed: SAMPLE_SEED, fileRows: drawn.fileRows } };
}

/**
 * After a fit on a sample: the view's snapshot speaks of file rows (a point's row is its row in
 * the file, as in the table), and a streaming pass labels every row, puts the profiles of all rows
 * in the snapshot, and serves the table from the file. One per panel.
 */
export class LargeFileView {
  private table: FileTable | undefined;
  private pass: AbortController | undefined;
  /** The table's sorted or filtered order, built in a streaming pass (fileTableOrder.ts); one at a time. */
  private order: { key: string; abort: AbortController; cancelledByUser: boolean; built: Promise<Int32Array> } | undefined;

  constructor(private readonly platform: Platform, private readonly uri: vscode.Uri, private readonly post: (message: HostMessage) => void) {}

  /** Before the snapshot is first posted: its drawn rows become file rows. */
  prepare(fit: CompletedFit, sampled: SampledFile | undefined): void {
    this.cancel();
    this.table = undefined;
    if (!sampled) { return; }
    const sample = fit.snapshot.sample;
    sample.rowIndex = Int32Array.from(sample.rowIndex, row => sampled.fileRows[row]!);
  }

  /** Labels every row of the file with `fit`'s model; then posts the snapshot again, with the profiles of all rows. */
  async labelEveryRow(fit: CompletedFit, sampled: SampledFile | undefined, isCurrent: () => boolean): Promise<void> {
    const { platform } = this;
    if (!sampled || !platform.labelLargeFile || !platform.readLargeFileRows) { return; }
    if (fit.result.algorithm !== 'gmm' && fit.result.algorithm !== 'kmeans') { return; }
    const abort = new AbortController();
    this.pass = abort;
    const model = toPortableModel(fit.result);
    const modelColumns = fit.selection.columns;
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Cluster Lens: labelling all ${sampled.rowsInFile.toLocaleString('en-US')} rows`, cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => abort.abort());
          let reported = 0;
          return platform.labelLargeFile!(this.uri, model, {
            tableColumns: fit.snapshot.profiles.columns.map(c => ({ name: c.name, kind: c.kind })), modelColumns, signal: abort.signal,
            onProgress: (bytesRead, totalBytes) => {
              if (!totalBytes) { return; }
              const percent = (100 * bytesRead) / totalBytes;
              progress.report({ increment: percent - reported, message: `${Math.round(percent)}%` });
              reported = percent;
            },
          });
        });
      if (abort.signal.aborted || !isCurrent()) { return; }
      fit.snapshot.profiles = result.profiles;
      const columns = fit.snapshot.profiles.columns;
      const { layout } = result;
      this.table = {
        fitId: fit.snapshot.fitId, nRows: result.summary.rows, columns, decimal: layout.dialect.decimal, model,
        modelColumns: modelColumns.map(name => columns.findIndex(c => c.name === name)),
        readPage: (first, count) => platform.readLargeFileRows!(this.uri, layout, first, count),
      };
      this.post({ type: 'didFinishFit', fit: fit.snapshot });
    } catch (err) {
      if (abort.signal.aborted) { return; }
      void vscode.window.showWarningMessage(`Cluster Lens could not label every row of the file: ${err instanceof Error ? err.message : String(err)} The profiles and the table show the sample.`);
    } finally {
      if (this.pass === abort) { this.pass = undefined; }
    }
  }

  /**
   * Answers a table request of a sampled file: from the file once every row is labelled, from the
   * sample (in file row numbers) until then. False for a file read whole (the panel answers).
   */
  answer(message: RequestRowsMessage | LocateRowMessage, dataset: Dataset | undefined, fit: CompletedFit | undefined, sampled: SampledFile | undefined): boolean {
    const table = this.table;
    if (!table || table.fitId !== message.fitId) {
      if (!sampled) { return false; }
      const asked = message.type === 'locateRow' ? { ...message, row: sampleRowOf(sampled.fileRows, message.row) } : message;
      const reply = answerTableRequest(asked, dataset, fit);
      if (reply) { this.post(inFileRows(reply, sampled.fileRows, message.type === 'locateRow' ? message.row : undefined)); }
      return true;
    }
    const failed = (err: unknown) => {
      void vscode.window.showWarningMessage(`Cluster Lens could not read rows of the file: ${err instanceof Error ? err.message : String(err)}`);
    };
    if (!needsStreamedOrder(message.sort, message.filter)) {
      void answerFileTableRequest(message, table).then(reply => { if (reply) { this.post(reply); } }, failed);
      return true;
    }
    const why = whyNoStreamedOrder(table, message.filter);
    if (why) { void this.answerInFileOrder(message, table, why).catch(failed); return true; }
    const order = this.orderFor(table, message);
    void order.built.then(async rows => {
      const reply = message.type === 'locateRow' ? locateInOrder(message, table, rows) : await answerOrderedRequest(message, table, rows);
      if (reply) { this.post(reply); }
    }, async (err: unknown) => {
      // A pass replaced by a newer order goes unanswered (the view asks again); one the user cancelled leaves file order.
      if (order.abort.signal.aborted && !order.cancelledByUser) { return; }
      await this.answerInFileOrder(message, table, order.cancelledByUser
        ? 'Sorting was cancelled: the table is in file order.'
        : `Cluster Lens could not sort the file's rows (${err instanceof Error ? err.message : String(err)}): the table is in file order.`);
    }).catch(failed);
    return true;
  }

  /** The order a request asks for: the one being built or built, or a new streaming pass (the previous one stops). */
  private orderFor(table: FileTable, message: RequestRowsMessage | LocateRowMessage): NonNullable<LargeFileView['order']> {
    const key = tableOrderKey(table.fitId, message.sort, message.filter);
    if (this.order?.key === key) { return this.order; }
    this.order?.abort.abort();
    const abort = new AbortController();
    const order: NonNullable<LargeFileView['order']> = { key, abort, cancelledByUser: false, built: Promise.resolve(new Int32Array(0)) };
    const what = message.sort.key === 'row' ? 'filtering' : 'sorting';
    order.built = Promise.resolve(vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Cluster Lens: ${what} the table's ${table.nRows.toLocaleString('en-US')} rows`, cancellable: true },
      (progress, token) => {
        token.onCancellationRequested(() => { order.cancelledByUser = true; abort.abort(); });
        let reported = 0;
        return buildStreamedOrder(table, message.sort, message.filter, {
          signal: abort.signal,
          onProgress: (done, n) => {
            const percent = (100 * done) / n;
            progress.report({ increment: percent - reported, message: `${Math.round(percent)}%` });
            reported = percent;
          },
        });
      }));
    this.order = order;
    return order;
  }

  /** The rows in file order, with the reason the order asked for is not there (the view then shows file order and says why). */
  private async answerInFileOrder(message: RequestRowsMessage | LocateRowMessage, table: FileTable, why: string): Promise<void> {
    if (this.order && this.order.key === tableOrderKey(table.fitId, message.sort, message.filter)) { this.order = undefined; }
    const fileOrder = { clusters: null, certaintyBelow: null };
    if (message.type === 'locateRow') { return; }
    const reply = await answerFileTableRequest({ ...message, sort: { key: 'row', descending: false }, filter: fileOrder }, table);
    if (reply?.type === 'didProvideRows') { this.post({ ...reply, unordered: why }); }
  }

  cancel(): void {
    this.pass?.abort();
    this.pass = undefined;
    this.order?.abort.abort();
    this.order = undefined;
  }
}

/**
 * Export of a fit on a sample: every row of the file labelled by the fitted model in one streaming
 * pass (the sample alone is not the file), as Apply Saved Model streams.
 */
export async function exportSampledLabelled(platform: Platform, source: vscode.Uri, target: vscode.Uri, fit: CompletedFit): Promise<void> {
  if (fit.result.algorithm !== 'gmm' && fit.result.algorithm !== 'kmeans') {
    throw new Error(`a ${fit.result.algorithm.toUpperCase()} fit on a sample cannot label the rows it did not see: fit a Gaussian mixture or k-means to export every row.`);
  }
  const head = await platform.openStreamHead?.(source);
  if (!head || !platform.streamLabel || target.scheme !== 'file') {
    await head?.close();
    throw new Error('the file was fitted on a sample: its labelled rows are written in a streaming pass, which needs a local file and a local target.');
  }
  const model = toPortableModel(fit.result);
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Cluster Lens: labelling every row', cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      let reported = 0;
      await platform.streamLabel!(head, target, model, fit.selection.columns, {
        signal: abort.signal,
        onProgress: (bytesRead, totalBytes) => {
          if (!totalBytes) { return; }
          const percent = (100 * bytesRead) / totalBytes;
          progress.report({ increment: percent - reported, message: `${Math.round(percent)}%` });
          reported = percent;
        },
      });
    });
}
