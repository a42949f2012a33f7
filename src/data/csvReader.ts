// readCsv: bytes in, typed columns out, in one pass. The pipeline is
//   utf8Chunks (bytes → UTF-8 without BOM) → RecordSplitter (chunks → batches of whole records)
//   → the fast scanner (quote-free batch → numbers) or papaparse (decoded batch → cells)
//   → ColumnBuilders (cells → typed arrays).
// Only the current batch exists as bytes, and as text only when it needs papaparse; what stays
// is the columns.

import Papa from 'papaparse';
import type { ByteSource } from './byteSource';
import { ColumnBuilder, uniqueNames, type Column, type MostlyNumericColumn, type TextCell } from './columnTyping';
import { CsvError } from './csvError';
import { DEFAULT_HEAP_BUDGET, textTooLarge } from './textHeap';
import { sniffDialect, type Delimiter, type Dialect } from './dialect';
import type { DecimalMark } from './cellParsing';
import { scanNumericBatch, type FastScanTarget } from './fastScan';
import { isBlankRecord, RecordRule, recordParser } from './recordRule';
import { DEFAULT_MAX_RECORD_CHARS, RecordSplitter, withUniformTerminators, type RecordBatch } from './recordSplitter';
import { concatBytes, nulError, throwIfAborted, utf8Chunks, Utf8Text, type DecodeStats } from './textDecoding';

export type { Column, NumericColumn, TextColumn, MostlyNumericColumn, TextCell } from './columnTyping';

export interface ReadCsvOptions {
  delimiter?: Delimiter;
  /** undefined = detect */
  hasHeader?: boolean;
  /** .tsv / .tab → tab unless the content clearly says otherwise */
  fileName?: string;
  /** undefined = detect (',' only in files not delimited by commas) */
  decimal?: DecimalMark;
  onProgress?: (bytesRead: number, totalBytes: number | undefined) => void;
  signal?: AbortSignal;
  /** Longest record accepted, in bytes of UTF-8 (default 64 Mi). */
  maxRecordChars?: number;
  /** false = parse every batch with papaparse (tests compare both paths). Default true. */
  fastPath?: boolean;
  /**
   * Bytes of the JavaScript heap the text cells may take (DEFAULT_HEAP_BUDGET when absent). Past
   * it the read stops with a sentence: a text column of tens of millions of unique strings would
   * otherwise exhaust the heap and take the process down — the extension host itself in VS Code.
   * Hosts that know their heap's limit pass a share of it (heapBudget.ts).
   */
  heapBudgetBytes?: number;
}


export interface ReadReport {
  /** Rows whose number of fields differs from the header's: skipped, never shifted. */
  raggedRows: number;
  /** 1-based line numbers of the first ragged rows (at most 20). */
  raggedExamples: number[];
  /** Field count of the ragged examples, parallel to raggedExamples. */
  raggedFieldCounts: number[];
  /** Empty or whitespace-only lines, skipped. */
  blankLines: number;
  /** Invalid UTF-8 sequences replaced by U+FFFD (the file is probably Windows-1252). */
  invalidSequences: number;
  /** A UTF-16 file with an odd number of bytes: the last byte was left out (an export keeps it, last). */
  strayTrailingByte: boolean;
  /** Columns that are text only because of a few cells, with the offending cells. */
  mostlyNumericColumns: MostlyNumericColumn[];
  /** Other text columns that hold numbers too, with the first cell that is not a number. */
  mixedColumns: { name: string; numericCells: number; firstText: TextCell }[];
  /** Header names changed to be unique and non-empty. */
  renamedColumns: { index: number; from: string; to: string }[];
  /** Numeric columns with a single value: they cannot separate clusters and are not preselected. */
  constantColumns: string[];
  /** Numeric columns with no value at all. */
  emptyColumns: string[];
  /** Line where a quoted field starts that is never closed (it swallowed the rest of the file). */
  unterminatedQuoteLine?: number;
  bytesRead: number;
  /** Whether the fast scanner read at least one batch. */
  fastPathBatches: number;
  /** One plain sentence per issue above, ready to show. */
  warnings: string[];
}

export interface Dataset {
  columns: Column[];
  nRows: number;
  /** How the file is delimited; for a Parquet file, the CSV dialect its exports are written in. */
  dialect: Dialect;
  report: ReadReport;
  /** 'parquet' for a Parquet file (readTable.ts); a CSV when absent. */
  format?: 'parquet';
}

const SAMPLE_BYTES = 64 * 1024;
const MAX_SAMPLE_BYTES = 16 * 1024 * 1024;
const MAX_RAGGED_EXAMPLES = 20;

export async function readCsv(source: ByteSource, options: ReadCsvOptions = {}): Promise<Dataset> {
  try {
    return await readCsvUnchecked(source, options);
  } catch (e) {
    if (e instanceof CsvError) { throw e; }
    // Our own bug must still reach the user as a sentence, not a stack.
    throw new CsvError('read-failed', `The file could not be read (${e instanceof Error ? e.message : String(e)}).`,
      'Please report this with the file if possible; meanwhile try saving it again as a plain UTF-8 CSV.');
  }
}

async function readCsvUnchecked(source: ByteSource, options: ReadCsvOptions): Promise<Dataset> {
  const stats: DecodeStats = { encoding: 'utf-8', bom: false, bytesRead: 0, invalidSequences: 0, strayTrailingByte: false };
  const chunks = utf8Chunks(source, options, stats)[Symbol.asyncIterator]();
  try {
    return await readChunks(chunks, source, options, stats);
  } finally {
    // On an early error the source must still be closed (a Node stream holds a file handle).
    await chunks.return?.(undefined);
  }
}

async function readChunks(chunks: AsyncIterator<Uint8Array>, source: ByteSource, options: ReadCsvOptions, stats: DecodeStats): Promise<Dataset> {
  const held: Uint8Array[] = [];
  let heldBytes = 0, done = false, lineBreaks = 0;
  // The sample must hold a few whole lines, however wide the header (up to a cap).
  while (heldBytes < SAMPLE_BYTES || (lineBreaks < 3 && heldBytes < MAX_SAMPLE_BYTES)) {
    const r = await chunks.next();
    if (r.done) { done = true; break; }
    held.push(r.value);
    heldBytes += r.value.length;
    if (lineBreaks < 3) { lineBreaks += lineBreaksIn(r.value, 3 - lineBreaks); }
  }
  const sampleBytes = concatBytes(held);
  held.length = 0;
  // Only for guessing the dialect: a character cut at the end is dropped, nothing is counted.
  const sample = new TextDecoder('utf-8', { ignoreBOM: true }).decode(sampleBytes, { stream: !done });
  if (sampleBytes.length === 0) {
    throw stats.bom
      ? new CsvError('empty-file', 'The file contains only a byte order mark and no data.', 'Choose a CSV file with a header row and data rows.')
      : new CsvError('empty-file', 'The file is empty.', 'Choose a CSV file with a header row and data rows.');
  }
  if (done && sample.trim() === '') {
    throw new CsvError('empty-file', 'The file contains only blank lines.', 'Choose a CSV file with a header row and data rows.');
  }

  const sniffed = sniffDialect(sample, done, options);
  const dialect: Dialect = { ...sniffed.dialect, bom: stats.bom, encoding: stats.encoding, trailingDelimiter: false };
  const lineOffset = dialect.sepLine ? 1 : 0;
  const text = new Utf8Text();
  const table = new TableBuilder(dialect, source.totalBytes, options.fastPath !== false, lineOffset, text, options.heapBudgetBytes ?? DEFAULT_HEAP_BUDGET);
  const splitter = new RecordSplitter(dialect.delimiter, dialect.newline, options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS);

  const feed = (bytes: Uint8Array): void => {
    const batch = splitter.push(bytes);
    if (batch) { table.addBatch(batch, stats.bytesRead); }
  };
  // The sep= line is ASCII, so its characters are its bytes.
  feed(sniffed.skipChars > 0 ? sampleBytes.subarray(sniffed.skipChars) : sampleBytes);
  while (!done) {
    const r = await chunks.next();
    if (r.done) { break; }
    feed(r.value);
  }
  throwIfAborted(options.signal);
  const unterminated = splitter.inQuotes ? splitter.openRecordLine + lineOffset : undefined;
  const last = splitter.finish();
  if (last) { table.addBatch(last, stats.bytesRead); }
  stats.invalidSequences += text.invalidSequences;
  return table.finish(stats, unterminated);
}

/** Holds the header and the column builders while batches arrive. */
class TableBuilder {
  private names: string[] | undefined;
  private rawHeader: string[] | undefined;
  private builders: ColumnBuilder[] = [];
  /** What each record is: blank, header, data or ragged (the writers apply the same rule). */
  private readonly rule: RecordRule;
  private expected = 0;
  private nRows = 0;
  private readonly parser: Papa.Parser;
  private readonly report: ReadReport = {
    raggedRows: 0, raggedExamples: [], raggedFieldCounts: [], blankLines: 0, invalidSequences: 0, strayTrailingByte: false,
    mostlyNumericColumns: [], mixedColumns: [], renamedColumns: [], constantColumns: [], emptyColumns: [], bytesRead: 0,
    fastPathBatches: 0, warnings: [],
  };
  /** Per column: cells that were exactly empty (a trailing delimiter leaves a column of them). */
  private emptyCells: number[] = [];

  constructor(private readonly dialect: Dialect, private readonly totalBytes: number | undefined,
    private readonly fastPath: boolean, private readonly lineOffset: number, private readonly text: Utf8Text,
    private readonly heapBudget: number) {
    this.parser = recordParser(dialect);
    this.rule = new RecordRule(dialect.hasHeader);
  }

  /** `bytesRead`: of the file so far, for saying how far a read that stops got. */
  addBatch(batch: RecordBatch, bytesRead: number): void {
    this.addRecords(batch);
    if (this.text.nulSeen) { throw nulError(this.lineOf(batch, batch.bytes.indexOf(0))); }
    this.checkHeap(bytesRead);
  }

  /** Stops the read, with the columns to blame, before its text outgrows the heap it may use. */
  private checkHeap(bytesRead: number): void {
    let held = 0;
    for (const b of this.builders) { held += b.heapBytes; }
    if (held <= this.heapBudget) { return; }
    const texts = this.builders.filter(b => b.isText).sort((a, b) => b.heapBytes - a.heapBytes);
    throw textTooLarge(held, this.heapBudget, this.totalBytes ? bytesRead / this.totalBytes : undefined, texts.map(b => b.name));
  }

  /** Line of the record holding byte `at` of the batch (the error path only: it builds the index). */
  private lineOf(batch: RecordBatch, at: number): number {
    const { starts, lines } = batch.index;
    let r = 0;
    while (r + 1 < starts.length && starts[r + 1]! <= at) { r++; }
    return (lines[r] ?? batch.firstLine) + this.lineOffset;
  }

  private addRecords(batch: RecordBatch): void {
    let first = 0;
    if (this.names === undefined) {
      first = this.takeHeader(batch);
      if (this.names === undefined) { return; }
    }
    // Every batch has a record; counting the records of a quote-free one is left to the scanner.
    if (first > 0 && first >= batch.count) { return; }
    // The scanner needs a line break after every record: the file's last record, when it has
    // none, is one record for papaparse.
    if (this.fastPath && this.dialect.decimal === '.' && batch.quoteFree && batch.endsWithTerminator) {
      const from = first === 0 ? 0 : batch.index.starts[first]!;
      const before = this.builders[0]!.length;
      const records = scanNumericBatch(batch.bytes, from, batch.firstLine + first, this.dialect.newline, this.dialect.delimiter, this.fastTarget);
      batch.countedBy(first + records);
      this.nRows += this.builders[0]!.length - before;
      this.report.fastPathBatches++;
      return;
    }
    const rows = this.parseRecords(batch, first);
    const { lines, fields } = batch.index;
    for (let i = first; i < batch.count; i++) { this.addRow(rows[i - first], lines[i]! + this.lineOffset, fields[i]!); }
  }

  /** papaparse's rows for the records of the batch from `first` on, one per record. */
  private parseRecords(batch: RecordBatch, first: number): (string[] | undefined)[] {
    const bytes = withUniformTerminators(batch, first, this.dialect.newline);
    const text = this.text.decode(bytes, 0, bytes.length);
    const rows = text === '' ? [['']] : this.parser.parse(text, 0, batch.endsWithTerminator).data as string[][];
    if (rows.length === batch.count - first) { return rows; }
    // Cannot happen while the splitter mirrors papaparse; if it ever does, parse record by record
    // so a disagreement costs a ragged row, not a shifted table.
    const { starts, ends } = batch.index;
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    return starts.slice(first).map((start, i) => {
      const one = this.parser.parse(decoder.decode(batch.bytes.subarray(start, ends[first + i])), 0, false).data as string[][];
      return one.length === 1 ? one[0] : undefined;
    });
  }

  private takeHeader(batch: RecordBatch): number {
    // Record by record, so the records after the header are decoded once, by the path that reads them.
    const { starts, ends, lines } = batch.index;
    for (let i = 0; i < batch.count; i++) {
      const terminated = i + 1 < batch.count || batch.endsWithTerminator;
      const text = this.text.decode(batch.bytes, starts[i]!, ends[i]!) + (terminated ? this.dialect.newline : '');
      const row = (this.parser.parse(text, 0, terminated).data as string[][])[0];
      // A record papaparse cannot split before the table starts counts as blank, as it always has.
      const kind = this.rule.next(row?.length, row === undefined || isBlankRecord(row));
      if (kind === 'blank') { this.report.blankLines++; continue; }
      this.expected = this.rule.expectedFields!;
      const raw = this.dialect.hasHeader ? row.map(stripBom) : row.map((_, j) => `column${j + 1}`);
      this.rawHeader = raw;
      this.names = uniqueNames(raw);
      this.names.forEach((name, j) => { if (this.dialect.hasHeader && name !== raw[j]) { this.report.renamedColumns.push({ index: j, from: raw[j]!, to: name }); } });
      const capacity = this.estimateRows(batch);
      this.builders = this.names.map(name => new ColumnBuilder(name, this.dialect.decimal, capacity));
      this.emptyCells = this.names.map(() => 0);
      if (kind === 'data') { this.addDataRow(row!, lines[i]! + this.lineOffset); }
      return i + 1;
    }
    return batch.count;
  }

  /** Sizes the columns from the file size, so they are rarely grown (growing briefly doubles them). */
  private estimateRows(batch: RecordBatch): number {
    if (this.totalBytes === undefined || batch.count === 0) { return 1024; }
    const bytesPerRecord = Math.max(1, batch.bytes.length / batch.count);
    return Math.min(Math.ceil(this.totalBytes / bytesPerRecord * 1.05) + 16, 1 << 26);
  }

  /** What the fast scanner writes into; rows it does not take come back through addRow. */
  private get fastTarget(): FastScanTarget {
    return {
      builders: this.builders, emptyCells: this.emptyCells, expected: this.expected, lineOffset: this.lineOffset, text: this.text,
      slowRow: (row, line) => this.addRow(row, line, row.length),
    };
  }

  private addRow(row: string[] | undefined, line: number, fields: number): void {
    const kind = this.rule.next(row?.length, row !== undefined && isBlankRecord(row));
    if (kind === 'blank') { this.report.blankLines++; return; }
    if (kind === 'data') { this.addDataRow(row!, line); return; }
    this.report.raggedRows++;
    if (this.report.raggedExamples.length < MAX_RAGGED_EXAMPLES) {
      this.report.raggedExamples.push(line);
      this.report.raggedFieldCounts.push(row?.length ?? fields);
    }
  }

  private addDataRow(row: string[], line: number): void {
    const builders = this.builders, empties = this.emptyCells;
    for (let j = 0; j < row.length; j++) {
      const cell = row[j]!;
      if (cell.length === 0) { empties[j]!++; }
      builders[j]!.add(cell, line);
    }
    this.nRows++;
  }

  finish(stats: DecodeStats, unterminatedQuoteLine: number | undefined): Dataset {
    const report = this.report;
    report.bytesRead = stats.bytesRead;
    report.invalidSequences = stats.invalidSequences;
    report.strayTrailingByte = stats.strayTrailingByte;
    if (unterminatedQuoteLine !== undefined) { report.unterminatedQuoteLine = unterminatedQuoteLine; }
    if (this.names === undefined) {
      throw new CsvError('empty-file', 'The file contains only blank lines.', 'Choose a CSV file with a header row and data rows.');
    }
    if (this.nRows === 0) { throw this.noRowsError(); }
    // A delimiter closing every line (header included) makes an empty, unnamed last column.
    const lastRaw = this.rawHeader![this.rawHeader!.length - 1];
    let builders = this.builders;
    if (builders.length > 1 && (lastRaw === '' || !this.dialect.hasHeader) && this.emptyCells[builders.length - 1] === this.nRows) {
      builders = builders.slice(0, -1);
      this.dialect.trailingDelimiter = true;
      report.renamedColumns = report.renamedColumns.filter(r => r.index < builders.length);
    }
    const columns = builders.map((b, j) => b.build(this.dialect.hasHeader && this.rawHeader![j]!.trim() === ''));
    for (const b of builders) { const m = b.mostlyNumeric(); if (m) { report.mostlyNumericColumns.push(m); } }
    const mostly = new Set(report.mostlyNumericColumns.map(m => m.name));
    for (const c of columns) {
      if (c.kind === 'text' && c.firstText !== undefined && (c.numericCells ?? 0) > 0 && !mostly.has(c.name)) {
        report.mixedColumns.push({ name: c.name, numericCells: c.numericCells!, firstText: c.firstText });
      }
    }
    Object.assign(report, classifyNumericColumns(columns));
    report.warnings = warningsOf(report, this.dialect);
    return { columns, nRows: this.nRows, dialect: this.dialect, report };
  }

  private noRowsError(): CsvError {
    const r = this.report;
    if (r.raggedRows > 0) {
      const counts = new Set(r.raggedFieldCounts);
      const delim = describeDelimiter(this.dialect.delimiter);
      if (counts.size === 1) {
        return new CsvError('header-mismatch',
          `Every row has ${r.raggedFieldCounts[0]} fields but the first line has ${this.expected} (split at ${delim}).`,
          'Make the header line name every column, or choose the delimiter yourself if it was guessed wrong.');
      }
      return new CsvError('all-rows-ragged',
        `No row has the ${this.expected} fields of the first line (split at ${delim}); lines ${r.raggedExamples.slice(0, 5).join(', ')} differ.`,
        'Check the delimiter and the quotes in the file, or choose the delimiter yourself.');
    }
    return new CsvError('no-data-rows', this.dialect.hasHeader ? 'The file has a header but no data rows.' : 'The file has no data rows.',
      'Add data rows below the header, or choose another file.');
  }
}

/** Line breaks (LF or CR bytes), counting up to max. */
function lineBreaksIn(bytes: Uint8Array, max: number): number {
  let n = 0;
  for (let i = 0; i < bytes.length && n < max; i++) { if (bytes[i] === 0x0a || bytes[i] === 0x0d) { n++; } }
  return n;
}

function stripBom(s: string): string { return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s; }

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

function warningsOf(r: ReadReport, dialect: Dialect): string[] {
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
