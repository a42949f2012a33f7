// What the labelled writer appends to each record, decided record by record in file order by the
// reader's own rule (recordRule.ts): the header gets the new column names, a data row its cluster
// cells, a ragged record empty cells (the writers skip blank records before asking). Cells are
// written as UTF-8 (row cells are ASCII; the UTF-16 writer widens them).

import { CsvError } from './csvError';
import { MAX_PROBABILITY_BYTES, writeProbability } from './probabilityText';
import { RecordRule } from './recordRule';

export interface AppendedCellsInput {
  k: number;
  labels: Int32Array | readonly number[];
  probabilities: Float32Array | Float64Array;
  /** Fitted row of each dataset row, -1 = not fitted. */
  fittedOf: Int32Array;
  nRows: number;
  /** Fields of a dataset row as the file spells it (a trailing delimiter counts). */
  expectedFields: number;
  hasHeader: boolean;
  delimiter: string;
  decimal: '.' | ',';
  /** The header's cells with their leading delimiter, in UTF-8. */
  header: Uint8Array;
  /** Numbers appended after the certainty, per fitted row (fitted rows × count, row-major); NaN = empty cell. */
  extra?: { count: number; values: Float64Array };
}

/** Most bytes a number takes as String(x) writes it (−1.2345678901234567e-308). */
const MAX_NUMBER_BYTES = 24;

export class AppendedCells {
  /** Most bytes one record's cells take. */
  readonly maxBytes: number;
  /** Whether the last cells written were the header's. */
  lastWasHeader = false;
  private readonly rule: RecordRule;
  private row = 0;
  private readonly delimiter: number;

  constructor(private readonly input: AppendedCellsInput) {
    this.rule = new RecordRule(input.hasHeader, input.expectedFields);
    this.delimiter = input.delimiter.charCodeAt(0);
    this.maxBytes = Math.max(input.header.length, (input.k + 2) * (1 + MAX_PROBABILITY_BYTES) + 12 + (input.extra?.count ?? 0) * (1 + MAX_NUMBER_BYTES));
  }

  /** Writes the cells of the next non-blank record, which has `fields` fields, at out[at]; returns the end. */
  write(out: Uint8Array, at: number, fields: number): number {
    const { k, labels, probabilities, fittedOf, decimal } = this.input;
    const d = this.delimiter;
    const kind = this.rule.next(fields, false);
    this.lastWasHeader = kind === 'header';
    if (kind === 'header') {
      out.set(this.input.header, at);
      return at + this.input.header.length;
    }
    if (kind !== 'data') { return this.empty(out, at); }
    if (this.row >= this.input.nRows) { throw changedError(); }
    const i = fittedOf[this.row++]!;
    const label = i < 0 ? -1 : labels[i]!;
    if (label < 0) { return this.empty(out, at); }
    out[at++] = d;
    at = writeInteger(out, at, label + 1);
    // The certainty is the largest probability, spelled as its cell already is.
    let best = 0, bestFrom = 0, bestTo = 0;
    for (let j = 0; j < k; j++) {
      const p = probabilities[i * k + j]!;
      out[at++] = d;
      const from = at;
      at = writeProbability(out, at, p, decimal);
      if (p > best) { best = p; bestFrom = from; bestTo = at; }
    }
    out[at++] = d;
    if (best > 0) {
      out.copyWithin(at, bestFrom, bestTo);
      at += bestTo - bestFrom;
    } else {
      out[at++] = 0x30;
    }
    const extra = this.input.extra;
    if (extra === undefined) { return at; }
    for (let j = 0; j < extra.count; j++) {
      out[at++] = d;
      const v = extra.values[i * extra.count + j]!;
      if (Number.isFinite(v)) { at = writeNumber(out, at, v, decimal); }
    }
    return at;
  }

  /** Every dataset row must have been met, or the file is not the one that was read. */
  finish(): void {
    if (this.row !== this.input.nRows) { throw changedError(); }
  }

  private empty(out: Uint8Array, at: number): number {
    const cells = this.input.k + 2 + (this.input.extra?.count ?? 0);
    out.fill(this.delimiter, at, at + cells);
    return at + cells;
  }
}

/** x as JavaScript's shortest round-trip spelling, with the file's decimal mark. */
function writeNumber(out: Uint8Array, at: number, value: number, decimal: '.' | ','): number {
  const text = String(value);
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    out[at++] = ch === 0x2e && decimal === ',' ? 0x2c : ch;
  }
  return at;
}

function writeInteger(out: Uint8Array, at: number, value: number): number {
  const digits = String(value);
  for (let i = 0; i < digits.length; i++) { out[at++] = digits.charCodeAt(i); }
  return at;
}

export function changedError(): CsvError {
  return new CsvError('read-failed', 'The file changed since it was read: its rows no longer match the clustering.',
    'Open the file again and re-run the clustering, then export.');
}
