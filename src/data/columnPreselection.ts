// Which numeric columns a fit starts with. A statistician would leave out what carries no
// continuous signal: row ids (the model would cluster by file order), constant and empty columns
// (nothing to separate), and whole numbers with only a handful of values, like a `year` of
// 2007–2009 or a 0/1 flag (a category or a code: a Gaussian mixture splits them into bands
// rather than finding clusters). Each left-out column keeps a sentence saying why; the user can
// still choose it. One pass over each column, no lookups across columns: linear in the cells.

import type { NumericColumn } from './columnTyping';
import type { Dataset } from './csvReader';

/** Why a numeric column is not preselected. */
export type LeftOutReason = 'empty' | 'constant' | 'id-like' | 'few-whole-numbers';

export interface LeftOutColumn {
  name: string;
  reason: LeftOutReason;
  /** One plain sentence for the user, e.g. `only 3 distinct whole numbers (2007 to 2009): …`. */
  note: string;
}

export interface Preselection {
  /** The numeric columns to start with, in file order. */
  columns: string[];
  /** The numeric columns left out, in file order, each with its reason. */
  leftOut: LeftOutColumn[];
}

/** Whole-number columns with at most this many distinct values are categories or codes. */
export const MAX_CATEGORY_VALUES = 10;
/** ... provided each value repeats on average this often (a few rows of integers are not yet a category). */
const MIN_ROWS_PER_VALUE = 4;

export function preselectColumns(dataset: Pick<Dataset, 'columns'>): Preselection {
  const columns: string[] = [];
  const leftOut: LeftOutColumn[] = [];
  for (const c of dataset.columns) {
    if (c.kind !== 'numeric') { continue; }
    const why = leftOutReason(c);
    if (why === undefined) { columns.push(c.name); } else { leftOut.push({ name: c.name, ...why }); }
  }
  return { columns, leftOut };
}

/** Why one numeric column is left out, or undefined when it is a measurement to start with. */
export function leftOutReason(c: NumericColumn): { reason: LeftOutReason; note: string } | undefined {
  const values = c.values;
  const present = values.length - c.missing;
  if (present === 0) { return { reason: 'empty', note: 'no values: every cell is empty or missing' }; }
  // Up to MAX_CATEGORY_VALUES + 1 distinct values, and whether all are whole numbers.
  const distinct: number[] = [];
  let whole = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) { continue; }
    if (whole && !Number.isInteger(v)) { whole = false; }
    if (distinct.length <= MAX_CATEGORY_VALUES && !distinct.includes(v)) { distinct.push(v); }
    if (!whole && distinct.length > 1) { break; }
  }
  if (distinct.length === 1 && present >= 2) {
    return { reason: 'constant', note: `the same value (${show(distinct[0]!)}) in every row: it cannot separate clusters` };
  }
  if (c.idLike) { return { reason: 'id-like', note: idNote(c) }; }
  if (whole && distinct.length >= 2 && distinct.length <= MAX_CATEGORY_VALUES && present >= distinct.length * MIN_ROWS_PER_VALUE) {
    const min = Math.min(...distinct), max = Math.max(...distinct);
    return {
      reason: 'few-whole-numbers',
      note: `only ${distinct.length} distinct whole numbers (${show(min)} to ${show(max)}): a category or code rather than a measurement, which would split the data into bands`,
    };
  }
  return undefined;
}

function idNote(c: NumericColumn): string {
  switch (c.idKind) {
    case 'unnamed': return 'an unnamed index column (as pandas writes one): row ids, not a measurement';
    case 'named': return `named like an identifier ("${c.name}"): ids, not a measurement`;
    case 'counting': return `counts up row by row (${show(c.values[0]!)} to ${show(c.values[c.values.length - 1]!)}): row ids, not a measurement`;
    case 'row-numbers': return 'holds every whole number of its range exactly once: shuffled row ids, not a measurement';
    default: return 'row ids, not a measurement';
  }
}

function show(v: number): string { return Object.is(v, -0) ? '0' : String(v); }

/** The left-out columns as lines for a terminal: the first `max` named with their reason, the rest counted. */
export function describeLeftOut(leftOut: readonly LeftOutColumn[], max = 10): string[] {
  const lines = leftOut.slice(0, max).map(c => `column "${c.name}" is left out: ${c.note}.`);
  if (leftOut.length > max) { lines.push(`${leftOut.length - max} more columns are left out for the same kinds of reasons.`); }
  if (leftOut.length > 0) { lines.push('Name columns with --columns to choose them yourself.'); }
  return lines;
}
