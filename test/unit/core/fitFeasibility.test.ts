// Ill-posed and unaffordable fits are explained before they run; data that cannot be clustered, or
// a result that is not finite, is an error with its reason (fitFeasibility.ts, clusterFit.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertFiniteResult, runClusterFit, type FitRequest, type FitResult } from '../../../src/core/clusterFit';
import {
  cautionFor, checkComparisonRequest, checkFitData, checkFitRequest, estimateFitCost, FitRefusal, minimumRows, type FitShape,
} from '../../../src/core/fitFeasibility';
import { Random } from '../../../src/core/random';

const shape = (overrides: Partial<FitShape>): FitShape => ({
  algorithm: 'gmm', nComponents: 3, covarianceType: 'full', nSamples: 1000, nFeatures: 4, ...overrides,
});

function refusal(s: FitShape): { message: string; hint: string } {
  const verdict = checkFitRequest(s);
  assert.equal(verdict.ok, false, `${JSON.stringify(s)} is refused`);
  return verdict as { message: string; hint: string };
}

describe('checkFitRequest', () => {
  test('accepts an ordinary fit and estimates its cost', () => {
    const verdict = checkFitRequest(shape({ nSamples: 100_000, nFeatures: 8 }));
    assert.equal(verdict.ok, true);
    assert.equal(verdict.cost.parameters, 3 * 36 + 24 + 2);
    assert.ok(verdict.cost.secondsPerIteration < 0.1);
  });

  test('a full covariance on 11 columns with 32 rows and k = 3: needs 12 rows per cluster, proposes diag', () => {
    const { message, hint } = refusal(shape({ nSamples: 32, nFeatures: 11 }));
    assert.equal(message, 'A full covariance on 11 columns needs at least 12 rows per cluster: 36 rows for k = 3; the data has 32 usable rows (233 parameters to estimate).');
    assert.equal(hint, 'Try the diag covariance, or at most 9 columns, or k ≤ 2.');
  });

  test('k larger than the rows: explained, never changed', () => {
    const { message, hint } = refusal(shape({ nSamples: 1, nFeatures: 2 }));
    assert.equal(message, '3 clusters need at least 3 rows; the data has 1 usable row.');
    assert.equal(hint, 'Choose k ≤ 1, or a file with more rows.');
    assert.equal(refusal(shape({ algorithm: 'kmeans', nSamples: 2 })).message, '3 clusters need at least 3 rows; the data has 2 usable rows.');
  });

  test('the minimum rows of each model', () => {
    assert.equal(minimumRows(shape({ covarianceType: 'full', nFeatures: 11 })), 36);
    assert.equal(minimumRows(shape({ covarianceType: 'tied', nFeatures: 11 })), 14);
    assert.equal(minimumRows(shape({ covarianceType: 'diag', nFeatures: 11 })), 6);
    assert.equal(minimumRows(shape({ covarianceType: 'spherical', nFeatures: 11 })), 6);
    assert.equal(minimumRows(shape({ algorithm: 'kmeans', nFeatures: 11 })), 3);
    assert.match(refusal(shape({ covarianceType: 'tied', nSamples: 12, nFeatures: 11 })).message, /^A tied covariance on 11 columns with k = 3 needs at least 14 rows/);
  });

  test('10,000 columns × 3 rows (what opening such a file started): refused at once', () => {
    const { message, hint } = refusal(shape({ nSamples: 3, nFeatures: 10_000, nComponents: 1 }));
    assert.match(message, /^A full covariance on 10,000 columns needs at least 10,001 rows per cluster/);
    assert.equal(hint, 'Try the diag covariance, or at most 2 columns.');
  });

  test('a request beyond the time or memory bound is refused with its estimate and what would run', () => {
    const { message, hint } = refusal(shape({ nSamples: 100_000, nFeatures: 2000 }));
    assert.match(message, /^This fit would take about \d+ (s|min|h) per iteration and [\d.]+ GB of memory \(full covariance, k = 3, 100,000 rows × 2,000 columns\); it is not started\.$/);
    assert.match(hint, /^Try the diag covariance, or at most \d+ columns/);
    const cost = estimateFitCost(shape({ nSamples: 5000, nFeatures: 200, nComponents: 4 }));
    assert.ok(cost.secondsPerIteration > 0.5 && cost.secondsPerIteration < 2, 'about the 0.9 s measured at 5,000 × 200, k = 4');
  });

  test('no usable row', () => {
    assert.match(refusal(shape({ nSamples: 0 })).message, /^No row has a value in every chosen column/);
  });
});

describe('cautionFor', () => {
  test('a fit that runs on few rows per parameter says so; enough rows, diagonal types and k-means do not', () => {
    assert.equal(cautionFor(shape({ nSamples: 40, nFeatures: 11 })),
      '233 parameters from 40 rows (a full covariance on 11 columns, k = 3): the probabilities may be overconfident. '
      + 'The diag covariance or fewer columns need fewer rows.');
    assert.equal(cautionFor(shape({ nSamples: 108, nFeatures: 11 })), null, '3 times the minimum');
    assert.equal(cautionFor(shape({ nSamples: 40, nFeatures: 11, covarianceType: 'diag' })), null);
    assert.equal(cautionFor(shape({ nSamples: 40, nFeatures: 11, algorithm: 'kmeans' })), null);
    assert.equal(cautionFor(shape({ nSamples: 342, nFeatures: 4 })), null, 'the penguins');
  });
});

describe('checkComparisonRequest', () => {
  test('refuses a Compare k run at its first ill-posed model and names the largest K that runs', () => {
    const verdict = checkComparisonRequest({ algorithm: 'gmm', kMax: 8, covarianceTypes: ['full', 'diag'], nSamples: 32, nFeatures: 11 });
    assert.equal(verdict.ok, false);
    if (!verdict.ok) {
      assert.match(verdict.message, /^Compare k up to 8 cannot fit k = 3 with the full covariance: a full covariance on 11 columns needs at least 12 rows per cluster/);
      assert.match(verdict.hint, /^Compare up to k = 2, or leave out the full covariance\./);
    }
    assert.equal(checkComparisonRequest({ algorithm: 'gmm', kMax: 8, covarianceTypes: ['diag'], nSamples: 32, nFeatures: 11 }).ok, true);
  });

  test('k above the rows is refused, not clamped', () => {
    const verdict = checkComparisonRequest({ algorithm: 'kmeans', kMax: 8, covarianceTypes: ['full'], nSamples: 5, nFeatures: 2 });
    assert.equal(verdict.ok, false);
    if (!verdict.ok) {
      assert.equal(verdict.message, 'Compare k up to 8 cannot fit k = 6: 6 clusters need at least 6 rows; the data has 5 usable rows.');
      assert.match(verdict.hint, /^Compare up to k = 5\./);
    }
  });
});

function request(data: Float64Array, nSamples: number, nFeatures: number, overrides: Partial<FitRequest> = {}): FitRequest {
  return {
    algorithm: 'gmm', nComponents: 2, covarianceType: 'full', nInit: 1, maxIter: 100, tol: 1e-3, regCovar: 1e-6, seed: 0,
    standardize: true, data, nSamples, nFeatures, ...overrides,
  };
}

describe('runClusterFit refuses what cannot be fitted', () => {
  test('an ill-posed request, with the same message as the host and the CLI give', () => {
    assert.throws(() => runClusterFit(request(Float64Array.of(1, 2), 1, 2, { nComponents: 3 }), () => {}),
      (err: unknown) => err instanceof FitRefusal && err.message === '3 clusters need at least 3 rows; the data has 1 usable row.');
  });

  test('every chosen column constant: nothing to cluster, said so (not a delimiter problem)', () => {
    const same = new Float64Array(40).fill(7);
    for (const algorithm of ['gmm', 'kmeans'] as const) {
      assert.throws(() => runClusterFit(request(same.slice(), 20, 2, { algorithm }), () => {}),
        (err: unknown) => err instanceof FitRefusal
          && err.message === 'Every one of the 2 chosen columns has the same value in every row used: there is nothing to cluster.'
          && err.hint === 'Choose columns whose values vary from row to row.');
    }
    assert.doesNotThrow(() => checkFitData({ data: Float64Array.of(7, 1, 7, 2), nSamples: 2, nFeatures: 2 }), 'one varying column is enough');
  });
});

describe('assertFiniteResult', () => {
  const finite = (): FitResult => ({
    algorithm: 'gmm', covarianceType: 'full', nComponents: 1, nSamples: 2, nFeatures: 1,
    weights: Float64Array.of(1), means: Float64Array.of(0), covariances: Float64Array.of(1), labels: Int32Array.of(0, 0),
    resp: Float32Array.of(1, 1), logLikelihood: -3, bic: 6, aic: 6, inertia: null, histories: [], bestRestart: 0, restarts: null,
    converged: true, nIter: 1, collapsedComponents: [], replay: null, scaling: null, seconds: 0,
  });

  test('passes a finite result and refuses one with a NaN likelihood, mean or probability, naming it', () => {
    assert.doesNotThrow(() => assertFiniteResult(finite()));
    const cases: [Partial<FitResult>, string][] = [
      [{ logLikelihood: NaN }, 'log-likelihood'],
      [{ means: Float64Array.of(Infinity) }, 'cluster means'],
      [{ resp: Float32Array.of(NaN, 1) }, 'membership probabilities'],
      [{ covariances: Float64Array.of(Infinity) }, 'covariances'],
    ];
    for (const [change, what] of cases) {
      assert.throws(() => assertFiniteResult({ ...finite(), ...change }),
        (err: unknown) => err instanceof FitRefusal && err.message.startsWith(`The fit's ${what} came out as a value that is not a finite number`));
    }
  });
});

describe('fits at any finite magnitude', () => {
  /** Three groups in 2-d around (0,0), (6,0), (0,6), times `factor`. */
  function groups(factor: number): Float64Array {
    const random = new Random(3);
    const data = new Float64Array(600 * 2);
    for (let i = 0; i < 600; i++) {
      const c = i % 3;
      data[2 * i] = (6 * (c === 1 ? 1 : 0) + random.nextNormal()) * factor;
      data[2 * i + 1] = (6 * (c === 2 ? 1 : 0) + random.nextNormal()) * factor;
    }
    return data;
  }

  test('values near 1e135, standardised or not: the same clusters as at 1, and the same means in the larger unit', () => {
    const factor = 2 ** 450;
    for (const standardize of [true, false]) {
      for (const covarianceType of ['full', 'spherical'] as const) {
        const small = runClusterFit(request(groups(1), 600, 2, { nComponents: 3, standardize, covarianceType }), () => {});
        const large = runClusterFit(request(groups(factor), 600, 2, { nComponents: 3, standardize, covarianceType }), () => {});
        assert.deepEqual(large.labels, small.labels, `${covarianceType}, standardize ${standardize}: labels`);
        // standardised: the same z-scores bit for bit; raw: regCovar weighs differently against values / 2^e, within EM's tol
        const tolerance = standardize ? 1e-9 : 1e-4;
        large.means.forEach((m, i) => assert.ok(Math.abs(m / factor - small.means[i]!) <= tolerance * (1 + Math.abs(small.means[i]!)),
          `${covarianceType}, standardize ${standardize}: mean ${i}: ${m / factor} vs ${small.means[i]}`));
        assert.ok(Number.isFinite(large.logLikelihood) && Number.isFinite(large.bic));
        // log-likelihoods differ by the change of units: n · d · ln(factor)
        assert.ok(Math.abs(large.logLikelihood! - (small.logLikelihood! - 600 * 2 * Math.log(factor))) < 1e-3 * 600, 'log-likelihood in the larger unit');
      }
    }
  });

  test('values near 1e300: k-means fits with finite means; a mixture is refused with the true reason', () => {
    const data = groups(1e299);
    const kmeans = runClusterFit(request(data.slice(), 600, 2, { algorithm: 'kmeans', nComponents: 3, nInit: 3, maxIter: 300, tol: 1e-4 }), () => {});
    assert.ok(kmeans.means.every(Number.isFinite) && Number.isFinite(kmeans.inertia));
    assert.equal(new Set(kmeans.labels).size, 3);
    assert.throws(() => runClusterFit(request(data.slice(), 600, 2, { nComponents: 3, columnNames: ['a', 'b'] }), () => {}),
      (err: unknown) => err instanceof FitRefusal && /^Column "a" spreads over about [\d.]+e\+299 \(its standard deviation\): its variance/.test(err.message)
        && /^Divide the column by 1e200 first .*k-means/.test(err.hint) && !/standardis/.test(err.message + err.hint));
  });

  test('values near 1e-200 are not mistaken for a constant column', () => {
    const factor = 2 ** -700;
    const small = runClusterFit(request(groups(1), 600, 2, { nComponents: 3 }), () => {});
    const tiny = runClusterFit(request(groups(factor), 600, 2, { nComponents: 3 }), () => {});
    assert.deepEqual(tiny.labels, small.labels);
  });
});
