// A seeded uniform sample of a file's data rows in one streaming pass, for fitting a file larger
// than memory: reservoir sampling (Vitter's Algorithm R: row t, counted from 0, replaces a random
// one of the N kept with probability N / (t + 1)), so every set of N rows is equally likely and
// the same seed draws the same rows. What a data row is comes from the reader's rule
// (recordRule.ts, with the writer's blank test), so the count is the whole read's row count.
//
// Memory: the N sampled records' bytes and one window of the file.

import { Random } from '../core/random';
import { byteSourceFromBytes } from './byteSource';
import { readCsv, type Dataset } from './csvReader';
import type { Delimiter } from './dialect';
import { isBlankRecordBytes } from './labelledUtf8';
import { RecordRule } from './recordRule';
import { countByte } from './recordSplitter';
import { DEFAULT_WINDOW_BYTES, recordWindows } from './recordWindows';
import type { StreamHead } from './streamHead';
import { concatBytes, decodeWindows1252 } from './textDecoding';

/** Rows a sample has when the user does not say: a fit of ten restarts on them takes seconds. */
export const DEFAULT_SAMPLE_ROWS = 100_000;

export interface ReservoirSample {
  /** The sampled rows read as a table (file order), the file's header and dialect. */
  dataset: Dataset;
  /** Data rows of the whole file. */
  rowsInFile: number;
  /** Rows drawn: min(N, rowsInFile). */
  sampleRows: number;
  /** (sampleRows) the file's 0-based data row of each row of `dataset`, increasing. */
  fileRows: Float64Array;
  blankLines: number;
  raggedRows: number;
  bytesRead: number;
}

export interface ReservoirOptions {
  rows: number;
  seed: number;
  windowBytes?: number;
  signal?: AbortSignal;
  onProgress?: (bytesRead: number, totalBytes: number | undefined) => void;
  heapBudgetBytes?: number;
}

export async function drawReservoirSample(head: StreamHead, options: ReservoirOptions): Promise<ReservoirSample> {
  if (!head.streamable) { throw new Error(`a ${head.dialect.encoding} file cannot be streamed`); }
  const { dialect } = head;
  const n = Math.max(1, Math.floor(options.rows));
  const random = new Random(options.seed);
  const kept: Uint8Array[] = [];
  const keptRow = new Float64Array(n);
  const delimiter = dialect.delimiter.charCodeAt(0);
  const rule = new RecordRule(dialect.hasHeader, head.dataset.columns.length + (dialect.trailingDelimiter ? 1 : 0));
  let header: Uint8Array | undefined;
  let rows = 0, blank = 0, ragged = 0, bytesRead = 0;
  for await (const window of recordWindows(head, options.windowBytes ?? DEFAULT_WINDOW_BYTES, options.signal)) {
    for (const batch of window.batches) {
      const { bytes } = batch;
      const { starts, ends, fields } = batch.index;
      for (let i = 0; i < batch.count; i++) {
        const start = starts[i]!, end = ends[i]!;
        const f = fields[i]! >= 0 ? fields[i]! : countByte(bytes, delimiter, start, end) + 1;
        const terminated = i + 1 < batch.count || batch.endsWithTerminator;
        const kind = rule.next(f, f === 1 && isBlankRecordBytes(bytes, start, end, terminated, dialect));
        if (kind === 'blank') { blank++; continue; }
        if (kind === 'ragged') { ragged++; continue; }
        if (kind === 'header') { header = bytes.slice(start, end); continue; }
        const t = rows++;
        if (t < n) {
          kept.push(bytes.slice(start, end));
          keptRow[t] = t;
        } else {
          const j = random.nextInt(t + 1);
          if (j < n) { kept[j] = bytes.slice(start, end); keptRow[j] = t; }
        }
      }
    }
    bytesRead = window.bytesRead;
    options.onProgress?.(bytesRead, head.totalBytes);
  }
  // In file order, one record a line, under the file's header: a small CSV the reader reads as usual.
  const order = Array.from(kept.keys()).sort((a, b) => keptRow[a]! - keptRow[b]!);
  const newline = new TextEncoder().encode(dialect.newline);
  const parts: Uint8Array[] = header ? [header, newline] : [];
  for (const i of order) { parts.push(kept[i]!, newline); }
  let sample = concatBytes(parts);
  if (dialect.encoding === 'windows-1252') { sample = new TextEncoder().encode(decodeWindows1252(sample)); }
  const dataset = await readCsv(byteSourceFromBytes(sample), {
    delimiter: dialect.delimiter as Delimiter, hasHeader: dialect.hasHeader, decimal: dialect.decimal, heapBudgetBytes: options.heapBudgetBytes,
  });
  const fileRows = Float64Array.from(order, i => keptRow[i]!);
  return { dataset, rowsInFile: rows, sampleRows: kept.length, fileRows, blankLines: blank, raggedRows: ragged, bytesRead };
}
