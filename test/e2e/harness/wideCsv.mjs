// wide.csv: the e2e workspace's wide file (issue 17 §3): 2,400 rows × 24 numeric columns in three
// groups, so that a full-covariance fit in the host's worker runs the wide kernels
// (src/core/wideKernels.ts: 9 columns or more), fused where the engine has relaxed SIMD (VS Code
// for the web's Chromium, code-server's Node 24). Its cells follow from the row number alone.
import * as fs from 'node:fs';

export const WIDE_ROWS = 2_400;
export const WIDE_COLUMNS = 24;

/** The cells of data row `i` (0-based): its group's centre (3 apart in a few columns) plus deterministic noise, and the group's name. */
export function wideFileRow(i) {
  const group = i % 3;
  const cells = [];
  for (let j = 0; j < WIDE_COLUMNS; j++) {
    const centre = (j % 6 === group * 2 ? 3 : 0) + 0.2 * Math.sin(group * 7 + j);
    const noise = Math.sin(i * 12.9898 + j * 78.233) * 43758.5453;
    cells.push((centre + 1.7 * (noise - Math.floor(noise) - 0.5)).toFixed(4));
  }
  return [...cells, `group ${'ABC'[group]}`];
}

/** Writes wide.csv (LF line endings) unless it is there already with these contents' size. */
export function writeWideFile(file) {
  const header = [...Array.from({ length: WIDE_COLUMNS }, (_, j) => `x${j + 1}`), 'group'];
  const lines = [header.join(',')];
  for (let i = 0; i < WIDE_ROWS; i++) { lines.push(wideFileRow(i).join(',')); }
  const text = lines.join('\n') + '\n';
  if (fs.existsSync(file) && fs.statSync(file).size === Buffer.byteLength(text)) { return; }
  fs.writeFileSync(file, text);
}
