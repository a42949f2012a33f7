/**
 * Messages of the probability table: the webview asks for pages of rows of one fit, ordered and
 * filtered as the user chose, and for where a dataset row lands in that order; the host answers
 * with columnar typed arrays. Part of the protocol (protocol.ts lists them in its unions).
 *
 * Rows are dataset rows, 0-based (as `selectedRows`); the table shows them 1-based. A row the fit
 * left out (missing values) has no cluster: cluster −1, certainty and probabilities NaN.
 */
import { arrayOf, boolean, type Check, finite, integer, isRecord, nullable, object, optional, string, typedArray } from './guards';

/** The most rows one `requestRows` may ask for. */
export const MAX_TABLE_PAGE = 500;
const MAX_K = 100;
const MAX_COLUMNS = 100_000;

/** What the table is ordered by: row number, cluster, certainty, p(cluster c) (0-based c), or an original column. */
export type TableSortKey = 'row' | 'cluster' | 'certainty' | { probability: number } | { column: string };

/** Ties are always broken by row number, ascending; rows without a value (no cluster, a missing cell) sort last either way. */
export interface TableSort { key: TableSortKey; descending: boolean }

export interface TableFilter {
  /** Only rows in these clusters (0-based); null = every row, including the ones without a cluster. */
  clusters: number[] | null;
  /** Only rows whose certainty (max probability) is below this, in [0, 1]; null = no limit. */
  certaintyBelow: number | null;
  /**
   * Only rows whose value in this column is not the most frequent value of their cluster (the rows
   * that disagree with a known class, agreementProtocol.ts); absent or null = no such filter.
   */
  disagreeWith?: string | null;
}

export interface RequestRowsMessage {
  type: 'requestRows';
  /** Echoed in the reply, so the webview can match it and drop stale ones. */
  requestId: number;
  fitId: number;
  /** Position in the sorted and filtered order. */
  offset: number;
  /** 1..MAX_TABLE_PAGE */
  limit: number;
  sort: TableSort;
  filter: TableFilter;
}

export interface LocateRowMessage {
  type: 'locateRow';
  requestId: number;
  fitId: number;
  /** Dataset row, 0-based. */
  row: number;
  sort: TableSort;
  filter: TableFilter;
}

/**
 * A page of rows: m = rows.length ≤ MAX_TABLE_PAGE, k = nComponents, c = nColumns (the dataset's
 * columns, in DatasetSummary order).
 */
export interface DidProvideRowsMessage {
  type: 'didProvideRows';
  requestId: number;
  fitId: number;
  /** Rows in the whole sorted and filtered order. */
  total: number;
  offset: number;
  nComponents: number;
  nColumns: number;
  /** (m) dataset row, 0-based */
  rows: Int32Array;
  /** (m) 0-based cluster, −1 = the fit left the row out */
  clusters: Int32Array;
  /** (m) max probability, NaN without a cluster */
  certainty: Float32Array;
  /** (m × k) membership probabilities, NaN without a cluster */
  probabilities: Float32Array;
  /** (m × c) row-major: text cells as they are, numbers as the file wrote them (round-trip form, the file's decimal mark), missing as '' */
  cells: string[];
  /**
   * (m × c) row-major, present when the fit modelled missing cells: a missing fitted cell's
   * conditional expectation under the fit (the file's decimal mark), '' elsewhere.
   */
  imputedCells?: string[];
}

export interface DidLocateRowMessage {
  type: 'didLocateRow';
  requestId: number;
  fitId: number;
  row: number;
  /** Position of the row in the sorted and filtered order; null when the filter hides it or there is no such row. */
  index: number | null;
  total: number;
}

/** One string per (fit, sort, filter): the host caches an order under it, the webview its pages. */
export function tableOrderKey(fitId: number, sort: TableSort, filter: TableFilter): string {
  const key = typeof sort.key === 'string' ? sort.key
    : 'probability' in sort.key ? `p${sort.key.probability}` : `c:${sort.key.column}`;
  const clusters = filter.clusters === null ? '*' : [...new Set(filter.clusters)].sort((a, b) => a - b).join(',');
  const disagree = filter.disagreeWith ? `|≠${filter.disagreeWith}` : '';
  return `${fitId}|${key}|${sort.descending ? 'desc' : 'asc'}|${clusters}|${filter.certaintyBelow ?? '*'}${disagree}`;
}

const sortKey: Check = (v, p) => {
  if (v === 'row' || v === 'cluster' || v === 'certainty') { return undefined; }
  if (isRecord(v) && Object.keys(v).length === 1) {
    if (Object.hasOwn(v, 'probability')) { return integer(0, MAX_K - 1)(v.probability, `${p}.probability`); }
    if (Object.hasOwn(v, 'column')) { return string(v.column, `${p}.column`); }
  }
  return `${p} must be 'row', 'cluster', 'certainty', { probability: c } or { column: name }`;
};

const tableSort: Check = object({ key: sortKey, descending: boolean });
const tableFilter: Check = object({
  clusters: nullable(arrayOf(integer(0, MAX_K - 1), MAX_K)),
  certaintyBelow: nullable(finite(0, 1)),
  disagreeWith: optional(nullable(string)),
});

export const requestRowsShape: Check = object({
  requestId: integer(0), fitId: integer(0), offset: integer(0), limit: integer(1, MAX_TABLE_PAGE), sort: tableSort, filter: tableFilter,
});

export const locateRowShape: Check = object({
  requestId: integer(0), fitId: integer(0), row: integer(0), sort: tableSort, filter: tableFilter,
});

const provideRowsFields: Check = object({
  requestId: integer(0), fitId: integer(0), total: integer(0), offset: integer(0),
  nComponents: integer(1, MAX_K), nColumns: integer(0, MAX_COLUMNS),
  rows: typedArray('Int32Array'), clusters: typedArray('Int32Array'),
  certainty: typedArray('Float32Array'), probabilities: typedArray('Float32Array'),
  cells: arrayOf(string, MAX_TABLE_PAGE * MAX_COLUMNS),
  imputedCells: optional(arrayOf(string, MAX_TABLE_PAGE * MAX_COLUMNS)),
});

/** The fields, then the lengths that must agree with m, k and c, and clusters within −1..k−1. */
export const didProvideRowsShape: Check = (v, p) => {
  const why = provideRowsFields(v, p);
  if (why) { return why; }
  const page = v as unknown as DidProvideRowsMessage;
  const m = page.rows.length;
  if (m > MAX_TABLE_PAGE) { return `${p}.rows has more than ${MAX_TABLE_PAGE} entries`; }
  if (page.offset + m > page.total) { return `${p}: offset + rows exceeds total`; }
  if (page.clusters.length !== m || page.certainty.length !== m) { return `${p}.clusters and .certainty must have one entry per row`; }
  if (page.probabilities.length !== m * page.nComponents) { return `${p}.probabilities must be rows × nComponents`; }
  if (page.cells.length !== m * page.nColumns) { return `${p}.cells must be rows × nColumns`; }
  if (page.imputedCells && page.imputedCells.length !== m * page.nColumns) { return `${p}.imputedCells must be rows × nColumns`; }
  for (let i = 0; i < m; i++) {
    if (page.rows[i] < 0) { return `${p}.rows must be dataset rows (≥ 0)`; }
    if (page.clusters[i] < -1 || page.clusters[i] >= page.nComponents) { return `${p}.clusters must lie in −1..nComponents−1`; }
  }
  return undefined;
};

export const didLocateRowShape: Check = object({
  requestId: integer(0), fitId: integer(0), row: integer(0), index: nullable(integer(0)), total: integer(0),
});
