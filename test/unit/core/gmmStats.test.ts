import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { DataMatrix } from '../../../src/core/dataMatrix';
import type { ComponentParameters } from '../../../src/core/emShapes';
import { emSlotSize, emUnit, mergeEmUnit, statsView } from '../../../src/core/emUnits';
import { fitGaussianMixture, type CovarianceType } from '../../../src/core/gmm';
import { prepareComponentParameters } from '../../../src/core/gmmModel';
import { createStats, mStepFromStats, type SufficientStats } from '../../../src/core/gmmStats';
import { randomMatrix } from './referenceMatrices';

const TYPES: CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];

/** One unit of the executors' EM pass over rows [start, end) (any cut), merged into stats as the executors merge it. */
function accumulateUnit(params: ComponentParameters, X: DataMatrix, start: number, end: number, resp: Float64Array, stats: SufficientStats): void {
  const { covarianceType, nComponents: k, nFeatures: d } = params;
  const partials = new Float64Array(emSlotSize(covarianceType, k, d));
  partials[0] = emUnit(params, X.data, start, end, resp, statsView(covarianceType, k, d, stats.shift, partials, 0));
  mergeEmUnit(stats, partials, 0, end - start);
}

describe('the M-step from sufficient statistics', () => {
  test('chunked sufficient statistics merged equal one pass and a direct two-pass computation', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 5 }), fc.constantFrom(...TYPES),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }),
      (seed, d, k, covarianceType, cutFractions) => {
        const n = 1300; // more than two 512-row blocks
        const X = randomMatrix(seed, n, d, 2, 1e6);
        const model = fitGaussianMixture(X, { nComponents: k, covarianceType, maxIter: 2, seed }).model;
        const params = prepareComponentParameters(model);
        const whole = createStats(params);
        const respWhole = new Float64Array(n * k);
        accumulateUnit(params, X, 0, n, respWhole, whole);
        const cuts = [0, ...cutFractions.map(f => Math.floor(f * n)).sort((a, b) => a - b), n];
        const merged = createStats(params);
        const respChunked = new Float64Array(n * k);
        for (let p = 0; p + 1 < cuts.length; p++) {
          accumulateUnit(params, X, cuts[p]!, cuts[p + 1]!, respChunked, merged);
        }
        assert.deepEqual(respChunked, respWhole);
        assert.equal(merged.nSamples, n);
        const a = mStepFromStats(whole, 1e-6).model, b = mStepFromStats(merged, 1e-6).model;
        const direct = directMStep(X, respWhole, k, covarianceType, 1e-6);
        for (const [name, x, y, z] of [['weights', a.weights, b.weights, direct.weights], ['means', a.means, b.means, direct.means],
          ['covariances', a.covariances, b.covariances, direct.covariances]] as const) {
          const scale = Math.max(...Array.from(z, Math.abs)) || 1;
          for (let i = 0; i < z.length; i++) {
            assert.ok(Math.abs(x[i]! - y[i]!) <= 1e-12 * scale, `${name}[${i}] chunked ${y[i]} vs whole ${x[i]}`);
            const tol = name === 'covariances' ? 1e-9 : 1e-12; // the direct sums are about a mean of 1e6
            assert.ok(Math.abs(x[i]! - z[i]!) <= tol * scale, `${name}[${i}] ${x[i]} vs direct ${z[i]}`);
          }
        }
        assert.ok(Math.abs(whole.logLikelihood - merged.logLikelihood) <= 1e-9 * Math.abs(whole.logLikelihood));
      }), { numRuns: 40 });
  });

});


/** M-step by the textbook two-pass formulas on explicit responsibilities (sklearn's code, naively). */
function directMStep(X: DataMatrix, resp: Float64Array, k: number, covarianceType: CovarianceType, regCovar: number) {
  const { data, nSamples: n, nFeatures: d } = X;
  const nk = new Float64Array(k), means = new Float64Array(k * d), full = new Float64Array(k * d * d);
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < n; i++) { nk[c] += resp[i * k + c]!; }
    nk[c] += 10 * Number.EPSILON;
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) { s += resp[i * k + c]! * data[i * d + j]!; }
      means[c * d + j] = s / nk[c]!;
    }
    for (let j = 0; j < d; j++) {
      for (let l = 0; l < d; l++) {
        let s = 0;
        for (let i = 0; i < n; i++) { s += resp[i * k + c]! * (data[i * d + j]! - means[c * d + j]!) * (data[i * d + l]! - means[c * d + l]!); }
        full[c * d * d + j * d + l] = s;
      }
    }
  }
  const total = nk.reduce((a, b) => a + b, 0);
  const weights = nk.map(v => v / total);
  let covariances: Float64Array;
  if (covarianceType === 'full') {
    covariances = full.map((v, i) => v / nk[Math.floor(i / (d * d))]! + (i % (d * d) % (d + 1) === 0 ? regCovar : 0));
  } else if (covarianceType === 'tied') {
    covariances = new Float64Array(d * d);
    for (let c = 0; c < k; c++) { for (let i = 0; i < d * d; i++) { covariances[i] += full[c * d * d + i]!; } }
    covariances = covariances.map((v, i) => v / total + (i % (d + 1) === 0 ? regCovar : 0));
  } else {
    const diag = new Float64Array(k * d);
    for (let c = 0; c < k; c++) { for (let j = 0; j < d; j++) { diag[c * d + j] = full[c * d * d + j * d + j]! / nk[c]! + regCovar; } }
    covariances = covarianceType === 'diag' ? diag
      : Float64Array.from({ length: k }, (_, c) => diag.subarray(c * d, c * d + d).reduce((a, b) => a + b, 0) / d);
  }
  return { weights, means, covariances };
}
