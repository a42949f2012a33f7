// Section "postfit" of `npm run bench`: what the extension host's thread does after a fit at
// 1,000,000 × 8, before the panel gets its snapshot. Before: it built the summary over all rows
// itself (row assignment, PCA plane, profiles of every column, uncertainty, draw); now the fit
// worker builds it next to the fit and the host only assembles the snapshot. Both ways are timed
// in this process, interleaved, and their snapshots compared. The worker's own time for the
// summary is shown too (it is no longer the host's, but it still comes before the picture).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { loadSourceModules, median } from './benchSupport.mjs';

/** The panel's draw (MAX_DRAWN_POINTS of src/host/settings.ts, which needs vscode). */
const MAX_DRAWN_POINTS = 20_000;

/** @param file the bench's 1,000,000 × 8 blobs CSV */
export async function benchPostFit(_context, { file, out, rounds = 7 }) {
  const m = await loadSourceModules(out, 'postfit', `export { readTable } from './src/data/readTable';
    export { byteSourceFromBytes } from './src/data/byteSource';
    export { buildFeatureMatrix } from './src/data/featureMatrix';
    export { assignRows } from './src/data/rowAssignment';
    export { runClusterFit } from './src/core/clusterFit';
    export { summarizeFit, transferablesOfSummary } from './src/core/fitSummary';
    export { buildSnapshot, summaryRequestFor } from './src/host/pure/fitSnapshot';
    export { shareNumericColumns } from './src/data/sharedColumns';`);
  const dataset = await m.readTable(m.byteSourceFromBytes(fs.readFileSync(file)), { fileName: path.basename(file) });
  m.shareNumericColumns(dataset, true);
  const columns = dataset.columns.filter(c => c.kind === 'numeric').map(c => c.name);
  const options = { algorithm: 'gmm', nComponents: 4, covarianceType: 'full', columns, standardize: true, nInit: 1, maxIter: 5, tol: 1e-3, seed: 0, missing: 'drop' };
  const selection = m.buildFeatureMatrix(dataset, columns, 'drop');
  const result = m.runClusterFit({ ...options, regCovar: 1e-6, data: selection.matrix.data.slice(), nSamples: selection.matrix.nSamples, nFeatures: columns.length }, () => {});
  const request = () => m.summaryRequestFor(dataset, selection, MAX_DRAWN_POINTS, options.seed);
  // before: what analysis.ts ran on the host's thread after each fit
  const before = () => {
    const rows = m.assignRows(dataset.nRows, selection.rowIndex, result.labels, result.resp, result.nComponents);
    return m.buildSnapshot(1, options, dataset, selection, result, 'worker_threads', MAX_DRAWN_POINTS, rows);
  };
  // now: the worker's summary arrives with the result (transferred: structuredClone stands in for the message)
  const inWorker = () => {
    const summary = m.summarizeFit(selection.matrix, result, request());
    return structuredClone(summary, { transfer: m.transferablesOfSummary(summary) });
  };
  const after = summary => m.buildSnapshot(1, options, dataset, selection, result, 'worker_threads', MAX_DRAWN_POINTS, summary.rows, summary);
  const time = f => { const t = performance.now(); const v = f(); return [performance.now() - t, v]; };
  const beforeMs = [], afterMs = [], workerMs = [];
  let same = true;
  for (let round = 0; round < rounds + 1; round++) {
    const [b, snapshotBefore] = time(before);
    const [w, summary] = time(inWorker);
    const [a, snapshotAfter] = time(() => after(summary));
    if (round === 0) { same = isDeepStrictEqual(snapshotBefore, snapshotAfter); continue; }
    beforeMs.push(b); workerMs.push(w); afterMs.push(a);
  }
  const label = `postfit ${(dataset.nRows / 1e6).toFixed(0)}M×${columns.length}, GMM k=4`;
  _context.notes.push(`${label}: snapshots from the worker's summary and from the host's ${same ? 'are identical' : 'DIFFER'}; medians of ${rounds} interleaved rounds`);
  return [
    { group: label, metric: "host thread after a fit, before (summary on the host)", unit: 'ms', ours: median(beforeMs), sklearn: null, goal: '' },
    { group: label, metric: 'host thread after a fit, now (snapshot from the worker\'s summary)', unit: 'ms', ours: median(afterMs), sklearn: null, goal: '' },
    { group: label, metric: 'the summary in the fit worker (off the host)', unit: 'ms', ours: median(workerMs), sklearn: null, goal: '' },
    { group: label, metric: 'host thread now / before', unit: '×', ours: median(afterMs) / median(beforeMs), sklearn: null, goal: '' },
  ];
}
