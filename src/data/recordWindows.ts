// A streamed file in windows of whole records: the reader's own record splitter cuts the raw bytes
// (UTF-8 or Windows-1252, whose line breaks and quotes are single ASCII bytes), so a quoted cell
// with line breaks never straddles two windows. Only one window is held at a time.

import { DEFAULT_MAX_RECORD_CHARS, RecordSplitter, type RecordBatch } from './recordSplitter';
import type { StreamHead } from './streamHead';
import { concatBytes, throwIfAborted } from './textDecoding';

/** Window size by default: large enough that a window's fixed costs vanish, small beside any heap. */
export const DEFAULT_WINDOW_BYTES = 8 << 20;

export interface RecordWindow {
  /** The preamble's bytes (BOM, sep= line) in the first window; empty after. */
  preamble: Uint8Array;
  /** The window's records as batches of the splitter, in file order (each batch's offsets are its own). */
  batches: RecordBatch[];
  /** Bytes of the records. */
  bytes: number;
  /** Bytes of the file read so far (progress). */
  bytesRead: number;
}

/**
 * The records after the preamble (BOM, sep= line) in windows of at least `windowBytes` (the last
 * may be smaller). A window holds `windowBytes` plus at most one chunk and one record, and a
 * record longer than the reader's limit (64 MB) is refused as the reader refuses it.
 */
export async function* recordWindows(head: StreamHead, windowBytes = DEFAULT_WINDOW_BYTES, signal?: AbortSignal): AsyncGenerator<RecordWindow> {
  const { dialect } = head;
  const splitter = new RecordSplitter(dialect.delimiter, dialect.newline, DEFAULT_MAX_RECORD_CHARS);
  let skip = head.preambleBytes, bytesRead = 0;
  let batches: RecordBatch[] = [], bytes = 0;
  const preamble: Uint8Array[] = [];
  let yielded = false;
  const window = (): RecordWindow => {
    const w = { preamble: yielded ? new Uint8Array(0) : concatBytes(preamble), batches, bytes, bytesRead };
    yielded = true;
    batches = [];
    bytes = 0;
    return w;
  };
  for await (const chunk of head.chunks) {
    throwIfAborted(signal);
    bytesRead += chunk.length;
    let part = chunk;
    if (skip > 0) {
      const cut = Math.min(skip, chunk.length);
      skip -= cut;
      preamble.push(chunk.subarray(0, cut));
      part = chunk.subarray(cut);
    }
    const batch = splitter.push(part);
    if (batch === undefined) { continue; }
    batches.push(batch);
    bytes += batch.bytes.length;
    if (bytes >= windowBytes) { yield window(); }
  }
  const last = splitter.finish();
  if (last !== undefined) { batches.push(last); bytes += last.bytes.length; }
  if (batches.length > 0 || !yielded) { yield window(); }
}
