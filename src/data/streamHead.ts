// The start of a file that is streamed rather than read whole: its first megabytes are read by the
// ordinary reader (readCsv), which settles the dialect and the column names exactly as a whole
// read would (its guesses look at the first 64 KB, or up to 16 MB for a very wide header), and the
// chunks are kept so the pass that follows sees the file from its first byte.

import type { ByteSource } from './byteSource';
import { CsvError } from './csvError';
import { readCsv, type Dataset, type ReadCsvOptions } from './csvReader';
import type { Dialect } from './dialect';

/** Bytes read before the head is read as a table: far more than the dialect guess looks at. */
const HEAD_BYTES = 2 << 20;
/** The reader's sample grows to 16 MB for a header with few line breaks: the head goes past it. */
const MAX_HEAD_BYTES = 17 << 20;
/** A head whose records are all cut (rows of megabytes) is doubled up to this before giving up. */
const LARGEST_HEAD_BYTES = 128 << 20;

export interface StreamHead {
  /** The file's dialect as the whole read finds it; `trailingDelimiter` is judged on the head's rows only. */
  dialect: Dialect;
  /** The head read as a table: its column names are the file's. */
  dataset: Dataset;
  /** Bytes of the BOM and Excel's sep= line, which come before the first record. */
  preambleBytes: number;
  /** Every chunk of the file from the first, the head's included. */
  chunks: AsyncIterable<Uint8Array>;
  totalBytes: number | undefined;
  /** UTF-16 files are transcoded by the reader, so their records cannot be cut in the raw bytes. */
  streamable: boolean;
  /** Lets the source go when the pass will not be run (a Node stream holds a file handle). */
  close(): Promise<void>;
}

export async function readStreamHead(source: ByteSource, options: Pick<ReadCsvOptions, 'delimiter' | 'hasHeader' | 'decimal' | 'fileName' | 'heapBudgetBytes'> = {}): Promise<StreamHead> {
  const iterator = source.chunks[Symbol.asyncIterator]();
  const held: Uint8Array[] = [];
  let heldBytes = 0, lineBreaks = 0, done = false;
  const take = async (enough: (bytes: number, breaks: number) => boolean) => {
    while (!done && !enough(heldBytes, lineBreaks)) {
      const r = await iterator.next();
      if (r.done) { done = true; break; }
      held.push(r.value);
      heldBytes += r.value.length;
      for (let i = 0; i < r.value.length && lineBreaks < 3; i++) { const b = r.value[i]; if (b === 0x0a || b === 0x0d) { lineBreaks++; } }
    }
  };
  // Two chunks at least: the reader's sample (whole chunks) then ends where it ends in the whole file.
  await take((bytes, breaks) => (bytes >= HEAD_BYTES && breaks >= 3 && held.length >= 2) || bytes >= MAX_HEAD_BYTES);
  let dataset: Dataset;
  for (let limit = MAX_HEAD_BYTES; ; limit *= 2) {
    try {
      dataset = await readCsv(replay(held), options);
      break;
    } catch (err) {
      // A head of a few cut records is not yet a table; more of the file may make it one.
      const cut = err instanceof CsvError && ['no-data-rows', 'header-mismatch', 'all-rows-ragged', 'empty-file'].includes(err.code);
      if (!cut || done || limit > LARGEST_HEAD_BYTES) { throw err; }
      await take(bytes => bytes >= limit * 2);
    }
  }
  const dialect = dataset.dialect;
  const head = held[0] ?? new Uint8Array(0);
  let preambleBytes = dialect.bom && dialect.encoding === 'utf-8' ? 3 : 0;
  if (dialect.sepLine) {
    const m = /^sep=.(\r\n|\n|\r|$)/i.exec(String.fromCharCode(...head.subarray(preambleBytes, preambleBytes + 8)));
    if (m) { preambleBytes += m[0].length; }
  }
  return {
    dialect, dataset, preambleBytes, totalBytes: source.totalBytes,
    streamable: dialect.encoding === 'utf-8' || dialect.encoding === 'windows-1252',
    close: async () => { await iterator.return?.(undefined); },
    chunks: {
      async *[Symbol.asyncIterator]() {
        yield* held.splice(0);
        for (let r = await iterator.next(); !r.done; r = await iterator.next()) { yield r.value; }
      },
    },
  };
}

/** The held chunks as a source, with the file's own chunk boundaries (the reader's sample is made of whole chunks). */
function replay(chunks: readonly Uint8Array[]): ByteSource {
  return {
    totalBytes: undefined,
    chunks: { async *[Symbol.asyncIterator]() { yield* chunks; } },
  };
}
