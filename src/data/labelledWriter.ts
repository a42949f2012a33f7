// Writes the original file back with the cluster columns appended. Nothing of the original is
// re-encoded: the writer re-reads the source bytes, runs the reader's own record splitter (UTF-8)
// or quote machine (UTF-16) over them to find where each record's content ends, copies every
// byte as it came and inserts `<delimiter>new cells` just before each terminator. So the BOM, the line endings, a missing
// final newline, multi-line quoted cells and even invalid UTF-8 come out as they went in.
//
// Formula-looking cells (=cmd|…) are NOT prefixed or escaped: the contract is that the original
// bytes come back unchanged, and the only cells we add are numbers and our own column names.

import { AppendedCells } from './appendedCells';
import type { ByteSource } from './byteSource';
import { CsvError } from './csvError';
import type { Dataset } from './csvReader';
import { writeLabelledUtf8 } from './labelledUtf8';
import { utf16, writeLabelledUtf16 } from './labelledUtf16';
import { assignRows, type RowAssignment } from './rowAssignment';
import { concatBytes } from './textDecoding';

export { formatProbability } from './probabilityText';

export interface ClusterAssignment {
  /** Number of clusters. */
  k: number;
  /** 0-based cluster of each fitted row (a row of the feature matrix); -1 = not clustered. Written 1-based. */
  labels: Int32Array | readonly number[];
  /** n × k membership probabilities, row-major, one row per fitted row. */
  probabilities: Float32Array | Float64Array;
  /** Dataset row of each fitted row (FeatureSelection.rowIndex). */
  rowIndex: Int32Array;
  /** The fit's row assignment when the caller keeps one (the host does, per fit); built here otherwise. */
  rows?: RowAssignment;
  /** More numeric columns after the certainty (e.g. imputed_<column>): names, and per fitted row its values (NaN = empty). */
  extraColumns?: { names: string[]; values: Float64Array };
}

export interface LabelledColumnNames {
  cluster: string;
  probabilities: string[];
  certainty: string;
}

/** The appended column names, made unique against the file's own names (cluster → cluster_2). */
export function labelledColumnNames(existing: readonly string[], k: number): LabelledColumnNames {
  const taken = new Set(existing);
  const unique = (name: string): string => {
    let candidate = name;
    for (let i = 2; taken.has(candidate); i++) { candidate = `${name}_${i}`; }
    taken.add(candidate);
    return candidate;
  };
  const cluster = unique('cluster');
  const probabilities = Array.from({ length: k }, (_, j) => unique(`p_cluster${j + 1}`));
  return { cluster, probabilities, certainty: unique('certainty') };
}

/**
 * Yields the labelled file in chunks. `source` must give the same bytes that were read into
 * `dataset`; if the rows no longer match, a CsvError says the file changed.
 */
export async function* writeLabelledCsv(source: ByteSource, dataset: Pick<Dataset, 'dialect' | 'nRows' | 'columns'>, assignment: ClusterAssignment): AsyncGenerator<Uint8Array> {
  const { dialect, nRows } = dataset;
  const { k, labels, probabilities, rowIndex } = assignment;
  if (!(k >= 1) || probabilities.length !== labels.length * k || rowIndex.length !== labels.length) {
    throw new CsvError('invalid-labels', 'The clustering result does not match the data (wrong number of rows or clusters).',
      'Run the clustering again before exporting.');
  }
  const rows = assignment.rows ?? assignRows(nRows, rowIndex, labels, probabilities, k);
  if (rows.fittedOf.length !== nRows) {
    throw new CsvError('invalid-labels', 'The clustering result does not match the data (wrong number of rows or clusters).', 'Run the clustering again before exporting.');
  }
  const { fittedOf } = rows;
  const names = labelledColumnNames(dataset.columns.map(c => c.name), k);
  const d = dialect.delimiter;
  const extra = assignment.extraColumns;
  if (extra && extra.values.length !== labels.length * extra.names.length) {
    throw new CsvError('invalid-labels', 'The extra columns do not match the data (wrong number of rows).', 'Run the clustering again before exporting.');
  }
  const taken = new Set([...dataset.columns.map(c => c.name), names.cluster, ...names.probabilities, names.certainty]);
  const extraNames = (extra?.names ?? []).map(name => {
    let candidate = name;
    for (let i = 2; taken.has(candidate); i++) { candidate = `${name}_${i}`; }
    taken.add(candidate);
    return candidate;
  });
  const header = d + [names.cluster, ...names.probabilities, names.certainty, ...extraNames].map(n => quoteIfNeeded(n, d)).join(d);
  const cells = new AppendedCells({
    k, labels, probabilities, fittedOf, nRows, hasHeader: dialect.hasHeader, delimiter: d, decimal: dialect.decimal,
    expectedFields: dataset.columns.length + (dialect.trailingDelimiter ? 1 : 0), header: new TextEncoder().encode(header),
    ...(extra && extra.names.length > 0 ? { extra: { count: extra.names.length, values: extra.values } } : {}),
  });
  // Windows-1252 is one byte per character and ASCII below 0x80, so the UTF-8 writer's byte-level
  // record splitting finds the same records in it.
  if (dialect.encoding === 'utf-8' || dialect.encoding === 'windows-1252') {
    yield* writeLabelledUtf8(source, dialect, cells);
  } else {
    yield* writeLabelledUtf16(source, dialect, cells, utf16(header, dialect.encoding === 'utf-16be'));
  }
  cells.finish();
}

/** Convenience for tests and small files: the whole labelled file as one array. */
export async function labelledCsvBytes(source: ByteSource, dataset: Pick<Dataset, 'dialect' | 'nRows' | 'columns'>, assignment: ClusterAssignment): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of writeLabelledCsv(source, dataset, assignment)) { parts.push(part); }
  return concatBytes(parts);
}

/** A cell quoted as RFC 4180 asks when it holds the delimiter, a quote or a line break. */
export function quoteIfNeeded(name: string, d: string): string {
  return name.includes(d) || /["\r\n]/.test(name) ? `"${name.replace(/"/g, '""')}"` : name;
}
