// A saved model applied to a file of any size in one streaming pass. The file goes by in windows
// of whole records (recordWindows.ts); each window is read by the ordinary reader, labelled by the
// model and written by the ordinary labelled writer, so every rule (what a row is, what a number
// is, how a cell is spelt) is the whole-file path's own and the output is its output, byte for byte.
//
// Memory: one window (8 MB by default) as bytes, its parsed columns and its labelled output —
// a few times the window, whatever the file's size. A window after the first is read with the
// table's first record (the header, or the first row of a file without one) put in front of it,
// so the reader and the writer count its fields as the whole file's; that record's output is cut.

import type { PortableModel } from '../core/portableModel';
import { predictWithModel } from '../core/portableModel';
import { byteSourceFromBytes, byteSourceFromParts } from './byteSource';
import { CsvError } from './csvError';
import { readCsv, type Dataset } from './csvReader';
import type { Delimiter, Dialect } from './dialect';
import { buildFeatureMatrix, type FeatureSelection } from './featureMatrix';
import { LabelledParquet } from './labelledParquet';
import { isBlankRecordBytes } from './labelledUtf8';
import { writeLabelledCsv } from './labelledWriter';
import { RecordRule } from './recordRule';
import { countByte, type RecordBatch } from './recordSplitter';
import { DEFAULT_WINDOW_BYTES, recordWindows } from './recordWindows';
import type { StreamHead } from './streamHead';
import { concatBytes, decodeWindows1252, throwIfAborted } from './textDecoding';

export interface StreamingLabelOptions {
  /** The file's column for each of the model's, in the model's order (names as the head read them). */
  columns: readonly string[];
  windowBytes?: number;
  signal?: AbortSignal;
  onProgress?: (bytesRead: number, totalBytes: number | undefined) => void;
  heapBudgetBytes?: number;
  /** 'parquet': the labelled table as Parquet (labelledParquet.ts), a row group per window; 'none': nothing written (a pass for `observe` only). Default 'csv'. */
  format?: 'csv' | 'parquet' | 'none';
  /** Sees each window once it is labelled, before its output is written (labellingPass.ts keeps offsets and profiles). */
  observe?: (window: LabelledWindow) => void;
}

/** A window of the pass as read and labelled. */
export interface LabelledWindow {
  /** The window's data rows read as a table (undefined: it has none); columns by position are the file's. */
  dataset: Dataset | undefined;
  /** (n) 0-based cluster and (n × k) probabilities of the window rows in `rowIndex` (rows with a value in every model column). */
  labels: Int32Array;
  resp: Float64Array;
  rowIndex: Int32Array;
  /** The window's records in the file's own bytes (no prefix), the first at byte `fileOffset` of the file. */
  batches: readonly RecordBatch[];
  fileOffset: number;
}

export interface StreamingLabelSummary {
  /** Data rows of the file (as the whole read counts them). */
  rows: number;
  /** Rows with a value in every model column: they got a cluster. */
  labelled: number;
  blankLines: number;
  raggedRows: number;
  windows: number;
  bytesRead: number;
}

/** A window without a data row is no error here (the whole file may have many). */
const NO_ROWS = new Set(['no-data-rows', 'header-mismatch', 'all-rows-ragged']);

/**
 * Yields the labelled file in chunks; returns the row counts. `head.streamable` must be true
 * (UTF-8 or Windows-1252). The model labels rows with a value in each of its columns, as the
 * extension's Apply Saved Model does; the others get empty cells.
 */
export async function* streamLabelledCsv(head: StreamHead, model: PortableModel, options: StreamingLabelOptions): AsyncGenerator<Uint8Array, StreamingLabelSummary> {
  if (!head.streamable) { throw new Error(`a ${head.dialect.encoding} file cannot be streamed`); }
  const { dialect } = head;
  const k = model.nComponents;
  if (options.columns.length !== model.nFeatures) { throw new CsvError('invalid-model', `The model reads ${model.nFeatures} columns, but ${options.columns.length} were given.`, 'Give one column of the file for each of the model\'s.'); }
  const fileColumns = head.dataset.columns;
  const indices = options.columns.map(name => {
    const j = fileColumns.findIndex(c => c.name === name);
    if (j < 0) { throw new CsvError('unknown-column', `The file has no column "${name}".`, 'Choose columns that exist in this file (column names are case-sensitive).'); }
    const column = fileColumns[j]!;
    if (column.kind !== 'numeric') { throw textColumnError(name, column.firstText?.value); }
    return j;
  });
  const parquet = options.format === 'parquet' ? new LabelledParquet(fileColumns.map(c => c.name), fileColumns.map(() => 'STRING'), k) : undefined;
  const summary: StreamingLabelSummary = { rows: 0, labelled: 0, blankLines: 0, raggedRows: 0, windows: 0, bytesRead: 0 };
  const newline = new TextEncoder().encode(dialect.newline);
  // The table's first record and its terminator, put before every window after the first.
  let prefix: Uint8Array | undefined;
  let held: { preamble: Uint8Array; batches: RecordBatch[] } | undefined;
  // File offset of the next window's first record: windows follow one another without a gap.
  let fileOffset = head.preambleBytes;
  for await (const window of recordWindows(head, options.windowBytes ?? DEFAULT_WINDOW_BYTES, options.signal)) {
    throwIfAborted(options.signal);
    summary.bytesRead = window.bytesRead;
    let first = false;
    let batches = window.batches;
    let preamble = window.preamble;
    if (prefix === undefined) {
      // The first window runs on until it holds the table's first record (a file may start with blank lines).
      if (held) { batches = [...held.batches, ...batches]; preamble = held.preamble; }
      const start = tableStart(batches, dialect);
      if (start === undefined) { held = { preamble, batches }; continue; }
      held = undefined;
      prefix = concatBytes([start, newline]);
      first = true;
    }
    // The window's text after the preamble or the table's first record, in parts: only the first
    // batch is copied (joined to what goes before it), the reader and the writer take the others as they are.
    const parts = batches.map(b => b.bytes);
    parts[0] = concatBytes([first ? preamble : prefix, parts[0] ?? new Uint8Array(0)]);
    yield* labelWindow(parts, first, prefix.length - newline.length, batches, fileOffset);
    for (const batch of batches) { fileOffset += batch.bytes.length; }
    summary.windows++;
    options.onProgress?.(window.bytesRead, head.totalBytes);
  }
  if (held) {
    // Only blank lines: what the whole read says of such a file.
    yield concatBytes([held.preamble, ...held.batches.map(b => b.bytes)]);
    throw new CsvError('empty-file', 'The file contains only blank lines.', 'Choose a CSV file with a header row and data rows.');
  }
  if (parquet) { yield parquet.finish(); }
  if (summary.rows === 0) {
    throw new CsvError('no-data-rows', dialect.hasHeader ? 'The file has a header but no data rows.' : 'The file has no data rows.', 'Add data rows below the header, or choose another file.');
  }
  if (summary.labelled === 0) {
    throw new CsvError('no-complete-rows', `No row has a value in every one of the model's columns (${options.columns.join(', ')}).`, 'Check that the file holds the columns the model was fitted on.');
  }
  return summary;

  async function* labelWindow(parts: Uint8Array[], first: boolean, prefixContent: number, batches: readonly RecordBatch[], offset: number): AsyncGenerator<Uint8Array> {
    // Windows-1252 is read as its UTF-8 transcoding, as the whole read does; the writer copies the raw bytes.
    const input = dialect.encoding === 'windows-1252' ? byteSourceFromBytes(new TextEncoder().encode(decodeWindows1252(concatBytes(parts)))) : byteSourceFromParts(parts);
    let ds: Dataset | undefined;
    try {
      ds = await readCsv(input, {
        delimiter: dialect.delimiter as Delimiter, hasHeader: first ? dialect.hasHeader : true, decimal: dialect.decimal, heapBudgetBytes: options.heapBudgetBytes,
      });
    } catch (err) {
      if (!(err instanceof CsvError && NO_ROWS.has(err.code))) { throw err; }
      // No data row: its blank and ragged lines are counted by the rule itself.
      const kinds = countKinds(batches, dialect, first, fileColumns.length + (dialect.trailingDelimiter ? 1 : 0));
      summary.blankLines += kinds.blank;
      summary.raggedRows += kinds.ragged;
    }
    const selection = ds === undefined ? undefined : select(ds);
    const n = selection?.matrix.nSamples ?? 0;
    const predicted = selection && n > 0 ? predictWithModel(model, selection.matrix) : undefined;
    summary.rows += ds?.nRows ?? 0;
    summary.labelled += n;
    summary.blankLines += ds?.report.blankLines ?? 0;
    summary.raggedRows += ds?.report.raggedRows ?? 0;
    options.observe?.({
      dataset: ds, labels: predicted?.labels ?? new Int32Array(0), resp: predicted?.resp ?? new Float64Array(0),
      rowIndex: predicted ? selection!.rowIndex : new Int32Array(0), batches, fileOffset: offset,
    });
    if (options.format === 'none') { return; }
    if (parquet) {
      if (ds !== undefined) {
        yield parquet.add(ds, { k, labels: predicted?.labels ?? [], probabilities: predicted ? new Float32Array(predicted.resp) : new Float32Array(0), rowIndex: predicted ? selection!.rowIndex : new Int32Array(0) }, Math.max(1, ds.nRows));
      }
      return;
    }
    const writerDialect: Dialect = first ? dialect : { ...dialect, hasHeader: true, bom: false, sepLine: false };
    const out = writeLabelledCsv(byteSourceFromParts(parts), { dialect: writerDialect, columns: fileColumns, nRows: ds?.nRows ?? 0 }, {
      k,
      labels: predicted?.labels ?? new Int32Array(0),
      // Single precision, as the extension's applied fit keeps them (appliedModel.ts): the same cells.
      probabilities: predicted ? new Float32Array(predicted.resp) : new Float32Array(0),
      rowIndex: predicted ? selection!.rowIndex : new Int32Array(0),
    });
    if (first) { yield* out; return; }
    yield* withoutFirstRecord(out, prefixContent, dialect.newline === '\r' ? 0x0d : 0x0a);
  }

  function select(ds: Dataset): FeatureSelection | undefined {
    const names: string[] = [];
    for (const j of indices) {
      const column = ds.columns[j];
      // The trailing delimiter's empty column, dropped in a window where it is empty: no row has the value.
      if (column === undefined) { return undefined; }
      if (column.kind !== 'numeric') { throw textColumnError(options.columns[names.length]!, column.firstText?.value); }
      names.push(column.name);
    }
    try {
      return buildFeatureMatrix(ds, names, 'drop');
    } catch (err) {
      if (err instanceof CsvError && err.code === 'no-complete-rows') { return undefined; }
      throw err;
    }
  }
}

/** Each record of the batches, with its field count and whether it is blank (the writer's test). */
function forEachRecord(batches: readonly RecordBatch[], dialect: Dialect, visit: (batch: RecordBatch, start: number, end: number, fields: number, blank: boolean) => boolean | void): void {
  const delimiter = dialect.delimiter.charCodeAt(0);
  for (const batch of batches) {
    const { starts, ends, fields } = batch.index;
    for (let i = 0; i < batch.count; i++) {
      const start = starts[i]!, end = ends[i]!;
      const f = fields[i]! >= 0 ? fields[i]! : countByte(batch.bytes, delimiter, start, end) + 1;
      const terminated = i + 1 < batch.count || batch.endsWithTerminator;
      if (visit(batch, start, end, f, f === 1 && isBlankRecordBytes(batch.bytes, start, end, terminated, dialect)) === true) { return; }
    }
  }
}

/** Blank and ragged records of a window that has no data row, by the reader's rule. */
function countKinds(batches: readonly RecordBatch[], dialect: Dialect, first: boolean, expectedFields: number): { blank: number; ragged: number } {
  const rule = new RecordRule(first && dialect.hasHeader, expectedFields);
  let blank = 0, ragged = 0;
  forEachRecord(batches, dialect, (_batch, _start, _end, fields, isBlank) => {
    const kind = rule.next(fields, isBlank);
    if (kind === 'blank') { blank++; } else if (kind === 'ragged') { ragged++; }
  });
  return { blank, ragged };
}

/** The content of the first record that is not blank (the header, or the first row without one). */
function tableStart(batches: readonly RecordBatch[], dialect: Dialect): Uint8Array | undefined {
  let found: Uint8Array | undefined;
  forEachRecord(batches, dialect, (batch, start, end, _fields, blank) => {
    if (blank) { return false; }
    found = batch.bytes.slice(start, end);
    return true;
  });
  return found;
}

/**
 * The writer's output without its first record: the prefix's content (copied as it is), our
 * header cells (no line break in them) and the terminator, whose last byte is the first `lineEnd`
 * at or after the content's length.
 */
async function* withoutFirstRecord(out: AsyncIterable<Uint8Array>, contentBytes: number, lineEnd: number): AsyncGenerator<Uint8Array> {
  let seen = 0;
  let cutting = true;
  for await (const chunk of out) {
    if (!cutting) { yield chunk; continue; }
    const from = Math.max(0, contentBytes - seen);
    const at = from < chunk.length ? chunk.indexOf(lineEnd, from) : -1;
    seen += chunk.length;
    if (at < 0) { continue; }
    cutting = false;
    if (at + 1 < chunk.length) { yield chunk.subarray(at + 1); }
  }
}

function textColumnError(name: string, example: string | undefined): CsvError {
  return new CsvError('no-numeric-columns', `Column "${name}" is text, not numbers${example === undefined ? '' : ` (it holds "${example.slice(0, 40)}")`}: the model cannot read it.`,
    'Only numeric columns can be labelled; fix the cells that are not numbers, or map the model to another column.');
}
