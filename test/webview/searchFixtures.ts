/** Real "Find best model" runs for the webview tests, posted as the host posts them. */
import { runModelSearch } from '../../src/compute/modelSearchJob';
import type { Dataset } from '../../src/data/csvReader';
import { planModelSearch, toSearchedModel } from '../../src/host/pure/modelSearchSession';
import type { HostMessage } from '../../src/shared/protocol';
import type { RealFit } from './fixtures';

/**
 * didStartModelSearch, one didSearchModel per (model, k) in the order the worker posts them
 * (computed by the same code the worker runs), then didFinishModelSearch with the final cells.
 */
export function searchRealFit(fit: RealFit, dataset: Dataset, kMax: number, searchId = 1): HostMessage[] {
  const loaded = fit.messages.find(m => m.type === 'didLoadDataset');
  if (!loaded || loaded.type !== 'didLoadDataset') { throw new Error('the fit has no didLoadDataset message'); }
  const { request, start } = planModelSearch({ options: loaded.options, selection: fit.selection }, dataset, kMax, searchId, 1e-6);
  const streamed: HostMessage[] = [];
  const started = Date.now();
  const cells = runModelSearch(request, cell => streamed.push({ type: 'didSearchModel', searchId, model: toSearchedModel(cell) }));
  return [start, ...streamed, { type: 'didFinishModelSearch', searchId, models: cells.map(toSearchedModel), seconds: (Date.now() - started) / 1000 }];
}
