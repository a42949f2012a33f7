/** Writes a labelled CSV next to its source on disk, atomically. */
import type { Dataset } from '../data/csvReader';
import { type ClusterAssignment, writeLabelledCsv } from '../data/labelledWriter';
import { exportSource } from '../data/readTable';
import { openFileSource } from './fileSource';
import { writeChunksAtomically } from './atomicWrite';

/**
 * Re-reads `sourcePath` (every original cell goes back byte for byte) and writes the labelled file
 * to a temporary file beside `outPath`, renamed into place only when complete: a failure half-way
 * never leaves a half-written file. Temporary files left in that folder by runs that were killed
 * are removed first.
 */
export async function writeLabelledFile(sourcePath: string, outPath: string, dataset: Dataset, assignment: ClusterAssignment): Promise<void> {
  async function* chunks(): AsyncGenerator<Uint8Array, void> {
    yield* writeLabelledCsv(exportSource(dataset, await openFileSource(sourcePath)), dataset, assignment);
  }
  await writeChunksAtomically(outPath, chunks());
}
