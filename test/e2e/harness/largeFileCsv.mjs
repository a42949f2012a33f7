// large.csv: the e2e workspace's file "too large to read whole" (issue 14 §1), made large by the
// settings the tests set (clusterLens.largeFileMegabytes = LARGE_FILE_MEGABYTES, a file of about
// 1.7 MB; clusterLens.largeFileSampleRows = LARGE_SAMPLE_ROWS) rather than by gigabytes: the same
// code path (sampling pass, labelling pass, table pages read by offset, streamed export) on a file
// the tests can make in a blink. Its cells follow from the row number alone, so a test can say
// what any row of it holds without reading it.
import * as fs from 'node:fs';

export const LARGE_ROWS = 60_000;
export const LARGE_FILE_MEGABYTES = 1;
export const LARGE_SAMPLE_ROWS = 2_000;
export const LARGE_HEADER = ['row', 'x', 'y', 'shape'];

/** The cells of data row `i` (0-based) of large.csv: two blobs far apart, and a text column naming the blob. */
export function largeFileRow(i) {
  const blob = i % 2;
  const centre = blob * 10;
  return [String(i + 1), (centre + 1.5 * Math.sin(i * 1.7)).toFixed(4), (centre + 1.5 * Math.cos(i * 2.3)).toFixed(4), blob ? 'blob B' : 'blob A'];
}

/** Writes large.csv (LF line endings) unless it is there already with these contents' size. */
export function writeLargeFile(file) {
  const lines = [LARGE_HEADER.join(',')];
  for (let i = 0; i < LARGE_ROWS; i++) { lines.push(largeFileRow(i).join(',')); }
  const text = lines.join('\n') + '\n';
  if (fs.existsSync(file) && fs.statSync(file).size === Buffer.byteLength(text)) { return; }
  fs.writeFileSync(file, text);
}
