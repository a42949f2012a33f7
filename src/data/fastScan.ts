// The fast path for the common case: a batch with no quote at all, cells that are plain decimal
// numbers. It reads numbers straight from the UTF-8 bytes into the columns, so such cells never
// become strings (decoding, papaparse and Number() spend most of their time creating those).
// Every cell it is not sure about — empty, NA, text, 16+ digits, exponents, any non-ASCII byte —
// is decoded and handed to the shared slow path, and so is every row with an unexpected field
// count, so both paths give identical datasets (a test runs the whole corpus through both).
// What a record is (recordRule.ts) is decided here only for the plain case, a record of the
// table's field count that is not blank: a data row. Every other record goes to the reader's rule.

import { fixedPointSpelling, VERBATIM_CELL } from './cellSpelling';
import type { ColumnBuilder } from './columnTyping';
import { isBlankField } from './recordRule';
import type { Newline } from './recordSplitter';
import type { Utf8Text } from './textDecoding';

/**
 * Exact powers of ten: a ≤15-digit integer (exact in a double) divided by one of these is one
 * correctly rounded operation, so the result is bit-identical to Number() of the same text.
 */
const POW10 = Float64Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
/** Mantissas below this have at most 15 digits, so they and every step building them are exact. */
const MAX_MANTISSA = 1e15;

const CR = 0x0d, LF = 0x0a, MINUS = 0x2d, PLUS = 0x2b, POINT = 0x2e, ZERO = 0x30;

export interface FastScanTarget {
  builders: ColumnBuilder[];
  emptyCells: number[];
  expected: number;
  lineOffset: number;
  text: Utf8Text;
  /** Rows the scanner does not take (ragged, blank): handed over already split. */
  slowRow(row: string[], line: number): void;
}

/**
 * Reads the quote-free records in bytes[from, end) into the builders, the first on line
 * `firstLine`, each ended by a line break (the last one too: the caller guarantees it). Returns
 * the number of records read (rows added, ragged and blank).
 */
export function scanNumericBatch(bytes: Uint8Array, from: number, firstLine: number,
  newline: Newline, delimiter: string, t: FastScanTarget): number {
  const { builders, emptyCells, expected } = t;
  const end = bytes.length;
  const delim = delimiter.charCodeAt(0);
  const lineEnd = newline === '\r' ? CR : LF;
  const crlf = newline === '\r\n';
  // Slow cells of the current row, dealt with once its field count is known to be right.
  const cellStart = new Int32Array(expected);
  const cellEnd = new Int32Array(expected);
  const slowCell = new Uint8Array(expected);
  const textColumn = Uint8Array.from(builders, b => (b.isText ? 1 : 0));
  const numbers = new Int32Array(expected);
  // Numbers go straight into each column's array at row n. A numeric column's length is caught
  // up only when the slow path, growing or the end needs it.
  const first = builders[0]!.length;
  let n = first;
  const storage = builders.map(b => (b.isText ? new Float64Array(0) : b.numericStorage(0)));
  // Each number's spelling byte (cellSpelling.ts) beside it, so the table shows the file's text.
  const spelling = builders.map(b => (b.isText ? new Uint8Array(0) : b.spellingStorage()));
  let room = roomOf(storage, textColumn);
  let p = from;
  let records = 0;
  for (; p < end; records++) {
    if (n === room && (room = roomOf(storage, textColumn)) === n) {
      // Out of room: make enough for the rest of the batch at the rows' size so far.
      const more = Math.ceil((end - p) / Math.max(1, (p - from) / Math.max(1, records)) * 1.1) + 16;
      for (let j = 0; j < expected; j++) { if (textColumn[j] === 0) { builders[j]!.length = n; storage[j] = builders[j]!.numericStorage(more); spelling[j] = builders[j]!.spellingStorage(); } }
      room = roomOf(storage, textColumn);
    }
    const rowStart = p;
    let slow = 0;
    let k = 0;
    let c = 0;
    // One pass per cell: read a plain number while finding the cell's end.
    for (;;) {
      const a = p;
      c = bytes[p]!;
      let negative = false;
      const plus = c === PLUS;
      if (c === MINUS || plus) { negative = c === MINUS; c = bytes[++p]!; }
      // All digits go into the mantissa (leading zeros add nothing); below 1e15 it is exact.
      const digitsFrom = p;
      let mantissa = 0, exponent = 0;
      let d = c - ZERO;
      while ((d >>> 0) <= 9) { mantissa = mantissa * 10 + d; d = bytes[++p]! - ZERO; }
      let digits = p - digitsFrom;
      const integerDigits = digits;
      const hasPoint = d === POINT - ZERO;
      if (hasPoint) {
        const fraction = ++p;
        d = bytes[p]! - ZERO;
        while ((d >>> 0) <= 9) { mantissa = mantissa * 10 + d; d = bytes[++p]! - ZERO; }
        exponent = fraction - p;
        digits += p - fraction;
      }
      c = d + ZERO;
      let cellEndAt = p;
      let plain = digits > 0 && mantissa < MAX_MANTISSA && exponent >= -22 && k < expected && textColumn[k] === 0;
      if (c !== delim && c !== lineEnd && !(crlf && c === CR && bytes[p + 1] === LF)) {
        // Exponents, spaces, NA, text: the cell is finished by the careful parser.
        plain = false;
        while (c !== delim && c !== lineEnd) { c = bytes[++p]!; }
        cellEndAt = crlf && c === LF && p > a && bytes[p - 1] === CR ? p - 1 : p;
      } else if (crlf && c === CR) {
        c = bytes[++p]!;
      }
      // A number the table could not show as written from its fraction digits alone ("+5", "007",
      // ".5", "-0.0") takes the careful path, which keeps its text.
      const spelled = plain
        ? fixedPointSpelling(negative, plus, integerDigits, bytes[digitsFrom] === ZERO, hasPoint, -exponent, mantissa === 0)
        : VERBATIM_CELL;
      if (spelled === VERBATIM_CELL) { plain = false; }
      if (plain) {
        const v = exponent === 0 ? mantissa : mantissa / POW10[-exponent]!;
        storage[k]![n] = negative ? -v : v;
        spelling[k]![n] = spelled;
        numbers[k]!++;
      } else if (k < expected) {
        cellStart[k] = a;
        cellEnd[k] = cellEndAt;
        slowCell[k] = 1;
        slow++;
      }
      k++;
      p++; // past the delimiter or the line break
      if (c === lineEnd) { break; }
    }
    const line = firstLine + records + t.lineOffset;
    if (k !== expected) {
      // Ragged (or blank with several columns): papaparse's row, counted as the slow path counts it.
      for (let j = 0; j < expected && j < k; j++) { if (slowCell[j] === 0) { numbers[j]!--; } }
      slowCell.fill(0);
      const rowEnd = crlf && p - 2 >= rowStart && bytes[p - 2] === CR ? p - 2 : p - 1;
      t.slowRow(t.text.decode(bytes, rowStart, rowEnd).split(delimiter), line);
      continue;
    }
    if (slow > 0) {
      let blankLine = false;
      for (let j = 0; j < expected; j++) {
        if (slowCell[j] === 0) { continue; }
        slowCell[j] = 0;
        const a = cellStart[j]!, b = cellEnd[j]!;
        const cell = a === b ? '' : t.text.decode(bytes, a, b);
        // A blank line is not a row (recordRule.ts); with one column it would otherwise look like an empty cell.
        if (expected === 1 && isBlankField(cell)) { t.slowRow([cell], line); blankLine = true; continue; }
        const builder = builders[j]!;
        if (textColumn[j] === 0) { builder.length = n; }
        if (a === b) { emptyCells[j]!++; }
        builder.add(cell, line);
        // The room made for this row holds it, so only turning to text changes the storage. The
        // room is then left as it was, which can only be too small (it is the least over the
        // numeric columns): it is recomputed when reached, not here, or a row turning thousands
        // of columns to text would cost columns² steps.
        if (builder.isText) { textColumn[j] = 1; }
      }
      if (blankLine) { continue; }
    }
    n++;
  }
  for (let k = 0; k < expected; k++) {
    const builder = builders[k]!;
    builder.numericCells += numbers[k]!;
    if (textColumn[k] === 0) { builder.length = n; }
  }
  return records;
}

/** Rows that fit in every numeric column's array (all of them when there is none). */
function roomOf(storage: Float64Array[], textColumn: Uint8Array): number {
  let room = Infinity;
  for (let j = 0; j < storage.length; j++) { if (textColumn[j] === 0) { room = Math.min(room, storage[j]!.length); } }
  return room;
}
