// "Find best model" for a panel: the search runs on the current fit's rows and scaling, its scores
// are the ones the fit of that model reports, each (model, k) is handed on as it is done, and a
// cancel ends the run with didCancelModelSearch.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { runClusterFit } from '../../../../src/core/clusterFit';
import { MULTIVARIATE_MODELS } from '../../../../src/core/mixtureModels/covarianceModels';
import type { ModelSearchCell } from '../../../../src/core/mixtureModels/modelSearch';
import { serveFit } from '../../../../src/compute/serveFit';
import type { FromWorker } from '../../../../src/compute/messages';
import { byteSourceFromBytes } from '../../../../src/data/byteSource';
import { readCsv } from '../../../../src/data/csvReader';
import { buildFeatureMatrix } from '../../../../src/data/featureMatrix';
import { startInProcessModelSearch } from '../../../../src/host/modelSearchClient';
import type { ComputeClient } from '../../../../src/host/pure/computeClient';
import { planModelSearch, startModelSearch, toSearchedModel } from '../../../../src/host/pure/modelSearchSession';
import { type FitOptions, type HostMessage, parseHostMessage } from '../../../../src/shared/protocol';

const samples = path.resolve(import.meta.dirname, '../../../../media/samples');
const columns = ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm'];
const options: FitOptions = {
  algorithm: 'gmm', nComponents: 3, covarianceType: 'full', columns, standardize: true, nInit: 1, maxIter: 100, tol: 1e-3, seed: 0, missing: 'model',
};

async function penguins(text?: (csv: string) => string) {
  const csv = fs.readFileSync(path.join(samples, 'penguins.csv'), 'utf8');
  return readCsv(byteSourceFromBytes(new TextEncoder().encode(text ? text(csv) : csv)), { fileName: 'penguins.csv' });
}

/** A compute client that runs searches in this thread (as the web host does without a worker). */
const inProcess = { startModelSearch: startInProcessModelSearch } as unknown as ComputeClient;

/** The messages a search posts, and its last one (finished, cancelled or failed). */
function collect(): { messages: HostMessage[]; post(m: HostMessage): void; ended: Promise<HostMessage> } {
  const messages: HostMessage[] = [];
  let end: (m: HostMessage) => void = () => {};
  const ended = new Promise<HostMessage>(resolve => { end = resolve; });
  const post = (m: HostMessage) => {
    messages.push(m);
    if (/^did(Finish|Cancel|Fail)ModelSearch$/.test(m.type)) { end(m); }
  };
  return { messages, post, ended };
}

describe('Find best model, for a panel', () => {
  test('searches the fit\'s complete rows with every model of its columns and K within 1 … 20', async () => {
    // a missing cell the fit modelled: the search leaves its row out and says how many
    const dataset = await penguins(csv => csv.replace('Adelie,Biscoe,41.7,19.2', 'Adelie,Biscoe,,19.2'));
    const selection = buildFeatureMatrix(dataset, columns, 'model');
    const { request, start } = planModelSearch({ options, selection }, dataset, 50, 4, 1e-6);
    assert.equal(request.nSamples, selection.matrix.nSamples - 1);
    assert.equal(start.droppedRows, selection.droppedRows + 1);
    assert.ok(!request.data.some(Number.isNaN), 'no missing cell is searched');
    assert.deepEqual([request.kMax, start.kMax, request.models], [20, 20, [...MULTIVARIATE_MODELS]]);
    const one = planModelSearch({ options: { ...options, columns: ['bill_depth_mm'] }, selection: buildFeatureMatrix(dataset, ['bill_depth_mm'], 'drop') }, dataset, 3, 5, 1e-6);
    assert.deepEqual(one.request.models, ['E', 'V'], 'one column has E and V only');
    assert.ok(parseHostMessage(start).ok);
  });

  test('reports the log-likelihood the fit of that model reports, in the file\'s units, scaled or not', async () => {
    const dataset = await penguins();
    for (const standardize of [true, false]) {
      const selection = buildFeatureMatrix(dataset, columns, 'drop');
      const { request } = planModelSearch({ options: { ...options, standardize }, selection }, dataset, 1, 1, 1e-6);
      const cells: ModelSearchCell[] = [];
      serveFit({ type: 'searchModels', request: { ...request, models: ['VVV', 'EII'] } }, m => { if (m.type === 'searchDone') { cells.push(...m.cells); } });
      // k = 1 has one optimum, whatever the start: the fit's and the search's likelihoods must agree
      const fit = runClusterFit({
        algorithm: 'gmm', nComponents: 1, covarianceType: 'full', nInit: 1, maxIter: 100, tol: 1e-3, regCovar: 1e-6, seed: 0, standardize,
        data: selection.matrix.data.slice(), nSamples: selection.matrix.nSamples, nFeatures: 3,
      }, () => {});
      const vvv = cells.find(c => c.model === 'VVV')!;
      assert.ok(Math.abs(vvv.logLikelihood - fit.logLikelihood!) <= 1e-9 * Math.abs(fit.logLikelihood!), `standardize ${standardize}`);
      assert.ok(Math.abs(vvv.bic + fit.bic!) <= 1e-9 * Math.abs(fit.bic!), 'mclust\'s BIC is scikit-learn\'s with the sign turned');
    }
  });

  test('the worker posts each (model, k) as it is done, then the final cells', async () => {
    const dataset = await penguins();
    const { request } = planModelSearch({ options, selection: buildFeatureMatrix(dataset, columns, 'drop') }, dataset, 2, 1, 1e-6);
    const posted: FromWorker[] = [];
    serveFit({ type: 'searchModels', request: { ...request, models: ['EII', 'VEV'] } }, m => posted.push(m));
    assert.deepEqual(posted.map(m => m.type), ['searched', 'searched', 'searched', 'searched', 'searchDone']);
    const streamed = posted.flatMap(m => (m.type === 'searched' ? [`${m.cell.model}${m.cell.k}`] : []));
    assert.deepEqual(streamed, ['EII1', 'EII2', 'VEV1', 'VEV2'], 'in the order models × k');
  });

  test('streams every cell to the webview, then the final ones, each accepted by the protocol', async () => {
    const dataset = await penguins();
    const { messages, post, ended } = collect();
    const session = startModelSearch(inProcess, { options, selection: buildFeatureMatrix(dataset, columns, 'drop') }, dataset, 2, 1e-6, post);
    assert.equal(session.running, true);
    const end = await ended;
    assert.equal(end.type, 'didFinishModelSearch');
    assert.equal(session.running, false);
    const types = messages.map(m => m.type);
    assert.deepEqual(types, ['didStartModelSearch', ...Array(28).fill('didSearchModel'), 'didFinishModelSearch']);
    for (const m of messages) { assert.ok(parseHostMessage(m).ok, `${m.type}: ${JSON.stringify(parseHostMessage(m))}`); }
    assert.deepEqual(session.messages, messages, 'kept for a webview that reloads');
  });

  test('a cancel before the search starts ends it with didCancelModelSearch', async () => {
    const dataset = await penguins();
    const { messages, post, ended } = collect();
    const session = startModelSearch(inProcess, { options, selection: buildFeatureMatrix(dataset, columns, 'drop') }, dataset, 3, 1e-6, post);
    session.cancel();
    assert.equal((await ended).type, 'didCancelModelSearch');
    assert.deepEqual(messages.map(m => m.type), ['didStartModelSearch', 'didCancelModelSearch']);
  });

  test('a refused cell travels without numbers, with its reason', () => {
    const refused = toSearchedModel({
      model: 'VVV', k: 9, nParameters: 494, status: 'refused', reason: '494 parameters for 300 rows', logLikelihood: NaN, bic: NaN, bicSklearn: NaN, icl: NaN,
    });
    assert.deepEqual([refused.bic, refused.icl, refused.logLikelihood, refused.reason], [null, null, null, '494 parameters for 300 rows']);
  });
});
