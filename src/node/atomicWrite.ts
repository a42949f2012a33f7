/** Chunks written to a file on disk atomically: through a hidden temporary file beside it, renamed into place when complete. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sweepStaleTemporaries, temporaryPathFor, trackTemporary, untrackTemporary } from './temporaryFiles';

/**
 * Writes every chunk of `chunks` to a temporary file beside `outPath`, then renames it to
 * `outPath`. A failure (or an error thrown by the producer, e.g. a cancel) removes the temporary
 * file and rethrows; a signal finds it tracked (removeLiveTemporariesSync). Returns the producer's
 * return value. Temporary files left in that folder by killed runs are swept first.
 */
export async function writeChunksAtomically<R>(outPath: string, chunks: AsyncGenerator<Uint8Array, R>): Promise<R> {
  await sweepStaleTemporaries(path.dirname(outPath));
  const temporary = temporaryPathFor(outPath);
  trackTemporary(temporary);
  let out: fs.promises.FileHandle;
  try {
    out = await fs.promises.open(temporary, 'w');
  } catch (err) {
    untrackTemporary(temporary);
    throw err;
  }
  try {
    let r = await chunks.next();
    while (!r.done) {
      await out.write(r.value);
      r = await chunks.next();
    }
    await out.sync();
    await out.close();
    await fs.promises.rename(temporary, outPath);
    return r.value;
  } catch (err) {
    await out.close().catch(() => {});
    await fs.promises.rm(temporary, { force: true });
    throw err;
  } finally {
    untrackTemporary(temporary);
  }
}
