// From columns to the matrix a model sees. Rows with a missing value in a chosen column are
// dropped (default), filled with the column's mean, or kept with NaN in the missing cells for a
// mixture to model (only rows with every chosen cell missing are dropped then); rowIndex remembers
// where each matrix row came from so labels can be written back to the right line.

import type { DataMatrix } from '../core/dataMatrix';
import type { Column, NumericColumn } from './columnTyping';
import { preselectColumns, type LeftOutColumn } from './columnPreselection';
import { CsvError } from './csvError';
import type { Dataset } from './csvReader';

export interface FeatureSelection {
  matrix: DataMatrix;
  columns: string[];
  /** dataset row of each matrix row */
  rowIndex: Int32Array;
  droppedRows: number;
  /** Per column, the rows with a missing value there (a row missing in two columns counts in both). */
  droppedByColumn: Record<string, number>;
  /** Cells filled with their column's mean (policy 'impute'). */
  imputed: number;
  /** Cells left missing (NaN) in the matrix for the model to integrate out (policy 'model'). */
  modelled?: number;
  /** Numeric columns not preselected, with why (only when the columns were preselected). */
  leftOut?: LeftOutColumn[];
}

/**
 * drop: rows with a missing chosen cell are left out; impute: missing cells get the column's mean;
 * model: missing cells stay NaN for a Gaussian mixture to integrate out (missingDataEm.ts), and
 * only rows with every chosen cell missing are left out (k-means cannot: callers use 'drop' for it).
 */
export type MissingPolicy = 'drop' | 'impute' | 'model';

/**
 * The policy a fit runs with: only a Gaussian mixture can integrate missing cells out; k-means and
 * the density methods leave such rows out instead (the status line and the CLI's JSON count them).
 */
export function missingPolicyFor(algorithm: string, policy: MissingPolicy): MissingPolicy {
  return policy === 'model' && algorithm !== 'gmm' ? 'drop' : policy;
}

/** Numeric columns a user most likely wants (columnPreselection says which and why not the others). */
export function defaultFeatureColumns(dataset: Pick<Dataset, 'columns'>): string[] {
  return preselectColumns(dataset).columns;
}

/**
 * The columns asked for, or when none are named the preselected ones, with the left-out columns
 * and their reasons attached (what the CLI runs when --columns is not given).
 */
export function selectFeatures(dataset: Dataset, asked: string[] | undefined, missing: MissingPolicy = 'drop'): FeatureSelection {
  if (asked !== undefined) { return buildFeatureMatrix(dataset, asked, missing); }
  const { columns, leftOut } = preselectColumns(dataset);
  return { ...buildFeatureMatrix(dataset, columns, missing), leftOut };
}

export function buildFeatureMatrix(dataset: Dataset, columnNames: string[], missing: MissingPolicy = 'drop'): FeatureSelection {
  if (columnNames.length === 0) {
    throw new CsvError('no-numeric-columns', 'No numeric column is selected.',
      dataset.columns.some(c => c.kind === 'numeric') ? 'Select at least one numeric column to cluster on.' : 'The file has no numeric column; clustering needs numbers.');
  }
  // One map, not a search per name: a file may have 150,000 columns.
  const byName = new Map<string, Column>();
  for (const c of dataset.columns) { byName.set(c.name, c); }
  const cols = columnNames.map(name => {
    const col = byName.get(name);
    if (col === undefined) {
      throw new CsvError('unknown-column', `The file has no column "${name}".`, 'Choose columns that exist in this file (column names are case-sensitive).');
    }
    if (col.kind !== 'numeric') {
      throw new CsvError('no-numeric-columns', `Column "${name}" is text, not numbers.`, 'Only numeric columns can be clustered; deselect it.');
    }
    return col;
  });
  const n = dataset.nRows, d = cols.length;
  const droppedByColumn: Record<string, number> = {};
  for (const c of cols) { droppedByColumn[c.name] = c.missing; }

  if (missing === 'impute') {
    const data = new Float64Array(n * d);
    let imputed = 0;
    for (let j = 0; j < d; j++) {
      const v = cols[j]!.values;
      let sum = 0, count = 0;
      for (let i = 0; i < n; i++) { const x = v[i]!; if (!Number.isNaN(x)) { sum += x; count++; } }
      if (count === 0) {
        throw new CsvError('no-complete-rows', `Column "${cols[j]!.name}" has no value to compute a mean from.`, 'Deselect the empty column.');
      }
      const mean = sum / count;
      for (let i = 0; i < n; i++) {
        const x = v[i]!;
        if (Number.isNaN(x)) { data[i * d + j] = mean; imputed++; } else { data[i * d + j] = x; }
      }
    }
    const rowIndex = new Int32Array(n);
    for (let i = 0; i < n; i++) { rowIndex[i] = i; }
    return { matrix: { data, nSamples: n, nFeatures: d }, columns: columnNames.slice(), rowIndex, droppedRows: 0, droppedByColumn, imputed };
  }

  if (missing === 'model') { return buildWithMissingCells(cols, columnNames, n, droppedByColumn); }

  // Two passes: count complete rows first so the matrix is allocated once at its final size.
  let complete = 0;
  for (let i = 0; i < n; i++) { if (isComplete(cols, i)) { complete++; } }
  if (complete === 0) {
    throw new CsvError('no-complete-rows', 'Every row has a missing value in the selected columns.',
      'Fill the missing values with the column mean (the "impute" option), or deselect the columns with most missing values.');
  }
  const data = new Float64Array(complete * d);
  const rowIndex = new Int32Array(complete);
  let r = 0;
  for (let i = 0; i < n; i++) {
    if (!isComplete(cols, i)) { continue; }
    rowIndex[r] = i;
    for (let j = 0; j < d; j++) { data[r * d + j] = cols[j]!.values[i]!; }
    r++;
  }
  return { matrix: { data, nSamples: complete, nFeatures: d }, columns: columnNames.slice(), rowIndex, droppedRows: n - complete, droppedByColumn, imputed: 0 };
}

/** Policy 'model': every row with at least one chosen value, missing cells as NaN. */
function buildWithMissingCells(cols: NumericColumn[], columnNames: string[], n: number, byColumn: Record<string, number>): FeatureSelection {
  const d = cols.length;
  let kept = 0;
  for (let i = 0; i < n; i++) { if (!isEmpty(cols, i)) { kept++; } }
  if (kept === 0) {
    throw new CsvError('no-complete-rows', 'Every chosen cell of every row is missing.', 'Choose columns that have values.');
  }
  const data = new Float64Array(kept * d);
  const rowIndex = new Int32Array(kept);
  let r = 0, modelled = 0;
  for (let i = 0; i < n; i++) {
    if (isEmpty(cols, i)) { continue; }
    rowIndex[r] = i;
    for (let j = 0; j < d; j++) { const x = cols[j]!.values[i]!; data[r * d + j] = x; if (Number.isNaN(x)) { modelled++; } }
    r++;
  }
  // the rows left out are those with every chosen cell missing: each counts in every column
  const droppedByColumn: Record<string, number> = {};
  for (const name of Object.keys(byColumn)) { droppedByColumn[name] = n - kept; }
  return {
    matrix: { data, nSamples: kept, nFeatures: d }, columns: columnNames.slice(), rowIndex, droppedRows: n - kept, droppedByColumn, imputed: 0, modelled,
  };
}

function isEmpty(cols: NumericColumn[], i: number): boolean {
  for (let j = 0; j < cols.length; j++) { if (!Number.isNaN(cols[j]!.values[i]!)) { return false; } }
  return true;
}

function isComplete(cols: NumericColumn[], i: number): boolean {
  for (let j = 0; j < cols.length; j++) { if (Number.isNaN(cols[j]!.values[i]!)) { return false; } }
  return true;
}
