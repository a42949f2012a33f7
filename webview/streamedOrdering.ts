/**
 * Sorting and filters on the table of a file too large to hold (fitted on a sample): the host
 * builds each order in a streaming pass (src/host/pure/fileTableOrder.ts), which keeps every row of
 * the file in memory, 12 bytes each, up to MAX_STREAM_ORDERED_ROWS rows. Past that bound the
 * controls are disabled, and their tooltip says why, instead of sorting nothing.
 */
import type { DatasetSummary } from '../src/shared/protocol';
import { MAX_STREAM_ORDERED_ROWS } from '../src/shared/tableProtocol';

/** Why this file's table cannot be sorted or filtered (undefined: it can). */
export function whyNoOrdering(dataset: Pick<DatasetSummary, 'sample'> | undefined): string | undefined {
  const rows = dataset?.sample?.rowsInFile;
  if (rows === undefined || rows <= MAX_STREAM_ORDERED_ROWS) { return undefined; }
  const n = (x: number) => x.toLocaleString('en-US');
  return `Sorting and filters keep every row of the file in memory (12 bytes a row): this file has ${n(rows)} rows, more than the ${n(MAX_STREAM_ORDERED_ROWS)} they allow. The table stays in file order.`;
}
