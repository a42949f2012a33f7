// Finds where records end in UTF-8 bytes, incrementally and without ever re-scanning. Papaparse
// decides record ends by searching forward from a record's start, so fed a growing partial line it
// scans it again for every new chunk (quadratic on a long line or an unmatched quote); this state
// machine sees each byte once, and past a chunk's last quote it only looks for line breaks. Its
// quote rules copy papaparse 5.7 exactly (a property test holds it to that), so the batches it
// cuts parse to the same rows as the whole file would:
//  - a quote opens a quoted field only as the first character of the field;
//  - inside quotes, "" is a literal quote;
//  - a quote followed by optional whitespace (String#trim's) and then the delimiter or the newline
//    closes the field; any other quote is literal and the field stays open;
//  - a quote as the last character of the input closes the field; an unclosed quote runs to the end.
// One difference, on purpose: in a CRLF file a lone LF ends a line too (as in pandas); papaparse
// is handed such batches with the LF spelled CRLF. The same splitter drives the labelled writer
// over the original bytes, so the writer appends to exactly the records the reader read.

import { CsvError } from './csvError';
import { concatBytes } from './textDecoding';

const enum S { FieldStart, Unquoted, Quoted, AfterQuote, QuoteWs }

const QUOTE = 0x22, LF = 0x0a, CR = 0x0d, REPLACEMENT = 0xfffd;

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
  /** Of the record ended last: units of its terminator (the newline's, or 1 for a lone LF in a CRLF file), its fields, its first line. */
  terminatorLength = 1;
  endedFields = 1;
  endedLine = 1;
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
      if (c === LF) { return this.endRecord(2); }
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
      // One line edited on Unix leaves a lone LF; pandas ends the line there, and so do we.
      if (c === LF) { return this.endRecord(1); }
    } else if (c === this.nlChar) { return this.endRecord(1); }
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

  private endRecord(terminatorLength: number): Step {
    this.terminatorLength = terminatorLength;
    this.endedFields = this.fields;
    this.endedLine = this.recordLine;
    this.state = S.FieldStart;
    this.fields = 1;
    this.line++;
    this.recordLine = this.line;
    this.started = false;
    return Step.RecordEnd;
  }
}

/**
 * Per record of a batch: the offset of its first byte, of the end of its content (its terminator
 * runs to the next record's start), its field count (-1 = not counted), its 1-based first line.
 */
export interface RecordIndex {
  readonly starts: readonly number[];
  readonly ends: readonly number[];
  readonly fields: readonly number[];
  readonly lines: readonly number[];
}

/** Whole records of UTF-8 bytes, each followed by its terminator except possibly the last one of the file. */
export class RecordBatch {
  private built: RecordIndex | undefined;

  constructor(
    readonly bytes: Uint8Array,
    /** No quote anywhere: each record is one line, and every line break ends one. */
    readonly quoteFree: boolean,
    /** False only for a final record that ends the file without a terminator. */
    readonly endsWithTerminator: boolean,
    private readonly newline: Newline,
    /** The records the quote machine stepped through, which come first… */
    private readonly stepped: RecordIndex,
    /** …then plain lines from this offset to the end, the first on this line… */
    private readonly plainFrom: number,
    private readonly plainLine: number,
    /** …this many (-1: not counted yet; the fast scanner counts them as it reads them). */
    private plainCount: number,
  ) {}

  get count(): number {
    if (this.plainCount < 0) { this.plainCount = countByte(this.bytes, this.newline === '\r' ? CR : LF, this.plainFrom, this.bytes.length); }
    return this.stepped.lines.length + this.plainCount;
  }

  /** Tells the batch its number of records, counted by whoever read them all. */
  countedBy(records: number): void { this.plainCount = records - this.stepped.lines.length; }

  /** Plain lines, for the splitter's line count. */
  get plainLines(): number { return this.count - this.stepped.lines.length; }

  /** Line of the first record. */
  get firstLine(): number { return this.stepped.lines.length > 0 ? this.stepped.lines[0]! : this.plainLine; }

  /** Bounds of every record: a quote-free batch is read without it, so it is made on demand. */
  get index(): RecordIndex {
    if (this.built !== undefined) { return this.built; }
    const { bytes } = this;
    const count = this.count;
    const starts = this.stepped.starts.slice(), ends = this.stepped.ends.slice(), fields = this.stepped.fields.slice(), lines = this.stepped.lines.slice();
    const lineEnd = this.newline === '\r' ? CR : LF, crlf = this.newline === '\r\n';
    for (let at = this.plainFrom, line = this.plainLine; starts.length < count; line++) {
      const p = bytes.indexOf(lineEnd, at);
      starts.push(at);
      ends.push(crlf && p > at && bytes[p - 1] === CR ? p - 1 : p);
      fields.push(-1);
      lines.push(line);
      at = p + 1;
    }
    this.built = { starts, ends, fields, lines };
    return this.built;
  }
}

export const DEFAULT_MAX_RECORD_CHARS = 64 * 1024 * 1024;

/** Cuts UTF-8 chunks into batches of whole records. */
export class RecordSplitter {
  private readonly machine: QuoteMachine;
  private pending: Uint8Array[] = [];
  private pendingLength = 0;
  private pendingQuote = false;
  /** The last batch, while its plain lines are not yet in the machine's line count. */
  private unsettled: RecordBatch | undefined;
  private readonly lineEnd: number;
  // The UTF-8 sequence being decoded for the machine (which decides on code points).
  private need = 0;
  private cp = 0;
  private min = 0;

  /** countFields: step through every byte so each record's field count is known (tests). */
  constructor(delimiter: string, private readonly newline: Newline, private readonly maxRecordChars = DEFAULT_MAX_RECORD_CHARS,
    private readonly countFields = false) {
    this.machine = new QuoteMachine(delimiter, newline);
    this.lineEnd = newline === '\r' ? CR : LF;
  }

  /** Feeds the next chunk; returns the records it completed, or undefined. */
  push(chunk: Uint8Array): RecordBatch | undefined {
    this.settle();
    const m = this.machine;
    const base = this.pendingLength;
    const starts: number[] = [], ends: number[] = [], fields: number[] = [], lines: number[] = [];
    // Past the last quote of the chunk, records are plain lines: found with lastIndexOf and counted
    // instead of stepped through byte by byte. Their field count is left to the parser (-1).
    const lastQuote = this.countFields ? chunk.length : chunk.lastIndexOf(QUOTE);
    let plainFrom = -1, plainLine = m.line, plainCount = 0;
    let recordStart = 0; // offset in the batch of the open record
    let cut = -1;
    let i = 0;
    while (i < chunk.length) {
      if (i > lastQuote && m.atRecordStart && this.need === 0) {
        const last = chunk.lastIndexOf(this.lineEnd);
        if (last >= i) {
          // Counted later, by the fast scanner as it reads them if it does (see settle).
          plainFrom = base + i;
          plainLine = m.line;
          plainCount = -1;
          i = cut = last + 1;
        }
        // The rest (an unfinished line) goes through the machine, so a CR split from its LF is seen.
        if (i >= chunk.length) { break; }
      }
      const b = chunk[i]!;
      if ((this.need > 0 || b >= 0x80) && this.stepNonAscii(b)) { i++; continue; }
      if (m.step(b) === Step.RecordEnd) {
        starts.push(recordStart);
        ends.push(base + i + 1 - m.terminatorLength);
        fields.push(m.endedFields);
        lines.push(m.endedLine);
        recordStart = base + i + 1;
        cut = i + 1;
      }
      i++;
    }
    if (cut < 0) {
      this.keep(chunk, lastQuote >= 0);
      return undefined;
    }
    const firstQuote = lastQuote < 0 ? -1 : chunk.indexOf(QUOTE);
    const quoteFree = !this.pendingQuote && !(firstQuote >= 0 && firstQuote < cut);
    this.pending.push(chunk.subarray(0, cut));
    const bytes = concatBytes(this.pending);
    this.pending = [];
    this.pendingLength = 0;
    this.pendingQuote = false;
    const batch = new RecordBatch(bytes, quoteFree, true, this.newline,
      { starts, ends, fields, lines }, plainFrom < 0 ? bytes.length : plainFrom, plainLine, plainCount);
    if (plainCount < 0) { this.unsettled = batch; }
    if (cut < chunk.length) { this.keep(chunk.subarray(cut), lastQuote >= cut); }
    return batch;
  }

  /**
   * Adds the plain lines of the last batch to the line count, once they are counted: the reader
   * has read the batch by the time the splitter needs a line number again.
   */
  private settle(): void {
    if (this.unsettled === undefined) { return; }
    this.machine.skipLines(this.unsettled.plainLines);
    this.unsettled = undefined;
  }

  /** Ends the input: returns the final record when the file does not end with a terminator. */
  finish(): RecordBatch | undefined {
    this.settle();
    const m = this.machine;
    if (this.need > 0) { this.need = 0; m.step(REPLACEMENT); }
    if (this.pendingLength === 0 && !m.started) { return undefined; }
    const bytes = concatBytes(this.pending);
    const quoteFree = !this.pendingQuote;
    this.pending = [];
    this.pendingLength = 0;
    return new RecordBatch(bytes, quoteFree, false, this.newline,
      { starts: [0], ends: [bytes.length], fields: [m.fields], lines: [m.recordLine] }, bytes.length, m.line, 0);
  }

  /** True when the open record is inside a quoted field (used to explain a runaway record). */
  get inQuotes(): boolean { return this.machine.inQuotes; }
  get openRecordLine(): number { this.settle(); return this.machine.recordLine; }

  /**
   * Feeds a byte of a multi-byte character: the machine sees the code point (only whitespace after
   * a quote matters), an invalid sequence as U+FFFD like the decoder. False when the byte is ASCII
   * that interrupted a sequence, for the caller to step: only ASCII ends a record.
   */
  private stepNonAscii(b: number): boolean {
    const m = this.machine;
    if (this.need > 0) {
      if ((b & 0xc0) === 0x80) {
        this.cp = (this.cp << 6) | (b & 0x3f);
        if (--this.need === 0) { m.step(this.cp >= this.min && this.cp <= 0x10ffff && !(this.cp >= 0xd800 && this.cp <= 0xdfff) ? this.cp : REPLACEMENT); }
        return true;
      }
      // An interrupted sequence is one replacement character; the byte then counts on its own.
      this.need = 0;
      m.step(REPLACEMENT);
      if (b < 0x80) { return false; }
    }
    if (b >= 0xc2 && b <= 0xdf) { this.need = 1; this.cp = b & 0x1f; this.min = 0x80; }
    else if (b >= 0xe0 && b <= 0xef) { this.need = 2; this.cp = b & 0x0f; this.min = 0x800; }
    else if (b >= 0xf0 && b <= 0xf4) { this.need = 3; this.cp = b & 0x07; this.min = 0x10000; }
    else { m.step(REPLACEMENT); }
    return true;
  }

  private keep(bytes: Uint8Array, hasQuote: boolean): void {
    this.pending.push(bytes);
    this.pendingLength += bytes.length;
    this.pendingQuote ||= hasQuote;
    if (this.pendingLength > this.maxRecordChars) {
      this.settle();
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

/** How many times `byte` occurs in bytes[from, to). */
export function countByte(bytes: Uint8Array, byte: number, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) { if (bytes[i] === byte) { n++; } }
  return n;
}

/**
 * The batch from record `first` on with every terminator spelled as the newline, for papaparse,
 * which knows one newline: a CRLF file's lone LFs become CRLF (no cell includes its terminator).
 */
export function withUniformTerminators(batch: RecordBatch, first: number, newline: Newline): Uint8Array {
  const { bytes, count } = batch;
  const from = first < count ? batch.index.starts[first]! : bytes.length;
  if (newline !== '\r\n') { return bytes.subarray(from); }
  const { starts, ends } = batch.index;
  const parts: Uint8Array[] = [];
  let at = from;
  for (let i = first; i < count; i++) {
    const next = i + 1 < count ? starts[i + 1]! : bytes.length;
    if (next - ends[i]! !== 1) { continue; }
    parts.push(bytes.subarray(at, ends[i]), CRLF);
    at = next;
  }
  if (parts.length === 0) { return bytes.subarray(from); }
  parts.push(bytes.subarray(at));
  return concatBytes(parts);
}

const CRLF = new Uint8Array([CR, LF]);
