// The fit as an imputation: imputed_<column> holds each missing cell's conditional expectation
// under the fitted mixture, nothing where the file has the value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runClusterFit } from '../../../src/core/clusterFit';
import { Random } from '../../../src/core/random';
import { buildFeatureMatrix } from '../../../src/data/featureMatrix';
import { imputedColumns } from '../../../src/data/imputedColumns';
import { readText } from './helpers';

async function fitted(missing: 'model' | 'drop') {
  const random = new Random(3);
  const lines = ['a,b,c'];
  for (let i = 0; i < 400; i++) {
    const a = random.nextNormal() * 2 + 10;
    const b = 0.8 * a + random.nextNormal() * 0.5;
    lines.push(`${a.toFixed(4)},${i % 9 === 0 ? '' : b.toFixed(4)},${(random.nextNormal()).toFixed(4)}`);
  }
  const dataset = await readText(lines.join('\n') + '\n');
  const selection = buildFeatureMatrix(dataset, ['a', 'b', 'c'], missing);
  const { matrix } = selection;
  const result = runClusterFit({
    algorithm: 'gmm', nComponents: 1, covarianceType: 'full', nInit: 1, maxIter: 200, tol: 1e-8, regCovar: 1e-6, seed: 0, standardize: false,
    data: matrix.data.slice(), nSamples: matrix.nSamples, nFeatures: matrix.nFeatures,
  }, () => undefined);
  return { selection, result };
}

test('a missing cell gets its conditional expectation given the row\'s observed cells, an observed cell nothing', async () => {
  const { selection, result } = await fitted('model');
  const columns = imputedColumns(result, selection)!;
  assert.deepEqual(columns.names, ['imputed_b'], 'only the column with gaps');
  const [ma, mb, mc] = result.means;
  const S = result.covariances!;
  // b given (a, c) for one Gaussian: μ_b + Σ_b,o Σ_oo⁻¹ (x_o − μ_o), o = (a, c)
  const saa = S[0]!, sac = S[2]!, scc = S[8]!, sba = S[3]!, sbc = S[5]!;
  const det = saa * scc - sac * sac;
  const { data } = selection.matrix;
  for (let i = 0; i < selection.matrix.nSamples; i++) {
    const value = columns.values[i]!;
    if (!Number.isNaN(data[i * 3 + 1]!)) { assert.ok(Number.isNaN(value), `row ${i} has its b: nothing imputed`); continue; }
    const da = data[i * 3]! - ma!, dc = data[i * 3 + 2]! - mc!;
    const expected = mb! + (sba * (scc * da - sac * dc) + sbc * (saa * dc - sac * da)) / det;
    assert.ok(Math.abs(value - expected) < 1e-9 * Math.max(1, Math.abs(expected)), `row ${i}: ${value} vs ${expected}`);
  }
});

test('nothing to impute when the fit did not model missing cells', async () => {
  const { selection, result } = await fitted('drop');
  assert.equal(imputedColumns(result, selection), undefined);
});
