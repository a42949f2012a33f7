/**
 * The host's half of the agreement view: a column of the file as class codes, and the clusters ×
 * classes table of a fit over ALL rows (the webview scores it, core/agreement.ts), and which rows
 * disagree with their cluster's majority class (the table's "disagree with" filter). Pure: no
 * vscode here, so tests call it directly.
 */
import { buildContingencyTable, majorityClasses } from '../../core/agreement';
import type { Column } from '../../data/columnTyping';
import { type AgreeMessage, type DidAgreeMessage, MAX_AGREEMENT_CLASSES } from '../../shared/agreementProtocol';
import { assignRows, type RowAssignment } from '../../data/rowAssignment';

/** The parts of a dataset the counts read (tablePages' TableDataset and the reader's Dataset are ones). */
export interface AgreementDataset { readonly nRows: number; readonly columns: readonly Column[] }

/** The parts of a finished fit the counts read (tablePages' TableFit and the host's CompletedFit are ones). */
export interface AgreementFit {
  readonly selection: { readonly rowIndex: Int32Array };
  readonly result: { readonly labels: Int32Array; readonly resp: Float32Array; readonly nComponents: number };
  readonly snapshot: { readonly fitId: number };
  readonly rows?: RowAssignment;
}

export type ClassCodes =
  | { ok: true; /** (n) class of each row, −1 = empty cell */ codes: Int32Array; /** (v) distinct values, in order */ values: string[] }
  | { ok: false; why: string };

const codesByColumn = new WeakMap<Column, ClassCodes>();

/**
 * A text column's distinct values (collation order, numbers in it by value), or a numeric column's
 * when every value is an integer; at most MAX_AGREEMENT_CLASSES of them (a class, not a measurement).
 */
export function classCodesOf(column: Column): ClassCodes {
  const cached = codesByColumn.get(column);
  if (cached) { return cached; }
  const result = column.kind === 'text' ? textCodes(column.values) : integerCodes(column.name, column.values);
  codesByColumn.set(column, result);
  return result;
}

function tooMany(name: string): ClassCodes {
  return { ok: false, why: `${name} has more than ${MAX_AGREEMENT_CLASSES} distinct values: it is not a class to compare clusters with.` };
}

function textCodes(cells: readonly string[]): ClassCodes {
  const index = new Map<string, number>();
  const firstCodes = new Int32Array(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (cell === '') { firstCodes[i] = -1; continue; }
    let code = index.get(cell);
    if (code === undefined) {
      if (index.size === MAX_AGREEMENT_CLASSES) { return tooMany('The column'); }
      code = index.size;
      index.set(cell, code);
    }
    firstCodes[i] = code;
  }
  return renumbered(firstCodes, [...index.keys()], new Intl.Collator(undefined, { numeric: true }).compare);
}

function integerCodes(name: string, cells: Float64Array): ClassCodes {
  const index = new Map<number, number>();
  const firstCodes = new Int32Array(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const x = cells[i];
    if (Number.isNaN(x)) { firstCodes[i] = -1; continue; }
    if (!Number.isInteger(x)) { return { ok: false, why: `${name} holds non-integer numbers (row ${i + 1}: ${x}): a measurement, not a class.` }; }
    let code = index.get(x);
    if (code === undefined) {
      if (index.size === MAX_AGREEMENT_CLASSES) { return tooMany(name); }
      code = index.size;
      index.set(x, code);
    }
    firstCodes[i] = code;
  }
  const keys = [...index.keys()];
  const order = keys.map((_, c) => c).sort((a, b) => keys[a] - keys[b]);
  return remap(firstCodes, order, keys.map(String));
}

/** Codes renumbered so the values come in `compare` order. */
function renumbered(firstCodes: Int32Array, values: string[], compare: (a: string, b: string) => number): ClassCodes {
  const order = values.map((_, c) => c).sort((a, b) => compare(values[a], values[b]));
  return remap(firstCodes, order, values);
}

function remap(firstCodes: Int32Array, order: number[], values: string[]): ClassCodes {
  const newCode = new Int32Array(order.length);
  order.forEach((old, rank) => { newCode[old] = rank; });
  const codes = firstCodes.map(c => (c < 0 ? -1 : newCode[c]));
  return { ok: true, codes, values: order.map(old => values[old]) };
}

/** The reply to an `agree` request; undefined when it is for another fit than the current one. */
export function answerAgreeRequest(message: AgreeMessage, dataset: AgreementDataset | undefined, fit: AgreementFit | undefined): DidAgreeMessage | undefined {
  if (!dataset || !fit || fit.snapshot.fitId !== message.fitId) { return undefined; }
  const k = fit.result.nComponents;
  const base = { type: 'didAgree' as const, requestId: message.requestId, fitId: message.fitId, column: message.column, nComponents: k };
  const column = dataset.columns.find(c => c.name === message.column);
  const classes = column ? classCodesOf(column) : { ok: false as const, why: `There is no column ${message.column}.` };
  if (!classes.ok) { return { ...base, values: [], counts: new Float64Array(0), nUncounted: dataset.nRows, refused: classes.why }; }
  const { label } = fit.rows ?? assignRows(dataset.nRows, fit.selection.rowIndex, fit.result.labels, fit.result.resp, k);
  const table = buildContingencyTable(label, classes.codes, k, classes.values.length);
  let counted = 0;
  for (const x of table.counts) { counted += x; }
  return { ...base, values: classes.values, counts: table.counts, nUncounted: dataset.nRows - counted, refused: null };
}

/**
 * (nRows) 1 where a row's class is not its cluster's most frequent class (purity's complement);
 * 0 for agreeing rows and rows without a cluster or a value. Undefined when the column cannot be compared.
 */
export function disagreeingRows(dataset: AgreementDataset, labels: Int32Array, k: number, columnName: string): Uint8Array | undefined {
  const column = dataset.columns.find(c => c.name === columnName);
  const classes = column ? classCodesOf(column) : undefined;
  if (!classes?.ok) { return undefined; }
  const majority = majorityClasses(buildContingencyTable(labels, classes.codes, k, classes.values.length));
  const out = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    const v = classes.codes[i];
    if (c >= 0 && v >= 0 && v !== majority[c]) { out[i] = 1; }
  }
  return out;
}
