/**
 * The streaming passes over a file on disk, for the CLI and the Node extension host: labelling with
 * a saved model into a file written atomically, and drawing a reservoir sample. Both hold one
 * window of the file (8 MB by default) at a time, whatever its size.
 */
import type { PortableModel } from '../core/portableModel';
import type { DecimalMark } from '../data/cellParsing';
import type { Dataset } from '../data/csvReader';
import type { Delimiter } from '../data/dialect';
import { LabelledParquet, type LabelledRows } from '../data/labelledParquet';
import { drawReservoirSample, type ReservoirSample } from '../data/reservoirSample';
import { readStreamHead, type StreamHead } from '../data/streamHead';
import { streamLabelledCsv, type StreamingLabelSummary } from '../data/streamingLabel';
import { writeChunksAtomically } from './atomicWrite';
import { openFileSource } from './fileSource';
import { readerHeapBudget } from './heapBudget';

export interface StreamOptions {
  delimiter?: Delimiter;
  hasHeader?: boolean;
  decimal?: DecimalMark;
  signal?: AbortSignal;
  onProgress?: (bytesRead: number, totalBytes: number | undefined) => void;
  windowBytes?: number;
  format?: 'csv' | 'parquet';
}

/** The file's first megabytes read as a table: its dialect, its columns, and whether it can be streamed. */
export async function openStreamHead(file: string, options: StreamOptions = {}): Promise<StreamHead> {
  const { delimiter, hasHeader, decimal } = options;
  return readStreamHead(await openFileSource(file), { delimiter, hasHeader, decimal, heapBudgetBytes: readerHeapBudget() });
}

/** Labels every row of the file behind `head` with `model` into `out` (atomically); the row counts. */
export function streamLabelToFile(head: StreamHead, out: string, model: PortableModel, columns: readonly string[], options: StreamOptions = {}): Promise<StreamingLabelSummary> {
  return writeChunksAtomically(out, streamLabelledCsv(head, model, {
    columns, format: options.format, windowBytes: options.windowBytes, signal: options.signal, onProgress: options.onProgress, heapBudgetBytes: readerHeapBudget(),
  }));
}

/** A seeded uniform sample of `rows` data rows of the file behind `head`. */
export function sampleFile(head: StreamHead, rows: number, seed: number, options: StreamOptions = {}): Promise<ReservoirSample> {
  return drawReservoirSample(head, { rows, seed, windowBytes: options.windowBytes, signal: options.signal, onProgress: options.onProgress, heapBudgetBytes: readerHeapBudget() });
}

/** A table read whole, labelled, as Parquet into `out` (atomically): numbers of a Parquet source stay numbers, a CSV's cells stay text. */
export function writeLabelledParquetFile(out: string, dataset: Dataset, assignment: LabelledRows): Promise<void> {
  const types = dataset.columns.map(c => (dataset.format === 'parquet' && c.kind === 'numeric' ? 'DOUBLE' as const : 'STRING' as const));
  async function* bytes(): AsyncGenerator<Uint8Array, void> {
    const parquet = new LabelledParquet(dataset.columns.map(c => c.name), types, assignment.k);
    yield parquet.add(dataset, assignment);
    yield parquet.finish();
  }
  return writeChunksAtomically(out, bytes());
}
