import type * as vscode from 'vscode';
import type { ByteSource } from '../data/byteSource';
import type { Dataset } from '../data/csvReader';
import type { ClusterAssignment } from '../data/labelledWriter';
import type { PortableModel } from '../core/portableModel';
import type { StreamHead } from '../data/streamHead';
import type { StreamingLabelSummary } from '../data/streamingLabel';
import type { ComputeClient } from './pure/computeClient';
import type { ReservoirSample } from '../data/reservoirSample';
import type { LabellingPassOptions, LabellingPassResult } from '../data/labellingPass';
import type { FileRowsLayout, RowPage } from '../data/rowPages';

/** What differs between the Node extension host and the web-worker extension host. */
export interface Platform {
  /** Bytes of a file as they arrive: streamed from disk where possible, never read twice into memory. */
  openFile(uri: vscode.Uri): Promise<ByteSource>;
  /** Writes `source` again with the cluster columns appended, atomically, to `target`. */
  writeLabelled(source: vscode.Uri, target: vscode.Uri, dataset: Dataset, assignment: ClusterAssignment): Promise<void>;
  readonly compute: ComputeClient;
  /**
   * Reads a table off the extension host's thread where this host can (Node: a local file in a
   * worker thread, node/tableReadClient.ts); undefined where it cannot (the caller reads `openFile`).
   */
  readTableOffThread?(uri: vscode.Uri, options: { fileName: string; onProgress?: (bytesRead: number, totalBytes: number | undefined) => void; signal?: AbortSignal }): Promise<Dataset> | undefined;
  /** Heap bytes a file's text may take while it is read, where the host knows its heap (Node); the reader's default elsewhere. */
  readerHeapBudget?(): number;
  /**
   * The Node host: the first megabytes of a local CSV that can be labelled in one streaming pass
   * (UTF-8 or Windows-1252), else undefined (the web host's workspace.fs hands over whole files).
   */
  openStreamHead?(uri: vscode.Uri): Promise<StreamHead | undefined>;
  /** Labels every row behind `head` into the local file `target` (atomically), a few 8 MB windows of memory. */
  streamLabel?(head: StreamHead, target: vscode.Uri, model: PortableModel, columns: readonly string[],
    options: { signal: AbortSignal; onProgress: (bytesRead: number, totalBytes: number | undefined) => void }): Promise<StreamingLabelSummary>;
  /**
   * The Node host, for a local CSV too large to read whole (largeFile.ts): a seeded uniform sample
   * of its rows drawn in one streaming pass (undefined when the file cannot be streamed), every row
   * labelled by the fitted model in a second pass, and rows read back by the offsets it kept.
   */
  /** Files larger than this many bytes are sampled without trying to read them whole (Node: a quarter of the machine's memory). */
  largeFileBytes?(): number;
  sampleLargeFile?(uri: vscode.Uri, options: { rows: number; seed: number; signal?: AbortSignal; onProgress?: (bytesRead: number, totalBytes: number | undefined) => void }): Promise<ReservoirSample | undefined>;
  labelLargeFile?(uri: vscode.Uri, model: PortableModel, options: Omit<LabellingPassOptions, 'heapBudgetBytes'>): Promise<LabellingPassResult>;
  readLargeFileRows?(uri: vscode.Uri, layout: FileRowsLayout, first: number, count: number): Promise<RowPage>;
}
