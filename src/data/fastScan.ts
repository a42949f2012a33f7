// The fast path for the common case: a batch with no quote at all, cells that are plain decimal
// numbers. It reads numbers straight from the character codes into the columns, without creating
// a string per cell (papaparse + Number() spend most of their time allocating those).
// Every cell it is not sure about — empty, NA, text, 16+ digits, large exponents — and every row
// with an unexpected field count goes to the shared slow path, so both paths give identical
// datasets (a test runs the whole corpus through both).

import type { ColumnBuilder } from './columnTyping';
import type { RecordBatch } from './recordSplitter';

/** Exact powers of ten: a ≤15-digit integer times or divided by one of these is correctly rounded. */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/** The value of text[a, b) if it is a plain number the fast path can compute exactly, else NaN (slow path). */
export function fastNumber(text: string, a: number, b: number): number {
  let i = a;
  let negative = false;
  let c = text.charCodeAt(i);
  if (c === 0x2d || c === 0x2b) { negative = c === 0x2d; i++; }
  let mantissa = 0, digits = 0, significant = 0, exponent = 0;
  let sawPoint = false;
  for (; i < b; i++) {
    c = text.charCodeAt(i);
    const d = c - 0x30;
    if (d >= 0 && d <= 9) {
      digits++;
      if (significant > 0 || d !== 0) {
        if (++significant > 15) { return NaN; }
        mantissa = mantissa * 10 + d;
      }
      if (sawPoint) { exponent--; }
    } else if (c === 0x2e && !sawPoint) {
      sawPoint = true;
    } else {
      break;
    }
  }
  if (digits === 0) { return NaN; }
  if (i < b) {
    if (c !== 0x65 && c !== 0x45) { return NaN; }
    i++;
    let expNegative = false;
    c = text.charCodeAt(i);
    if (c === 0x2d || c === 0x2b) { expNegative = c === 0x2d; i++; }
    if (i >= b) { return NaN; }
    let e = 0;
    for (; i < b; i++) {
      const d = text.charCodeAt(i) - 0x30;
      if (d < 0 || d > 9 || e > 1000) { return NaN; }
      e = e * 10 + d;
    }
    exponent += expNegative ? -e : e;
  }
  let v: number;
  if (mantissa === 0) { v = 0; } else if (exponent >= 0 && exponent <= 22) { v = mantissa * POW10[exponent]!; } else if (exponent < 0 && exponent >= -22) { v = mantissa / POW10[-exponent]!; } else { return NaN; }
  return negative ? -v : v;
}

export interface FastScanTarget {
  builders: ColumnBuilder[];
  emptyCells: number[];
  expected: number;
  lineOffset: number;
  /** Rows the scanner does not take (ragged, blank): handed over already split. */
  slowRow(row: string[], batch: RecordBatch, i: number): void;
}

/** Reads a quote-free batch into the builders; returns the number of rows added. */
export function scanNumericBatch(batch: RecordBatch, delimiter: string, t: FastScanTarget): number {
  const { text } = batch;
  const { builders, emptyCells, expected } = t;
  const delim = delimiter.charCodeAt(0);
  const cellStart = new Int32Array(expected + 1);
  let added = 0;
  for (let r = 0; r < batch.count; r++) {
    const start = batch.starts[r]!, end = batch.ends[r]!;
    // Find the cells first: a row is only written once its field count is known to be right.
    let j = 0;
    cellStart[0] = start;
    for (let p = start; p < end; p++) {
      if (text.charCodeAt(p) === delim) {
        if (++j >= expected) { break; }
        cellStart[j] = p + 1;
      }
    }
    // A blank line is not a row; with one column it would otherwise look like an empty cell.
    if (j !== expected - 1 || (expected === 1 && text.slice(start, end).trim() === '')) {
      t.slowRow(text.slice(start, end).split(delimiter), batch, r);
      continue;
    }
    cellStart[expected] = end + 1;
    const line = batch.lines[r]! + t.lineOffset;
    for (let k = 0; k < expected; k++) {
      const a = cellStart[k]!, b = cellStart[k + 1]! - 1;
      const builder = builders[k]!;
      if (a === b) { emptyCells[k]!++; builder.add('', line); continue; }
      if (!builder.isText) {
        const v = fastNumber(text, a, b);
        if (!Number.isNaN(v)) { builder.countNumber(v); builder.addNumber(v); continue; }
      }
      builder.add(text.slice(a, b), line);
    }
    added++;
  }
  return added;
}
