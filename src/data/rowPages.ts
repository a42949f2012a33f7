// Rows of a file too large to hold, read back from the file by byte offset (rowOffsets.ts) when a
// table page needs them: the kept row at or before the page's first row is where the read starts,
// the next kept row after its last one where it ends, and the table's first record goes in front,
// so the reader reads the bytes as it read that part of the file in the streaming pass.

import type { RandomAccessSource } from './byteSource';
import { byteSourceFromBytes } from './byteSource';
import { readCsv, type Dataset } from './csvReader';
import type { Delimiter, Dialect } from './dialect';
import type { RowOffsets } from './rowOffsets';
import { concatBytes, decodeWindows1252 } from './textDecoding';

export interface FileRowsLayout {
  dialect: Dialect;
  /** The table's first record (header, or first row without one), without its terminator. */
  firstRecord: Uint8Array;
  offsets: RowOffsets;
}

export interface RowPage {
  /** Rows `skip` … `skip + count − 1` of this table are the file's rows first … first + count − 1. */
  dataset: Dataset;
  skip: number;
  count: number;
}

/** Data rows [first, first + count) of the file (clipped to its rows), read from `source` by offset. */
export async function readRowPage(source: RandomAccessSource, layout: FileRowsLayout, first: number, count: number): Promise<RowPage> {
  const { dialect, offsets } = layout;
  const n = Math.max(0, Math.min(count, offsets.nRows - first));
  if (n === 0) { throw new RangeError(`rows ${first}… are not in the file's ${offsets.nRows} rows`); }
  const { offset, skip } = offsets.locate(first);
  const end = offsets.endAfter(first + n - 1) ?? source.totalBytes;
  const newline = new TextEncoder().encode(dialect.newline);
  let bytes = concatBytes([layout.firstRecord, newline, await source.readRange(offset, end)]);
  if (dialect.encoding === 'windows-1252') { bytes = new TextEncoder().encode(decodeWindows1252(bytes)); }
  const dataset = await readCsv(byteSourceFromBytes(bytes), { delimiter: dialect.delimiter as Delimiter, hasHeader: true, decimal: dialect.decimal });
  if (dataset.nRows < skip + n) { throw new Error(`the file changed: rows ${first}–${first + n - 1} are no longer where the streaming pass found them`); }
  return { dataset, skip, count: n };
}
