// A fit in a real worker (dist/worker.js) asked for the panel's summary over all rows: the
// extension host's thread then only assembles the snapshot, and the snapshot is the one the host
// would have computed itself.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { runClusterFit } from '../../../src/core/clusterFit';
import { summarizeFit } from '../../../src/core/fitSummary';
import { Random } from '../../../src/core/random';
import { buildFeatureMatrix } from '../../../src/data/featureMatrix';
import { buildSnapshot, summaryRequestFor } from '../../../src/host/pure/fitSnapshot';
import { shareNumericColumns } from '../../../src/data/sharedColumns';
import { dataForWorker } from '../../../src/host/pure/workerPort';
import { nodeWorkerPort } from '../../../src/host/nodeWorkerPort';
import { startWorkerFit } from '../../../src/host/workerFit';
import { WorkerKeeper } from '../../../src/host/workerKeeper';
import type { FitOptions } from '../../../src/shared/protocol';
import { readText } from '../data/helpers';
import { builtBundle } from '../builtBundle';

const workerScript = builtBundle('dist/worker.js');

/** 20,000 rows in three blobs: three numeric columns (one with holes), a text column, large enough for the worker's thread pool. */
async function dataset() {
  const random = new Random(5);
  const lines = ['x,y,z,kind'];
  for (let i = 0; i < 20_000; i++) {
    const c = i % 3;
    const cells = [c * 4 + random.nextNormal(), c * 2 + random.nextNormal(), 10 * random.nextNormal()].map(v => v.toFixed(4));
    if (i % 11 === 0) { cells[1] = ''; }
    lines.push([...cells, ['red', 'green', 'blue'][(i * 7) % 3]].join(','));
  }
  return readText(lines.join('\n') + '\n');
}

describe('a fit in a worker asked for the summary over all rows', () => {
  for (const missing of ['drop', 'model'] as const) {
    test(`gives the snapshot the host would have built itself (missing cells: ${missing}), with the columns in shared memory`, async () => {
      const data = await dataset();
      shareNumericColumns(data, true);
      assert.ok(data.columns.every(c => c.kind !== 'numeric' || c.values.buffer instanceof SharedArrayBuffer));
      const options: FitOptions = {
        algorithm: 'gmm', nComponents: 3, covarianceType: 'full', columns: ['x', 'y', 'z'], standardize: true, nInit: 2, maxIter: 100, tol: 1e-3, seed: 2, missing,
      };
      const selection = buildFeatureMatrix(data, options.columns, missing);
      const fitRequest = { ...options, regCovar: 1e-6, data: dataForWorker(selection.matrix.data), nSamples: selection.matrix.nSamples, nFeatures: 3 };
      const workers = new WorkerKeeper(() => nodeWorkerPort(new Worker(workerScript)));
      try {
        const run = startWorkerFit('worker_threads', workers, fitRequest, () => {}, summaryRequestFor(data, selection, 2000, options.seed));
        const result = await run.result;
        const summary = await run.summary;
        assert.ok(summary, 'the summary came with the result');
        assert.equal(summary.rows.label.length, data.nRows);
        assert.deepEqual(result.labels, runClusterFit({ ...fitRequest, data: selection.matrix.data.slice() }, () => {}).labels, 'the fit is the in-process fit');
        assert.deepEqual(summary, summarizeFit(selection.matrix, result, summaryRequestFor(data, selection, 2000, options.seed)));
        const fromWorker = buildSnapshot(1, options, data, selection, result, 'worker_threads', 2000, summary.rows, summary);
        const onHost = buildSnapshot(1, options, data, selection, result, 'worker_threads', 2000);
        assert.deepEqual(fromWorker, onHost);
        assert.equal(fromWorker.profiles.columns.length, 4, 'every column is profiled, the text one on the host');
      } finally {
        workers.dispose();
      }
    });
  }
});
