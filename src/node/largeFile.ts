/**
 * A local CSV too large to read whole, for the Node extension host: the second streaming pass that
 * labels every row after a fit on a sample (profiles over all rows, row offsets), and rows read
 * back by those offsets for the table. The sample itself is labelStream.ts' sampleFile.
 */
import type { PortableModel } from '../core/portableModel';
import { runLabellingPass, type LabellingPassOptions, type LabellingPassResult } from '../data/labellingPass';
import { readRowPage, type FileRowsLayout, type RowPage } from '../data/rowPages';
import { openFileSource } from './fileSource';
import { readerHeapBudget } from './heapBudget';
import { openStreamHead } from './labelStream';

export async function labelLargeFile(file: string, model: PortableModel, options: Omit<LabellingPassOptions, 'heapBudgetBytes'>): Promise<LabellingPassResult> {
  const head = await openStreamHead(file);
  if (!head.streamable) { await head.close(); throw new Error(`a ${head.dialect.encoding} file cannot be streamed`); }
  return runLabellingPass(head, model, { ...options, heapBudgetBytes: readerHeapBudget() });
}

export async function readLargeFileRows(file: string, layout: FileRowsLayout, first: number, count: number): Promise<RowPage> {
  const source = await openFileSource(file);
  return readRowPage({ totalBytes: source.totalBytes!, readRange: source.readRange!.bind(source) }, layout, first, count);
}
