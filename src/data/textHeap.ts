// What a table's text cells cost the JavaScript heap, and the sentence when they would cost more
// than the host allows (the reader's `heapBudgetBytes`). Numbers live in typed arrays outside the
// heap; a text column of tens of millions of unique strings is what exhausts it, and in VS Code the
// process that would die is the extension host.

import { CsvError } from './csvError';

/** A V8 string's header and alignment, in bytes (a sliced or cons string costs about as much). */
export const TEXT_OVERHEAD = 24;
/** Text a reader holds at most when the host does not say: a quarter of a 64-bit V8's usual 4 GB heap. */
export const DEFAULT_HEAP_BUDGET = 1 << 30;

/** A pointer in a JavaScript array. */
export const POINTER_BYTES = 8;

/**
 * Copies a string so it does not keep the (large) parsed chunk it was cut from alive (V8 makes a
 * slice of 13 characters or more a view into its parent).
 */
export function ownString(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** The bytes a string of its own costs: header and two bytes a character (one-byte strings cost less). */
export function stringBytes(s: string): number {
  return TEXT_OVERHEAD + 2 * s.length;
}

/**
 * The refusal: how much the text holds, how far the read got (`share` 0..1 when known), the limit,
 * and the columns to blame, largest first.
 */
export function textTooLarge(held: number, budget: number, share: number | undefined, columns: readonly string[]): CsvError {
  const size = (bytes: number) => (bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GB` : bytes >= 2 ** 20 ? `${Math.round(bytes / 2 ** 20)} MB` : `${Math.round(bytes / 2 ** 10)} KB`);
  const where = share === undefined ? '' : ` after ${Math.round(100 * share)}% of the file`;
  const named = columns.slice(0, 3).map(c => `"${c}"`).join(', ');
  return new CsvError('too-large',
    `The file's text cells need more memory than Cluster Lens may use here: ${size(held)} held${where} (the limit is ${size(budget)}), mostly in ${columns.length === 1 ? 'the text column' : 'the text columns'} ${named}.`,
    'Remove the text columns you do not need (they are not clustered on: only numbers are), or cluster a part of the rows (e.g. the first million lines of the file).');
}
