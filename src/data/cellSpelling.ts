// How each numeric cell was written, so the table can show the file's own text ("17.0", not "17")
// without keeping a string per cell.
//
// Nearly every number in a CSV is written in fixed-point form: an optional minus, an integer part
// with no leading zero, and a fixed number of fraction digits. For such a cell with at most 15
// significant digits, `value.toFixed(f)` gives back exactly the text (the double is within 0.12
// units of the last digit of the decimal it was read from, well inside the half unit `toFixed`
// rounds to), so one byte, f, is its whole spelling. The rare rest — exponents, a leading `+` or
// zero, ".5", "5.", "-0.0", 16+ digits, spaces, "NA" — is kept verbatim on the side, by row.
// That costs one byte per cell (an eighth of the number itself) instead of a string's 30 to 60.

import type { DecimalMark } from './cellParsing';
import { ownString } from './textHeap';

/** A spelling byte: the fraction digits, or one of these two. */
export const EMPTY_CELL = 255;
export const VERBATIM_CELL = 254;
/** `toFixed` takes at most 100 digits; longer fractions are kept verbatim. */
const MAX_FRACTION_DIGITS = 100;

/** The spelling of a numeric column's cells: (nRows) bytes and the verbatim few. */
export interface CellSpellings {
  /** (nRows) fraction digits of a fixed-point cell, EMPTY_CELL for '', VERBATIM_CELL for the rest */
  readonly digits: Uint8Array;
  /** (nVerbatim) increasing rows whose text is kept as written */
  readonly verbatimRows: Int32Array;
  /** (nVerbatim) their texts */
  readonly verbatimTexts: readonly string[];
}

/**
 * The spelling byte of a plain decimal cell of at most 15 significant digits (the caller checks),
 * worked out from its shape as the fast byte scanner sees it. `integerDigits` counts the digits
 * before the point including leading zeros; `hasPoint` says the point was written; `zero` that
 * every digit is 0.
 */
export function fixedPointSpelling(negative: boolean, plus: boolean, integerDigits: number, leadingZero: boolean,
  hasPoint: boolean, fractionDigits: number, zero: boolean): number {
  if (plus || (negative && zero) || integerDigits === 0 || (leadingZero && integerDigits > 1)) { return VERBATIM_CELL; }
  if (hasPoint && fractionDigits === 0) { return VERBATIM_CELL; }
  return fractionDigits > MAX_FRACTION_DIGITS ? VERBATIM_CELL : fractionDigits;
}

/**
 * The spelling byte of a parsed cell from its text (the careful path): the fraction digits when
 * `toFixed` gives the text back exactly, else VERBATIM_CELL. `value` is what the cell parsed to.
 */
export function spellingOf(text: string, value: number, decimal: DecimalMark): number {
  if (text === '') { return EMPTY_CELL; }
  if (!Number.isFinite(value)) { return VERBATIM_CELL; }
  const point = text.indexOf(decimal);
  const fractionDigits = point < 0 ? 0 : text.length - point - 1;
  if (fractionDigits > MAX_FRACTION_DIGITS || Math.abs(value) >= 1e21) { return VERBATIM_CELL; }
  return writeFixed(value, fractionDigits, decimal) === text ? fractionDigits : VERBATIM_CELL;
}

/** `value` with `fractionDigits` digits in the file's decimal mark. */
function writeFixed(value: number, fractionDigits: number, decimal: DecimalMark): string {
  const s = value.toFixed(fractionDigits);
  return decimal === '.' ? s : s.replace('.', decimal);
}

/** A cell as the file wrote it, from its column's value and spelling. */
export function spelledCell(spellings: CellSpellings, value: number, row: number, decimal: DecimalMark): string {
  const code = spellings.digits[row]!;
  if (code === EMPTY_CELL) { return ''; }
  if (code !== VERBATIM_CELL) { return writeFixed(value, code, decimal); }
  const rows = spellings.verbatimRows;
  let lo = 0, hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const r = rows[mid]!;
    if (r === row) { return spellings.verbatimTexts[mid]!; }
    if (r < row) { lo = mid + 1; } else { hi = mid - 1; }
  }
  return '';
}

/** Collects the verbatim cells of one column as its rows arrive, in increasing row order. */
export class VerbatimCells {
  private rows = new Int32Array(16);
  private readonly texts: string[] = [];
  /** Repeated spellings ("NA", "n/a") share one string. */
  private readonly shared = new Map<string, string>();

  keep(row: number, text: string): void {
    const n = this.texts.length;
    if (n === this.rows.length) {
      const grown = new Int32Array(n * 2);
      grown.set(this.rows);
      this.rows = grown;
    }
    this.rows[n] = row;
    let s = this.shared.get(text);
    if (s === undefined) {
      s = ownString(text);
      if (this.shared.size < 1000) { this.shared.set(s, s); }
    }
    this.texts.push(s);
  }

  build(digits: Uint8Array): CellSpellings {
    return { digits, verbatimRows: this.rows.slice(0, this.texts.length), verbatimTexts: this.texts };
  }
}
