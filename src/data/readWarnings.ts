// The read report in sentences: the numeric columns that cannot separate clusters (CSV and
// Parquet alike) and one plain warning per issue the reader found.

import type { Column } from './columnTyping';
import type { ReadReport } from './dataset';
import type { Dialect } from './dialect';

/**
 * The numeric columns that cannot separate clusters: those with no value, and those with one value
 * in every row. Shared by the CSV and Parquet readers.
 */
export function classifyNumericColumns(columns: readonly Column[]): Pick<ReadReport, 'emptyColumns' | 'constantColumns'> {
  const emptyColumns: string[] = [], constantColumns: string[] = [];
  for (const c of columns) {
    if (c.kind !== 'numeric') { continue; }
    if (c.missing === c.values.length) { emptyColumns.push(c.name); } else if (isConstant(c.values)) { constantColumns.push(c.name); }
  }
  return { emptyColumns, constantColumns };
}

/** The sentences for classifyNumericColumns' findings. */
export function numericColumnWarnings(r: Pick<ReadReport, 'emptyColumns' | 'constantColumns'>): string[] {
  const w: string[] = [];
  if (r.constantColumns.length > 0) { w.push(`${listNames(r.constantColumns)} ${r.constantColumns.length === 1 ? 'has' : 'have'} the same value in every row and cannot separate clusters.`); }
  if (r.emptyColumns.length > 0) { w.push(`${listNames(r.emptyColumns)} ${r.emptyColumns.length === 1 ? 'is' : 'are'} empty.`); }
  return w;
}

/** At least two values and all equal (a single value says nothing yet). */
function isConstant(values: Float64Array): boolean {
  let first = NaN, count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) { continue; }
    count++;
    if (Number.isNaN(first)) { first = v; } else if (v !== first) { return false; }
  }
  return count >= 2;
}

export function describeDelimiter(d: string): string {
  return d === '\t' ? 'tabs' : d === ',' ? 'commas' : d === ';' ? 'semicolons' : d === '|' ? 'pipes (|)' : `"${d}"`;
}

/** Thousands separators are text in pandas too; a cell like "1,234,567" deserves the reason. */
function thousandsHint(cell: string | undefined): string {
  return cell !== undefined && /^\s*[+-]?\d{1,3}(?:[,.' ]\d{3})+(?:[.,]\d*)?\s*$/.test(cell)
    ? ' (numbers with thousands separators are text, as in pandas: save them without the separators)' : '';
}

function plural(n: number, one: string, many = `${one}s`): string { return `${n} ${n === 1 ? one : many}`; }

/** Up to five quoted names, then how many more. */
export function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 5).map(c => `"${c}"`).join(', ');
  return names.length > 5 ? `${shown} and ${names.length - 5} more` : shown;
}

export function warningsOf(r: ReadReport, dialect: Dialect): string[] {
  const w: string[] = [];
  if (r.raggedRows > 0) {
    const lines = r.raggedExamples.slice(0, 5).join(', ') + (r.raggedRows > 5 ? ', …' : '');
    w.push(`${plural(r.raggedRows, 'row')} with the wrong number of fields ${r.raggedRows === 1 ? 'was' : 'were'} skipped (line ${lines}).`);
  }
  if (r.unterminatedQuoteLine !== undefined) {
    w.push(`A quote opened on line ${r.unterminatedQuoteLine} is never closed, so the rest of the file was read as one field.`);
  }
  if (dialect.encoding === 'windows-1252') {
    w.push('The file is not UTF-8: it was read as Windows-1252, the encoding of Excel\'s "CSV" on Western Windows systems.');
  }
  if (r.strayTrailingByte) {
    w.push(`The file is UTF-16 but has an odd number of bytes: its last byte belongs to no character and was left out (an export copies it back unchanged).`);
  }
  if (r.invalidSequences > 0) {
    w.push(`The file is not valid UTF-8 (perhaps Windows-1252): ${plural(r.invalidSequences, 'character')} could not be decoded and show as �.`);
  }
  for (const m of r.mostlyNumericColumns.slice(0, 5)) {
    const ex = m.examples.slice(0, 3).map(e => `"${e.value}" on line ${e.line} (row ${e.row})`).join(', ');
    w.push(`Column "${m.name}" is treated as text because of ${plural(m.textCells, 'non-numeric cell')} (${ex})${thousandsHint(m.examples[0]?.value)}.`);
  }
  if (r.mostlyNumericColumns.length > 5) { w.push(`${r.mostlyNumericColumns.length - 5} more columns are text because of a few non-numeric cells.`); }
  // Columns of numbers and text alike: the cell that made each one text.
  for (const m of r.mixedColumns.slice(0, 5)) {
    w.push(`Column "${m.name}" is text: its cell "${m.firstText.value}" on line ${m.firstText.line} (row ${m.firstText.row}) is not a number, `
      + `though ${plural(m.numericCells, 'other cell')} ${m.numericCells === 1 ? 'is' : 'are'}${thousandsHint(m.firstText.value)}.`);
  }
  if (r.mixedColumns.length > 5) { w.push(`${r.mixedColumns.length - 5} more columns mix numbers and text and are read as text.`); }
  // A wide file with a repeated name could rename thousands: the first few say enough.
  for (const rn of r.renamedColumns.slice(0, 3)) {
    w.push(rn.from.trim() === '' ? `Column ${rn.index + 1} has no name and is called "${rn.to}".` : `Column "${rn.from}" (column ${rn.index + 1}) is renamed "${rn.to}" to be unique.`);
  }
  if (r.renamedColumns.length > 3) { w.push(`${r.renamedColumns.length - 3} more columns were renamed to be unique or to have a name.`); }
  w.push(...numericColumnWarnings(r));
  if (dialect.decimal === ',') { w.push('Numbers are read with a decimal comma (1,5 = 1.5).'); }
  return w;
}
