/**
 * Messages of the agreement view: the webview asks how the current fit's clusters cross a column
 * the user already has (a known class: text, or integers), and the host counts the contingency
 * table over ALL rows (the webview holds only a sample, and not the other columns). The scores
 * are computed from the table in the webview (core/agreement.ts). Part of the protocol
 * (protocol.ts lists them in its unions).
 */
import { arrayOf, type Check, integer, nullable, object, string, typedArray } from './guards';

/** The most distinct values a column may have to be compared with the clusters. */
export const MAX_AGREEMENT_CLASSES = 100;
const MAX_K = 100;

export interface AgreeMessage {
  type: 'agree';
  /** Echoed in the reply, so the webview can drop stale ones. */
  requestId: number;
  fitId: number;
  /** A column of the dataset (text, or numeric with integer values). */
  column: string;
}

/**
 * The clusters × values table of one column, k = nComponents, v = values.length. Rows the fit left
 * out (missing values, noise) or with an empty cell in the column are not counted: nUncounted.
 */
export interface DidAgreeMessage {
  type: 'didAgree';
  requestId: number;
  fitId: number;
  column: string;
  nComponents: number;
  /** (v) the column's distinct values, in collation order (integers in numeric order) */
  values: string[];
  /** (k × v) row-major counts */
  counts: Float64Array;
  nUncounted: number;
  /** Why the column cannot be compared (too many values, not integers, no such column); null when it can. */
  refused: string | null;
}

export const agreeShape: Check = object({ requestId: integer(0), fitId: integer(0), column: string });

const didAgreeFields: Check = object({
  requestId: integer(0), fitId: integer(0), column: string, nComponents: integer(1, MAX_K),
  values: arrayOf(string, MAX_AGREEMENT_CLASSES), counts: typedArray('Float64Array'), nUncounted: integer(0), refused: nullable(string),
});

/** The fields, then a table of k × v non-negative integer counts. */
export const didAgreeShape: Check = (v, p) => {
  const why = didAgreeFields(v, p);
  if (why) { return why; }
  const message = v as unknown as DidAgreeMessage;
  if (message.counts.length !== message.nComponents * message.values.length) { return `${p}.counts must be nComponents × values`; }
  if (message.counts.some(x => !Number.isInteger(x) || x < 0)) { return `${p}.counts must be counts`; }
  return undefined;
};
