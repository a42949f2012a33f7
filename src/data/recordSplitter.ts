// Finds where records end, incrementally and without ever re-scanning text. Papaparse decides
// record ends by searching forward from a record's start, so fed a growing partial line it scans
// it again for every new chunk (quadratic on a long line or an unmatched quote); this state machine
// sees each character once. Its quote rules copy papaparse 5.7 exactly (a property test holds it
// to that), so the batches it cuts parse to the same rows as the whole file would:
//  - a quote opens a quoted field only as the first character of the field;
//  - inside quotes, "" is a literal quote;
//  - a quote followed by optional whitespace (String#trim's) and then the delimiter or the newline
//    closes the field; any other quote is literal and the field stays open;
//  - a quote as the last character of the input closes the field; an unclosed quote runs to the end.
// The same machine drives the labelled writer over the original bytes, so the writer appends to
// exactly the records the reader read.

import { CsvError } from './csvError';

const enum S { FieldStart, Unquoted, Quoted, AfterQuote, QuoteWs }

const QUOTE = 0x22, LF = 0x0a, CR = 0x0d;

/** The characters String#trim removes, which papaparse allows between a closing quote and the delimiter. */
export function isTrimWhitespace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a)
    || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

export type Newline = '\r\n' | '\n' | '\r';

/** What the machine reports after each character. */
export const enum Step { None = 0, RecordEnd = 1 }

/**
 * The state machine over code points (UTF-16 units for text; decoded code points for bytes).
 * It tracks the number of fields of the open record and its starting line.
 */
export class QuoteMachine {
  private state = S.FieldStart;
  private pendingCr = false;
  /** Fields of the record being read so far, counting the open one. */
  fields = 1;
  /** 1-based line where the open record starts, and the current line. */
  recordLine = 1;
  line = 1;
  /** Whether the open record has any character yet (a blank line has none). */
  started = false;
  private readonly nlChar: number;
  private readonly crlf: boolean;
  private readonly delim: number;

  constructor(delimiter: string, newline: Newline) {
    this.delim = delimiter.charCodeAt(0);
    this.crlf = newline === '\r\n';
    this.nlChar = newline === '\r' ? CR : LF;
  }

  get inQuotes(): boolean { return this.state === S.Quoted || this.state === S.QuoteWs || this.state === S.AfterQuote; }

  /** Feeds one code point; returns RecordEnd when it completed a record's terminator. */
  step(c: number): Step {
    this.started = true;
    if (this.pendingCr) {
      this.pendingCr = false;
      if (c === LF) { return this.endRecord(); }
      // The CR was not a terminator: content in an unquoted field, whitespace after a quote.
      this.state = this.state === S.FieldStart || this.state === S.Unquoted ? S.Unquoted : S.QuoteWs;
    }
    let st = this.state;
    if (st === S.Quoted) {
      if (c === QUOTE) { this.state = S.AfterQuote; } else if (c === this.nlChar) { this.line++; }
      return Step.None;
    }
    if (st === S.FieldStart && c === QUOTE) { this.state = S.Quoted; return Step.None; }
    if (st === S.AfterQuote) {
      if (c === QUOTE) { this.state = S.Quoted; return Step.None; }
      // A quote that is not doubled may close the field: the same rules as after whitespace.
      st = S.QuoteWs;
    }
    if (st === S.QuoteWs && c === QUOTE) { this.state = S.AfterQuote; return Step.None; }
    if (c === this.delim) { this.fields++; this.state = S.FieldStart; return Step.None; }
    if (this.crlf) {
      if (c === CR) { this.pendingCr = true; this.state = st === S.QuoteWs ? S.QuoteWs : this.state; return Step.None; }
    } else if (c === this.nlChar) { return this.endRecord(); }
    if (st === S.QuoteWs) {
      if (c === this.nlChar) { this.line++; }
      this.state = isTrimWhitespace(c) ? S.QuoteWs : S.Quoted;
    } else {
      this.state = S.Unquoted;
    }
    return Step.None;
  }

  /** Accounts for `count` records of one line each, read without stepping (no quotes in them). */
  skipLines(count: number): void {
    this.line += count;
    this.recordLine = this.line;
  }

  /** True at the start of a record, with no state carried from earlier characters. */
  get atRecordStart(): boolean { return !this.started; }

  private endRecord(): Step {
    this.state = S.FieldStart;
    this.fields = 1;
    this.line++;
    this.recordLine = this.line;
    this.started = false;
    return Step.RecordEnd;
  }
}

export interface RecordBatch {
  /** Complete records, each followed by its terminator except possibly the last one of the file. */
  readonly text: string;
  readonly count: number;
  /** Per record: offset of its first character in `text`, of the end of its content (where its terminator starts), its field count (-1 = not counted), its 1-based starting line. */
  readonly starts: number[];
  readonly ends: number[];
  readonly fields: number[];
  readonly lines: number[];
  /** False only for a final record that ends the file without a terminator. */
  readonly endsWithTerminator: boolean;
}

export const DEFAULT_MAX_RECORD_CHARS = 64 * 1024 * 1024;

/** Cuts decoded text pieces into batches of whole records. */
export class RecordSplitter {
  private readonly machine: QuoteMachine;
  private pending: string[] = [];
  private pendingLength = 0;
  private readonly nlLength: number;

  /** countFields: step through every character so each record's field count is known (tests). */
  constructor(delimiter: string, private readonly newline: Newline, private readonly maxRecordChars = DEFAULT_MAX_RECORD_CHARS,
    private readonly countFields = false) {
    this.machine = new QuoteMachine(delimiter, newline);
    this.nlLength = newline.length;
  }

  /** Feeds the next piece of text; returns the records it completed, or undefined. */
  push(piece: string): RecordBatch | undefined {
    const m = this.machine;
    const base = this.pendingLength;
    const starts: number[] = [], ends: number[] = [], fields: number[] = [], lines: number[] = [];
    const nl = this.newline, nlLength = this.nlLength;
    // Past the last quote of the piece, records are plain lines: find them with indexOf instead of
    // stepping through every character. Their field count is left to the parser (-1).
    const lastQuote = this.countFields ? piece.length : piece.lastIndexOf('"');
    let recordStart = 0; // offset in the batch text of the open record
    let cut = -1;
    let i = 0;
    while (i < piece.length) {
      if (i > lastQuote && m.atRecordStart) {
        let lineCount = 0;
        for (let p = piece.indexOf(nl, i); p >= 0; p = piece.indexOf(nl, i)) {
          starts.push(base + i);
          ends.push(base + p);
          fields.push(-1);
          lines.push(m.line + lineCount);
          lineCount++;
          i = p + nlLength;
        }
        if (lineCount > 0) { m.skipLines(lineCount); cut = i; recordStart = base + i; }
        // The rest (an unfinished line) goes through the machine, so a CR split from its LF is seen.
        if (i >= piece.length) { break; }
      }
      const fieldsBefore = m.fields, lineBefore = m.recordLine;
      if (m.step(piece.charCodeAt(i)) === Step.RecordEnd) {
        const end = base + i + 1;
        starts.push(recordStart);
        ends.push(end - nlLength);
        fields.push(fieldsBefore);
        lines.push(lineBefore);
        recordStart = end;
        cut = i + 1;
      }
      i++;
    }
    if (cut < 0) {
      this.keep(piece);
      return undefined;
    }
    this.pending.push(piece.slice(0, cut));
    const text = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    if (cut < piece.length) { this.keep(piece.slice(cut)); }
    return { text, count: starts.length, starts, ends, fields, lines, endsWithTerminator: true };
  }

  /** Ends the input: returns the final record when the file does not end with a terminator. */
  finish(): RecordBatch | undefined {
    const m = this.machine;
    if (this.pendingLength === 0 && !m.started) { return undefined; }
    const text = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    const batch: RecordBatch = {
      text, count: 1, starts: [0], ends: [text.length], fields: [m.fields], lines: [m.recordLine], endsWithTerminator: false,
    };
    return batch;
  }

  /** True when the open record is inside a quoted field (used to explain a runaway record). */
  get inQuotes(): boolean { return this.machine.inQuotes; }
  get openRecordLine(): number { return this.machine.recordLine; }

  private keep(text: string): void {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength > this.maxRecordChars) {
      const mb = Math.round(this.maxRecordChars / (1024 * 1024));
      if (this.machine.inQuotes) {
        throw new CsvError('record-too-long',
          `A quoted field starting on line ${this.machine.recordLine} is still open after ${mb} MB of text: a quote (") is probably never closed.`,
          'Check that line for a stray double quote, or close the quote, and open the file again.');
      }
      throw new CsvError('record-too-long',
        `Line ${this.machine.recordLine} is longer than ${mb} MB, which is not a table Cluster Lens can read.`,
        'Check that the file is a CSV with one row per line.');
    }
  }
}
