// "Apply Saved Model" where fits run: the model's pass over the rows and the summary over all rows
// in a real worker (dist/worker.js) or, without one, in the host; the panel's fit is the one the
// host built by itself before (buildAppliedFit).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { runClusterFit, type FitResult } from '../../../src/core/clusterFit';
import { toPortableModel } from '../../../src/core/portableModel';
import { byteSourceFromBytes } from '../../../src/data/byteSource';
import { readCsv } from '../../../src/data/csvReader';
import { buildFeatureMatrix, defaultFeatureColumns } from '../../../src/data/featureMatrix';
import { parseModel, serializeModel, type ModelFile } from '../../../src/data/modelFile';
import { densityModelToFile, toModelFile } from '../../../src/data/portableModelFile';
import { applyModelWhereFitsRun, buildAppliedFit } from '../../../src/host/pure/appliedModel';
import type { CompletedFit } from '../../../src/host/pure/fitSnapshot';
import { startInProcessApply } from '../../../src/host/pure/inProcessFit';
import { nodeWorkerPort } from '../../../src/host/nodeWorkerPort';
import { startWorkerApply } from '../../../src/host/workerFit';
import { WorkerKeeper } from '../../../src/host/workerKeeper';
import { builtBundle } from '../builtBundle';

const workerScript = builtBundle('dist/worker.js');
const penguins = path.resolve(import.meta.dirname, '../../../media/samples/penguins.csv');
const moons = path.resolve(import.meta.dirname, '../../../test/e2e/workspace/moons.csv');

/** A file, a fit of it with `algorithm`, and the fit saved as a model file as "Save the model" does. */
async function saved(algorithm: 'gmm' | 'kmeans' | 'dbscan') {
  const file = algorithm === 'dbscan' ? moons : penguins;
  const dataset = await readCsv(byteSourceFromBytes(fs.readFileSync(file)), { fileName: path.basename(file) });
  const columns = algorithm === 'dbscan' ? ['x', 'y'] : defaultFeatureColumns(dataset);
  const selection = buildFeatureMatrix(dataset, columns, 'drop');
  const result: FitResult = runClusterFit({
    algorithm, nComponents: 3, covarianceType: 'diag', nInit: 2, maxIter: 300, tol: 1e-6, regCovar: 1e-6, seed: 1, standardize: true,
    data: selection.matrix.data.slice(), nSamples: selection.matrix.nSamples, nFeatures: selection.matrix.nFeatures,
  }, () => {});
  const options = { nComponents: 3, nInit: 2, maxIter: 300, tol: 1e-6, seed: 7, standardize: true, missing: 'drop' };
  const text = algorithm === 'dbscan'
    ? serializeModel(densityModelToFile(result.densityModel!, result.scaling, result.weights, result.means, {
      columns, covarianceType: null, bic: null, aic: null, options: { ...options, ...result.density!.settings },
    }))
    : serializeModel(toModelFile(toPortableModel(result), { columns, covarianceType: algorithm === 'gmm' ? 'diag' : null, options, bic: result.bic, aic: result.aic }));
  return { dataset, selection, model: parseModel(text) as ModelFile };
}

/** The fit without its timing (seconds differ from run to run) and where it ran. */
function timeless(fit: CompletedFit) {
  return { ...fit, result: { ...fit.result, seconds: 0 }, snapshot: { ...fit.snapshot, seconds: 0, ranIn: 'extension-host' } };
}

describe('a saved model applied where fits run', () => {
  for (const algorithm of ['gmm', 'kmeans', 'dbscan'] as const) {
    test(`in a worker gives the panel the fit the host built by itself (${algorithm})`, async () => {
      const { dataset, selection, model } = await saved(algorithm);
      const workers = new WorkerKeeper(() => nodeWorkerPort(new Worker(workerScript)));
      try {
        const compute = { startApply: (request: Parameters<typeof startWorkerApply>[2], summarize: Parameters<typeof startWorkerApply>[3]) => startWorkerApply('worker_threads', workers, request, summarize) };
        const build = await applyModelWhereFitsRun(compute, model, 'm.json', dataset, selection, 200);
        const fromWorker = build(4);
        assert.equal(fromWorker.snapshot.ranIn, 'worker_threads');
        assert.equal(fromWorker.snapshot.appliedModel, 'm.json');
        assert.deepEqual(timeless(fromWorker), timeless(buildAppliedFit(model, 'm.json', dataset, selection, 4, 200)));
      } finally {
        workers.dispose();
      }
    });
  }

  test('without a worker, in the extension host, gives the same fit', async () => {
    const { dataset, selection, model } = await saved('gmm');
    const build = await applyModelWhereFitsRun({ startApply: startInProcessApply }, model, 'm.json', dataset, selection, 200);
    const inHost = build(2);
    assert.equal(inHost.snapshot.ranIn, 'extension-host');
    assert.deepEqual(timeless(inHost), timeless(buildAppliedFit(model, 'm.json', dataset, selection, 2, 200)));
  });

  test('a model that does not fit the rows is an error from the worker, and the worker is kept', async () => {
    const { dataset, selection, model } = await saved('gmm');
    const exits: Promise<number>[] = [];
    const workers = new WorkerKeeper(() => { const w = new Worker(workerScript); exits.push(new Promise(r => w.on('exit', r))); return nodeWorkerPort(w); });
    try {
      const compute = { startApply: (request: Parameters<typeof startWorkerApply>[2], summarize: Parameters<typeof startWorkerApply>[3]) => startWorkerApply('worker_threads', workers, request, summarize) };
      // the summary names a dataset row the file does not have
      const broken = { ...compute, startApply: (request: Parameters<typeof startWorkerApply>[2], summarize: Parameters<typeof startWorkerApply>[3]) => compute.startApply(request, { ...summarize, nRows: 1 }) };
      await assert.rejects(applyModelWhereFitsRun(broken, model, 'm.json', dataset, selection, 200), /rows the file does not have/);
      await applyModelWhereFitsRun(compute, model, 'm.json', dataset, selection, 200);
      assert.equal(exits.length, 1, 'one worker served both');
    } finally {
      workers.dispose();
    }
  });
});
