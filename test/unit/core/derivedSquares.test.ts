import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createDataMatrix, type DataMatrix } from '../../../src/core/dataMatrix';
import { ACCEPT_AMPLIFICATION, createSquaresDerivation } from '../../../src/core/derivedSquares';
import { fitGaussianMixture } from '../../../src/core/gmm';
import { prepareComponentParameters, type ComponentParameters, type GaussianMixtureModel } from '../../../src/core/gmmModel';
import { createStats, type SufficientStats } from '../../../src/core/gmmStats';
import { inThreadExecutor } from '../../../src/core/inThreadExecutor';
import { Random } from '../../../src/core/random';
import { wideSettings } from '../../../src/core/wideBackends';

/** n rows around k centers `separation` apart per feature (noise of 0.5 to 1.5 per feature), `offset` away from the origin. */
function clusters(seed: number, n: number, d: number, k: number, separation: number, offset = 0): DataMatrix {
  const r = new Random(seed);
  const centers = Float64Array.from({ length: k * d }, () => separation * r.nextNormal());
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    for (let j = 0; j < d; j++) { data[i * d + j] = offset + centers[c * d + j]! + (0.5 + (j % 3) * 0.5) * r.nextNormal(); }
  }
  return createDataMatrix(data, n, d);
}

/** Parameters of a two-iteration fit (the generic loops, no derivation), and its responsibilities. */
function fitted(X: DataMatrix, k: number): { model: GaussianMixtureModel; params: ComponentParameters; resp: Float64Array } {
  const saved = wideSettings.enabled;
  wideSettings.enabled = false;
  try {
    const fit = fitGaussianMixture(X, { nComponents: k, covarianceType: 'full', maxIter: 2, tol: 0, seed: 3 });
    return { model: fit.model, params: prepareComponentParameters(fit.model), resp: fit.resp.slice() };
  } finally {
    wideSettings.enabled = saved;
  }
}

/** One EM pass's statistics in this thread, leaving `derived`'s squares out (−1: none). */
function pass(params: ComponentParameters, X: DataMatrix, resp: Float64Array, derived: number): SufficientStats {
  const stats = createStats(params);
  inThreadExecutor.accumulate(params, X, resp.slice(), stats, derived);
  return stats;
}

function triangle(stats: SufficientStats, c: number): number[] {
  const d = stats.nFeatures, out: number[] = [];
  for (let j = 0; j < d; j++) { for (let l = 0; l <= j; l++) { out.push(stats.sumSquares[c * d * d + j * d + l]!); } }
  return out;
}

describe('the largest component\'s scatter derived from the Gram matrix', () => {
  test('on overlapping clusters far from the origin it is chosen, and the derived triangle is the summed one within 1e-12 of its scale; the rest are the summed bits', () => {
    const X = clusters(1, 900, 24, 3, 0.3, 1e3);
    const { model, params, resp } = fitted(X, 3);
    const summed = pass(params, X, resp, -1);
    const derivation = createSquaresDerivation(inThreadExecutor, X);
    const c = derivation.choose(model);
    assert.ok(c >= 0, 'the largest component is chosen on overlapping clusters');
    assert.equal(c, Array.from(model.weights).indexOf(Math.max(...model.weights)));
    const derived = pass(params, X, resp, c);
    assert.equal(derivation.derive(derived, c), true);
    const expected = triangle(summed, c), actual = triangle(derived, c);
    const scale = Math.max(...expected.map(Math.abs));
    expected.forEach((v, i) => assert.ok(Math.abs(actual[i]! - v) <= 1e-12 * scale, `entry ${i}: ${actual[i]} vs ${v}`));
    for (let o = 0; o < 3; o++) {
      assert.deepEqual(Array.from(derived.sumDiff.subarray(o * 24, (o + 1) * 24)), Array.from(summed.sumDiff.subarray(o * 24, (o + 1) * 24)));
      if (o !== c) { assert.deepEqual(triangle(derived, o), triangle(summed, o)); }
    }
    assert.deepEqual(Array.from(derived.sumResp), Array.from(summed.sumResp));
  });

  test('on clusters far apart it is not chosen, and a derivation forced there is refused, the statistics untouched', () => {
    const X = clusters(2, 900, 24, 3, 30);
    const { model, params, resp } = fitted(X, 3);
    const derivation = createSquaresDerivation(inThreadExecutor, X);
    assert.equal(derivation.choose(model), -1);
    const forced = pass(params, X, resp, 0);
    const before = forced.sumSquares.slice();
    assert.equal(derivation.derive(forced, 0), false, `A > ${ACCEPT_AMPLIFICATION} is refused`);
    assert.deepEqual(forced.sumSquares, before);
  });

  test('a wide full fit on overlapping clusters, which derives from its first iteration on, gives the generic loops\' fit within 1e-10 and the same labels', () => {
    const X = clusters(3, 1_500, 30, 4, 0.4, 50);
    const options = { nComponents: 4, covarianceType: 'full' as const, maxIter: 12, tol: 0, seed: 7 };
    let derivedPasses = 0;
    const counting = { ...inThreadExecutor, accumulate: (...args: Parameters<typeof inThreadExecutor.accumulate>) => {
      if ((args[4] ?? -1) >= 0) { derivedPasses++; }
      inThreadExecutor.accumulate(...args);
    } };
    const wide = fitGaussianMixture(X, { ...options, executor: counting });
    const saved = wideSettings.enabled;
    wideSettings.enabled = false;
    const generic = (() => { try { return fitGaussianMixture(X, options); } finally { wideSettings.enabled = saved; } })();
    assert.ok(derivedPasses >= options.maxIter - 1, `${derivedPasses} passes derived a component`);
    assert.ok(Math.abs(wide.lowerBound - generic.lowerBound) <= 1e-10 * Math.abs(generic.lowerBound), `${wide.lowerBound} vs ${generic.lowerBound}`);
    assert.deepEqual(wide.labels, generic.labels);
    let scale = 0, worst = 0;
    generic.model.covariances.forEach((v, i) => { scale = Math.max(scale, Math.abs(v)); worst = Math.max(worst, Math.abs(v - wide.model.covariances[i]!)); });
    assert.ok(worst <= 1e-9 * scale, `covariances differ by ${worst} (scale ${scale})`);
  });
});
