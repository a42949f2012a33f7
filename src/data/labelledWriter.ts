// Writes the original file back with the cluster columns appended. Nothing of the original is
// re-encoded: the writer re-reads the source bytes, runs the reader's own quote machine over them
// to find where each record's content ends, copies every byte as it came and inserts
// `<delimiter>new cells` just before each terminator. So the BOM, the line endings, a missing
// final newline, multi-line quoted cells and even invalid UTF-8 come out as they went in.
//
// Formula-looking cells (=cmd|…) are NOT prefixed or escaped: the contract is that the original
// bytes come back unchanged, and the only cells we add are numbers and our own column names.

import Papa from 'papaparse';
import type { ByteSource } from './byteSource';
import { CsvError } from './csvError';
import type { Dataset } from './csvReader';
import type { Dialect } from './dialect';
import { QuoteMachine, Step, type Newline } from './recordSplitter';

export interface ClusterAssignment {
  /** Number of clusters. */
  k: number;
  /** 0-based cluster of each fitted row (a row of the feature matrix); -1 = not clustered. Written 1-based. */
  labels: Int32Array | readonly number[];
  /** n × k membership probabilities, row-major, one row per fitted row. */
  probabilities: Float32Array | Float64Array;
  /** Dataset row of each fitted row (FeatureSelection.rowIndex). */
  rowIndex: Int32Array;
}

export interface LabelledColumnNames {
  cluster: string;
  probabilities: string[];
  certainty: string;
}

/** The appended column names, made unique against the file's own names (cluster → cluster_2). */
export function labelledColumnNames(existing: readonly string[], k: number): LabelledColumnNames {
  const taken = new Set(existing);
  const unique = (name: string): string => {
    let candidate = name;
    for (let i = 2; taken.has(candidate); i++) { candidate = `${name}_${i}`; }
    taken.add(candidate);
    return candidate;
  };
  const cluster = unique('cluster');
  const probabilities = Array.from({ length: k }, (_, j) => unique(`p_cluster${j + 1}`));
  return { cluster, probabilities, certainty: unique('certainty') };
}

/**
 * A probability in at most 6 significant digits without an exponent ("0.973451", "0.00012", "1",
 * "0"); below 1e-12 it is written as 0. With a decimal-comma dialect the point becomes a comma.
 */
export function formatProbability(p: number, decimal: '.' | ',' = '.'): string {
  let s: string;
  if (Number.isNaN(p)) { return ''; }
  if (p <= 0) { s = '0'; } else if (p >= 1) { s = '1'; } else {
    const r = Number(p.toPrecision(6));
    s = r >= 1e-6 ? String(r) : r < 1e-12 ? '0' : r.toFixed(17).replace(/0+$/, '');
  }
  return decimal === ',' ? s.replace('.', ',') : s;
}

const OUT_CHUNK = 1 << 20;

/**
 * Yields the labelled file in chunks. `source` must give the same bytes that were read into
 * `dataset`; if the rows no longer match, a CsvError says the file changed.
 */
export async function* writeLabelledCsv(source: ByteSource, dataset: Pick<Dataset, 'dialect' | 'nRows' | 'columns'>, assignment: ClusterAssignment): AsyncGenerator<Uint8Array> {
  const { dialect, nRows } = dataset;
  const { k, labels, probabilities, rowIndex } = assignment;
  if (!(k >= 1) || probabilities.length !== labels.length * k || rowIndex.length !== labels.length) {
    throw new CsvError('invalid-labels', 'The clustering result does not match the data (wrong number of rows or clusters).',
      'Run the clustering again before exporting.');
  }
  const fittedOf = new Int32Array(nRows).fill(-1);
  for (let i = 0; i < rowIndex.length; i++) {
    const r = rowIndex[i]!;
    if (r < 0 || r >= nRows) { throw new CsvError('invalid-labels', 'The clustering result refers to rows the file does not have.', 'Run the clustering again before exporting.'); }
    fittedOf[r] = i;
  }
  const names = labelledColumnNames(dataset.columns.map(c => c.name), k);
  const d = dialect.delimiter;
  const encode = encoderFor(dialect);
  const headerCells = encode(d + [names.cluster, ...names.probabilities, names.certainty].map(n => quoteIfNeeded(n, d)).join(d));
  const emptyCells = encode(d.repeat(k + 2));
  const probs = new Array<string>(k);
  const cellsOf = (datasetRow: number): Uint8Array => {
    const i = fittedOf[datasetRow]!;
    const label = i < 0 ? -1 : labels[i]!;
    if (label < 0) { return emptyCells; }
    let best = 0;
    for (let j = 0; j < k; j++) { const p = probabilities[i * k + j]!; if (p > best) { best = p; } probs[j] = formatProbability(p, dialect.decimal); }
    return encode(d + String(label + 1) + d + probs.join(d) + d + formatProbability(best, dialect.decimal));
  };
  const expectedFields = dataset.columns.length + (dialect.trailingDelimiter ? 1 : 0);

  const out = new OutputBuffer();
  const scanner = new RecordScanner(dialect);
  let headerDone = !dialect.hasHeader;
  let row = 0;
  let sawRecord = false;

  const onRecord = (rec: ScannedRecord): void => {
    if (rec.blank) { out.parts(rec.content, rec.terminator); return; }
    let cells: Uint8Array;
    if (!sawRecord && !headerDone) {
      headerDone = true;
      cells = headerCells;
    } else if (rec.fields === expectedFields) {
      if (row >= nRows) { throw changedError(); }
      cells = cellsOf(row++);
    } else {
      cells = emptyCells;
    }
    sawRecord = true;
    // A file whose rows end with a delimiter keeps that style: the cells go before it.
    if (dialect.trailingDelimiter && endsWithDelimiter(rec.content, rec.delimiterUnits)) {
      out.parts(rec.content, cells.subarray(rec.delimiterUnits.length), rec.delimiterUnits, rec.terminator);
    } else {
      out.parts(rec.content, cells, rec.terminator);
    }
  };

  for await (const chunk of source.chunks) {
    scanner.push(chunk, onRecord, out);
    if (out.size >= OUT_CHUNK) { yield out.take(); }
  }
  scanner.finish(onRecord, out);
  if (row !== nRows) { throw changedError(); }
  if (out.size > 0) { yield out.take(); }
}

/** Convenience for tests and small files: the whole labelled file as one array. */
export async function labelledCsvBytes(source: ByteSource, dataset: Pick<Dataset, 'dialect' | 'nRows' | 'columns'>, assignment: ClusterAssignment): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of writeLabelledCsv(source, dataset, assignment)) { parts.push(part); }
  return concat(parts);
}

function changedError(): CsvError {
  return new CsvError('read-failed', 'The file changed since it was read: its rows no longer match the clustering.',
    'Open the file again and re-run the clustering, then export.');
}

function quoteIfNeeded(name: string, d: string): string {
  return name.includes(d) || /["\r\n]/.test(name) ? `"${name.replace(/"/g, '""')}"` : name;
}

function encoderFor(dialect: Dialect): (s: string) => Uint8Array {
  if (dialect.encoding === 'utf-8') { const te = new TextEncoder(); return s => te.encode(s); }
  const be = dialect.encoding === 'utf-16be';
  return s => {
    const out = new Uint8Array(s.length * 2);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      out[2 * i + (be ? 0 : 1)] = c >> 8;
      out[2 * i + (be ? 1 : 0)] = c & 0xff;
    }
    return out;
  };
}

function endsWithDelimiter(content: Uint8Array[], delim: Uint8Array): boolean {
  const all = content.length === 1 ? content[0]! : concat(content);
  if (all.length < delim.length) { return false; }
  for (let i = 0; i < delim.length; i++) { if (all[all.length - delim.length + i] !== delim[i]) { return false; } }
  return true;
}

interface ScannedRecord {
  /** Bytes of the record without its terminator (views into the source chunks). */
  content: Uint8Array[];
  terminator: Uint8Array;
  fields: number;
  blank: boolean;
  delimiterUnits: Uint8Array;
}

/**
 * Finds records in the original bytes with the reader's QuoteMachine. Bytes are turned into the
 * code points the reader's decoder would have produced, enough for the machine to decide exactly
 * as it did on the text: ASCII as itself, a UTF-8 sequence as its code point (only whitespace
 * matters), an invalid byte as a non-space character, UTF-16 as its code units.
 */
class RecordScanner {
  private readonly machine: QuoteMachine;
  private readonly nlBytes: number;
  private readonly unitBytes: number;
  private readonly bigEndian: boolean;
  private readonly utf8: boolean;
  private readonly delimiterUnits: Uint8Array;
  /** Bytes before the table that are copied as they are: the BOM and Excel's sep= line. */
  private preambleDone = false;
  private head: Uint8Array[] = [];
  private record: Uint8Array[] = [];
  private recordBytes = 0;
  // UTF-8 decoding state
  private need = 0;
  private cp = 0;
  private min = 0;
  private odd = -1;
  private blankSoFar = true;

  constructor(private readonly dialect: Dialect) {
    this.machine = new QuoteMachine(dialect.delimiter, dialect.newline as Newline);
    this.utf8 = dialect.encoding === 'utf-8';
    this.bigEndian = dialect.encoding === 'utf-16be';
    this.unitBytes = this.utf8 ? 1 : 2;
    this.nlBytes = dialect.newline.length * this.unitBytes;
    this.delimiterUnits = encoderFor(dialect)(dialect.delimiter);
  }

  push(chunk: Uint8Array, onRecord: (r: ScannedRecord) => void, out: OutputBuffer): void {
    let bytes = chunk;
    if (!this.preambleDone) {
      this.head.push(chunk);
      const joined = concat(this.head);
      if (joined.length < 64) { return; }
      this.head = [];
      bytes = this.takePreamble(joined, out);
    }
    this.scan(bytes, onRecord);
  }

  finish(onRecord: (r: ScannedRecord) => void, out: OutputBuffer): void {
    if (!this.preambleDone) {
      const joined = concat(this.head);
      this.head = [];
      this.scan(this.takePreamble(joined, out), onRecord);
    }
    if (this.need > 0) { this.need = 0; this.unit(0xfffd); }
    if (this.recordBytes > 0 || this.machine.started) {
      onRecord({ content: this.record, terminator: new Uint8Array(0), fields: this.machine.fields, blank: this.isBlank(this.machine.fields), delimiterUnits: this.delimiterUnits });
    }
  }

  private takePreamble(bytes: Uint8Array, out: OutputBuffer): Uint8Array {
    let skip = 0;
    if (this.dialect.bom) { skip = this.utf8 ? 3 : 2; }
    if (this.dialect.sepLine) {
      const units: number[] = [];
      for (let i = skip; i + this.unitBytes <= bytes.length && units.length < 8; i += this.unitBytes) {
        units.push(this.utf8 ? bytes[i]! : this.bigEndian ? (bytes[i]! << 8) | bytes[i + 1]! : bytes[i]! | (bytes[i + 1]! << 8));
      }
      const text = String.fromCharCode(...units);
      const m = /^sep=.(\r\n|\n|\r|$)/i.exec(text);
      if (m) { skip += m[0].length * this.unitBytes; }
    }
    this.preambleDone = true;
    out.parts([bytes.subarray(0, skip)]);
    return bytes.subarray(skip);
  }

  private onRecordCb: ((r: ScannedRecord) => void) | undefined;
  private chunk: Uint8Array = new Uint8Array(0);
  private chunkStart = 0;

  private scan(bytes: Uint8Array, onRecord: (r: ScannedRecord) => void): void {
    this.onRecordCb = onRecord;
    this.chunk = bytes;
    this.chunkStart = 0;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (!this.utf8) {
        if (this.odd < 0) { this.odd = b; continue; }
        const u = this.bigEndian ? (this.odd << 8) | b : this.odd | (b << 8);
        this.odd = -1;
        this.unitAt(u, i);
        continue;
      }
      if (this.need > 0) {
        if ((b & 0xc0) === 0x80) {
          this.cp = (this.cp << 6) | (b & 0x3f);
          if (--this.need === 0) { this.unitAt(this.cp >= this.min && this.cp <= 0x10ffff && !(this.cp >= 0xd800 && this.cp <= 0xdfff) ? this.cp : 0xfffd, i); }
          continue;
        }
        // An interrupted sequence is one replacement character; the byte then counts on its own.
        this.need = 0;
        this.unitAt(0xfffd, i);
      }
      if (b < 0x80) { this.unitAt(b, i); } else if (b >= 0xc2 && b <= 0xdf) { this.need = 1; this.cp = b & 0x1f; this.min = 0x80; }
      else if (b >= 0xe0 && b <= 0xef) { this.need = 2; this.cp = b & 0x0f; this.min = 0x800; }
      else if (b >= 0xf0 && b <= 0xf4) { this.need = 3; this.cp = b & 0x07; this.min = 0x10000; }
      else { this.unitAt(0xfffd, i); }
    }
    if (this.chunkStart < bytes.length) {
      const rest = bytes.subarray(this.chunkStart);
      this.record.push(rest);
      this.recordBytes += rest.length;
    }
  }

  private unit(c: number): void { this.unitAt(c, this.chunk.length - 1); }

  /** Feeds one code point that ended at byte `i` of the current chunk. */
  private unitAt(c: number, i: number): void {
    const fields = this.machine.fields;
    if (this.machine.step(c) !== Step.RecordEnd) {
      if (!isSpace(c)) { this.blankSoFar = false; }
      return;
    }
    const end = i + 1;
    this.record.push(this.chunk.subarray(this.chunkStart, end));
    this.recordBytes += end - this.chunkStart;
    this.chunkStart = end;
    const all = concat(this.record);
    const content = all.subarray(0, all.length - this.nlBytes);
    const terminator = all.subarray(all.length - this.nlBytes);
    this.record = [];
    this.recordBytes = 0;
    const blank = this.isBlank(fields, all);
    this.onRecordCb!({ content: [content], terminator, fields, blank, delimiterUnits: this.delimiterUnits });
  }

  /**
   * The reader skips a record of one field whose value trims to nothing. A character that is
   * neither space nor quote is always part of the value, so only records of spaces and quotes
   * (rare: "", "  ") need papaparse to decide, exactly as the reader did.
   */
  private isBlank(fields: number, recordWithTerminator?: Uint8Array): boolean {
    const maybe = fields === 1 && this.blankSoFar;
    this.blankSoFar = true;
    if (!maybe) { return false; }
    // Parsed with its terminator, as the reader saw it: a quote before the newline closes the field.
    const bytes = recordWithTerminator ?? concat(this.record);
    if (bytes.length === 0) { return true; }
    // ignoreBOM: a U+FEFF starting a record is a character of it, as it was for the reader.
    const text = new TextDecoder(this.dialect.encoding, { ignoreBOM: true }).decode(bytes);
    // Papa.Parser, as the reader uses it (Papa.parse would also drop a leading U+FEFF).
    const parser = new Papa.Parser({ delimiter: this.dialect.delimiter, newline: this.dialect.newline, quoteChar: '"' });
    const row = (parser.parse(text, 0, recordWithTerminator !== undefined).data as string[][])[0];
    return row !== undefined && row.length === 1 && row[0]!.trim() === '';
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c || c === 0xa0 || c === 0xfeff || c === 0x1680
    || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0x22;
}

class OutputBuffer {
  private list: Uint8Array[] = [];
  size = 0;
  parts(...groups: (Uint8Array | Uint8Array[])[]): void {
    for (const g of groups) {
      if (g instanceof Uint8Array) { if (g.length) { this.list.push(g); this.size += g.length; } } else { for (const p of g) { if (p.length) { this.list.push(p); this.size += p.length; } } }
    }
  }
  take(): Uint8Array {
    const all = concat(this.list);
    this.list = [];
    this.size = 0;
    return all;
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) { return parts[0]!; }
  let n = 0;
  for (const p of parts) { n += p.length; }
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
