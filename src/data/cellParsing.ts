// What a cell means as a number. One function decides for every path (papaparse rows, the fast
// scan, the dialect sniffer), so they cannot disagree. The rule is pandas' read_csv with its
// defaults, so a file reads here as it reads there:
//
// Missing (→ NaN, counted as missing), compared after trimming spaces and ignoring case: pandas'
// default na_values (the empty cell, NA, N/A, n/a, #N/A, #N/A N/A, #NA, <NA>, NULL, NaN, -NaN,
// None, 1.#IND, -1.#IND, 1.#QNAN, -1.#QNAN) and every infinity (inf, +inf, -inf, Infinity, …).
// pandas reads an infinity as a number; it is missing here because no model can use it, and a
// finite number too large for a double (1e400) overflows to Infinity and is missing likewise.
// The column stays numeric either way, as in pandas.
// Numbers: optional sign (a leading '+' too), digits with an optional decimal point, optional
// exponent with an optional sign: 42, -3.5, +7, .5, 5., -0, 1e-3, 1.5e+3, 6.02E+23. No hex, no
// underscores (1_000), no spaces inside, no currency, and no thousands separators ("1,234,567"
// is text, as pandas reads it without `thousands=`): a cell like that makes its column text, and
// the reader's warning names the cell.

const MISSING = new Set([
  '', 'na', 'n/a', '#n/a', '#n/a n/a', '#na', '<na>', 'nan', '-nan', 'null', 'none',
  '1.#ind', '-1.#ind', '1.#qnan', '-1.#qnan',
  'inf', '+inf', '-inf', 'infinity', '+infinity', '-infinity',
]);

const PLAIN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const PLAIN_COMMA = /^[+-]?(?:\d+,?\d*|,\d+)(?:[eE][+-]?\d+)?$/;

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
    if (!PLAIN.test(s)) { return TEXT; }
    text = s;
  } else {
    if (!PLAIN_COMMA.test(s)) { return TEXT; }
    text = s.replace(',', '.');
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
