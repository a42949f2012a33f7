/**
 * What the view is told of a file too large to read whole (largeFile.ts): the file's row count,
 * and notes that say what the fit, the profiles, the table and the pictures cover. Pure.
 */
import type { DatasetSummary } from '../../shared/protocol';

/** What the sampling pass drew of a file too large to read whole. */
/** The sample of a file too large to read whole: the setting's bounds (package.json), its default the CLI's --sample. */
export const SAMPLE_ROWS_LIMITS = { min: 1000, max: 5_000_000 } as const;

/**
 * The rows to sample, from the `clusterLens.largeFileSampleRows` setting: a hand-edited value
 * outside the bounds is brought within them, and anything but a number gives the default.
 */
export function sampleRowsSetting(value: unknown, fallback: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) { return fallback; }
  return Math.max(SAMPLE_ROWS_LIMITS.min, Math.min(SAMPLE_ROWS_LIMITS.max, Math.round(value)));
}

export interface SampledFile {
  sampleRows: number;
  rowsInFile: number;
  seed: number;
  /** (sampleRows) the file's data row of each sample row, increasing. */
  fileRows: Float64Array;
}

/** The summary of a sampled file: the file's row count, and notes that say what the fit and the views cover. */
export function describeSampledFile(summary: DatasetSummary, sampled: SampledFile | undefined): DatasetSummary {
  if (!sampled) { return summary; }
  const n = (x: number) => x.toLocaleString('en-US');
  const sampleNote = sampled.sampleRows < sampled.rowsInFile
    ? `The file is too large to read whole: fitted on ${n(sampled.sampleRows)} sampled rows of ${n(sampled.rowsInFile)} (a uniform sample drawn in one streaming pass, seed ${sampled.seed}). `
      + 'After each fit every row is labelled in a second pass: the profiles and the table cover all rows; the pictures show the sample.'
    : `The file is too large to read whole: all ${n(sampled.rowsInFile)} rows were read in one streaming pass.`;
  return {
    ...summary, nRows: sampled.rowsInFile, sample: { rows: sampled.sampleRows, rowsInFile: sampled.rowsInFile },
    notes: [...summary.notes, sampleNote, 'The table lists every row in file order, read from the file page by page; sorting by another column or a filter takes one more streaming pass over the file, with progress and Cancel.'],
  };
}
