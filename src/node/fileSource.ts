/** Files on disk as a ByteSource, for the Node extension host and the CLI. */
import * as fs from 'node:fs';
import type { ByteSource } from '../data/byteSource';

/** Streams the file in 1 MiB reads: few chunks, smooth progress, never the whole file in memory. */
export async function openFileSource(filePath: string): Promise<ByteSource> {
  const { size } = await fs.promises.stat(filePath);
  return {
    totalBytes: size,
    // Parquet reads its footer, then each column chunk: a handle per read keeps nothing open
    // between reads, and the few dozen reads of a file cost microseconds each.
    readRange: async (start, end) => {
      const handle = await fs.promises.open(filePath, 'r');
      try {
        const out = new Uint8Array(Math.max(0, Math.min(end, size) - start));
        let at = 0;
        while (at < out.length) {
          const { bytesRead } = await handle.read(out, at, out.length - at, start + at);
          if (bytesRead === 0) { break; }
          at += bytesRead;
        }
        return at === out.length ? out : out.subarray(0, at);
      } finally {
        await handle.close();
      }
    },
    chunks: {
      async *[Symbol.asyncIterator]() {
        for await (const chunk of fs.createReadStream(filePath, { highWaterMark: 1 << 20 })) {
          yield chunk as Uint8Array;
        }
      },
    },
  };
}
