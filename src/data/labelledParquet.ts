// The labelled table as Parquet (hyparquet-writer: pure JavaScript, MIT, no install script), one
// row group per batch of rows so a streamed file is written as it is read: the original columns
// untouched plus ours. "Untouched" for a CSV means each cell's own text (Parquet STRING): a
// column's type is only known once its last row is read, and "1.50" stays "1.50". A Parquet
// source keeps its numbers as numbers (DOUBLE). Ours are typed: cluster INT32 (1-based, as in the
// CSV), p_cluster1…k and certainty DOUBLE with the CSV's values (6 significant digits); null where
// the row was not labelled.

import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { spelledCell } from './cellSpelling';
import type { Column, Dataset } from './csvReader';
import { labelledColumnNames } from './labelledWriter';
import { formatProbability } from './probabilityText';

export type OriginalColumnType = 'STRING' | 'DOUBLE';

export interface LabelledRows {
  k: number;
  /** 0-based cluster of each labelled row (-1 = none). */
  labels: Int32Array | readonly number[];
  /** labelled rows × k */
  probabilities: Float32Array | Float64Array;
  /** Dataset row of each labelled row. */
  rowIndex: Int32Array;
}

/** Writes the file in pieces: `add` returns the bytes of each row group, `finish` the footer. */
export class LabelledParquet {
  private readonly bytes = new ByteWriter(1 << 20);
  private readonly writer: ParquetWriter;
  private readonly names: string[];

  constructor(private readonly columns: readonly string[], private readonly types: readonly OriginalColumnType[], private readonly k: number) {
    const ours = labelledColumnNames(columns, k);
    this.names = [...columns, ours.cluster, ...ours.probabilities, ours.certainty];
    this.writer = new ParquetWriter({
      writer: this.bytes,
      createdBy: 'Cluster Lens',
      schema: [
        { name: 'root', num_children: this.names.length },
        ...columns.map((name, j) => (types[j] === 'DOUBLE'
          ? { name, type: 'DOUBLE' as const, repetition_type: 'OPTIONAL' as const }
          : { name, type: 'BYTE_ARRAY' as const, converted_type: 'UTF8' as const, repetition_type: 'OPTIONAL' as const })),
        { name: ours.cluster, type: 'INT32', repetition_type: 'OPTIONAL' },
        ...[...ours.probabilities, ours.certainty].map(name => ({ name, type: 'DOUBLE' as const, repetition_type: 'OPTIONAL' as const })),
      ],
    });
  }

  /**
   * The rows of `dataset` (its columns in the file's order; a column it lacks is all null) with
   * their labels, as row groups of at most `rowGroupRows`; returns the bytes written.
   */
  add(dataset: Pick<Dataset, 'columns' | 'nRows' | 'dialect'>, rows: LabelledRows, rowGroupRows = 100_000): Uint8Array {
    const n = dataset.nRows, k = this.k;
    if (n === 0) { return this.take(); }
    const columnData = this.columns.map((name, j) => ({ name, data: this.original(dataset.columns[j], n, j, dataset.dialect.decimal) as unknown[] }));
    const cluster: (number | null)[] = new Array(n).fill(null);
    const probabilities = Array.from({ length: k }, () => new Array<number | null>(n).fill(null));
    const certainty: (number | null)[] = new Array(n).fill(null);
    for (let i = 0; i < rows.rowIndex.length; i++) {
      const label = rows.labels[i]!;
      if (label < 0) { continue; }
      const row = rows.rowIndex[i]!;
      cluster[row] = label + 1;
      let best = 0;
      for (let j = 0; j < k; j++) {
        // The CSV's number, so both files say the same.
        const p = Number(formatProbability(rows.probabilities[i * k + j]!));
        probabilities[j]![row] = p;
        if (p > best) { best = p; }
      }
      certainty[row] = best;
    }
    const ours = this.names.slice(this.columns.length);
    columnData.push({ name: ours[0]!, data: cluster }, ...probabilities.map((data, j) => ({ name: ours[j + 1]!, data })), { name: ours[k + 1]!, data: certainty });
    void this.writer.write({ columnData: columnData as Parameters<ParquetWriter['write']>[0]['columnData'], rowGroupSize: rowGroupRows });
    return this.take();
  }

  /** The footer: the file is complete after these bytes. */
  finish(): Uint8Array {
    this.writer.finish();
    return this.take();
  }

  private original(column: Column | undefined, n: number, j: number, decimal: '.' | ','): (string | number | null)[] {
    if (column === undefined) { return new Array(n).fill(null); }
    if (column.kind === 'text') { return column.values.slice(0, n); }
    const { values, spellings } = column;
    if (this.types[j] === 'DOUBLE' || spellings === undefined) {
      return Array.from(values.subarray(0, n), v => (Number.isNaN(v) ? null : v));
    }
    return Array.from({ length: n }, (_, r) => spelledCell(spellings, values[r]!, r, decimal));
  }

  private take(): Uint8Array {
    const out = this.bytes.getBytes().slice();
    this.bytes.index = 0;
    return out;
  }
}
