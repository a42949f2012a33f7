// One entry for every table format: a CSV (or TSV) goes to the CSV reader, a Parquet file to the
// Parquet reader, and both give the same Dataset. Export goes the same way round: a CSV is copied
// byte for byte with our cells appended; a Parquet table is first written as CSV text (it has no
// text of its own to copy), then appended to by the very same writer.

import { randomAccess, type ByteSource } from './byteSource';
import { CsvError } from './csvError';
import { readCsv, type Dataset, type ReadCsvOptions } from './csvReader';
import { isParquetStart, readParquet } from './parquetReader';
import { tableAsCsv } from './tableAsCsv';

/** File names the Parquet reader takes (the menus offer "Cluster…" on them too). */
export const PARQUET_NAME = /\.(parquet|parq|pq)$/i;

export async function readTable(source: ByteSource, options: ReadCsvOptions = {}): Promise<Dataset> {
  const seekable = randomAccess(source);
  const named = options.fileName !== undefined && PARQUET_NAME.test(options.fileName);
  // A Parquet file under another name is still one: its first four bytes say so.
  const looks = !named && seekable !== undefined && seekable.totalBytes >= 12 && isParquetStart(await seekable.readRange(0, 4));
  if (!named && !looks) { return readCsv(source, options); }
  if (seekable === undefined) {
    throw new CsvError('read-failed', `${options.fileName ?? 'The file'} is a Parquet file, which is read by seeking, and this file can only be streamed.`,
      'Copy the file to a local folder of the workspace and open it from there.');
  }
  return readParquet(seekable, options);
}

/**
 * The bytes an export appends its cells to: the file itself for a CSV, the table written as CSV
 * for a Parquet file.
 */
export function exportSource(dataset: Dataset, file: ByteSource): ByteSource {
  return dataset.format === 'parquet' ? tableAsCsv(dataset) : file;
}
