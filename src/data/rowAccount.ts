// Where every row of a file went: used by the model, or skipped for a stated reason. Readers of a
// result (the CLI's JSON, its stderr) must be able to check that nothing vanished silently:
//   rowsRead = rowsUsed + Σ skippedRows[].count
// "Rows read" are the records after the header; blank lines are not rows and are counted apart.

import type { Dataset } from './csvReader';
import type { FeatureSelection, MissingPolicy } from './featureMatrix';

export type SkipReason =
  /** The record has more or fewer fields than the header: skipped, never shifted. */
  | 'wrong-field-count'
  /** A chosen column is empty or missing (NA, inf…) in this row, and the policy is 'drop' (with 'model': every chosen column). */
  | 'missing-value';

export interface SkippedRows {
  reason: SkipReason;
  count: number;
  /** 1-based line numbers of the first such rows (up to 20; absent where the reader keeps no line). */
  firstLines?: number[];
  /** Per chosen column, its missing cells (reason 'missing-value'; a row missing in two counts in both). */
  byColumn?: Record<string, number>;
}

export interface RowAccount {
  rowsRead: number;
  rowsUsed: number;
  /** Only reasons that happened, each with its count. */
  skippedRows: SkippedRows[];
  missingValues: { policy: MissingPolicy; rowsLeftOut: number; cellsImputed: number; cellsModelled?: number };
  blankLines: number;
  /** A quote never closed: the line it opens on, and the lines after it that became part of its field. */
  unclosedQuote?: { line: number; linesInside?: number };
  /** The reader's warnings, then one sentence per skip reason the reader does not already state. */
  warnings: string[];
}

/** `linesInFile` (physical lines, when known) says how many lines an unclosed quote swallowed. */
export function accountRows(dataset: Dataset, selection: FeatureSelection, policy: MissingPolicy, linesInFile?: number): RowAccount {
  const report = dataset.report;
  const skippedRows: SkippedRows[] = [];
  if (report.raggedRows > 0) {
    skippedRows.push({ reason: 'wrong-field-count', count: report.raggedRows, firstLines: report.raggedExamples.slice() });
  }
  const warnings = report.warnings.slice();
  if (selection.droppedRows > 0) {
    const byColumn: Record<string, number> = {};
    for (const [name, n] of Object.entries(selection.droppedByColumn)) { if (n > 0) { byColumn[name] = n; } }
    skippedRows.push({ reason: 'missing-value', count: selection.droppedRows, byColumn });
    const n = selection.droppedRows;
    warnings.push(policy === 'model'
      ? `${n} ${n === 1 ? 'row has' : 'rows have'} no value in any chosen column and ${n === 1 ? 'was' : 'were'} left out of the fit.`
      : `${n} ${n === 1 ? 'row has' : 'rows have'} a missing value in a chosen column and ${n === 1 ? 'was' : 'were'} left out of the fit (${describeColumns(byColumn)}).`);
  }
  if ((selection.modelled ?? 0) > 0) {
    const n = selection.modelled!;
    warnings.push(`${n} missing ${n === 1 ? 'cell was' : 'cells were'} modelled: the mixture is fitted on the observed cells, the missing ones integrated out.`);
  }
  if (selection.imputed > 0) {
    const n = selection.imputed;
    warnings.push(`${n} missing ${n === 1 ? 'cell was' : 'cells were'} filled with ${n === 1 ? 'its' : 'their'} column's mean.`);
  }
  let unclosedQuote: RowAccount['unclosedQuote'];
  if (report.unterminatedQuoteLine !== undefined) {
    const line = report.unterminatedQuoteLine;
    const inside = linesInFile === undefined ? undefined : Math.max(0, linesInFile - line);
    unclosedQuote = inside === undefined ? { line } : { line, linesInside: inside };
    if (inside !== undefined && inside > 0) {
      warnings.push(`${inside === 1 ? `Line ${line + 1} is` : `Lines ${line + 1}–${linesInFile} (${inside} lines) are`} inside the field opened on line ${line}, not rows of their own: close the quote to read them.`);
    }
  }
  return {
    rowsRead: dataset.nRows + report.raggedRows,
    rowsUsed: selection.matrix.nSamples,
    skippedRows,
    missingValues: {
      policy, rowsLeftOut: selection.droppedRows, cellsImputed: selection.imputed,
      ...(selection.modelled !== undefined ? { cellsModelled: selection.modelled } : {}),
    },
    blankLines: report.blankLines,
    ...(unclosedQuote ? { unclosedQuote } : {}),
    warnings,
  };
}

function describeColumns(byColumn: Record<string, number>): string {
  const entries = Object.entries(byColumn);
  const shown = entries.slice(0, 5).map(([name, n]) => `"${name}": ${n}`).join(', ');
  return entries.length > 5 ? `${shown} and ${entries.length - 5} more columns` : shown;
}
