// readCsv: bytes in, typed columns out, in one pass. The pipeline is
//   utf8Chunks (bytes → UTF-8 without BOM) → RecordSplitter (chunks → batches of whole records)
//   → the fast scanner (quote-free batch → numbers) or papaparse (decoded batch → cells)
//   → ColumnBuilders (cells → typed arrays).
// Only the current batch exists as bytes, and as text only when it needs papaparse; what stays
// is the columns.

import type { ByteSource } from './byteSource';
import type { Dataset } from './dataset';
import { DEFAULT_HEAP_BUDGET } from './textHeap';
import { sniffDialect, type Delimiter, type Dialect } from './dialect';
import type { DecimalMark } from './cellParsing';
import { CsvError } from './csvError';
import { DEFAULT_MAX_RECORD_CHARS, RecordSplitter } from './recordSplitter';
import { TableBuilder } from './tableBuilder';
import { concatBytes, throwIfAborted, utf8Chunks, Utf8Text, type DecodeStats } from './textDecoding';

export type { Column, NumericColumn, TextColumn, MostlyNumericColumn, TextCell } from './columnTyping';
export type { Dataset, ReadReport } from './dataset';

export interface ReadCsvOptions {
  delimiter?: Delimiter;
  /** undefined = detect */
  hasHeader?: boolean;
  /** .tsv / .tab → tab unless the content clearly says otherwise */
  fileName?: string;
  /** undefined = detect (',' only in files not delimited by commas) */
  decimal?: DecimalMark;
  onProgress?: (bytesRead: number, totalBytes: number | undefined) => void;
  signal?: AbortSignal;
  /** Longest record accepted, in bytes of UTF-8 (default 64 Mi). */
  maxRecordChars?: number;
  /** false = parse every batch with papaparse (tests compare both paths). Default true. */
  fastPath?: boolean;
  /**
   * Bytes of the JavaScript heap the text cells may take (DEFAULT_HEAP_BUDGET when absent). Past
   * it the read stops with a sentence: a text column of tens of millions of unique strings would
   * otherwise exhaust the heap and take the process down — the extension host itself in VS Code.
   * Hosts that know their heap's limit pass a share of it (heapBudget.ts).
   */
  heapBudgetBytes?: number;
}


const SAMPLE_BYTES = 64 * 1024;
const MAX_SAMPLE_BYTES = 16 * 1024 * 1024;

export async function readCsv(source: ByteSource, options: ReadCsvOptions = {}): Promise<Dataset> {
  try {
    return await readCsvUnchecked(source, options);
  } catch (e) {
    if (e instanceof CsvError) { throw e; }
    // Our own bug must still reach the user as a sentence, not a stack.
    throw new CsvError('read-failed', `The file could not be read (${e instanceof Error ? e.message : String(e)}).`,
      'Please report this with the file if possible; meanwhile try saving it again as a plain UTF-8 CSV.');
  }
}

async function readCsvUnchecked(source: ByteSource, options: ReadCsvOptions): Promise<Dataset> {
  const stats: DecodeStats = { encoding: 'utf-8', bom: false, bytesRead: 0, invalidSequences: 0, strayTrailingByte: false };
  const chunks = utf8Chunks(source, options, stats)[Symbol.asyncIterator]();
  try {
    return await readChunks(chunks, source, options, stats);
  } finally {
    // On an early error the source must still be closed (a Node stream holds a file handle).
    await chunks.return?.(undefined);
  }
}

async function readChunks(chunks: AsyncIterator<Uint8Array>, source: ByteSource, options: ReadCsvOptions, stats: DecodeStats): Promise<Dataset> {
  const held: Uint8Array[] = [];
  let heldBytes = 0, done = false, lineBreaks = 0;
  // The sample must hold a few whole lines, however wide the header (up to a cap).
  while (heldBytes < SAMPLE_BYTES || (lineBreaks < 3 && heldBytes < MAX_SAMPLE_BYTES)) {
    const r = await chunks.next();
    if (r.done) { done = true; break; }
    held.push(r.value);
    heldBytes += r.value.length;
    if (lineBreaks < 3) { lineBreaks += lineBreaksIn(r.value, 3 - lineBreaks); }
  }
  const sampleBytes = concatBytes(held);
  held.length = 0;
  // Only for guessing the dialect: a character cut at the end is dropped, nothing is counted.
  const sample = new TextDecoder('utf-8', { ignoreBOM: true }).decode(sampleBytes, { stream: !done });
  if (sampleBytes.length === 0) {
    throw stats.bom
      ? new CsvError('empty-file', 'The file contains only a byte order mark and no data.', 'Choose a CSV file with a header row and data rows.')
      : new CsvError('empty-file', 'The file is empty.', 'Choose a CSV file with a header row and data rows.');
  }
  if (done && sample.trim() === '') {
    throw new CsvError('empty-file', 'The file contains only blank lines.', 'Choose a CSV file with a header row and data rows.');
  }

  const sniffed = sniffDialect(sample, done, options);
  const dialect: Dialect = { ...sniffed.dialect, bom: stats.bom, encoding: stats.encoding, trailingDelimiter: false };
  const lineOffset = dialect.sepLine ? 1 : 0;
  const text = new Utf8Text();
  const table = new TableBuilder(dialect, source.totalBytes, options.fastPath !== false, lineOffset, text, options.heapBudgetBytes ?? DEFAULT_HEAP_BUDGET);
  const splitter = new RecordSplitter(dialect.delimiter, dialect.newline, options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS);

  const feed = (bytes: Uint8Array): void => {
    const batch = splitter.push(bytes);
    if (batch) { table.addBatch(batch, stats.bytesRead); }
  };
  // The sep= line is ASCII, so its characters are its bytes.
  feed(sniffed.skipChars > 0 ? sampleBytes.subarray(sniffed.skipChars) : sampleBytes);
  while (!done) {
    const r = await chunks.next();
    if (r.done) { break; }
    feed(r.value);
  }
  throwIfAborted(options.signal);
  const unterminated = splitter.inQuotes ? splitter.openRecordLine + lineOffset : undefined;
  const last = splitter.finish();
  if (last) { table.addBatch(last, stats.bytesRead); }
  stats.invalidSequences += text.invalidSequences;
  return table.finish(stats, unterminated);
}

/** Line breaks (LF or CR bytes), counting up to max. */
function lineBreaksIn(bytes: Uint8Array, max: number): number {
  let n = 0;
  for (let i = 0; i < bytes.length && n < max; i++) { if (bytes[i] === 0x0a || bytes[i] === 0x0d) { n++; } }
  return n;
}
