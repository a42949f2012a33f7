/**
 * Messages of the agreement view: the webview asks how the current fit's clusters cross a column
 * the user already has (a known class: text, or integers), and the host counts the contingency
 * table over ALL rows (the webview holds only a sample, and not the other columns). The scores
 * are computed from the table in the webview (core/agreement.ts). Part of the protocol
 * (protocol.ts joins every part's shapes into its unions).
 */
import { arrayOf, integer, type MessageOf, nullable, object, refine, string, typedArray } from './guards';
import { MAX_K } from './vocabulary';

/** The most distinct values a column may have to be compared with the clusters. */
export const MAX_AGREEMENT_CLASSES = 100;

/**
 * The clusters × values table of one column, k = nComponents, v = values.length. Rows the fit left
 * out (missing values, noise) or with an empty cell in the column are not counted: nUncounted.
 */
const didAgreeFields = object({
  requestId: integer(0),
  fitId: integer(0),
  column: string,
  nComponents: integer(1, MAX_K),
  /** (v) the column's distinct values, in collation order (integers in numeric order) */
  values: arrayOf(string, MAX_AGREEMENT_CLASSES),
  /** (k × v) row-major counts */
  counts: typedArray('Float64Array'),
  nUncounted: integer(0),
  /** Why the column cannot be compared (too many values, not integers, no such column); null when it can. */
  refused: nullable(string),
});

export const agreementHostShapes = {
  /** The fields, then a table of k × v non-negative integer counts. */
  didAgree: refine(didAgreeFields, (message, p) => {
    if (message.counts.length !== message.nComponents * message.values.length) { return `${p}.counts must be nComponents × values`; }
    if (message.counts.some(x => !Number.isInteger(x) || x < 0)) { return `${p}.counts must be counts`; }
    return undefined;
  }),
};

export const agreementWebviewShapes = {
  agree: object({
    /** Echoed in the reply, so the webview can drop stale ones. */
    requestId: integer(0),
    fitId: integer(0),
    /** A column of the dataset (text, or numeric with integer values). */
    column: string,
  }),
};

export type AgreeMessage = MessageOf<typeof agreementWebviewShapes>;
export type DidAgreeMessage = MessageOf<typeof agreementHostShapes>;
