/**
 * Pages of the probability table, served from the host's full fit (the webview holds only a
 * sample). Pure: no vscode here, so tests call it directly.
 *
 * Per (fit, sort, filter) it builds an order once — an Int32Array permutation of the dataset rows
 * that pass the filter — and caches a few; a page is then a slice of it. Sorting is a stable LSD
 * radix sort of 64-bit float keys (ties keep row order), tens of milliseconds for 1,000,000 rows.
 */
import type { DecimalMark } from '../../data/cellParsing';
import { spelledCell } from '../../data/cellSpelling';
import type { Column } from '../../data/columnTyping';
import type { DataMatrix } from '../../core/dataMatrix';
import { imputeWithCovariances } from '../../core/missingDataEm';
import { assignRows, type RowAssignment } from '../../data/rowAssignment';
import { disagreeingRows } from './agreementCounts';
import {
  type DidLocateRowMessage, type DidProvideRowsMessage, type LocateRowMessage, MAX_TABLE_PAGE,
  type RequestRowsMessage, type TableFilter, type TableSort, tableOrderKey,
} from '../../shared/tableProtocol';

/** The parts of a dataset the table shows (a `Dataset` from src/data is one). */
export interface TableDataset {
  readonly nRows: number;
  readonly columns: readonly Column[];
  /** The file's decimal mark, which numbers are shown in ('.' when absent). */
  readonly dialect?: { readonly decimal: DecimalMark };
}

/** The parts of a finished fit the table needs (the host's `CompletedFit` is one). */
export interface TableFit {
  readonly selection: { readonly rowIndex: Int32Array; readonly matrix?: DataMatrix; readonly columns?: readonly string[] };
  readonly result: {
    readonly labels: Int32Array; readonly resp: Float32Array; readonly nComponents: number;
    /** With `missing` set, a fit that modelled missing cells: the table shows their conditional expectations. */
    readonly missing?: unknown;
    readonly weights?: Float64Array; readonly means?: Float64Array; readonly covariances?: Float64Array | null;
  };
  readonly snapshot: { readonly fitId: number };
  /** The fit's row assignment (a `CompletedFit` keeps one); built from the above when absent. */
  readonly rows?: RowAssignment;
}

/** Orders kept per fit: sorting again is cheap, 4 MB per 1M-row order is not free. */
const MAX_CACHED_ORDERS = 6;

export class TablePages {
  readonly fitId: number;
  readonly nRows: number;
  readonly k: number;
  /** (nRows) 0-based cluster, −1 = not fitted */
  readonly label: Int32Array;
  /** (nRows) max probability, NaN = not fitted */
  readonly certainty: Float32Array;
  /** (nRows) the row's index in the fit (into resp), −1 = not fitted */
  private readonly fitted: Int32Array;
  private readonly resp: Float32Array;
  private readonly orders = new Map<string, Int32Array>();
  private readonly textRanks = new Map<string, Float64Array>();
  private readonly imputation: Imputation | undefined;

  constructor(private readonly dataset: TableDataset, fit: TableFit) {
    const n = dataset.nRows;
    const k = fit.result.nComponents;
    const { rowIndex } = fit.selection;
    const { labels, resp } = fit.result;
    this.fitId = fit.snapshot.fitId;
    this.nRows = n;
    this.k = k;
    this.resp = resp;
    const rows = fit.rows ?? assignRows(n, rowIndex, labels, resp, k);
    this.label = rows.label;
    this.certainty = rows.certainty;
    this.fitted = rows.fittedOf;
    this.imputation = imputationOf(dataset, fit);
  }

  /** The dataset rows that pass `filter`, in the order `sort` says (cached). */
  order(sort: TableSort, filter: TableFilter): Int32Array {
    const key = tableOrderKey(this.fitId, sort, filter);
    const cached = this.orders.get(key);
    if (cached) {
      this.orders.delete(key);
      this.orders.set(key, cached);
      return cached;
    }
    const order = this.buildOrder(sort, filter);
    this.orders.set(key, order);
    if (this.orders.size > MAX_CACHED_ORDERS) { this.orders.delete(this.orders.keys().next().value!); }
    return order;
  }

  page(request: RequestRowsMessage): DidProvideRowsMessage {
    const order = this.order(request.sort, request.filter);
    const total = order.length;
    const offset = Math.min(request.offset, total);
    const m = Math.max(0, Math.min(request.limit, MAX_TABLE_PAGE, total - offset));
    const k = this.k;
    const columns = this.dataset.columns;
    const decimal = this.dataset.dialect?.decimal ?? '.';
    const c = columns.length;
    const rows = order.slice(offset, offset + m);
    const clusters = new Int32Array(m);
    const certainty = new Float32Array(m);
    const probabilities = new Float32Array(m * k).fill(NaN);
    const cells = new Array<string>(m * c);
    for (let i = 0; i < m; i++) {
      const row = rows[i];
      clusters[i] = this.label[row];
      certainty[i] = this.certainty[row];
      const f = this.fitted[row];
      if (f >= 0) { probabilities.set(this.resp.subarray(f * k, (f + 1) * k), i * k); }
      for (let j = 0; j < c; j++) {
        const column = columns[j];
        // A number as the file wrote it ("17.0", "1.5e+3", "NA"), from its spelling byte
        // (cellSpelling.ts): the table is where a user checks a value against the file.
        cells[i * c + j] = column.kind === 'text' ? column.values[row]
          : column.spellings ? spelledCell(column.spellings, column.values[row], row, decimal)
            : formatCellNumber(column.values[row], decimal);
      }
    }
    const imputedCells = this.imputation ? this.imputedCells(rows, c, decimal) : undefined;
    return {
      type: 'didProvideRows', requestId: request.requestId, fitId: this.fitId, total, offset,
      nComponents: k, nColumns: c, rows, clusters, certainty, probabilities, cells,
      ...(imputedCells ? { imputedCells } : {}),
    };
  }

  /**
   * Per cell of the page, the conditional expectation of a fitted cell the file left empty, under
   * the fitted mixture (the same as Export's `imputed_<column>`), '' elsewhere; undefined when the
   * page has no such cell. Computed for the page's rows only: a page is at most MAX_TABLE_PAGE rows.
   */
  private imputedCells(rows: Int32Array, c: number, decimal: DecimalMark): string[] | undefined {
    const { matrix, datasetColumn, weights, means, covariances } = this.imputation!;
    const d = matrix.nFeatures;
    const fittedRows: number[] = [];
    const pageRows: number[] = [];
    for (let i = 0; i < rows.length; i++) {
      const f = this.fitted[rows[i]];
      if (f < 0) { continue; }
      for (let j = 0; j < d; j++) {
        if (Number.isNaN(matrix.data[f * d + j])) { fittedRows.push(f); pageRows.push(i); break; }
      }
    }
    if (fittedRows.length === 0) { return undefined; }
    const data = new Float64Array(fittedRows.length * d);
    fittedRows.forEach((f, r) => data.set(matrix.data.subarray(f * d, (f + 1) * d), r * d));
    const filled = imputeWithCovariances(weights, means, covariances, { data, nSamples: fittedRows.length, nFeatures: d });
    const out = new Array<string>(rows.length * c).fill('');
    pageRows.forEach((i, r) => {
      for (let j = 0; j < d; j++) {
        if (Number.isNaN(data[r * d + j]) && datasetColumn[j] >= 0) {
          out[i * c + datasetColumn[j]] = formatImputed(filled[r * d + j], decimal);
        }
      }
    });
    return out;
  }

  locate(request: LocateRowMessage): DidLocateRowMessage {
    const order = this.order(request.sort, request.filter);
    const found = request.row < this.nRows ? order.indexOf(request.row) : -1;
    return {
      type: 'didLocateRow', requestId: request.requestId, fitId: this.fitId, row: request.row,
      index: found >= 0 ? found : null, total: order.length,
    };
  }

  private buildOrder(sort: TableSort, filter: TableFilter): Int32Array {
    const rows = this.filterRows(filter);
    const { key, descending } = sort;
    if (key === 'row') { return descending ? rows.reverse() : rows; }
    const keys = new Float64Array(rows.length);
    if (key === 'cluster') {
      for (let i = 0; i < rows.length; i++) { const l = this.label[rows[i]]; keys[i] = l < 0 ? NaN : l; }
    } else if (key === 'certainty') {
      for (let i = 0; i < rows.length; i++) { keys[i] = this.certainty[rows[i]]; }
    } else if ('probability' in key) {
      const c = key.probability;
      if (c >= this.k) { return rows; }
      for (let i = 0; i < rows.length; i++) {
        const f = this.fitted[rows[i]];
        keys[i] = f < 0 ? NaN : this.resp[f * this.k + c];
      }
    } else {
      const column = this.dataset.columns.find(col => col.name === key.column);
      if (!column) { return rows; }
      const values = column.kind === 'numeric' ? column.values : this.textRank(column.name, column.values);
      for (let i = 0; i < rows.length; i++) { keys[i] = values[rows[i]]; }
    }
    return sortRowsByKey(rows, keys, descending);
  }

  private filterRows(filter: TableFilter): Int32Array {
    const n = this.nRows;
    const { clusters, certaintyBelow } = filter;
    const disagree = filter.disagreeWith ? disagreeingRows(this.dataset, this.label, this.k, filter.disagreeWith) : undefined;
    if (clusters === null && certaintyBelow === null && !filter.disagreeWith) {
      const all = new Int32Array(n);
      for (let i = 0; i < n; i++) { all[i] = i; }
      return all;
    }
    const allowed = new Uint8Array(this.k);
    if (clusters) { for (const c of clusters) { if (c < this.k) { allowed[c] = 1; } } }
    const out = new Int32Array(n);
    let m = 0;
    for (let i = 0; i < n; i++) {
      const label = this.label[i];
      // A row without a cluster is in no cluster and has no certainty: any filter hides it.
      if (label < 0) { continue; }
      if (clusters && allowed[label] === 0) { continue; }
      if (certaintyBelow !== null && !(this.certainty[i] < certaintyBelow)) { continue; }
      // A column that cannot be compared (disagree undefined) disagrees nowhere.
      if (filter.disagreeWith && disagree?.[i] !== 1) { continue; }
      out[m++] = i;
    }
    return out.slice(0, m);
  }

  /** Text cells as their rank in collation order (empty = missing = NaN), computed once per column. */
  private textRank(name: string, values: readonly string[]): Float64Array {
    let ranks = this.textRanks.get(name);
    if (ranks) { return ranks; }
    const distinct = [...new Set(values)].filter(v => v !== '');
    const collator = new Intl.Collator(undefined, { numeric: true });
    distinct.sort(collator.compare);
    const rankOf = new Map<string, number>();
    distinct.forEach((v, i) => rankOf.set(v, i));
    ranks = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) { ranks[i] = rankOf.get(values[i]) ?? NaN; }
    this.textRanks.set(name, ranks);
    return ranks;
  }
}

/**
 * `rows` ordered by `keys` (one per row, NaN = no value), stable, so equal keys keep the order of
 * `rows`; rows without a value go last, in their order, whichever the direction. Returns a new array.
 */
export function sortRowsByKey(rows: Int32Array, keys: Float64Array, descending: boolean): Int32Array {
  const n = rows.length;
  const present = new Int32Array(n);
  const missing = new Int32Array(n);
  const presentKeys = new Float64Array(n);
  let p = 0;
  let q = 0;
  for (let i = 0; i < n; i++) {
    const x = keys[i];
    if (Number.isNaN(x)) { missing[q++] = rows[i]; continue; }
    // + 0 turns −0 into +0, so they tie.
    presentKeys[p] = (descending ? -x : x) + 0;
    present[p++] = rows[i];
  }
  const sorted = radixSortByFloat64(present.subarray(0, p), presentKeys.subarray(0, p));
  const out = new Int32Array(n);
  out.set(sorted, 0);
  out.set(missing.subarray(0, q), p);
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const DIGIT_BITS = 11;
const BUCKETS = 1 << DIGIT_BITS;
const DIGIT_MASK = BUCKETS - 1;

/**
 * Stable ascending LSD radix sort of `items` by finite float keys. The IEEE-754 bits are mapped to
 * unsigned integers of the same order (flip the sign bit of positives, every bit of negatives) and
 * sorted 11 bits at a time (histograms that fit the L1 cache), skipping digits every key shares.
 * Keys that are all exact float32 values (certainties, probabilities, clusters) sort on 32 bits.
 */
function radixSortByFloat64(items: Int32Array, keys: Float64Array): Int32Array {
  const n = items.length;
  if (n < 2) { return items.slice(); }
  let single = true;
  for (let i = 0; i < n; i++) { if (Math.fround(keys[i]) !== keys[i]) { single = false; break; } }
  if (single) {
    const k32 = Float32Array.from(keys);
    const bits = new Uint32Array(k32.buffer);
    for (let i = 0; i < n; i++) { const b = bits[i]; bits[i] = b & 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0; }
    return radixSortWords([bits], items);
  }
  const words = new Uint32Array(keys.buffer, keys.byteOffset, 2 * n);
  const loAt = LITTLE_ENDIAN ? 0 : 1;
  const hiAt = 1 - loAt;
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + hiAt];
    const l = words[2 * i + loAt];
    if (h & 0x80000000) { hi[i] = ~h >>> 0; lo[i] = ~l >>> 0; } else { hi[i] = (h | 0x80000000) >>> 0; lo[i] = l; }
  }
  return radixSortWords([lo, hi], items);
}

/** Sorts `items` by the unsigned integer made of `words` (least significant word first), stably. */
function radixSortWords(words: Uint32Array[], items: Int32Array): Int32Array {
  const n = items.length;
  const digitsPerWord = Math.ceil(32 / DIGIT_BITS);
  const passes = words.length * digitsPerWord;
  // All histograms in one read of the keys.
  const counts = new Uint32Array(passes * BUCKETS);
  for (let w = 0; w < words.length; w++) {
    const word = words[w];
    for (let d = 0; d < digitsPerWord; d++) {
      const base = (w * digitsPerWord + d) * BUCKETS;
      const shift = d * DIGIT_BITS;
      for (let i = 0; i < n; i++) { counts[base + ((word[i] >>> shift) & DIGIT_MASK)]++; }
    }
  }
  let src = items.slice();
  let dst = new Int32Array(n);
  // The words travel with the items, so each pass reads its digit sequentially.
  const cur = words.map(w => w.slice());
  const next = words.map(w => new Uint32Array(w.length));
  for (let pass = 0; pass < passes; pass++) {
    const w = Math.floor(pass / digitsPerWord);
    const shift = (pass % digitsPerWord) * DIGIT_BITS;
    const base = pass * BUCKETS;
    const word = cur[w];
    // A digit every key shares reorders nothing.
    if (counts[base + ((word[0] >>> shift) & DIGIT_MASK)] === n) { continue; }
    let sum = 0;
    for (let d = 0; d < BUCKETS; d++) { const c = counts[base + d]; counts[base + d] = sum; sum += c; }
    // Only the words still to be read by a later pass need moving.
    const moving: [Uint32Array, Uint32Array][] = [];
    for (let v = w; v < cur.length; v++) { moving.push([cur[v], next[v]]); }
    if (moving.length === 1) {
      const [a0, b0] = moving[0];
      for (let i = 0; i < n; i++) {
        const at = counts[base + ((word[i] >>> shift) & DIGIT_MASK)]++;
        dst[at] = src[i]; b0[at] = a0[i];
      }
    } else {
      const [a0, b0] = moving[0];
      const [a1, b1] = moving[1];
      for (let i = 0; i < n; i++) {
        const at = counts[base + ((word[i] >>> shift) & DIGIT_MASK)]++;
        dst[at] = src[i]; b0[at] = a0[i]; b1[at] = a1[i];
      }
    }
    [src, dst] = [dst, src];
    for (let v = w; v < cur.length; v++) { [cur[v], next[v]] = [next[v], cur[v]]; }
  }
  return src;
}

/**
 * A number of a column built without spellings (by hand, in tests): the shortest text that reads
 * back as the same number (JavaScript's round-trip form), in the file's decimal mark. Never rounded.
 */
export function formatCellNumber(x: number, decimal: DecimalMark = '.'): string {
  if (Number.isNaN(x)) { return ''; }
  const s = String(x);
  return decimal === ',' ? s.replace('.', ',') : s;
}

/** A conditional expectation shown with five significant digits: an estimate, not a value of the file. */
export function formatImputed(x: number, decimal: DecimalMark = '.'): string {
  return formatCellNumber(Number(x.toPrecision(5)), decimal);
}

/** What the table needs to show a fit's imputed cells: its matrix, parameters, and each fitted column's place in the dataset. */
interface Imputation {
  matrix: DataMatrix;
  /** (d) the dataset column of each fitted column, −1 if absent */
  datasetColumn: Int32Array;
  weights: Float64Array;
  means: Float64Array;
  covariances: Float64Array;
}

function imputationOf(dataset: TableDataset, fit: TableFit): Imputation | undefined {
  const { matrix, columns } = fit.selection;
  const { missing, weights, means, covariances } = fit.result;
  if (!missing || !matrix || !columns || !weights || !means || !covariances) { return undefined; }
  const datasetColumn = Int32Array.from(columns, name => dataset.columns.findIndex(column => column.name === name));
  return { matrix, datasetColumn, weights, means, covariances };
}

const pagesByFit = new WeakMap<TableFit, TablePages>();

/** The table of a fit, built on first use and kept as long as the fit is. */
export function tablePagesFor(dataset: TableDataset, fit: TableFit): TablePages {
  let pages = pagesByFit.get(fit);
  if (!pages) {
    pages = new TablePages(dataset, fit);
    pagesByFit.set(fit, pages);
  }
  return pages;
}

/**
 * The reply to a table request, or undefined when it is for another fit than the current one (the
 * webview has been or will be sent the current fit, and asks again).
 */
export function answerTableRequest(
  message: RequestRowsMessage | LocateRowMessage, dataset: TableDataset | undefined, fit: TableFit | undefined,
): DidProvideRowsMessage | DidLocateRowMessage | undefined {
  if (!dataset || !fit || fit.snapshot.fitId !== message.fitId) { return undefined; }
  const pages = tablePagesFor(dataset, fit);
  return message.type === 'requestRows' ? pages.page(message) : pages.locate(message);
}
