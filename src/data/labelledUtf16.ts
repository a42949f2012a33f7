// The labelled writer for UTF-16 files (rare: only with a BOM). It runs the reader's QuoteMachine
// over the code units of the original bytes and copies every byte as it came, inserting the cells
// (widened to UTF-16) just before each terminator. UTF-8 files take the faster labelledUtf8.

import type { AppendedCells } from './appendedCells';
import type { ByteSource } from './byteSource';
import type { Dialect } from './dialect';
import { isBlankRecordText } from './recordRule';
import { QuoteMachine, Step, type Newline } from './recordSplitter';
import { concatBytes } from './textDecoding';

const OUT_CHUNK = 1 << 20;

/** Yields the labelled file; `header` is the header's cells in the file's encoding. */
export async function* writeLabelledUtf16(source: ByteSource, dialect: Dialect, cells: AppendedCells, header: Uint8Array): AsyncGenerator<Uint8Array> {
  const bigEndian = dialect.encoding === 'utf-16be';
  const delimiter = utf16(dialect.delimiter, bigEndian);
  const ascii = new Uint8Array(cells.maxBytes + 1);
  const out: Uint8Array[] = [];
  let size = 0;
  const put = (...parts: Uint8Array[]): void => {
    for (const p of parts) { if (p.length > 0) { out.push(p); size += p.length; } }
  };
  const onRecord = (rec: ScannedRecord): void => {
    if (rec.blank) { put(rec.content, rec.terminator); return; }
    const end = cells.write(ascii, 0, rec.fields);
    const added = cells.lastWasHeader ? header : widen(ascii.subarray(0, end), bigEndian);
    // A file whose rows end with a delimiter keeps that style: the cells go before it.
    if (dialect.trailingDelimiter && endsWith(rec.content, delimiter)) {
      put(rec.content, added.subarray(delimiter.length), delimiter, rec.terminator);
    } else {
      put(rec.content, added, rec.terminator);
    }
  };
  const scanner = new RecordScanner(dialect, bigEndian);
  for await (const chunk of source.chunks) {
    scanner.push(chunk, onRecord, put);
    if (size >= OUT_CHUNK) { yield concatBytes(out.splice(0)); size = 0; }
  }
  scanner.finish(onRecord, put);
  if (size > 0) { yield concatBytes(out); }
}

interface ScannedRecord {
  /** Bytes of the record without its terminator. */
  content: Uint8Array;
  terminator: Uint8Array;
  fields: number;
  blank: boolean;
}

/** Finds records in UTF-16 bytes with the reader's QuoteMachine, which sees the code units. */
class RecordScanner {
  private readonly machine: QuoteMachine;
  /** Bytes before the table that are copied as they are: the BOM and Excel's sep= line. */
  private preambleDone = false;
  private head: Uint8Array[] = [];
  private record: Uint8Array[] = [];
  private odd = -1;
  private blankSoFar = true;
  private chunk: Uint8Array = new Uint8Array(0);
  private chunkStart = 0;

  constructor(private readonly dialect: Dialect, private readonly bigEndian: boolean) {
    this.machine = new QuoteMachine(dialect.delimiter, dialect.newline as Newline);
  }

  push(chunk: Uint8Array, onRecord: (r: ScannedRecord) => void, put: (...parts: Uint8Array[]) => void): void {
    let bytes = chunk;
    if (!this.preambleDone) {
      this.head.push(chunk);
      const joined = concatBytes(this.head);
      if (joined.length < 64) { return; }
      this.head = [];
      bytes = this.takePreamble(joined, put);
    }
    this.scan(bytes, onRecord);
  }

  finish(onRecord: (r: ScannedRecord) => void, put: (...parts: Uint8Array[]) => void): void {
    if (!this.preambleDone) {
      const joined = concatBytes(this.head);
      this.head = [];
      this.scan(this.takePreamble(joined, put), onRecord);
    }
    let content = concatBytes(this.record);
    // An odd number of bytes: the last one belongs to no code unit. The reader left it out, so it
    // is no part of the last record: the cells go before it and it is copied back last.
    const stray = this.odd >= 0 ? content.slice(content.length - 1) : undefined;
    if (stray !== undefined) { content = content.subarray(0, content.length - 1); }
    if (content.length > 0 || this.machine.started) {
      onRecord({ content, terminator: new Uint8Array(0), fields: this.machine.fields, blank: this.isBlank(this.machine.fields, content, false) });
    }
    if (stray !== undefined) { put(stray); }
  }

  private takePreamble(bytes: Uint8Array, put: (...parts: Uint8Array[]) => void): Uint8Array {
    let skip = this.dialect.bom ? 2 : 0;
    if (this.dialect.sepLine) {
      const units: number[] = [];
      for (let i = skip; i + 2 <= bytes.length && units.length < 8; i += 2) { units.push(this.unitOf(bytes[i]!, bytes[i + 1]!)); }
      const m = /^sep=.(\r\n|\n|\r|$)/i.exec(String.fromCharCode(...units));
      if (m) { skip += m[0].length * 2; }
    }
    this.preambleDone = true;
    put(bytes.subarray(0, skip));
    return bytes.subarray(skip);
  }

  private unitOf(first: number, second: number): number { return this.bigEndian ? (first << 8) | second : first | (second << 8); }

  private scan(bytes: Uint8Array, onRecord: (r: ScannedRecord) => void): void {
    this.chunk = bytes;
    this.chunkStart = 0;
    for (let i = 0; i < bytes.length; i++) {
      if (this.odd < 0) { this.odd = bytes[i]!; continue; }
      const u = this.unitOf(this.odd, bytes[i]!);
      this.odd = -1;
      this.unitAt(u, i, onRecord);
    }
    if (this.chunkStart < bytes.length) { this.record.push(bytes.subarray(this.chunkStart)); }
  }

  /** Feeds one code unit that ended at byte `i` of the current chunk. */
  private unitAt(c: number, i: number, onRecord: (r: ScannedRecord) => void): void {
    const fields = this.machine.fields;
    if (this.machine.step(c) !== Step.RecordEnd) {
      if (!isSpace(c)) { this.blankSoFar = false; }
      return;
    }
    const end = i + 1;
    this.record.push(this.chunk.subarray(this.chunkStart, end));
    this.chunkStart = end;
    const all = concatBytes(this.record);
    this.record = [];
    // The newline, or a lone LF ending a line of a CRLF file.
    const terminatorBytes = this.machine.terminatorLength * 2;
    const content = all.subarray(0, all.length - terminatorBytes);
    onRecord({ content, terminator: all.subarray(all.length - terminatorBytes), fields, blank: this.isBlank(fields, content, true) });
  }

  /**
   * Whether the record is blank by the reader's rule (recordRule.ts). A character that is neither
   * space nor quote is always part of the value, so only records of spaces and quotes (rare: "",
   * "  ") are decoded and handed to the rule.
   */
  private isBlank(fields: number, content: Uint8Array, terminated: boolean): boolean {
    const maybe = fields === 1 && this.blankSoFar;
    this.blankSoFar = true;
    if (!maybe) { return false; }
    if (content.length === 0) { return true; }
    // ignoreBOM: a U+FEFF starting a record is a character of it, as it was for the reader.
    return isBlankRecordText(new TextDecoder(this.dialect.encoding, { ignoreBOM: true }).decode(content), terminated, this.dialect);
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c || c === 0xa0 || c === 0xfeff || c === 0x1680
    || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0x22;
}

/** ASCII bytes as UTF-16 code units. */
function widen(ascii: Uint8Array, bigEndian: boolean): Uint8Array {
  const out = new Uint8Array(ascii.length * 2);
  for (let i = 0; i < ascii.length; i++) { out[2 * i + (bigEndian ? 1 : 0)] = ascii[i]!; }
  return out;
}

export function utf16(s: string, bigEndian: boolean): Uint8Array {
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[2 * i + (bigEndian ? 0 : 1)] = c >> 8;
    out[2 * i + (bigEndian ? 1 : 0)] = c & 0xff;
  }
  return out;
}

function endsWith(content: Uint8Array, suffix: Uint8Array): boolean {
  if (content.length < suffix.length) { return false; }
  for (let i = 0; i < suffix.length; i++) { if (content[content.length - suffix.length + i] !== suffix[i]) { return false; } }
  return true;
}
