// Section "read" of `npm run bench`: opening the 1,000,000 × 8 CSV as the Node extension host
// does, on its own thread (before) and in the reader's worker thread (now), interleaved in one
// process: the wall time to the dataset, and the longest the host's event loop was held (a
// Cancel, a panel message or another extension waits that long).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadSourceModules, median } from './benchSupport.mjs';

const root = path.resolve(import.meta.dirname, '..');

/** The wall time of `read()`, the time this thread was busy meanwhile, and the longest stall of its event loop (ms). */
async function measure(read) {
  const stalls = monitorEventLoopDelay({ resolution: 5 });
  stalls.enable();
  const utilization = performance.eventLoopUtilization();
  const t = performance.now();
  const dataset = await read();
  const wall = performance.now() - t;
  const busy = performance.eventLoopUtilization(utilization).active;
  stalls.disable();
  return { wall, busy, stall: stalls.max / 1e6, dataset };
}

/** @param file the bench's 1,000,000 × 8 blobs CSV */
export async function benchRead(context, { file, out, rounds = 5 }) {
  const readerScript = path.join(root, 'dist/readerWorker.js');
  if (!fs.existsSync(readerScript)) { spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' }); }
  const m = await loadSourceModules(out, 'read', `export { readTable } from './src/data/readTable';
    export { openFileSource } from './src/node/fileSource';
    export { readerHeapBudget } from './src/node/heapBudget';
    export { readTableInWorker } from './src/node/tableReadClient';`);
  const fileName = path.basename(file);
  const onHost = async () => m.readTable(await m.openFileSource(file), { fileName, heapBudgetBytes: m.readerHeapBudget() });
  const inWorker = () => m.readTableInWorker(readerScript, file, { fileName });
  const before = [], now = [];
  let rows = 0;
  for (let round = 0; round < rounds + 1; round++) {
    const a = await measure(onHost);
    const b = await measure(inWorker);
    if (round === 0) { rows = a.dataset.nRows; if (a.dataset.nRows !== b.dataset.nRows) { throw new Error('the two reads differ'); } continue; }
    before.push(a); now.push(b);
  }
  const label = `read ${(rows / 1e6).toFixed(0)}M×8 CSV (${(fs.statSync(file).size / 2 ** 20).toFixed(0)} MB)`;
  context.notes.push(`${label}: medians of ${rounds} interleaved rounds; "busy": the host thread's active time (eventLoopUtilization), "longest stall": the longest its event loop was held (monitorEventLoopDelay)`);
  const w = xs => median(xs.map(x => x.wall)), s = xs => median(xs.map(x => x.stall)), busy = xs => median(xs.map(x => x.busy));
  return [
    { group: label, metric: 'open to dataset, on the host thread (before)', unit: 'ms', ours: w(before), sklearn: null, goal: '' },
    { group: label, metric: 'open to dataset, reader worker thread (now)', unit: 'ms', ours: w(now), sklearn: null, goal: '' },
    { group: label, metric: 'host thread busy, before', unit: 'ms', ours: busy(before), sklearn: null, goal: '' },
    { group: label, metric: 'host thread busy, now', unit: 'ms', ours: busy(now), sklearn: null, goal: '' },
    { group: label, metric: 'host thread longest stall, before', unit: 'ms', ours: s(before), sklearn: null, goal: '' },
    { group: label, metric: 'host thread longest stall, now', unit: 'ms', ours: s(now), sklearn: null, goal: '' },
  ];
}
