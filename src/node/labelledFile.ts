/** Writes a labelled CSV next to its source on disk, atomically. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Dataset } from '../data/csvReader';
import { type ClusterAssignment, writeLabelledCsv } from '../data/labelledWriter';
import { exportSource } from '../data/readTable';
import { openFileSource } from './fileSource';
import { sweepStaleTemporaries, temporaryPathFor, trackTemporary, untrackTemporary } from './temporaryFiles';

/**
 * Re-reads `sourcePath` (every original cell goes back byte for byte) and writes the labelled file
 * to a temporary file beside `outPath`, renamed into place only when complete: a failure half-way
 * never leaves a half-written file. Temporary files left in that folder by runs that were killed
 * are removed first.
 */
export async function writeLabelledFile(sourcePath: string, outPath: string, dataset: Dataset, assignment: ClusterAssignment): Promise<void> {
  await sweepStaleTemporaries(path.dirname(outPath));
  const temporary = temporaryPathFor(outPath);
  // Tracked before it exists: a signal arriving while it is being created still finds it.
  trackTemporary(temporary);
  let out: fs.promises.FileHandle;
  try {
    out = await fs.promises.open(temporary, 'w');
  } catch (err) {
    untrackTemporary(temporary);
    throw err;
  }
  try {
    for await (const chunk of writeLabelledCsv(exportSource(dataset, await openFileSource(sourcePath)), dataset, assignment)) {
      await out.write(chunk);
    }
    await out.sync();
    await out.close();
    await fs.promises.rename(temporary, outPath);
  } catch (err) {
    await out.close().catch(() => {});
    await fs.promises.rm(temporary, { force: true });
    throw err;
  } finally {
    untrackTemporary(temporary);
  }
}
