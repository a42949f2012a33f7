// What a cell means as a number. One function decides for every path (papaparse rows, the fast
// scan, the dialect sniffer), so they cannot disagree.
//
// Missing (→ NaN, counted as missing), compared after trimming spaces and ignoring case:
//   the empty cell, NA, N/A, #N/A, NaN, -NaN, null, None, and every infinity: inf, +inf, -inf,
//   Infinity, +Infinity, -Infinity. Infinities are missing because no model can use them; a finite
//   number too large for a double (1e400) overflows to Infinity and is missing for the same reason.
// Numbers: optional sign (a leading '+' too), digits with an optional decimal point, optional
// exponent: 42, -3.5, +7, .5, 5., 1e-3, 6.02E+23. No hex, no spaces inside, no currency.
// Thousands separators are accepted only in full groups of three ("1,234,567.5"; with a decimal
// comma "1.234.567,5"), which in a comma-delimited file can only appear inside quotes.

const MISSING = new Set([
  '', 'na', 'n/a', '#n/a', 'nan', '-nan', 'null', 'none',
  'inf', '+inf', '-inf', 'infinity', '+infinity', '-infinity',
]);

const PLAIN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const PLAIN_COMMA = /^[+-]?(?:\d+,?\d*|,\d+)(?:[eE][+-]?\d+)?$/;
const GROUPED = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;
const GROUPED_COMMA = /^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d*)?$/;

/** The decimal separator of a file's numbers. */
export type DecimalMark = '.' | ',';

/** Sentinel for a cell that is text, distinct from NaN (= missing). */
export const TEXT = null;

/** Parses one cell: a finite number, NaN for a missing cell, or null for text. */
export function parseCell(raw: string, decimal: DecimalMark): number | null {
  // Most cells are plain numbers: one regex test and done, before any trimming or lower-casing.
  if (decimal === '.' && raw.length > 0 && raw.length < 40 && PLAIN.test(raw)) {
    const v = +raw;
    return Number.isFinite(v) ? v : NaN;
  }
  const s = raw.length > 0 && (raw.charCodeAt(0) <= 32 || raw.charCodeAt(raw.length - 1) <= 32) ? raw.trim() : raw;
  if (s.length <= 9 && MISSING.has(s.toLowerCase())) { return NaN; }
  let text: string;
  if (decimal === '.') {
    if (PLAIN.test(s)) { text = s; } else if (GROUPED.test(s)) { text = s.replace(/,/g, ''); } else { return TEXT; }
  } else {
    if (PLAIN_COMMA.test(s)) { text = s.replace(',', '.'); } else if (GROUPED_COMMA.test(s)) { text = s.replace(/\./g, '').replace(',', '.'); } else { return TEXT; }
  }
  const v = Number(text);
  return Number.isFinite(v) ? v : NaN;
}

/** Cells written with a decimal comma, like "1,5" (the evidence for decimal-comma files). */
export const DECIMAL_COMMA_CELL = /^\s*[+-]?\d*,\d+\s*$/;
/** Cells written with a decimal point that are not thousands groups like "1.234". */
export function isDecimalPointCell(s: string): boolean {
  const t = s.trim();
  return /^[+-]?\d*\.\d+(?:[eE][+-]?\d+)?$/.test(t) && !/^[+-]?\d{1,3}(?:\.\d{3})+$/.test(t);
}
