// The labelled writer for UTF-8 files. The reader's own RecordSplitter finds the records in the
// original bytes, so the writer appends to exactly the records the reader read; the bytes between
// two insertion points (a terminator, the next record's content) are copied in one piece, and the
// cells are written straight into the output buffer.

import type { AppendedCells } from './appendedCells';
import type { ByteSource } from './byteSource';
import type { Dialect } from './dialect';
import { isBlankRecordText, recordParser } from './recordRule';
import { countByte, RecordSplitter, type Newline, type RecordBatch } from './recordSplitter';
import { concatBytes, decodeWindows1252 } from './textDecoding';

const CR = 0x0d, LF = 0x0a, QUOTE = 0x22;
const OUT_CHUNK = 1 << 20;
/** Enough of the file to hold a BOM and Excel's sep= line. */
const PREAMBLE_BYTES = 64;

/** Yields the labelled file in chunks of about a megabyte. */
export async function* writeLabelledUtf8(source: ByteSource, dialect: Dialect, cells: AppendedCells): AsyncGenerator<Uint8Array> {
  const out = new ByteOutput();
  const writer = new BatchWriter(dialect, cells, out);
  // The whole file is one table the reader accepted: no record is too long to hold.
  const splitter = new RecordSplitter(dialect.delimiter, dialect.newline as Newline, Infinity);
  let head: Uint8Array[] | undefined = [];
  let headBytes = 0;
  for await (const chunk of source.chunks) {
    let bytes = chunk;
    if (head !== undefined) {
      head.push(chunk);
      headBytes += chunk.length;
      if (headBytes < PREAMBLE_BYTES) { continue; }
      bytes = copyPreamble(concatBytes(head), dialect, out);
      head = undefined;
    }
    const batch = splitter.push(bytes);
    if (batch) { writer.write(batch); }
    if (out.total >= OUT_CHUNK) { yield* out.take(); }
  }
  if (head !== undefined) {
    const batch = splitter.push(copyPreamble(concatBytes(head), dialect, out));
    if (batch) { writer.write(batch); }
  }
  const last = splitter.finish();
  if (last) { writer.write(last); }
  yield* out.take();
}

/** Copies the bytes before the table (the BOM, the sep= line) as they are; returns the rest. */
function copyPreamble(bytes: Uint8Array, dialect: Dialect, out: ByteOutput): Uint8Array {
  let skip = dialect.bom ? 3 : 0;
  if (dialect.sepLine) {
    const m = /^sep=.(\r\n|\n|\r|$)/i.exec(String.fromCharCode(...bytes.subarray(skip, skip + 8)));
    if (m) { skip += m[0].length; }
  }
  out.copy(bytes, 0, skip);
  return bytes.subarray(skip);
}

/** Walks the records of each batch and writes them with their cells. */
class BatchWriter {
  private readonly delimiter: number;
  private readonly lineEnd: number;
  private readonly crlf: boolean;
  private parser: ReturnType<typeof recordParser> | undefined;

  constructor(private readonly dialect: Dialect, private readonly cells: AppendedCells, private readonly out: ByteOutput) {
    this.delimiter = dialect.delimiter.charCodeAt(0);
    this.lineEnd = dialect.newline === '\r' ? CR : LF;
    this.crlf = dialect.newline === '\r\n';
  }

  write(batch: RecordBatch): void {
    const { bytes } = batch;
    const { delimiter, lineEnd, crlf } = this;
    // Bytes from `copied` on are not in the output yet; they go in one piece up to the next insertion.
    let copied = 0;
    if (batch.quoteFree) {
      const length = bytes.length;
      let p = 0, records = 0;
      while (p < length) {
        const start = p;
        let fields = 1;
        for (; p < length; p++) {
          const b = bytes[p]!;
          if (b === lineEnd) { break; }
          if (b === delimiter) { fields++; }
        }
        // The file's last record may have no terminator; then a CR it ends with is content.
        const terminated = p < length;
        const end = terminated && crlf && p > start && bytes[p - 1] === CR ? p - 1 : p;
        if (terminated) { p++; }
        records++;
        copied = this.record(bytes, start, end, fields, copied, terminated);
      }
      batch.countedBy(records);
    } else {
      const { starts, ends, fields } = batch.index;
      for (let i = 0; i < batch.count; i++) {
        const start = starts[i]!, end = ends[i]!;
        // Lines past the last quote of a chunk were not stepped: they have no quote, so counting delimiters is enough.
        const f = fields[i]! >= 0 ? fields[i]! : countByte(bytes, delimiter, start, end) + 1;
        copied = this.record(bytes, start, end, f, copied, i + 1 < batch.count || batch.endsWithTerminator);
      }
    }
    this.out.copy(bytes, copied, bytes.length);
  }

  /** Writes the bytes up to the record's insertion point and its cells; returns where copying resumes. */
  private record(bytes: Uint8Array, start: number, end: number, fields: number, copied: number, terminated: boolean): number {
    if (fields === 1 && this.isBlank(bytes, start, end, terminated)) { return copied; }
    const out = this.out;
    // A file whose rows end with a delimiter keeps that style: the cells go before it.
    const trailing = this.dialect.trailingDelimiter && end > start && bytes[end - 1] === this.delimiter;
    const insertAt = trailing ? end - 1 : end;
    out.copy(bytes, copied, insertAt);
    out.reserve(this.cells.maxBytes + 1);
    let at = this.cells.write(out.buffer, out.size, fields);
    if (trailing) { out.buffer[at++] = this.delimiter; }
    out.size = at;
    return end;
  }

  private isBlank(bytes: Uint8Array, start: number, end: number, terminated: boolean): boolean {
    return isBlankRecordBytes(bytes, start, end, terminated, this.dialect, () => (this.parser ??= recordParser(this.dialect)));
  }
}

/**
 * Whether the record bytes[start, end) is blank by the reader's rule (recordRule.ts), in a UTF-8 or
 * Windows-1252 file. A byte that is neither ASCII space nor quote nor part of a multi-byte
 * character is always part of the value, so only records of those bytes are decoded and handed to
 * the rule. Also for the streaming passes (streamingLabel.ts, reservoirSample.ts).
 */
export function isBlankRecordBytes(bytes: Uint8Array, start: number, end: number, terminated: boolean, dialect: Dialect,
  parser: () => ReturnType<typeof recordParser> = () => recordParser(dialect)): boolean {
  let plain = true;
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if (b === 0x20 || (b >= 0x09 && b <= 0x0d)) { continue; }
    if (b !== QUOTE && b < 0x80) { return false; }
    plain = false;
  }
  if (plain) { return true; }
  // As the reader decoded it: in Windows-1252, A0 is a no-break space that trims away.
  const content = bytes.subarray(start, end);
  const text = dialect.encoding === 'windows-1252' ? decodeWindows1252(content) : new TextDecoder('utf-8', { ignoreBOM: true }).decode(content);
  return isBlankRecordText(text, terminated, dialect, text.includes('"') ? parser() : undefined);
}

/** The output in buffers of about OUT_CHUNK bytes, written in place and handed out whole. */
class ByteOutput {
  private done: Uint8Array[] = [];
  private doneBytes = 0;
  buffer = new Uint8Array(OUT_CHUNK + (OUT_CHUNK >> 2));
  /** Bytes used in `buffer`. */
  size = 0;

  /** Makes room for n more bytes in `buffer` at `size`. */
  reserve(n: number): void {
    if (this.size + n <= this.buffer.length) { return; }
    this.retire();
    if (n > this.buffer.length) { this.buffer = new Uint8Array(n); }
  }

  copy(bytes: Uint8Array, from: number, to: number): void {
    const n = to - from;
    if (n <= 0) { return; }
    this.reserve(Math.min(n, OUT_CHUNK));
    if (n > this.buffer.length - this.size) {
      // A run longer than a buffer (a huge quoted cell) goes out as it is, uncopied.
      this.retire();
      this.done.push(bytes.subarray(from, to));
      this.doneBytes += n;
      return;
    }
    if (n < 64) {
      const buf = this.buffer;
      let at = this.size;
      for (let i = from; i < to; i++) { buf[at++] = bytes[i]!; }
      this.size = at;
    } else {
      this.buffer.set(bytes.subarray(from, to), this.size);
      this.size += n;
    }
  }

  /** Everything written so far, in pieces; the buffers handed out are never written again. */
  take(): Uint8Array[] {
    this.retire();
    const parts = this.done;
    this.done = [];
    this.doneBytes = 0;
    return parts;
  }

  get total(): number { return this.doneBytes + this.size; }

  private retire(): void {
    if (this.size === 0) { return; }
    this.done.push(this.buffer.subarray(0, this.size));
    this.doneBytes += this.size;
    this.buffer = new Uint8Array(this.buffer.length);
    this.size = 0;
  }
}
