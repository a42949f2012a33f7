/**
 * How much of this process's JavaScript heap a file's text cells may take while it is read (the
 * reader's `heapBudgetBytes`), so that the read stops with a sentence before the heap is
 * exhausted and the process dies (exit 134 for the CLI, the whole extension host in VS Code).
 *
 * Cells that stay live end up in V8's old space. `heap_size_limit` also counts the young
 * generation's reserve (three 16 MB semi-spaces on 64-bit Node), which long-lived strings never
 * use: with `--max-old-space-size=64` the limit reads 117 MB and the process died at 69 MB. Of
 * the old space still free, 60% goes to the text: the rest is for the reader's own passing
 * garbage (each batch's decoded text and rows), the fit and the panel. The reader's estimate is
 * close to what V8 really holds (2M unique 24-character cells: 160 MB estimated, 181 MB measured).
 */
import * as v8 from 'node:v8';

const YOUNG_GENERATION_RESERVE = 48 << 20;
/** Never below this: a small heap still reads the files that fit it. */
const FLOOR = 16 << 20;
const SHARE = 0.6;

export function readerHeapBudget(): number {
  const { heap_size_limit: limit, used_heap_size: used } = v8.getHeapStatistics();
  return Math.max(FLOOR, Math.floor(SHARE * (limit - YOUNG_GENERATION_RESERVE - used)));
}
