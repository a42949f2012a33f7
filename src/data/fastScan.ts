// Placeholder until the fast scanner lands: every batch goes through papaparse.
import type { ColumnBuilder } from './columnTyping';
import type { Dialect } from './dialect';
import type { RecordBatch } from './recordSplitter';

export function scanNumericBatch(_batch: RecordBatch, _dialect: Dialect, _builders: ColumnBuilder[], _expected: number, _emptyCells: number[], _lineOffset: number): boolean {
  return false;
}
