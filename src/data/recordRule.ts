// The one rule for what a record of a table is, shared by the reader (csvReader, its fast scanner)
// and both labelled writers (through appendedCells), so the export appends to exactly the rows
// that were read. In file order:
//   blank   one field whose value trims to nothing (papaparse's split): not a row, counted apart;
//   header  the first record that is not blank, when the file has a header;
//   data    a record with the table's field count, which the first non-blank record fixes;
//   ragged  any other record (or one papaparse could not split): skipped, never shifted.
// A blank line is decided before the field count: with one column it would otherwise be a row
// with an empty cell.

import Papa from 'papaparse';
import type { Dialect } from './dialect';

export type RecordKind = 'blank' | 'header' | 'data' | 'ragged';

/** Whether papaparse's fields of a record make a blank line. */
export function isBlankRecord(fields: readonly string[]): boolean {
  return fields.length === 1 && fields[0]!.trim() === '';
}

/** isBlankRecord of a lone field (the fast scanner's test, without building the array). */
export function isBlankField(cell: string): boolean {
  return cell.trim() === '';
}

/**
 * Whether a record of one field is blank, from its decoded text: split by papaparse exactly as
 * the reader splits it (with the newline when the record had one: a quote before the newline
 * closes the field), so "" and "  " decide as they did on reading. For the writers, which see
 * bytes and call this only for records of spaces and quotes.
 */
export function isBlankRecordText(text: string, terminated: boolean, dialect: Pick<Dialect, 'delimiter' | 'newline'>, parser?: Papa.Parser): boolean {
  if (!text.includes('"')) { return isBlankField(text); }
  // Papa.Parser, as the reader uses it (Papa.parse would also drop a leading U+FEFF).
  const p = parser ?? recordParser(dialect);
  const row = (p.parse(text + (terminated ? dialect.newline : ''), 0, terminated).data as string[][])[0];
  return row !== undefined && isBlankRecord(row);
}

/** The papaparse parser the reader splits records with. */
export function recordParser(dialect: Pick<Dialect, 'delimiter' | 'newline'>): Papa.Parser {
  return new Papa.Parser({ delimiter: dialect.delimiter, newline: dialect.newline, quoteChar: '"' });
}

/** Decides, record by record in file order, what each record is (the rule above). */
export class RecordRule {
  private headerDone: boolean;
  private fields: number | undefined;

  /** `expectedFields`: the table's field count when already known (the writers); else the first non-blank record fixes it. */
  constructor(hasHeader: boolean, expectedFields?: number) {
    this.headerDone = !hasHeader;
    this.fields = expectedFields;
  }

  /** Field count of a data row, once known. */
  get expectedFields(): number | undefined { return this.fields; }

  /** Whether the header (or, without one, the field count) is still to come. */
  get beforeTable(): boolean { return !this.headerDone || this.fields === undefined; }

  /** The kind of the next record: `fields` undefined when papaparse could not split it. */
  next(fields: number | undefined, blank: boolean): RecordKind {
    if (blank) { return 'blank'; }
    this.fields ??= fields;
    if (!this.headerDone) {
      this.headerDone = true;
      return 'header';
    }
    return fields !== undefined && fields === this.fields ? 'data' : 'ragged';
  }
}
