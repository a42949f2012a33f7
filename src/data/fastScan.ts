// The fast path for the common case: a batch with no quote at all, cells that are plain decimal
// numbers. It reads numbers straight from the character codes into the columns, without creating
// a string per cell (papaparse + Number() spend most of their time allocating those).
// Every cell it is not sure about — empty, NA, text, 16+ digits, large exponents — and every row
// with an unexpected field count goes to the shared slow path, so both paths give identical
// datasets (a test runs the whole corpus through both).

import type { ColumnBuilder } from './columnTyping';
import type { RecordBatch } from './recordSplitter';

/**
 * Exact powers of ten: a ≤15-digit integer (exact in a double) divided by one of these is one
 * correctly rounded operation, so the result is bit-identical to Number() of the same text.
 */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

export interface FastScanTarget {
  builders: ColumnBuilder[];
  emptyCells: number[];
  expected: number;
  lineOffset: number;
  /** Rows the scanner does not take (ragged, blank): handed over already split. */
  slowRow(row: string[], batch: RecordBatch, i: number): void;
}

/** Reads the records of a quote-free batch from `first` on into the builders; returns the number of rows added. */
export function scanNumericBatch(batch: RecordBatch, first: number, delimiter: string, t: FastScanTarget): number {
  const { text } = batch;
  const { builders, emptyCells, expected } = t;
  const delim = delimiter.charCodeAt(0);
  // Per cell of the current row: its value, or NaN with its bounds for the slow path. A row is
  // only written once its field count is known to be right.
  const values = new Float64Array(expected);
  const cellStart = new Int32Array(expected);
  const cellEnd = new Int32Array(expected);
  const textColumn = builders.map(b => b.isText);
  // Numbers go straight into each column's array; room for the whole batch is made up front.
  const storage = builders.map(b => b.isText ? undefined : b.numericStorage(batch.count - first));
  const numbers = new Int32Array(expected);
  let added = 0;
  rows: for (let r = first; r < batch.count; r++) {
    const start = batch.starts[r]!, end = batch.ends[r]!;
    let p = start;
    for (let k = 0; k < expected; k++) {
      const a = p;
      // One pass per cell: read a plain number while finding the cell's end.
      let negative = false, mantissa = 0, digits = 0, significant = 0, exponent = 0, sawPoint = false, plain = !textColumn[k];
      let c = p < end ? text.charCodeAt(p) : delim;
      if (c === 0x2d || c === 0x2b) { negative = c === 0x2d; c = ++p < end ? text.charCodeAt(p) : delim; }
      while (c !== delim) {
        const d = c - 0x30;
        if (d >= 0 && d <= 9) {
          digits++;
          if (significant > 0 || d !== 0) {
            if (++significant > 15) { plain = false; }
            mantissa = mantissa * 10 + d;
          }
          if (sawPoint) { exponent--; }
        } else if (c === 0x2e && !sawPoint) {
          sawPoint = true;
        } else {
          // Exponents, spaces, NA, text: the cell is finished by the careful parser.
          plain = false;
          while (c !== delim) { c = ++p < end ? text.charCodeAt(p) : delim; }
          break;
        }
        c = ++p < end ? text.charCodeAt(p) : delim;
      }
      cellStart[k] = a;
      cellEnd[k] = p;
      if (plain && digits > 0 && exponent >= -22) {
        const v = mantissa === 0 ? 0 : exponent === 0 ? mantissa : mantissa / POW10[-exponent]!;
        values[k] = negative ? -v : v;
      } else {
        values[k] = NaN;
      }
      if (p >= end) {
        if (k !== expected - 1) { t.slowRow(text.slice(start, end).split(delimiter), batch, r); continue rows; }
        break;
      }
      p++; // past the delimiter
      if (k === expected - 1) { t.slowRow(text.slice(start, end).split(delimiter), batch, r); continue rows; }
    }
    // A blank line is not a row; with one column it would otherwise look like an empty cell.
    if (expected === 1 && Number.isNaN(values[0]!) && text.slice(start, end).trim() === '') { t.slowRow([text.slice(start, end)], batch, r); continue; }
    const line = batch.lines[r]! + t.lineOffset;
    for (let k = 0; k < expected; k++) {
      const v = values[k]!;
      const builder = builders[k]!;
      if (!Number.isNaN(v)) { storage[k]![builder.length++] = v; numbers[k]!++; continue; }
      const a = cellStart[k]!, b = cellEnd[k]!;
      if (a === b) { emptyCells[k]!++; }
      builder.add(a === b ? '' : text.slice(a, b), line);
      if (builder.isText) { textColumn[k] = true; } else { storage[k] = builder.numericStorage(batch.count - r); }
    }
    added++;
  }
  for (let k = 0; k < expected; k++) { builders[k]!.numericCells += numbers[k]!; }
  return added;
}
