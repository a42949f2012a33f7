/** Writes a labelled CSV next to its source on disk, atomically. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Dataset } from '../data/csvReader';
import { type ClusterAssignment, writeLabelledCsv } from '../data/labelledWriter';
import { openFileSource } from './fileSource';

/**
 * Re-reads `sourcePath` (every original cell goes back byte for byte) and writes the labelled file
 * to a temporary file beside `outPath`, renamed into place only when complete: a failure half-way
 * never leaves a half-written file.
 */
export async function writeLabelledFile(sourcePath: string, outPath: string, dataset: Dataset, assignment: ClusterAssignment): Promise<void> {
  const temporary = path.join(path.dirname(outPath), `.${path.basename(outPath)}.${process.pid}.${Date.now()}.tmp`);
  const out = await fs.promises.open(temporary, 'w');
  try {
    for await (const chunk of writeLabelledCsv(await openFileSource(sourcePath), dataset, assignment)) {
      await out.write(chunk);
    }
    await out.sync();
    await out.close();
    await fs.promises.rename(temporary, outPath);
  } catch (err) {
    await out.close().catch(() => {});
    await fs.promises.rm(temporary, { force: true });
    throw err;
  }
}
