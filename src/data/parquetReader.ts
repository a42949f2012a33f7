// Parquet in, to the same Dataset a CSV gives, so everything after the reader (column picking,
// fitting, the table, export) is the same for both.
//
// hyparquet (pure JavaScript, MIT) decodes the pages, row group by row group, column by column;
// hyparquet-compressors adds the codecs beyond Snappy (ZSTD is polars' default, GZIP Spark's
// option). Types map as pandas maps them when it reads the same table from a CSV: integers,
// floats and decimals are numbers, nulls are missing cells, strings stay text, booleans and
// dates are text (a date is not a measurement to cluster on). Nested columns (lists, structs,
// maps) and raw binary have no cell to show: they are left out, and the report says so.

import { parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer, type FileMetaData, type SchemaElement } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import type { RandomAccessSource } from './byteSource';
import { idLikeKind, uniqueNames, type Column } from './columnTyping';
import { CsvError } from './csvError';
import { readNumberChunk } from './parquetNumbers';
import type { Dataset, ReadReport } from './dataset';
import { classifyNumericColumns, listNames, numericColumnWarnings } from './readWarnings';
import { DEFAULT_HEAP_BUDGET, POINTER_BYTES, stringBytes, textTooLarge } from './textHeap';
import { plainCsvDialect } from './dialect';

export interface ReadParquetOptions {
  fileName?: string;
  onProgress?: (bytesRead: number, totalBytes: number | undefined) => void;
  signal?: AbortSignal;
  /** Heap bytes the text cells may take (the CSV reader's option, and its default). */
  heapBudgetBytes?: number;
}

/** Distinct values remembered per text column to tell a repeated (shared) string from a new one. */
const SEEN_LIMIT = 10_000;

/** Every Parquet file starts and ends with these four bytes. */
const MAGIC = [0x50, 0x41, 0x52, 0x31];

/** True when the bytes are a Parquet file's first four ("PAR1"). */
export function isParquetStart(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && MAGIC.every((b, i) => bytes[i] === b);
}

type CellKind = 'number' | 'text' | 'boolean' | 'date' | 'timestamp';

/** One top-level column of the file and how its cells become ours. */
interface LeafColumn { name: string; kind: CellKind }

export async function readParquet(source: RandomAccessSource, options: ReadParquetOptions = {}): Promise<Dataset> {
  const file: AsyncBuffer = {
    byteLength: source.totalBytes,
    slice: async (start, end) => {
      const bytes = await source.readRange(start, end ?? source.totalBytes);
      return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? bytes.buffer as ArrayBuffer : bytes.slice().buffer as ArrayBuffer;
    },
  };
  const name = options.fileName ?? 'The file';
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (e) {
    throw new CsvError('read-failed', `${name} is not a readable Parquet file (${messageOf(e)}).`,
      'Check that the file was written completely (a Parquet file ends with its footer), or export it again.');
  }
  const { leaves, leftOut } = topLevelColumns(metadata.schema);
  const nRows = Number(metadata.num_rows);
  if (leaves.length === 0) {
    throw new CsvError('no-numeric-columns', `${name} has no column Cluster Lens can read${leftOut.length ? ` (${leftOut.join(', ')} are nested or binary)` : ''}.`,
      'Flatten nested columns into plain numeric columns before clustering.');
  }
  if (nRows === 0) { throw new CsvError('no-data-rows', `${name} has columns but no rows.`, 'Choose a Parquet file with data rows.'); }

  const numbers = leaves.map(c => (c.kind === 'number' ? new Float64Array(nRows) : undefined));
  const texts = leaves.map(c => (c.kind === 'number' ? undefined : new Array<string>(nRows)));
  const tallies = leaves.map(() => ({ missing: 0, unsafeIntegers: 0 }));
  const tree = parquetSchema(metadata);
  const schemaPaths = leaves.map(c => [tree, tree.children.find(child => child.element.name === c.name)!]);
  const textNames = leaves.filter(c => c.kind !== 'number').map(c => c.name);
  // The heap the text holds, as the CSV reader counts it: a pointer a cell, and a new string only
  // for a value not seen before (hyparquet shares a dictionary page's strings between cells).
  const budget = options.heapBudgetBytes ?? DEFAULT_HEAP_BUDGET;
  const textHeap = leaves.map(() => 0);
  const seen = leaves.map(() => new Set<string>());
  const totalBytes = metadata.row_groups.reduce((s, g) => s + Number(g.total_byte_size), 0);
  let bytesDone = 0;
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    if (options.signal?.aborted) { throw new CsvError('cancelled', 'Reading was cancelled.', 'Run the command again to read the file.'); }
    const groupRows = Number(group.num_rows);
    const rowEnd = rowStart + groupRows;
    try {
      // Numbers: each column chunk decoded straight into its array (parquetNumbers.ts); every
      // column here is flat, topLevelColumns left the nested ones out.
      for (const chunk of group.columns) {
        const meta = chunk.meta_data;
        const j = meta === undefined || meta.path_in_schema.length !== 1 ? -1 : leaves.findIndex(c => c.name === meta.path_in_schema[0]);
        if (j < 0 || numbers[j] === undefined) { continue; }
        const start = Number(meta!.dictionary_page_offset || meta!.data_page_offset);
        const bytes = new Uint8Array(await file.slice(start, start + Number(meta!.total_compressed_size)));
        readNumberChunk(bytes, meta!, schemaPaths[j]!, compressors, numbers[j]!, rowStart, groupRows, tallies[j]!);
      }
      // Text, booleans and dates: through hyparquet's own read, which makes their strings and Dates.
      if (textNames.length > 0) {
        await parquetRead({
          file, metadata, rowStart, rowEnd, compressors, columns: textNames,
          onChunk: chunk => {
            const j = leaves.findIndex(c => c.name === chunk.columnName);
            const text = texts[j];
            if (text === undefined) { return; }
            // Chunks may reach outside the asked rows: keep only ours.
            const from = Math.max(rowStart, chunk.rowStart), to = Math.min(rowEnd, chunk.rowEnd);
            const kind = leaves[j]!.kind;
            const known = seen[j]!;
            let held = textHeap[j]!;
            for (let r = from; r < to; r++) {
              const cell = cellText(chunk.columnData[r - chunk.rowStart] as unknown, kind);
              text[r] = cell;
              held += POINTER_BYTES;
              if (!known.has(cell)) { held += stringBytes(cell); if (known.size < SEEN_LIMIT) { known.add(cell); } }
            }
            textHeap[j] = held;
          },
        });
      }
    } catch (e) {
      if (e instanceof CsvError) { throw e; }
      throw new CsvError('read-failed', `${name} could not be decoded (${messageOf(e)}).`,
        'Write the file again with a common codec (Snappy, ZSTD, GZIP or none) and plain columns, or save it as CSV.');
    }
    bytesDone += Number(group.total_byte_size);
    // Checked between row groups (an error thrown inside hyparquet's callback would not reach us):
    // the text may overshoot the budget by one row group's, which the budget's margin absorbs.
    const held = textHeap.reduce((s, h) => s + h, 0);
    if (held > budget) {
      const blamed = leaves.map((c, i) => ({ name: c.name, held: textHeap[i]! })).filter(c => c.held > 0).sort((a, b) => b.held - a.held);
      throw textTooLarge(held, budget, bytesDone / Math.max(1, totalBytes), blamed.map(c => c.name));
    }
    options.onProgress?.(bytesDone, totalBytes);
    rowStart = rowEnd;
  }
  const missing = tallies.map(t => t.missing);
  const unsafeIntegers = tallies.reduce((s, t) => s + t.unsafeIntegers, 0);

  const names = uniqueNames(leaves.map(c => c.name));
  const columns: Column[] = leaves.map((_, j): Column => {
    const values = numbers[j];
    if (values === undefined) { return { kind: 'text', name: names[j]!, values: texts[j]! }; }
    const idKind = idLikeKind(names[j]!, values, missing[j]!, false);
    return idKind === undefined
      ? { kind: 'numeric', name: names[j]!, values, missing: missing[j]!, idLike: false }
      : { kind: 'numeric', name: names[j]!, values, missing: missing[j]!, idLike: true, idKind };
  });
  return { columns, nRows, dialect: plainCsvDialect(), format: 'parquet', report: reportOf(columns, names, leaves, leftOut, unsafeIntegers, bytesDone) };
}

/** The file's top-level columns: flat ones to read, nested or binary ones named to leave out. */
function topLevelColumns(schema: readonly SchemaElement[]): { leaves: LeafColumn[]; leftOut: string[] } {
  const leaves: LeafColumn[] = [];
  const leftOut: string[] = [];
  // schema[0] is the root; its children follow depth-first, each group followed by its own.
  let i = 1;
  const skip = (at: number): number => {
    let next = at + 1;
    for (let c = 0; c < (schema[at]!.num_children ?? 0); c++) { next = skip(next); }
    return next;
  };
  while (i < schema.length) {
    const element = schema[i]!;
    const kind = (element.num_children ?? 0) > 0 || element.repetition_type === 'REPEATED' ? undefined : kindOf(element);
    if (kind === undefined) { leftOut.push(element.name); } else { leaves.push({ name: element.name, kind }); }
    i = skip(i);
  }
  return { leaves, leftOut };
}

function kindOf(e: SchemaElement): CellKind | undefined {
  const logical = e.logical_type?.type;
  const converted = e.converted_type;
  if (logical === 'DATE' || converted === 'DATE') { return 'date'; }
  if (logical === 'TIMESTAMP' || logical === 'TIME' || converted?.startsWith('TIMESTAMP') || converted?.startsWith('TIME_') || e.type === 'INT96') { return 'timestamp'; }
  if (logical === 'DECIMAL' || converted === 'DECIMAL' || logical === 'FLOAT16') { return 'number'; }
  switch (e.type) {
    case 'INT32': case 'INT64': case 'FLOAT': case 'DOUBLE': return 'number';
    case 'BOOLEAN': return 'boolean';
    case 'BYTE_ARRAY': case 'FIXED_LEN_BYTE_ARRAY':
      return logical === 'STRING' || logical === 'ENUM' || logical === 'JSON' || logical === 'UUID' || converted === 'UTF8' || converted === 'ENUM' || converted === 'JSON' ? 'text' : undefined;
    default: return undefined;
  }
}

/** A non-numeric cell as the table and an export show it; null is the empty (missing) cell. */
function cellText(v: unknown, kind: CellKind): string {
  if (v === null || v === undefined) { return ''; }
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) { return ''; }
    const iso = v.toISOString();
    return kind === 'date' ? iso.slice(0, 10) : iso;
  }
  if (v instanceof Uint8Array) { return [...v].map(b => b.toString(16).padStart(2, '0')).join(''); }
  return String(v);
}

function reportOf(columns: Column[], names: string[], leaves: LeafColumn[], leftOut: string[], unsafeIntegers: number, bytesRead: number): ReadReport {
  const warnings: string[] = [];
  if (leftOut.length > 0) { warnings.push(`${listNames(leftOut)} ${leftOut.length === 1 ? 'is a nested or binary column' : 'are nested or binary columns'}, left out: only flat columns can be shown and clustered.`); }
  const asText = leaves.flatMap((c, j) => (c.kind === 'boolean' || c.kind === 'date' || c.kind === 'timestamp' ? [names[j]!] : []));
  if (asText.length > 0) { warnings.push(`${listNames(asText)} ${asText.length === 1 ? 'holds' : 'hold'} true/false values or dates: shown as text, not clustered on.`); }
  if (unsafeIntegers > 0) { warnings.push(`${unsafeIntegers} integer${unsafeIntegers === 1 ? ' is' : 's are'} beyond 2^53 and ${unsafeIntegers === 1 ? 'was' : 'were'} rounded to the nearest double.`); }
  const numericFindings = classifyNumericColumns(columns);
  warnings.push(...numericColumnWarnings(numericFindings));
  const renamedColumns = leaves.flatMap((c, j) => (c.name !== names[j] ? [{ index: j, from: c.name, to: names[j]! }] : []));
  return {
    raggedRows: 0, raggedExamples: [], raggedFieldCounts: [], blankLines: 0, invalidSequences: 0, strayTrailingByte: false,
    mostlyNumericColumns: [], mixedColumns: [], renamedColumns, ...numericFindings, bytesRead, fastPathBatches: 0, warnings,
  };
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
