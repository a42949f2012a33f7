// Turning a stream of cells into typed columns without keeping per-row objects: numeric columns
// fill a Float64Array that grows geometrically; a column becomes text at its first cell that is
// neither a number nor missing.
//
// The rule for stray text: ONE non-numeric cell makes the whole column text (so it is never fed
// to a model). Guessing that "12 kg" or "n.a." means missing would silently change the data; the
// report instead names such "mostly numeric" columns with the offending cells and their lines, so
// the user can fix the file in a minute.

import { parseCell, type DecimalMark } from './cellParsing';
import { spelledCell, spellingOf, VerbatimCells, VERBATIM_CELL, type CellSpellings } from './cellSpelling';
import { ownString, POINTER_BYTES, stringBytes } from './textHeap';

export interface NumericColumn {
  kind: 'numeric';
  name: string;
  /** NaN = missing */
  values: Float64Array;
  missing: number;
  /** Row numbers or ids (integer, unique, increasing, or named like id/index/#): never preselected. */
  idLike: boolean;
  /** Why it is id-like (set by the reader; columns built by hand may leave it out). */
  idKind?: IdKind;
  /** How each cell was written, for showing the file's own text (the reader sets it; columns built by hand may leave it out). */
  spellings?: CellSpellings;
}

/** What makes a column id-like: its name, no name at all (pandas' index), counting up, or shuffled row numbers. */
export type IdKind = 'named' | 'unnamed' | 'counting' | 'row-numbers';
export interface TextColumn {
  kind: 'text';
  name: string;
  values: string[];
  /** The first cell that is neither a number nor missing: the one that made the column text. */
  firstText?: TextCell;
  /** Cells that read as numbers (a column of mostly numbers is text because of a few cells). */
  numericCells?: number;
}

/** A cell that is not a number, where it is: 1-based line of the file and 1-based data row. */
export interface TextCell { line: number; row: number; value: string }
export type Column = NumericColumn | TextColumn;

/** A column that would have been numeric but for a few text cells. */
export interface MostlyNumericColumn {
  name: string;
  numericCells: number;
  textCells: number;
  /** First offending cells with their 1-based line and row numbers. */
  examples: TextCell[];
}

const MAX_EXAMPLES = 5;
const INTERN_LIMIT = 10000;


export class ColumnBuilder {
  private numbers: Float64Array;
  /** (capacity) each numeric cell's spelling byte (cellSpelling.ts), grown with `numbers` */
  private digits: Uint8Array;
  private verbatim = new VerbatimCells();
  private texts: string[] | undefined;
  /** Made when the column turns to text (a wide file has many numeric columns that never need one). */
  private intern: Map<string, string> | undefined;
  private internFull = false;
  /**
   * Bytes of the JavaScript heap this column's text holds, estimated: a pointer per cell, and a
   * string header plus two bytes a character for each string of its own. Numbers live in typed
   * arrays, outside the heap, and are not counted: the heap is what a big text column exhausts.
   */
  heapBytes = 0;
  length = 0;
  missing = 0;
  numericCells = 0;
  textCells = 0;
  readonly textExamples: TextCell[] = [];

  constructor(readonly name: string, private readonly decimal: DecimalMark, capacity: number) {
    this.numbers = new Float64Array(Math.max(16, capacity));
    this.digits = new Uint8Array(this.numbers.length);
  }

  get isText(): boolean { return this.texts !== undefined; }

  add(cell: string, line: number): void {
    const v = parseCell(cell, this.decimal);
    if (v === null) {
      this.textCells++;
      if (this.textExamples.length < MAX_EXAMPLES) { this.textExamples.push({ line, row: this.length + 1, value: ownString(cell) }); }
      if (this.texts === undefined) { this.becomeText(); }
      this.pushText(cell);
      return;
    }
    if (Number.isNaN(v)) { this.missing++; } else { this.numericCells++; }
    if (this.texts !== undefined) { this.pushText(cell); return; }
    const spelling = spellingOf(cell, v, this.decimal);
    if (spelling === VERBATIM_CELL) { this.verbatim.keep(this.length, cell); }
    this.addNumber(v, spelling);
  }

  /** A cell already known to be this number (NaN = missing), written as `spelling` says (cellSpelling.ts). */
  addNumber(v: number, spelling: number): void {
    if (this.length === this.numbers.length) { this.numericStorage(1); }
    this.digits[this.length] = spelling;
    this.numbers[this.length++] = v;
  }

  /**
   * For the fast scanner: the array to write the next `more` numbers into, at `length` onwards
   * (the caller advances `length` and `numericCells`). Invalid once the column turns to text.
   */
  numericStorage(more: number): Float64Array {
    if (this.length + more > this.numbers.length) {
      const grown = new Float64Array(Math.max(Math.ceil(this.numbers.length * 1.5) + 16, this.length + more));
      grown.set(this.numbers.subarray(0, this.length));
      this.numbers = grown;
      const digits = new Uint8Array(grown.length);
      digits.set(this.digits.subarray(0, this.length));
      this.digits = digits;
    }
    return this.numbers;
  }

  /** For the fast scanner: the spelling bytes beside `numericStorage` (valid until it grows). */
  spellingStorage(): Uint8Array { return this.digits; }

  private pushText(cell: string): void {
    let s: string | undefined;
    if (!this.internFull) {
      const intern = this.intern ??= new Map();
      s = intern.get(cell);
      if (s === undefined && intern.size < INTERN_LIMIT) { s = ownString(cell); intern.set(s, s); this.heapBytes += stringBytes(s); }
      if (s === undefined) { this.intern = undefined; this.internFull = true; }
    }
    if (s === undefined) { s = ownString(cell); this.heapBytes += stringBytes(s); }
    // A repeated (interned) value costs only its pointer.
    this.heapBytes += POINTER_BYTES;
    this.texts!.push(s);
    this.length++;
  }

  /** The earlier cells were numbers: they come back as the file wrote them, from their spellings. */
  private becomeText(): void {
    const spellings = this.verbatim.build(this.digits);
    const texts: string[] = new Array<string>(this.length);
    for (let i = 0; i < this.length; i++) { texts[i] = spelledCell(spellings, this.numbers[i]!, i, this.decimal); this.heapBytes += POINTER_BYTES + stringBytes(texts[i]!); }
    this.texts = texts;
    this.length = texts.length;
    this.numbers = new Float64Array(0);
    this.digits = new Uint8Array(0);
    this.verbatim = new VerbatimCells();
  }

  build(idHint: boolean): Column {
    if (this.texts !== undefined) {
      const first = this.textExamples[0];
      return first === undefined
        ? { kind: 'text', name: this.name, values: this.texts, numericCells: this.numericCells }
        : { kind: 'text', name: this.name, values: this.texts, firstText: first, numericCells: this.numericCells };
    }
    const n = this.length;
    // A small overshoot is kept as a view; a large one is copied once to give the memory back.
    const shrink = this.numbers.length - n > (n >> 3) + 64;
    const values = shrink ? this.numbers.slice(0, n) : this.numbers.subarray(0, n);
    const spellings = this.verbatim.build(shrink ? this.digits.slice(0, n) : this.digits.subarray(0, n));
    const idKind = idLikeKind(this.name, values, this.missing, idHint);
    return idKind === undefined
      ? { kind: 'numeric', name: this.name, values, missing: this.missing, idLike: false, spellings }
      : { kind: 'numeric', name: this.name, values, missing: this.missing, idLike: true, idKind, spellings };
  }

  mostlyNumeric(): MostlyNumericColumn | undefined {
    if (this.texts === undefined || this.numericCells === 0) { return undefined; }
    // "Mostly": at least 9 numbers per text cell.
    if (this.textCells * 9 > this.numericCells) { return undefined; }
    return { name: this.name, numericCells: this.numericCells, textCells: this.textCells, examples: this.textExamples.slice() };
  }
}

const ID_NAME = /^(?:id|ids|index|idx|#|no|no\.|nr|num|row|rownum|row_?id|row_?number|record_?id|sample_?id|unnamed: ?0|.*[_ ]id)$/i;

/**
 * Row identifiers carry no information about the rows, and a model fed with them clusters by file
 * order. A column is id-like when it holds integers, none missing, and either its name says so
 * (id, index, #, row, …_id, or no name at all: pandas' index), or, over at least 3 rows, it counts
 * up (strictly increasing) or is a shuffled row number (every integer of min..max exactly once).
 * Returns which of these it is, or undefined for a column that is not id-like.
 */
export function idLikeKind(name: string, values: Float64Array, missing: number, unnamed: boolean): IdKind | undefined {
  const n = values.length;
  if (n === 0 || missing > 0) { return undefined; }
  let increasing = true, min = Infinity, max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v)) { return undefined; }
    if (i > 0 && !(v > values[i - 1]!)) { increasing = false; }
    if (v < min) { min = v; }
    if (v > max) { max = v; }
  }
  if (unnamed) { return 'unnamed'; }
  if (ID_NAME.test(name.trim())) { return 'named'; }
  if (n < 3) { return undefined; }
  if (increasing) { return 'counting'; }
  if (max - min !== n - 1) { return undefined; }
  const seen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const at = values[i]! - min;
    if (seen[at]) { return undefined; }
    seen[at] = 1;
  }
  return 'row-numbers';
}

/**
 * Header names as the user will see them: trimmed, empty ones named after their position
 * ("column3"), duplicates suffixed ("x", "x_2"), and no name clashing with another.
 */
export function uniqueNames(raw: readonly string[]): string[] {
  const names = raw.map((r, j) => r.trim() === '' ? `column${j + 1}` : r.trim());
  const used = new Set<string>();
  const out: string[] = [];
  const original = new Set(names);
  for (const name of names) {
    let candidate = name;
    for (let k = 2; used.has(candidate) || (candidate !== name && original.has(candidate)); k++) { candidate = `${name}_${k}`; }
    used.add(candidate);
    out.push(candidate);
  }
  return out;
}
