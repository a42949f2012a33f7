// The reader never sees a file: it sees bytes arriving. Node streams them from disk, the web host
// slices what workspace.fs returned, tests hand in arrays; all look the same from here.

/** Bytes of a file as they arrive: Node streams the file from disk; the web host passes workspace.fs bytes in slices. */
export interface ByteSource {
  readonly totalBytes?: number;
  readonly chunks: AsyncIterable<Uint8Array>;
}

/**
 * Serves an in-memory file in slices. The slices are views, not copies, and `chunks` can be
 * iterated again, which the labelled writer relies on to re-read the original.
 */
export function byteSourceFromBytes(bytes: Uint8Array, chunkSize = 1 << 20): ByteSource {
  const size = Math.max(1, Math.floor(chunkSize));
  return {
    totalBytes: bytes.length,
    chunks: {
      async *[Symbol.asyncIterator]() {
        for (let at = 0; at < bytes.length; at += size) {
          yield bytes.subarray(at, Math.min(bytes.length, at + size));
        }
      },
    },
  };
}

/** Text as UTF-8 bytes (tests and generated samples). */
export function byteSourceFromText(text: string, chunkSize?: number): ByteSource {
  return byteSourceFromBytes(new TextEncoder().encode(text), chunkSize);
}
