// The table as its batches of records arrive: the header, the column builders, and what each
// record is (the record rule). A quote-free batch goes to the fast scanner, any other to papaparse;
// finish() checks what was read and makes the Dataset with its report.

import type Papa from 'papaparse';
import { ColumnBuilder, uniqueNames } from './columnTyping';
import { CsvError } from './csvError';
import type { Dataset, ReadReport } from './dataset';
import type { Dialect } from './dialect';
import { scanNumericBatch, type FastScanTarget } from './fastScan';
import { classifyNumericColumns, describeDelimiter, warningsOf } from './readWarnings';
import { isBlankRecord, RecordRule, recordParser } from './recordRule';
import { withUniformTerminators, type RecordBatch } from './recordSplitter';
import { textTooLarge } from './textHeap';
import { nulError, Utf8Text, type DecodeStats } from './textDecoding';

const MAX_RAGGED_EXAMPLES = 20;

/** Holds the header and the column builders while batches arrive. */
export class TableBuilder {
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

function stripBom(s: string): string { return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s; }
