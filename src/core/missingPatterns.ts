// Rows grouped by which of their cells are missing (NaN), so that EM factorises each component's
// marginal once per (pattern, component) and not once per row: at d = 8 there are at most 255
// incomplete patterns however many rows there are.

import type { DataMatrix } from './dataMatrix';

export interface MissingPatterns {
  readonly nSamples: number;
  readonly nFeatures: number;
  /** rows with every cell present, ascending */
  readonly completeRows: Int32Array;
  /** rows with every cell missing: nothing to fit them on, reported by the fit (never dropped silently) */
  readonly emptyRows: Int32Array;
  /** (nPatterns × d) 1 where the pattern observes the column; patterns with some but not all cells */
  readonly observed: Uint8Array;
  /** (nPatterns + 1) pattern p holds rows[patternStart[p] … patternStart[p + 1]) */
  readonly patternStart: Int32Array;
  /** incomplete, non-empty rows grouped by pattern (patterns in order of first row), ascending within one */
  readonly rows: Int32Array;
  /** NaN cells in all */
  readonly nMissingCells: number;
  /** (d) NaN cells per column */
  readonly missingByColumn: Int32Array;
}

/** True when X holds a NaN (missing cell). */
export function hasMissingCells(X: DataMatrix): boolean {
  const { data } = X;
  for (let i = 0; i < data.length; i++) {
    if (data[i] !== data[i]) { return true; }
  }
  return false;
}

/** Groups the rows of X by missingness pattern (NaN = missing; ±∞ are not missing and are the caller's to refuse). */
export function groupMissingPatterns(X: DataMatrix): MissingPatterns {
  const { data, nSamples: n, nFeatures: d } = X;
  const complete: number[] = [];
  const empty: number[] = [];
  const missingByColumn = new Int32Array(d);
  const byKey = new Map<string, number[]>();
  const keys: string[] = [];
  const mask = new Array<string>(d);
  let nMissingCells = 0;
  for (let i = 0; i < n; i++) {
    let nMissing = 0;
    for (let j = 0; j < d; j++) {
      const x = data[i * d + j]!;
      if (x !== x) { nMissing++; missingByColumn[j]!++; mask[j] = '0'; } else { mask[j] = '1'; }
    }
    nMissingCells += nMissing;
    if (nMissing === 0) { complete.push(i); continue; }
    if (nMissing === d) { empty.push(i); continue; }
    const key = mask.join('');
    let list = byKey.get(key);
    if (list === undefined) { list = []; byKey.set(key, list); keys.push(key); }
    list.push(i);
  }
  const observed = new Uint8Array(keys.length * d);
  const patternStart = new Int32Array(keys.length + 1);
  const rows = new Int32Array(n - complete.length - empty.length);
  let at = 0;
  keys.forEach((key, p) => {
    for (let j = 0; j < d; j++) { observed[p * d + j] = key.charCodeAt(j) === 49 ? 1 : 0; }
    patternStart[p] = at;
    for (const i of byKey.get(key)!) { rows[at++] = i; }
  });
  patternStart[keys.length] = at;
  return {
    nSamples: n, nFeatures: d, completeRows: Int32Array.from(complete), emptyRows: Int32Array.from(empty),
    observed, patternStart, rows, nMissingCells, missingByColumn,
  };
}

/** Number of incomplete, non-empty patterns. */
export function countPatterns(patterns: MissingPatterns): number {
  return patterns.patternStart.length - 1;
}
