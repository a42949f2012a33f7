/**
 * Benchmark (not a test): time from a finished fit's message arriving in the webview to the first
 * draw of the uncertainty, pairs, silhouette and agreement tabs, and of the scatter with points
 * sized by uncertainty, at 1,000,000 rows (20,000 drawn, as the scatter samples them; k = 8,
 * d = 8, full covariances). The agreement tab's time includes the host counting all 1,000,000
 * rows (answerAgreeRequest, in this process) and the round trip. Run by npm run bench.
 */
import { runClusterFit } from '../../src/core/clusterFit';
import { Random } from '../../src/core/random';
import type { Dataset } from '../../src/data/csvReader';
import { answerAgreeRequest } from '../../src/host/pure/agreementCounts';
import { summarizeDataset } from '../../src/host/pure/datasetSummary';
import { buildSnapshot } from '../../src/host/pure/fitSnapshot';
import { parseWebviewMessage, type FitOptions } from '../../src/shared/protocol';
import { closeBrowser, openWebview } from './harness';

const N = 1_000_000;
const D = 8;
const K = 8;
const random = new Random(7);
const centres = Float64Array.from({ length: K * D }, () => 10 * random.nextFloat());
const data = new Float64Array(N * D);
const group = new Float64Array(N);
for (let i = 0; i < N; i++) {
  group[i] = i % K;
  for (let j = 0; j < D; j++) { data[i * D + j] = centres[(i % K) * D + j] + random.nextNormal(); }
}
const columns = Array.from({ length: D }, (_, j) => `x${j + 1}`);
const dataset: Dataset = {
  columns: [
    ...columns.map((name, j) => ({ kind: 'numeric', name, values: Float64Array.from({ length: N }, (_, i) => data[i * D + j]), missing: 0, idLike: false })),
    { kind: 'numeric', name: 'group', values: group, missing: 0, idLike: false },
  ],
  nRows: N,
  dialect: { delimiter: ',', newline: '\n', hasHeader: true, bom: false, quoteChar: '"' },
  report: { raggedRows: 0, raggedExamples: [], warnings: [] },
} as unknown as Dataset;
const options: FitOptions = { algorithm: 'gmm', nComponents: K, covarianceType: 'full', columns, standardize: false, nInit: 1, maxIter: 5, tol: 1e-3, seed: 0, missing: 'drop' };
const result = runClusterFit({ ...options, regCovar: 1e-6, data: data.slice(), nSamples: N, nFeatures: D }, () => {});
const selection = { matrix: { data, nSamples: N, nFeatures: D }, columns, rowIndex: Int32Array.from({ length: N }, (_, i) => i), droppedRows: 0, droppedByColumn: {}, imputed: 0 };
const snapshot = buildSnapshot(1, options, dataset, selection as never, result, 'worker_threads', 20_000);

let fitId = 1;
const view = await openWebview({
  width: 1280, height: 900,
  host: message => {
    const parsed = parseWebviewMessage(message);
    if (!parsed.ok || parsed.message.type !== 'agree') { return undefined; }
    return answerAgreeRequest(parsed.message, dataset, { selection, result, snapshot: { fitId } });
  },
});
await view.send({ type: 'didLoadDataset', fileUri: 'file:///bench.csv', dataset: summarizeDataset('bench.csv', dataset), options });
await view.send({ type: 'didFinishFit', fit: snapshot });
await view.waitForState('ready');

/** Median, best and worst of 5 first draws of a tab, each for a new fit arriving while it shows. */
async function timeTab(tab: string, drawn: string): Promise<number[]> {
  await view.page.locator(`#tab-${tab}`).click();
  const times: number[] = [];
  for (let round = 0; round < 5; round++) {
    fitId += 1;
    const ms = await view.page.evaluate(async ({ message, selector, id }) => {
      const t0 = performance.now();
      window.postMessage(message, '*');
      await new Promise<void>(resolve => {
        const check = () => {
          const element = document.querySelector<HTMLElement>(selector);
          if (element?.dataset.drawnFor === String(id)) { resolve(); return; }
          requestAnimationFrame(check);
        };
        check();
      });
      await new Promise(requestAnimationFrame);
      return performance.now() - t0;
    }, { message: { type: 'didFinishFit', fit: { ...snapshot, fitId } } as unknown as Record<string, unknown>, selector: drawn, id: fitId });
    times.push(ms);
  }
  return times.sort((a, b) => a - b);
}

async function timeScatter(bySize: boolean): Promise<number[]> {
  await view.page.locator('#tab-scatter').click();
  if (bySize) { await view.page.locator('#size-by-uncertainty').click(); }
  const times: number[] = [];
  for (let round = 0; round < 5; round++) {
    fitId += 1;
    const ms = await view.page.evaluate(async message => {
      const canvas = document.getElementById('scatter') as HTMLCanvasElement;
      canvas.removeAttribute('data-point-count');
      const t0 = performance.now();
      window.postMessage(message, '*');
      await new Promise<void>(resolve => {
        const observer = new MutationObserver(() => { if (canvas.dataset.pointCount) { observer.disconnect(); resolve(); } });
        observer.observe(canvas, { attributes: true });
      });
      await new Promise(requestAnimationFrame);
      return performance.now() - t0;
    }, { type: 'didFinishFit', fit: { ...snapshot, fitId } } as unknown as Record<string, unknown>);
    times.push(ms);
  }
  return times.sort((a, b) => a - b);
}

const line = (name: string, t: number[]) =>
  console.log(`  fit finished → ${name.padEnd(34)} median ${t[2].toFixed(0)} ms, best ${t[0].toFixed(0)} ms, worst ${t[4].toFixed(0)} ms (target ≤ 500 ms)`);
console.log(`diagnostics bench: ${snapshot.sample.labels.length.toLocaleString('en-US')} points drawn of ${N.toLocaleString('en-US')} rows, k = ${K}, d = ${D}`);
line('scatter drawn (as before)', await timeScatter(false));
line('scatter sized by uncertainty', await timeScatter(true));
line('uncertainty curve drawn', await timeTab('uncertainty', '#uncertainty-chart'));
line('pairs plot drawn (8 × 8 panels)', await timeTab('pairs', '#pairs-chart'));
line('silhouette drawn (2,000 rows)', await timeTab('silhouette', '#silhouette-chart'));
line('agreement shown (host counts 1M)', await timeTab('agreement', '.agreement'));
await view.close();
await closeBrowser();
