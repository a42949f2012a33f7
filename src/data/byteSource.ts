// The reader never sees a file: it sees bytes arriving. Node streams them from disk, the web host
// slices what workspace.fs returned, tests hand in arrays; all look the same from here.

/** Bytes of a file as they arrive: Node streams the file from disk; the web host passes workspace.fs bytes in slices. */
export interface ByteSource {
  readonly totalBytes?: number;
  readonly chunks: AsyncIterable<Uint8Array>;
  /** Bytes [start, end) of the file, where the source can seek (Parquet reads its footer first). */
  readRange?(start: number, end: number): Promise<Uint8Array>;
}

/** A source that can seek: what a Parquet file needs. */
export interface RandomAccessSource {
  readonly totalBytes: number;
  readRange(start: number, end: number): Promise<Uint8Array>;
}

/** The source as a seekable one, or undefined when it can only stream. */
export function randomAccess(source: ByteSource): RandomAccessSource | undefined {
  const { totalBytes, readRange } = source;
  return totalBytes === undefined || readRange === undefined ? undefined : { totalBytes, readRange: readRange.bind(source) };
}

/**
 * Serves an in-memory file in slices. The slices are views, not copies, and `chunks` can be
 * iterated again, which the labelled writer relies on to re-read the original.
 */
export function byteSourceFromBytes(bytes: Uint8Array, chunkSize = 1 << 20): ByteSource {
  const size = Math.max(1, Math.floor(chunkSize));
  return {
    totalBytes: bytes.length,
    readRange: async (start, end) => bytes.subarray(start, end),
    chunks: {
      async *[Symbol.asyncIterator]() {
        for (let at = 0; at < bytes.length; at += size) {
          yield bytes.subarray(at, Math.min(bytes.length, at + size));
        }
      },
    },
  };
}

/**
 * Serves an in-memory file kept in parts (a streamed window's batches of whole records) without
 * joining them: each part is one chunk, so a reader's record splitter takes each part whole
 * instead of copying a record cut across two slices. `chunks` can be iterated again.
 */
export function byteSourceFromParts(parts: readonly Uint8Array[]): ByteSource {
  let totalBytes = 0;
  for (const part of parts) { totalBytes += part.length; }
  return {
    totalBytes,
    readRange: async (start, end) => {
      const out = new Uint8Array(Math.max(0, Math.min(end, totalBytes) - start));
      let offset = 0;
      for (const part of parts) {
        const from = Math.max(start, offset), to = Math.min(end, offset + part.length);
        if (from < to) { out.set(part.subarray(from - offset, to - offset), from - start); }
        offset += part.length;
      }
      return out;
    },
    chunks: {
      async *[Symbol.asyncIterator]() {
        for (const part of parts) { if (part.length > 0) { yield part; } }
      },
    },
  };
}

/** Text as UTF-8 bytes (tests and generated samples). */
export function byteSourceFromText(text: string, chunkSize?: number): ByteSource {
  return byteSourceFromBytes(new TextEncoder().encode(text), chunkSize);
}
