// What a read gives: the typed columns, the dialect and the report of what was skipped or changed.
// The CSV reader (csvReader.ts) and the Parquet reader (parquetReader.ts) both make a Dataset.

import type { Column, MostlyNumericColumn, TextCell } from './columnTyping';
import type { Dialect } from './dialect';

export interface ReadReport {
  /** Rows whose number of fields differs from the header's: skipped, never shifted. */
  raggedRows: number;
  /** 1-based line numbers of the first ragged rows (at most 20). */
  raggedExamples: number[];
  /** Field count of the ragged examples, parallel to raggedExamples. */
  raggedFieldCounts: number[];
  /** Empty or whitespace-only lines, skipped. */
  blankLines: number;
  /** Invalid UTF-8 sequences replaced by U+FFFD (the file is probably Windows-1252). */
  invalidSequences: number;
  /** A UTF-16 file with an odd number of bytes: the last byte was left out (an export keeps it, last). */
  strayTrailingByte: boolean;
  /** Columns that are text only because of a few cells, with the offending cells. */
  mostlyNumericColumns: MostlyNumericColumn[];
  /** Other text columns that hold numbers too, with the first cell that is not a number. */
  mixedColumns: { name: string; numericCells: number; firstText: TextCell }[];
  /** Header names changed to be unique and non-empty. */
  renamedColumns: { index: number; from: string; to: string }[];
  /** Numeric columns with a single value: they cannot separate clusters and are not preselected. */
  constantColumns: string[];
  /** Numeric columns with no value at all. */
  emptyColumns: string[];
  /** Line where a quoted field starts that is never closed (it swallowed the rest of the file). */
  unterminatedQuoteLine?: number;
  bytesRead: number;
  /** Whether the fast scanner read at least one batch. */
  fastPathBatches: number;
  /** One plain sentence per issue above, ready to show. */
  warnings: string[];
}

export interface Dataset {
  columns: Column[];
  nRows: number;
  /** How the file is delimited; for a Parquet file, the CSV dialect its exports are written in. */
  dialect: Dialect;
  report: ReadReport;
  /** 'parquet' for a Parquet file (readTable.ts); a CSV when absent. */
  format?: 'parquet';
}
