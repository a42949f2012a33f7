/**
 * The second streaming pass after a fit on a sample of a file too large to hold: every row of the
 * file labelled by the fitted model, and from it what the view shows of ALL rows — the profiles
 * over every row (streamedProfiles.ts) and where each row starts (rowOffsets.ts), so the table
 * pages read rows from the file by offset instead of holding them. Memory: one window of the file
 * (8 MB by default), the profiles' counters and 8 bytes per 64 rows.
 */
import type { PortableModel } from '../core/portableModel';
import type { Column } from './columnTyping';
import { RowOffsetRecorder } from './rowOffsets';
import type { FileRowsLayout } from './rowPages';
import type { StreamHead } from './streamHead';
import { streamLabelledCsv, type StreamingLabelSummary } from './streamingLabel';
import { ProfileAccumulator, type ColumnProfiles } from './streamedProfiles';

export interface LabellingPassOptions {
  /** The table's columns as the fitted sample read them (the profiles keep their kinds). */
  tableColumns: readonly Pick<Column, 'name' | 'kind'>[];
  /** The file's column for each of the model's, in the model's order. */
  modelColumns: readonly string[];
  windowBytes?: number;
  signal?: AbortSignal;
  onProgress?: (bytesRead: number, totalBytes: number | undefined) => void;
  heapBudgetBytes?: number;
}

export interface LabellingPassResult {
  summary: StreamingLabelSummary;
  profiles: ColumnProfiles;
  /** Where to read any data row from the file again. */
  layout: FileRowsLayout;
}

export async function runLabellingPass(head: StreamHead, model: PortableModel, options: LabellingPassOptions): Promise<LabellingPassResult> {
  const k = model.nComponents;
  const profiles = new ProfileAccumulator(options.tableColumns, k, head.dialect.decimal);
  const recorder = new RowOffsetRecorder(head.dialect, head.dataset.columns.length);
  const pass = streamLabelledCsv(head, model, {
    columns: options.modelColumns, format: 'none', windowBytes: options.windowBytes, signal: options.signal,
    onProgress: options.onProgress, heapBudgetBytes: options.heapBudgetBytes,
    observe: window => {
      recorder.addBatches(window.batches, window.fileOffset);
      const ds = window.dataset;
      if (ds === undefined) { return; }
      const clusterOfRow = new Int32Array(ds.nRows).fill(-1);
      window.rowIndex.forEach((row, i) => { clusterOfRow[row] = window.labels[i]!; });
      profiles.add(ds.columns, ds.nRows, clusterOfRow);
    },
  });
  let step = await pass.next();
  while (!step.done) { step = await pass.next(); }
  const summary = step.value;
  // The rule and the reader decide what a row is alike; a difference would put table rows out of place.
  if (recorder.offsets.nRows !== summary.rows || recorder.firstRecord === undefined) {
    throw new Error(`the streaming pass counted ${summary.rows} rows but kept the offsets of ${recorder.offsets.nRows}`);
  }
  return { summary, profiles: profiles.finish(), layout: { dialect: head.dialect, firstRecord: recorder.firstRecord, offsets: recorder.offsets } };
}
