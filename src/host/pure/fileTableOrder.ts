/**
 * Sorting and filters on the table of a file too large to hold (fitted on a sample, every row
 * labelled in a streaming pass; fileTablePages.ts serves it in file order). An order over the file
 * is built in one more streaming pass: each row is read by offset, labelled by the fitted model as
 * the labelling pass labelled it, kept when the filter keeps it, with its sort key (a cluster,
 * certainty, probability, or a column's value; text by its rank in collation order). Memory: the
 * kept rows (Int32) and their keys (Float64), 12 bytes a row, MAX_STREAM_ORDERED_ROWS rows at most;
 * a page of the order is then read back row run by row run. The orders are the in-memory table's
 * (tablePages.ts) for the same file and model, ties in file order. Pure: the page reader is passed in.
 */
import { parseCell } from '../../data/cellParsing';
import { spelledCell } from '../../data/cellSpelling';
import type { Column } from '../../data/columnTyping';
import {
  type DidLocateRowMessage, type DidProvideRowsMessage, type LocateRowMessage, MAX_STREAM_ORDERED_ROWS, MAX_TABLE_PAGE,
  type RequestRowsMessage, type TableFilter, type TableSort,
} from '../../shared/tableProtocol';
import { answerFileTableRequest, readLabelledPage, type FileTable } from './fileTablePages';
import { formatCellNumber, sortRowsByKey } from './tablePages';

/** Rows read per step of the pass: a few megabytes of text. */
const PASS_ROWS = 65_536;

/** Whether a request asks for more than the file order (which fileTablePages.ts serves as it is). */
export function needsStreamedOrder(sort: TableSort, filter: TableFilter): boolean {
  return sort.key !== 'row' || filter.clusters !== null || filter.certaintyBelow !== null || Boolean(filter.disagreeWith);
}

/** Why the order cannot be built at all (undefined: it can), in a sentence the view shows. */
export function whyNoStreamedOrder(table: Pick<FileTable, 'nRows'>, filter: TableFilter): string | undefined {
  if (table.nRows > MAX_STREAM_ORDERED_ROWS) {
    return `Sorting and filters keep every row of the file in memory (12 bytes a row): this file has ${table.nRows.toLocaleString('en-US')} rows, more than the ${MAX_STREAM_ORDERED_ROWS.toLocaleString('en-US')} they allow. The table is in file order.`;
  }
  if (filter.disagreeWith) { return 'The rows that disagree with a column need the whole file in memory; the table is in file order.'; }
  return undefined;
}

/**
 * The file's rows in the order `sort` and `filter` ask for (file rows, 0-based), built in one
 * streaming pass. `onProgress(rowsDone, nRows)` after each step; throws an AbortError when `signal` aborts.
 */
export async function buildStreamedOrder(table: FileTable, sort: TableSort, filter: TableFilter,
  options: { signal?: AbortSignal; onProgress?: (rowsDone: number, nRows: number) => void; passRows?: number } = {}): Promise<Int32Array> {
  const step = options.passRows ?? PASS_ROWS;
  const n = table.nRows;
  const k = table.model.nComponents;
  const rows = new Int32Array(n);
  const keys = sort.key === 'row' ? undefined : new Float64Array(n);
  const allowed = new Uint8Array(k);
  if (filter.clusters) { for (const c of filter.clusters) { if (c < k) { allowed[c] = 1; } } }
  const filtered = filter.clusters !== null || filter.certaintyBelow !== null;
  const key = sort.key;
  const probability = typeof key === 'object' && 'probability' in key ? key.probability : -1;
  const columnName = typeof key === 'object' && 'column' in key ? key.column : undefined;
  const column = columnName === undefined ? -1 : table.columns.findIndex(c => c.name === columnName);
  const columnKind = column >= 0 ? (table.columns[column] as Partial<Pick<Column, 'kind'>>).kind : undefined;
  // Text keys: each distinct value's id here, its rank in collation order after the pass.
  const textIds = new Map<string, number>();
  let m = 0;
  for (let first = 0; first < n; first += step) {
    if (options.signal?.aborted) { throw new DOMException('The sorting pass was cancelled.', 'AbortError'); }
    const count = Math.min(step, n - first);
    const { page, ds, predicted, fitted } = await readLabelledPage(table, first, count);
    const pageColumn = column >= 0 ? ds.columns[column] : undefined;
    for (let p = 0; p < count; p++) {
      const row = page.skip + p;
      const f = fitted[row]!;
      const label = predicted && f >= 0 ? predicted.labels[f]! : -1;
      // Single precision, as the pass, the export and the page replies keep them.
      let certainty = NaN;
      if (label >= 0) { certainty = 0; for (let j = 0; j < k; j++) { certainty = Math.max(certainty, Math.fround(predicted!.resp[f * k + j]!)); } }
      if (filtered) {
        // A row without a cluster is in no cluster and has no certainty: any filter hides it.
        if (label < 0) { continue; }
        if (filter.clusters && allowed[label] === 0) { continue; }
        if (filter.certaintyBelow !== null && !(certainty < filter.certaintyBelow)) { continue; }
      }
      rows[m] = first + p;
      if (keys) {
        if (key === 'cluster') { keys[m] = label < 0 ? NaN : label; }
        else if (key === 'certainty') { keys[m] = certainty; }
        else if (probability >= 0) { keys[m] = label < 0 || probability >= k ? NaN : Math.fround(predicted!.resp[f * k + probability]!); }
        else { keys[m] = columnKey(pageColumn, columnKind, row, table.decimal, textIds); }
      }
      m++;
    }
    options.onProgress?.(first + count, n);
  }
  const kept = rows.subarray(0, m);
  if (!keys) { return sort.descending ? kept.slice().reverse() : kept.slice(); }
  const keptKeys = keys.subarray(0, m);
  if (textIds.size > 0) { rankTextKeys(keptKeys, textIds); }
  return sortRowsByKey(kept, keptKeys, sort.descending);
}

/** A row's key in the sort column: its number, or for a text column its text's id (ranked after the pass); NaN when empty. */
function columnKey(column: Column | undefined, kind: 'numeric' | 'text' | undefined, row: number, decimal: FileTable['decimal'], textIds: Map<string, number>): number {
  if (!column) { return NaN; }
  if ((kind ?? column.kind) === 'numeric') {
    // A window may type a numeric column as text (a few text cells): its cells are read as numbers.
    return column.kind === 'numeric' ? column.values[row]! : parseCell(column.values[row]!, decimal) ?? NaN;
  }
  const text = column.kind === 'text' ? column.values[row]!
    : column.spellings ? spelledCell(column.spellings, column.values[row]!, row, decimal) : formatCellNumber(column.values[row]!, decimal);
  if (text === '') { return NaN; }
  let id = textIds.get(text);
  if (id === undefined) { id = textIds.size; textIds.set(text, id); }
  return id;
}

/** Text ids → ranks in collation order (numeric-aware, as the in-memory table sorts text). */
function rankTextKeys(keys: Float64Array, textIds: Map<string, number>): void {
  const collator = new Intl.Collator(undefined, { numeric: true });
  const byId = [...textIds.keys()];
  const rankOfId = new Float64Array(byId.length);
  [...byId.keys()].sort((a, b) => collator.compare(byId[a]!, byId[b]!)).forEach((id, rank) => { rankOfId[id] = rank; });
  for (let i = 0; i < keys.length; i++) { if (!Number.isNaN(keys[i]!)) { keys[i] = rankOfId[keys[i]!]!; } }
}

/** A page of `order`: its rows read by offset, run of consecutive file rows by run, labelled as the file order's pages are. */
export async function answerOrderedRequest(message: RequestRowsMessage, table: FileTable, order: Int32Array): Promise<DidProvideRowsMessage | undefined> {
  if (message.fitId !== table.fitId) { return undefined; }
  const total = order.length;
  const offset = Math.min(message.offset, total);
  const m = Math.max(0, Math.min(message.limit, MAX_TABLE_PAGE, total - offset));
  const k = table.model.nComponents;
  const c = table.columns.length;
  const wanted = order.subarray(offset, offset + m);
  const reply: DidProvideRowsMessage = {
    type: 'didProvideRows', requestId: message.requestId, fitId: table.fitId, total, offset, nComponents: k, nColumns: c,
    rows: Int32Array.from(wanted), clusters: new Int32Array(m), certainty: new Float32Array(m), probabilities: new Float32Array(m * k), cells: new Array<string>(m * c).fill(''),
  };
  // Where each file row goes in the page; the runs of consecutive file rows are read in one step each.
  const byRow = [...wanted.keys()].sort((a, b) => wanted[a]! - wanted[b]!);
  for (let s = 0; s < byRow.length;) {
    let e = s + 1;
    while (e < byRow.length && wanted[byRow[e]!]! === wanted[byRow[e - 1]!]! + 1 && e - s < MAX_TABLE_PAGE) { e++; }
    const first = wanted[byRow[s]!]!;
    const run = await answerFileTableRequest({ ...message, offset: first, limit: e - s, sort: { key: 'row', descending: false }, filter: { clusters: null, certaintyBelow: null } }, table);
    if (!run || run.type !== 'didProvideRows') { return undefined; }
    for (let r = 0; r < e - s; r++) {
      const i = byRow[s + r]!;
      reply.clusters[i] = run.clusters[r]!;
      reply.certainty[i] = run.certainty[r]!;
      reply.probabilities.set(run.probabilities.subarray(r * k, (r + 1) * k), i * k);
      for (let j = 0; j < c; j++) { reply.cells[i * c + j] = run.cells[r * c + j]!; }
    }
    s = e;
  }
  return reply;
}

/** Where `order` puts file row `message.row` (null when the filter hides it). */
export function locateInOrder(message: LocateRowMessage, table: FileTable, order: Int32Array): DidLocateRowMessage {
  const found = Number.isInteger(message.row) ? order.indexOf(message.row) : -1;
  return { type: 'didLocateRow', requestId: message.requestId, fitId: table.fitId, row: message.row, index: found >= 0 ? found : null, total: order.length };
}
