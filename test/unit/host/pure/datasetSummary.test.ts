import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byteSourceFromText } from '../../../../src/data/byteSource';
import { readCsv } from '../../../../src/data/csvReader';
import { defaultFeatureColumns } from '../../../../src/data/featureMatrix';
import { summarizeDataset } from '../../../../src/host/pure/datasetSummary';
import { parseHostMessage } from '../../../../src/shared/protocol';

const options = { algorithm: 'gmm', nComponents: 2, covarianceType: 'full', columns: ['x'], standardize: true, nInit: 1, maxIter: 100, tol: 1e-3, seed: 0, missing: 'drop' } as const;

test('the summary tells the webview why each left-out numeric column was left out, and passes the protocol guard', async () => {
  const rows = Array.from({ length: 40 }, (_, i) => `${(i * 0.37) % 5},${2007 + (i % 3)},${i % 2 ? 'a' : 'b'},4`);
  const dataset = await readCsv(byteSourceFromText(['x,year,label,k', ...rows].join('\n') + '\n'));
  const summary = summarizeDataset('f.csv', dataset);
  assert.deepEqual(summary.columns.map(c => [c.name, c.leftOut !== undefined]), [['x', false], ['year', true], ['label', false], ['k', true]]);
  assert.match(summary.columns[1]!.leftOut!, /^only 3 distinct whole numbers \(2007 to 2009\)/);
  assert.match(summary.columns[3]!.leftOut!, /^the same value \(4\) in every row/);
  assert.deepEqual(defaultFeatureColumns(dataset), ['x']);
  const message = { type: 'didLoadDataset', fileUri: 'file:///f.csv', dataset: summary, options };
  assert.equal(parseHostMessage(message).ok, true);
  const broken = { ...message, dataset: { ...summary, columns: [{ ...summary.columns[1]!, leftOut: 3 }] } };
  assert.equal(parseHostMessage(broken).ok, false, 'a reason that is not text is refused');
});
