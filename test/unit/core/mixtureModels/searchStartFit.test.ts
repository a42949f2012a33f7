import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runClusterFit, type FitRequest } from '../../../../src/core/clusterFit';
import { inThreadExecutor } from '../../../../src/core/inThreadExecutor';
import { createDataMatrix } from '../../../../src/core/dataMatrix';
import { searchModels } from '../../../../src/core/mixtureModels/modelSearch';
import { fitFromSearchStart, inLayout } from '../../../../src/core/mixtureModels/searchStartFit';
import { fitGaussianMixture } from '../../../../src/core/gmm';
import { Random } from '../../../../src/core/random';
import { runModelSearch } from '../../../../src/compute/modelSearchJob';
import type { MixtureModelName } from '../../../../src/core/mixtureModels/covarianceModels';

/** Three tilted groups of different spreads, offset from the origin (seeded), n × 3. */
function rows(n: number, seed: number): Float64Array {
  const r = new Random(seed);
  const d = 3;
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    const z = [r.nextNormal(), r.nextNormal(), r.nextNormal()];
    for (let j = 0; j < d; j++) { data[i * d + j] = 20 + 5 * c * ((j + c) % 2) + z[j]! * (1 + ((j + c) % 3)) + 0.6 * c * z[(j + 1) % d]!; }
  }
  return data;
}

/** How the panel asks for a model: scikit-learn's four as their covariance type, the other ten as `model` over 'full'. */
function asFit(model: MixtureModelName): Pick<FitRequest, 'covarianceType' | 'model'> {
  const alias = ({ VII: 'spherical', VVI: 'diag', EEE: 'tied', VVV: 'full' } as const)[model as 'VII'];
  return alias ? { covarianceType: alias } : { covarianceType: 'full', model };
}

test('a fit from the search\'s start is the cell the search showed: its log-likelihood and BIC, polished or not, for scikit-learn\'s four and mclust\'s others', () => {
  const n = 450, d = 3;
  const data = rows(n, 3);
  const models: MixtureModelName[] = ['EII', 'VII', 'VVI', 'EEE', 'VEV', 'EVE', 'VVV'];
  const search = { data: data.slice(), nSamples: n, nFeatures: d, standardize: true, models, kMax: 4, seed: 0, regCovar: 1e-6 };
  const cells = runModelSearch(search, () => {});
  const leaders = cells.filter(c => c.status === 'fitted').sort((a, b) => b.bic - a.bic).slice(0, 3);
  let opened = 0;
  for (const cell of cells.filter(c => c.status === 'fitted' && c.k > 1)) {
    const polish = leaders.includes(cell);
    const fit = runClusterFit({
      algorithm: 'gmm', nComponents: cell.k, ...asFit(cell.model), nInit: 10, maxIter: 100, tol: 1e-3, regCovar: 1e-6, seed: 0,
      standardize: true, screenRestarts: true, data: data.slice(), nSamples: n, nFeatures: d, searchStart: { polish },
    }, () => {});
    // the same parameters; the fit's E-step may run another kernel (full for EEI's diagonal matrices): equal to rounding
    const where = `${cell.model}, k = ${cell.k}${polish ? ' (polished)' : ''}`;
    assert.ok(Math.abs(fit.logLikelihood! - cell.logLikelihood) <= 1e-12 * Math.abs(cell.logLikelihood), `${where}: ${fit.logLikelihood} vs ${cell.logLikelihood}`);
    assert.ok(Math.abs(fit.bic! - cell.bicSklearn) <= 1e-12 * Math.abs(cell.bicSklearn), `${where}: BIC`);
    assert.equal(fit.converged, cell.converged, where);
    assert.ok(fit.nIter > 0, `${where}: the search's iterations`);
    opened++;
  }
  assert.ok(opened >= 15);
  assert.ok(leaders.length === 3);
});

test('the search\'s start is not the panel\'s: on these rows some cell from ten k-means starts ends elsewhere than the search\'s', () => {
  const n = 450, d = 3;
  const data = rows(n, 3);
  const X = createDataMatrix(data, n, d);
  const result = searchModels(X, { models: ['VVV', 'VEV', 'EVE'], kMax: 5 });
  let differ = 0;
  for (const cell of result.cells.filter(c => c.status === 'fitted' && c.k > 2)) {
    const panel = fitGaussianMixture(X, { nComponents: cell.k, ...(cell.model === 'VVV' ? {} : { model: cell.model }), nInit: 10, seed: 0 });
    const fromSearch = fitFromSearchStart(X, { nComponents: cell.k, covarianceType: 'full', ...(cell.model === 'VVV' ? {} : { model: cell.model }), regCovar: 1e-6, seed: 0 },
      { polish: false }, inThreadExecutor);
    if (Math.abs(panel.logLikelihood - fromSearch.logLikelihood) > 1e-6 * Math.abs(fromSearch.logLikelihood)) { differ++; }
  }
  assert.ok(differ > 0, 'every refit from the panel\'s starts landed on the search\'s optimum: the test data shows nothing');
});

test('a search model in a fit\'s layout keeps its matrices: diagonal as full (the log-likelihood unchanged), equal variances as spherical, equal matrices as tied', () => {
  const n = 300, d = 3;
  const X = createDataMatrix(rows(n, 8), n, d);
  const asDiag = fitGaussianMixture(X, { nComponents: 3, covarianceType: 'diag', seed: 1 });
  const asFull = inLayout(asDiag.model, 'full');
  const again = fitGaussianMixture(X, { nComponents: 3, covarianceType: 'full', modelInit: asFull, maxIter: 0 });
  assert.ok(Math.abs(again.logLikelihood - asDiag.logLikelihood) <= 1e-12 * Math.abs(asDiag.logLikelihood));
  const spherical = fitGaussianMixture(X, { nComponents: 3, covarianceType: 'spherical', seed: 1 });
  // as the search keeps VII: 'diag', every variance of a component equal
  const sphericalAsDiag = { ...spherical.model, covarianceType: 'diag' as const, covariances: Float64Array.from({ length: 9 }, (_, at) => spherical.model.covariances[Math.floor(at / 3)]!) };
  assert.deepEqual(Array.from(inLayout(sphericalAsDiag, 'spherical').covariances), Array.from(spherical.model.covariances));
  const tied = fitGaussianMixture(X, { nComponents: 3, covarianceType: 'tied', seed: 1 });
  const tiedAsFull = { ...tied.model, covarianceType: 'full' as const, covariances: Float64Array.from({ length: 27 }, (_, at) => tied.model.covariances[at % 9]!) };
  assert.deepEqual(Array.from(inLayout(tiedAsFull, 'tied').covariances), Array.from(tied.model.covariances));
});
