// Guessing how a file is written, from its first ~64K characters. Every guess can be overridden
// by the caller, and the dialect travels with the Dataset so the writer writes the same way.

import Papa from 'papaparse';
import { DECIMAL_COMMA_CELL, isDecimalPointCell, parseCell, type DecimalMark } from './cellParsing';
import { QuoteMachine, Step, type Newline } from './recordSplitter';
import type { TextEncodingName } from './textDecoding';

export type Delimiter = ',' | ';' | '\t' | '|';
export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];

export interface Dialect {
  delimiter: string;
  newline: '\r\n' | '\n' | '\r';
  hasHeader: boolean;
  bom: boolean;
  quoteChar: '"';
  /** Encoding of the bytes (UTF-16 only with a BOM). */
  encoding: TextEncodingName;
  /** Decimal separator of the numbers: ',' only in files not delimited by commas. */
  decimal: DecimalMark;
  /** The file starts with Excel's `sep=;` line, which is not part of the table. */
  sepLine: boolean;
  /** Every row (and the header) ends with a delimiter, giving an empty last column that is dropped. */
  trailingDelimiter: boolean;
}

export interface DialectOverrides {
  delimiter?: Delimiter;
  hasHeader?: boolean;
  decimal?: DecimalMark;
  fileName?: string;
}

export interface SniffResult {
  dialect: Omit<Dialect, 'bom' | 'encoding' | 'trailingDelimiter'>;
  /** Characters of the sample taken by the `sep=` line including its terminator. */
  skipChars: number;
}

const SNIFF_RECORDS = 200;

/** Guesses the dialect of `sample` (the start of the text, or all of it when `final`). */
export function sniffDialect(sample: string, final: boolean, overrides: DialectOverrides = {}): SniffResult {
  let text = sample;
  let skipChars = 0;
  let sepDelimiter: Delimiter | undefined;
  const sep = /^sep=(.)(\r\n|\n|\r|$)/i.exec(text);
  if (sep && (DELIMITERS as readonly string[]).includes(sep[1]!)) {
    sepDelimiter = sep[1] as Delimiter;
    skipChars = sep[0].length;
    text = text.slice(skipChars);
  }
  const newline = detectNewline(text);
  const byName = /\.(tsv|tab)$/i.test(overrides.fileName ?? '') ? '\t' : undefined;
  const delimiter = overrides.delimiter ?? sepDelimiter ?? (byName !== undefined && splitsEvenly(text, byName, newline, final) ? byName : undefined)
    ?? guessDelimiter(text, newline, final) ?? byName ?? ',';
  const rows = sampleRows(text, delimiter, newline, final);
  const decimal = overrides.decimal ?? guessDecimal(rows, delimiter);
  const hasHeader = overrides.hasHeader ?? guessHeader(rows, decimal);
  return { dialect: { delimiter, newline, hasHeader, quoteChar: '"', decimal, sepLine: skipChars > 0 }, skipChars };
}

/** The first line break outside quotes; '\n' for a file of one line. */
export function detectNewline(text: string): Newline {
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) { inQuotes = !inQuotes; } else if (!inQuotes) {
      if (c === 0x0a) { return '\n'; }
      if (c === 0x0d) { return text.charCodeAt(i + 1) === 0x0a ? '\r\n' : i + 1 < text.length ? '\r' : '\r\n'; }
    }
  }
  return '\n';
}

/** Field counts of the first complete, non-blank records under a candidate delimiter. */
function fieldCounts(text: string, delimiter: string, newline: Newline, final: boolean): number[] {
  const m = new QuoteMachine(delimiter, newline);
  const counts: number[] = [];
  let recordChars = 0;
  for (let i = 0; i < text.length && counts.length < SNIFF_RECORDS; i++) {
    const fields = m.fields;
    recordChars++;
    if (m.step(text.charCodeAt(i)) === Step.RecordEnd) {
      if (recordChars > newline.length) { counts.push(fields); }
      recordChars = 0;
    }
  }
  if (final && m.started && counts.length < SNIFF_RECORDS) { counts.push(m.fields); }
  return counts;
}

/** A .tsv file is taken at its word when tabs split its lines into the same number (≥ 2) of fields. */
function splitsEvenly(text: string, d: Delimiter, newline: Newline, final: boolean): boolean {
  const counts = fieldCounts(text, d, newline, final);
  return counts.length > 0 && counts[0]! >= 2 && counts.filter(c => c === counts[0]).length >= 0.9 * counts.length;
}

function guessDelimiter(text: string, newline: Newline, final: boolean): Delimiter | undefined {
  let best: Delimiter | undefined;
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const counts = fieldCounts(text, d, newline, final);
    if (counts.length === 0) { continue; }
    const tally = new Map<number, number>();
    for (const c of counts) { tally.set(c, (tally.get(c) ?? 0) + 1); }
    let mode = 1, modeCount = 0;
    for (const [c, n] of tally) { if (n > modeCount || (n === modeCount && c > mode)) { mode = c; modeCount = n; } }
    if (mode < 2) { continue; }
    const consistency = modeCount / counts.length;
    // Among equally consistent splits, prefer the one whose cells read as numbers: "1,5;2,25"
    // splits evenly on both ',' and ';', but only ';' gives numbers (with a decimal comma).
    const rows = sampleRows(text, d, newline, final).slice(1);
    let cells = 0, numeric = 0;
    for (const row of rows) {
      for (const cell of row) {
        if (cell.trim() === '') { continue; }
        cells++;
        if (parseCell(cell, '.') !== null || (d !== ',' && parseCell(cell, ',') !== null)) { numeric++; }
      }
    }
    const score = consistency + 0.25 * (cells > 0 ? numeric / cells : 0);
    if (score > bestScore + 1e-9) { best = d; bestScore = score; }
  }
  return best;
}

/** The first records of the sample as fields (the last, possibly cut, record is left out). */
function sampleRows(text: string, delimiter: string, newline: Newline, final: boolean): string[][] {
  // A lone LF ends a line of a CRLF file too (as the reader splits); papaparse needs it spelled out.
  const uniform = newline === '\r\n' ? text.replace(/(?<!\r)\n/g, '\r\n') : text;
  const parsed = Papa.parse<string[]>(uniform, { delimiter, newline, quoteChar: '"', preview: SNIFF_RECORDS + 1, skipEmptyLines: true });
  const rows = parsed.data;
  if (!final && rows.length <= SNIFF_RECORDS && rows.length > 1) { rows.pop(); }
  return rows;
}

function guessDecimal(rows: string[][], delimiter: string): DecimalMark {
  if (delimiter === ',') { return '.'; }
  let commaCells = 0, pointCells = 0;
  for (const row of rows) {
    for (const cell of row) {
      if (DECIMAL_COMMA_CELL.test(cell)) { commaCells++; } else if (isDecimalPointCell(cell)) { pointCells++; }
    }
  }
  return commaCells > 0 && pointCells === 0 ? ',' : '.';
}

/**
 * A first row is a header unless it looks like data: a header cell is text where the rows below
 * hold numbers, a data cell is a number there. With no numeric column to compare against, the
 * first row is taken as a header (as spreadsheets and pandas do).
 */
function guessHeader(rows: string[][], decimal: DecimalMark): boolean {
  if (rows.length < 2) {
    // A single row: a header if any cell is text, data if every cell is a number.
    const first = rows[0] ?? [];
    return !(first.length > 0 && first.every(c => { const v = parseCell(c, decimal); return v !== null && !Number.isNaN(v); }));
  }
  const first = rows[0]!;
  let textOverNumbers = 0, numberOverNumbers = 0;
  for (let j = 0; j < first.length; j++) {
    let numeric = 0, text = 0;
    for (let i = 1; i < rows.length; i++) {
      const cell = rows[i]![j];
      if (cell === undefined) { continue; }
      const v = parseCell(cell, decimal);
      if (v === null) { text++; } else if (!Number.isNaN(v)) { numeric++; }
    }
    if (numeric === 0 || text > numeric / 10) { continue; }
    const head = parseCell(first[j]!, decimal);
    if (head === null) { textOverNumbers++; } else if (!Number.isNaN(head)) { numberOverNumbers++; }
  }
  if (numberOverNumbers > 0 && textOverNumbers === 0) { return false; }
  return true;
}

/**
 * The dialect of a table that came without one (a Parquet file): what its labelled CSV export is
 * written in, and what the table shows numbers in. Comma, '\n', UTF-8 without BOM: RFC 4180 as
 * pandas writes it.
 */
export function plainCsvDialect(): Dialect {
  return {
    delimiter: ',', newline: '\n', hasHeader: true, bom: false, quoteChar: '"', encoding: 'utf-8', decimal: '.',
    sepLine: false, trailingDelimiter: false,
  };
}
