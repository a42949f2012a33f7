/**
 * Benchmark (not a test): time from a finished fit's message arriving in the webview to the
 * scatter plot drawn, for the largest picture the panel draws: 20,000 points sampled from a
 * 1,000,000-row Gaussian mixture (full covariance, k = 8, d = 8, ellipses on). Run by npm run bench.
 */
import { runClusterFit } from '../../src/core/clusterFit';
import { Random } from '../../src/core/random';
import { buildSnapshot } from '../../src/host/pure/fitSnapshot';
import { summarizeDataset } from '../../src/host/pure/datasetSummary';
import type { Dataset } from '../../src/data/csvReader';
import type { FitOptions } from '../../src/shared/protocol';
import { closeBrowser, openWebview } from './harness';

const N = 1_000_000;
const D = 8;
const K = 8;
const random = new Random(7);
const centres = Float64Array.from({ length: K * D }, () => 10 * random.nextFloat());
const data = new Float64Array(N * D);
for (let i = 0; i < N; i++) { for (let j = 0; j < D; j++) { data[i * D + j] = centres[(i % K) * D + j] + random.nextNormal(); } }
const columns = Array.from({ length: D }, (_, j) => `x${j + 1}`);
const dataset: Dataset = {
  columns: columns.map((name, j) => ({ kind: 'numeric', name, values: Float64Array.from({ length: N }, (_, i) => data[i * D + j]), missing: 0, idLike: false })),
  nRows: N,
  dialect: { delimiter: ',', newline: '\n', hasHeader: true, bom: false, quoteChar: '"' },
  report: { raggedRows: 0, raggedExamples: [], warnings: [] },
} as unknown as Dataset;
const options: FitOptions = { algorithm: 'gmm', nComponents: K, covarianceType: 'full', columns, standardize: false, nInit: 1, maxIter: 5, tol: 1e-3, seed: 0, missing: 'drop' };
const result = runClusterFit({ ...options, regCovar: 1e-6, data: data.slice(), nSamples: N, nFeatures: D }, () => {});
const selection = { matrix: { data, nSamples: N, nFeatures: D }, columns, rowIndex: Int32Array.from({ length: N }, (_, i) => i), droppedRows: 0, droppedByColumn: {}, imputed: 0 };
const snapshot = buildSnapshot(1, options, dataset, selection as never, result, 'worker_threads', 20_000);

const view = await openWebview({ width: 1280, height: 900 });
await view.send({ type: 'didLoadDataset', fileUri: 'file:///bench.csv', dataset: summarizeDataset('bench.csv', dataset), options });
const times: number[] = [];
for (let round = 0; round < 5; round++) {
  const ms = await view.page.evaluate(async message => {
    const canvas = document.getElementById('scatter') as HTMLCanvasElement;
    canvas.removeAttribute('data-point-count');
    const t0 = performance.now();
    window.postMessage(message, '*');
    await new Promise<void>(resolve => {
      const observer = new MutationObserver(() => { if (canvas.dataset.pointCount) { observer.disconnect(); resolve(); } });
      observer.observe(canvas, { attributes: true });
    });
    // The frame that shows it.
    await new Promise(requestAnimationFrame);
    return performance.now() - t0;
  }, { type: 'didFinishFit', fit: { ...snapshot, fitId: round + 2 } } as unknown as Record<string, unknown>);
  times.push(ms);
}
times.sort((a, b) => a - b);
console.log(`scatter bench: ${snapshot.sample.labels.length.toLocaleString('en-US')} points drawn of ${N.toLocaleString('en-US')} rows, k = ${K}, d = ${D}, ${3 * K} ellipses`);
console.log(`  fit finished → scatter drawn  median ${times[2].toFixed(0)} ms, best ${times[0].toFixed(0)} ms, worst ${times[4].toFixed(0)} ms (target ≤ 500 ms)`);
await view.close();
await closeBrowser();
