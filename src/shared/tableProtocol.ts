/**
 * Messages of the probability table: the webview asks for pages of rows of one fit, ordered and
 * filtered as the user chose, and for where a dataset row lands in that order; the host answers
 * with columnar typed arrays. Part of the protocol (protocol.ts joins every part's shapes into its unions).
 *
 * Rows are dataset rows, 0-based (as `selectedRows`); the table shows them 1-based. A row the fit
 * left out (missing values) has no cluster: cluster −1, certainty and probabilities NaN.
 */
import { arrayOf, boolean, check, finite, type Infer, integer, isRecord, type MessageOf, nullable, object, optional, refine, string, typedArray } from './guards';
import { MAX_COLUMNS, MAX_K } from './vocabulary';

/** The most rows one `requestRows` may ask for. */
export const MAX_TABLE_PAGE = 500;
/**
 * Rows of a file too large to hold (fitted on a sample) that the table may sort or filter: an
 * order over the file keeps its rows and one key each (12 bytes a row, about 40 at the sort's peak:
 * 400 MB at this bound), built in one streaming pass. Past it, sorting and filters are disabled.
 */
export const MAX_STREAM_ORDERED_ROWS = 10_000_000;

/** What the table is ordered by: row number, cluster, certainty, p(cluster c) (0-based c), or an original column. */
export type TableSortKey = 'row' | 'cluster' | 'certainty' | { probability: number } | { column: string };

const sortKey = check<TableSortKey>((v, p) => {
  if (v === 'row' || v === 'cluster' || v === 'certainty') { return undefined; }
  if (isRecord(v) && Object.keys(v).length === 1) {
    if (Object.hasOwn(v, 'probability')) { return integer(0, MAX_K - 1)(v.probability, `${p}.probability`); }
    if (Object.hasOwn(v, 'column')) { return string(v.column, `${p}.column`); }
  }
  return `${p} must be 'row', 'cluster', 'certainty', { probability: c } or { column: name }`;
});

/** Ties are always broken by row number, ascending; rows without a value (no cluster, a missing cell) sort last either way. */
const tableSortShape = object({ key: sortKey, descending: boolean });
export type TableSort = Infer<typeof tableSortShape>;

const tableFilterShape = object({
  /** Only rows in these clusters (0-based); null = every row, including the ones without a cluster. */
  clusters: nullable(arrayOf(integer(0, MAX_K - 1), MAX_K)),
  /** Only rows whose certainty (max probability) is below this, in [0, 1]; null = no limit. */
  certaintyBelow: nullable(finite(0, 1)),
  /**
   * Only rows whose value in this column is not the most frequent value of their cluster (the rows
   * that disagree with a known class, agreementProtocol.ts); absent or null = no such filter.
   */
  disagreeWith: optional(nullable(string)),
});
export type TableFilter = Infer<typeof tableFilterShape>;

/**
 * A page of rows: m = rows.length ≤ MAX_TABLE_PAGE, k = nComponents, c = nColumns (the dataset's
 * columns, in DatasetSummary order).
 */
const provideRowsFields = object({
  /** Echoed from the request, so the webview can match it and drop stale ones. */
  requestId: integer(0),
  fitId: integer(0),
  /** Rows in the whole sorted and filtered order. */
  total: integer(0),
  offset: integer(0),
  nComponents: integer(1, MAX_K),
  nColumns: integer(0, MAX_COLUMNS),
  /** (m) dataset row, 0-based */
  rows: typedArray('Int32Array'),
  /** (m) 0-based cluster, −1 = the fit left the row out */
  clusters: typedArray('Int32Array'),
  /** (m) max probability, NaN without a cluster */
  certainty: typedArray('Float32Array'),
  /** (m × k) membership probabilities, NaN without a cluster */
  probabilities: typedArray('Float32Array'),
  /** (m × c) row-major: text cells as they are, numbers as the file wrote them (round-trip form, the file's decimal mark), missing as '' */
  cells: arrayOf(string, MAX_TABLE_PAGE * MAX_COLUMNS),
  /**
   * (m × c) row-major, present when the fit modelled missing cells: a missing fitted cell's
   * conditional expectation under the fit (the file's decimal mark), '' elsewhere.
   */
  imputedCells: optional(arrayOf(string, MAX_TABLE_PAGE * MAX_COLUMNS)),
  /**
   * Present when the host could not give the order asked for (a file too large to hold whose
   * sorting pass was cancelled or cannot run): why, in a sentence; the rows are in file order.
   */
  unordered: optional(string),
});

export const tableHostShapes = {
  /** The fields, then the lengths that must agree with m, k and c, and clusters within −1..k−1. */
  didProvideRows: refine(provideRowsFields, (page, p) => {
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
  }),
  didLocateRow: object({
    requestId: integer(0), fitId: integer(0), row: integer(0),
    /** Position of the row in the sorted and filtered order; null when the filter hides it or there is no such row. */
    index: nullable(integer(0)),
    total: integer(0),
  }),
};

export const tableWebviewShapes = {
  requestRows: object({
    /** Echoed in the reply, so the webview can match it and drop stale ones. */
    requestId: integer(0),
    fitId: integer(0),
    /** Position in the sorted and filtered order. */
    offset: integer(0),
    /** 1..MAX_TABLE_PAGE */
    limit: integer(1, MAX_TABLE_PAGE),
    sort: tableSortShape,
    filter: tableFilterShape,
  }),
  locateRow: object({
    requestId: integer(0), fitId: integer(0),
    /** Dataset row, 0-based. */
    row: integer(0),
    sort: tableSortShape, filter: tableFilterShape,
  }),
};

export type RequestRowsMessage = MessageOf<Pick<typeof tableWebviewShapes, 'requestRows'>>;
export type LocateRowMessage = MessageOf<Pick<typeof tableWebviewShapes, 'locateRow'>>;
export type DidProvideRowsMessage = MessageOf<Pick<typeof tableHostShapes, 'didProvideRows'>>;
export type DidLocateRowMessage = MessageOf<Pick<typeof tableHostShapes, 'didLocateRow'>>;

/** One string per (fit, sort, filter): the host caches an order under it, the webview its pages. */
export function tableOrderKey(fitId: number, sort: TableSort, filter: TableFilter): string {
  const key = typeof sort.key === 'string' ? sort.key
    : 'probability' in sort.key ? `p${sort.key.probability}` : `c:${sort.key.column}`;
  const clusters = filter.clusters === null ? '*' : [...new Set(filter.clusters)].sort((a, b) => a - b).join(',');
  const disagree = filter.disagreeWith ? `|≠${filter.disagreeWith}` : '';
  return `${fitId}|${key}|${sort.descending ? 'desc' : 'asc'}|${clusters}|${filter.certaintyBelow ?? '*'}${disagree}`;
}
