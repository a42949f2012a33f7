/**
 * Cluster profiles over every row of a file read in windows (a file larger than memory, fitted on
 * a sample and labelled in one streaming pass): the same numbers as computeClusterProfiles over the
 * whole table — per cluster its size, each numeric column's mean (Welford, row by row in file order,
 * so a file that fits gives the very same bits), the most frequent values of text columns and the
 * missing cells — with memory bounded by k and the columns, not by the file's rows.
 *
 * A column keeps the kind the fitted sample gave it. A window may type it otherwise (a few text
 * cells in a numeric column, a window of numbers in a text one): its cells are then read as that
 * kind (a text cell of a numeric column counts as missing). Text values are counted exactly for the
 * first MAX_DISTINCT_TEXT distinct values of a column; later new values are not counted, so the
 * top values of a column with more distinct values than that may miss a value first seen late.
 */
import { parseCell, type DecimalMark } from './cellParsing';
import { spelledCell } from './cellSpelling';
import type { Column } from './columnTyping';

/** The view's ClusterProfiles (src/shared/protocol.ts), which src/data cannot import: the same shape. */
export interface ColumnProfiles {
  /** (k) rows in each cluster */
  sizes: Int32Array;
  columns: (
    | { kind: 'numeric'; name: string; overallMean: number; overallStd: number; means: Float64Array; missing?: Int32Array }
    | { kind: 'text'; name: string; top: { value: string; share: number }[][]; missing?: Int32Array }
  )[];
}

const TOP_VALUES = 3;
/** Distinct text values counted per column, over all clusters: tens of megabytes at most. */
export const MAX_DISTINCT_TEXT = 100_000;

interface NumericAccumulator {
  kind: 'numeric'; name: string;
  /** (k + 1): per cluster, then overall */
  count: Float64Array; mean: Float64Array; m2: Float64Array;
  missing: Int32Array;
}

interface TextAccumulator {
  kind: 'text'; name: string;
  counts: Map<string, number>[];
  distinct: Set<string>;
  missing: Int32Array;
}

export class ProfileAccumulator {
  private readonly sizes: Int32Array;
  private readonly columns: (NumericAccumulator | TextAccumulator)[];

  /** `columns`: the table's columns (names and kinds), as the fitted sample read them. */
  constructor(columns: readonly Pick<Column, 'name' | 'kind'>[], private readonly k: number, private readonly decimal: DecimalMark = '.') {
    this.sizes = new Int32Array(k);
    this.columns = columns.map(c => (c.kind === 'numeric'
      ? { kind: 'numeric', name: c.name, count: new Float64Array(k + 1), mean: new Float64Array(k + 1), m2: new Float64Array(k + 1), missing: new Int32Array(k) }
      : { kind: 'text', name: c.name, counts: Array.from({ length: k }, () => new Map<string, number>()), distinct: new Set<string>(), missing: new Int32Array(k) }));
  }

  /**
   * Adds a window's rows: `columns` by position as the accumulator's, `clusterOfRow` (one per
   * window row) the row's 0-based cluster, −1 for a row without one (it counts nowhere).
   */
  add(columns: readonly Column[], nRows: number, clusterOfRow: Int32Array): void {
    const k = this.k;
    for (let row = 0; row < nRows; row++) { const c = clusterOfRow[row]!; if (c >= 0) { this.sizes[c]++; } }
    this.columns.forEach((acc, j) => {
      const column = columns[j];
      if (acc.kind === 'numeric') {
        const { count, mean, m2, missing } = acc;
        const add = (slot: number, x: number): void => {
          count[slot]++;
          const delta = x - mean[slot]!;
          mean[slot] += delta / count[slot]!;
          m2[slot] += delta * (x - mean[slot]!);
        };
        for (let row = 0; row < nRows; row++) {
          const c = clusterOfRow[row]!;
          if (c < 0) { continue; }
          const x = this.numberAt(column, row);
          if (Number.isNaN(x)) { missing[c]++; continue; }
          add(c, x);
          add(k, x);
        }
        return;
      }
      for (let row = 0; row < nRows; row++) {
        const c = clusterOfRow[row]!;
        if (c < 0) { continue; }
        const value = this.textAt(column, row);
        if (value === '') { acc.missing[c]++; continue; }
        const counts = acc.counts[c]!;
        const seen = counts.get(value);
        if (seen !== undefined) { counts.set(value, seen + 1); continue; }
        if (!acc.distinct.has(value)) {
          if (acc.distinct.size >= MAX_DISTINCT_TEXT) { continue; }
          acc.distinct.add(value);
        }
        counts.set(value, 1);
      }
    });
  }

  finish(): ColumnProfiles {
    const { k, sizes } = this;
    const columns: ColumnProfiles['columns'] = this.columns.map(acc => {
      if (acc.kind === 'numeric') {
        const { count, mean, m2 } = acc;
        return {
          kind: 'numeric' as const, name: acc.name, overallMean: count[k]! > 0 ? mean[k]! : NaN,
          overallStd: count[k]! > 1 ? Math.sqrt(m2[k]! / (count[k]! - 1)) : 0,
          means: Float64Array.from({ length: k }, (_, c) => (count[c]! > 0 ? mean[c]! : NaN)),
          missing: acc.missing.slice(),
        };
      }
      return {
        kind: 'text' as const, name: acc.name,
        top: acc.counts.map((map, c) => [...map.entries()]
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
          .slice(0, TOP_VALUES)
          .map(([value, n]) => ({ value, share: sizes[c]! > 0 ? n / sizes[c]! : 0 }))),
        missing: acc.missing.slice(),
      };
    });
    return { sizes: sizes.slice(), columns };
  }

  private numberAt(column: Column | undefined, row: number): number {
    if (column === undefined) { return NaN; }
    if (column.kind === 'numeric') { return column.values[row]!; }
    return parseCell(column.values[row]!, this.decimal) ?? NaN;
  }

  private textAt(column: Column | undefined, row: number): string {
    if (column === undefined) { return ''; }
    if (column.kind === 'text') { return column.values[row]!; }
    const x = column.values[row]!;
    if (column.spellings) { return spelledCell(column.spellings, x, row, this.decimal); }
    // A column built without spellings: the number's round-trip text, as the table shows it.
    return Number.isNaN(x) ? '' : this.decimal === ',' ? String(x).replace('.', ',') : String(x);
  }
}
