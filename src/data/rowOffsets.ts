// Where a file's data rows start, kept compactly for a file too large to hold: the byte offset of
// every STRIDE-th data row only (8 bytes per 64 rows, 0.1 MB per 1M rows; a row's own offset would
// take 8 bytes each, as much as a file of 80-byte rows over ten). A page of rows is then read from
// the file at the offset of the kept row at or before its first row, skipping fewer than STRIDE rows.

import type { Dialect } from './dialect';
import { isBlankRecordBytes } from './labelledUtf8';
import { RecordRule } from './recordRule';
import { countByte, type RecordBatch } from './recordSplitter';

/** Rows per kept offset: a page read skips at most this many rows, a few kilobytes. */
export const ROW_OFFSET_STRIDE = 64;

const BLOCK = 1 << 16;

export class RowOffsets {
  /** Offsets of rows 0, STRIDE, 2·STRIDE, … in blocks (no copy when the file grows past a block). */
  private readonly blocks: Float64Array[] = [];
  private kept = 0;
  private rows = 0;

  /** Data rows seen. */
  get nRows(): number { return this.rows; }

  /** Records that data row `nRows` starts at byte `offset` of the file. Rows come in file order. */
  add(offset: number): void {
    if (this.rows % ROW_OFFSET_STRIDE === 0) {
      const b = Math.floor(this.kept / BLOCK);
      if (b === this.blocks.length) { this.blocks.push(new Float64Array(BLOCK)); }
      this.blocks[b]![this.kept % BLOCK] = offset;
      this.kept++;
    }
    this.rows++;
  }

  /**
   * Where to start reading for data row `row` (0-based, < nRows): the offset of the kept row at or
   * before it, and how many data rows to skip from there.
   */
  locate(row: number): { offset: number; skip: number } {
    if (!(row >= 0 && row < this.rows)) { throw new RangeError(`row ${row} is not one of the ${this.rows} rows`); }
    const i = Math.floor(row / ROW_OFFSET_STRIDE);
    return { offset: this.blocks[Math.floor(i / BLOCK)]![i % BLOCK]!, skip: row - i * ROW_OFFSET_STRIDE };
  }

  /**
   * A byte offset at or after the end of data row `row`'s record: the next kept row's offset, or
   * undefined when none follows (read to the end of the file).
   */
  endAfter(row: number): number | undefined {
    const i = Math.floor(row / ROW_OFFSET_STRIDE) + 1;
    return i < this.kept ? this.blocks[Math.floor(i / BLOCK)]![i % BLOCK]! : undefined;
  }

  /** Bytes held. */
  get bytes(): number { return this.blocks.length * BLOCK * 8; }
}

/**
 * Records the offsets of a streamed file's data rows as its windows go by, deciding what a data
 * row is by the reader's rule (recordRule.ts, with the writer's blank test), so row i here is row i
 * of the whole read. Keeps the table's first record too (the header, or the first row of a file
 * without one), which a page read puts before the rows it reads, as the streaming pass does.
 */
export class RowOffsetRecorder {
  readonly offsets = new RowOffsets();
  /** The table's first record's bytes (no terminator), once seen. */
  firstRecord: Uint8Array | undefined;
  private readonly rule: RecordRule;
  private readonly delimiter: number;

  constructor(private readonly dialect: Dialect, fields: number) {
    this.rule = new RecordRule(dialect.hasHeader, fields + (dialect.trailingDelimiter ? 1 : 0));
    this.delimiter = dialect.delimiter.charCodeAt(0);
  }

  /** The window's record batches, in file order, the first starting at byte `fileOffset`. */
  addBatches(batches: readonly RecordBatch[], fileOffset: number): void {
    let base = fileOffset;
    for (const batch of batches) {
      const { bytes } = batch;
      const { starts, ends, fields } = batch.index;
      for (let i = 0; i < batch.count; i++) {
        const start = starts[i]!, end = ends[i]!;
        const f = fields[i]! >= 0 ? fields[i]! : countByte(bytes, this.delimiter, start, end) + 1;
        const terminated = i + 1 < batch.count || batch.endsWithTerminator;
        const kind = this.rule.next(f, f === 1 && isBlankRecordBytes(bytes, start, end, terminated, this.dialect));
        if (kind === 'header') { this.firstRecord = bytes.slice(start, end); }
        if (kind !== 'data') { continue; }
        if (this.firstRecord === undefined) { this.firstRecord = bytes.slice(start, end); }
        this.offsets.add(base + start);
      }
      base += bytes.length;
    }
  }
}
