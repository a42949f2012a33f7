/**
 * Pages of the probability table for a file too large to hold (fitted on a sample, every row
 * labelled in a streaming pass): each page's rows are read from the file by byte offset
 * (data/rowPages.ts) and labelled by the fitted model as the pass labelled them, so the table
 * lists ALL the file's rows while memory holds one page. Rows go in file order (either way):
 * sorting by another key or filtering needs every row's value at hand, which such a file does not
 * allow; the view says so (largeFileNotes). Pure: the page reader is passed in.
 */
import { predictWithModel, type PortableModel } from '../../core/portableModel';
import { spelledCell } from '../../data/cellSpelling';
import type { DecimalMark } from '../../data/cellParsing';
import type { Column } from '../../data/columnTyping';
import { buildFeatureMatrix } from '../../data/featureMatrix';
import type { RowPage } from '../../data/rowPages';
import {
  type DidLocateRowMessage, type DidProvideRowsMessage, type LocateRowMessage, MAX_TABLE_PAGE, type RequestRowsMessage,
} from '../../shared/tableProtocol';
import { formatCellNumber } from './tablePages';

export interface FileTable {
  readonly fitId: number;
  /** Data rows of the file. */
  readonly nRows: number;
  /** The table's columns (the sample's), whose positions are the file's. */
  readonly columns: readonly Pick<Column, 'name'>[];
  readonly decimal: DecimalMark;
  readonly model: PortableModel;
  /** The table column of each of the model's columns, in the model's order. */
  readonly modelColumns: readonly number[];
  /** Rows [first, first + count) of the file. */
  readPage(first: number, count: number): Promise<RowPage>;
}

/** The reply to a table request, or undefined when it is for another fit than the table's. */
export async function answerFileTableRequest(message: RequestRowsMessage | LocateRowMessage, table: FileTable): Promise<DidProvideRowsMessage | DidLocateRowMessage | undefined> {
  if (message.fitId !== table.fitId) { return undefined; }
  const descending = message.sort.key === 'row' && message.sort.descending;
  const n = table.nRows;
  if (message.type === 'locateRow') {
    const found = Number.isInteger(message.row) && message.row >= 0 && message.row < n;
    return { type: 'didLocateRow', requestId: message.requestId, fitId: table.fitId, row: message.row, index: found ? (descending ? n - 1 - message.row : message.row) : null, total: n };
  }
  const offset = Math.min(message.offset, n);
  const m = Math.max(0, Math.min(message.limit, MAX_TABLE_PAGE, n - offset));
  const k = table.model.nComponents;
  const c = table.columns.length;
  const rows = new Int32Array(m);
  const clusters = new Int32Array(m).fill(-1);
  const certainty = new Float32Array(m).fill(NaN);
  const probabilities = new Float32Array(m * k).fill(NaN);
  const cells = new Array<string>(m * c).fill('');
  if (m > 0) {
    // The page's rows in file order: [first, first + m); descending lists them from the end.
    const first = descending ? n - offset - m : offset;
    const { page, ds, predicted, fitted } = await readLabelledPage(table, first, m);
    for (let i = 0; i < m; i++) {
      const p = descending ? m - 1 - i : i;
      const row = page.skip + p;
      rows[i] = first + p;
      const f = fitted[row]!;
      if (predicted && f >= 0) {
        clusters[i] = predicted.labels[f]!;
        // Single precision, as the pass and the export keep them.
        let best = 0;
        for (let j = 0; j < k; j++) { const q = Math.fround(predicted.resp[f * k + j]!); probabilities[i * k + j] = q; best = Math.max(best, q); }
        certainty[i] = best;
      }
      for (let j = 0; j < c; j++) {
        const column = ds.columns[j];
        if (column === undefined) { continue; }
        cells[i * c + j] = column.kind === 'text' ? column.values[row]!
          : column.spellings ? spelledCell(column.spellings, column.values[row]!, row, table.decimal) : formatCellNumber(column.values[row]!, table.decimal);
      }
    }
  }
  return {
    type: 'didProvideRows', requestId: message.requestId, fitId: table.fitId, total: n, offset,
    nComponents: k, nColumns: c, rows, clusters, certainty, probabilities, cells,
  };
}

/** The sample row that is file row `row` (`fileRows` increasing), or −1 when the sample does not hold it. */
export function sampleRowOf(fileRows: Float64Array, row: number): number {
  let lo = 0, hi = fileRows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const r = fileRows[mid]!;
    if (r === row) { return mid; }
    if (r < row) { lo = mid + 1; } else { hi = mid - 1; }
  }
  return -1;
}

/**
 * A reply of the sample's in-memory table in file rows: until every row is labelled the table
 * shows the sample, each row under its number in the file (as the drawn points are).
 */
export function inFileRows<T extends DidProvideRowsMessage | DidLocateRowMessage>(reply: T, fileRows: Float64Array, askedRow?: number): T {
  if (reply.type === 'didProvideRows') { return { ...reply, rows: Int32Array.from(reply.rows, r => fileRows[r]!) }; }
  return { ...reply, row: askedRow ?? reply.row };
}

/**
 * Rows [first, first + count) of the file, labelled by the model: `fitted[row]` is the row's index in
 * `predicted` (−1 for a row the model cannot label, e.g. a missing cell), row being the page's index.
 */
export async function readLabelledPage(table: FileTable, first: number, count: number) {
  const page = await table.readPage(first, count);
  const ds = page.dataset;
  const names = table.modelColumns.map(j => ds.columns[j]?.name);
  const selection = names.every(name => name !== undefined) ? buildFeatureMatrix(ds, names as string[], 'drop') : undefined;
  const predicted = selection && selection.matrix.nSamples > 0 ? predictWithModel(table.model, selection.matrix) : undefined;
  const fitted = new Int32Array(ds.nRows).fill(-1);
  selection?.rowIndex.forEach((row, f) => { fitted[row] = f; });
  return { page, ds, predicted, fitted };
}
