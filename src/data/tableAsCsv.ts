// A table with no CSV text of its own (a Parquet file) written as CSV, in slices, for the labelled
// writer to append its cells to. Numbers in their shortest round-trip form (what pandas'
// `to_csv` writes for a float64 column, and exactly the double that was read), text quoted as
// RFC 4180 asks, missing cells empty.

import type { ByteSource } from './byteSource';
import { spelledCell } from './cellSpelling';
import type { Dataset } from './csvReader';
import { quoteIfNeeded } from './labelledWriter';

/** Rows per slice: big enough that the writer's per-slice work is noise, small enough to stream. */
const ROWS_PER_SLICE = 4096;

export function tableAsCsv(dataset: Pick<Dataset, 'columns' | 'nRows' | 'dialect'>): ByteSource {
  const { columns, nRows, dialect } = dataset;
  const d = dialect.delimiter;
  const nl = dialect.newline;
  // One column whose cell is empty would be a blank line, which a CSV reader skips: quote it.
  const emptyCell = columns.length === 1 ? '""' : '';
  const quote = (s: string): string => (s === '' ? emptyCell : quoteIfNeeded(s, d));
  const cell = (j: number, row: number): string => {
    const c = columns[j]!;
    if (c.kind === 'text') { return quote(c.values[row]!); }
    const v = c.values[row]!;
    if (c.spellings) { return quote(spelledCell(c.spellings, v, row, dialect.decimal)); }
    return Number.isNaN(v) ? emptyCell : String(v);
  };
  const encoder = new TextEncoder();
  return {
    chunks: {
      async *[Symbol.asyncIterator]() {
        yield encoder.encode(columns.map(c => quote(c.name)).join(d) + nl);
        for (let from = 0; from < nRows; from += ROWS_PER_SLICE) {
          const lines: string[] = [];
          for (let row = from; row < Math.min(nRows, from + ROWS_PER_SLICE); row++) {
            const cells = new Array<string>(columns.length);
            for (let j = 0; j < columns.length; j++) { cells[j] = cell(j, row); }
            lines.push(cells.join(d) + nl);
          }
          yield encoder.encode(lines.join(''));
        }
      },
    },
  };
}
