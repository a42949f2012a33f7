import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createDataMatrix, type DataMatrix } from '../../../src/core/dataMatrix';
import { fitGaussianMixture, type CovarianceType } from '../../../src/core/gmm';
import { accumulateComponentStatsGeneric, computeLogDensityGeneric, estimateBlock } from '../../../src/core/gmmKernels';
import { prepareComponentParameters, type ComponentParameters } from '../../../src/core/gmmModel';
import { createStatsAbout, type SufficientStats } from '../../../src/core/gmmStats';
import { Random } from '../../../src/core/random';
import { fusedModuleCompiles, wideKernelBackend, wideSettings } from '../../../src/core/wideBackends';
import { WIDE_MIN_D, wideBlockStats, wideLogDensities } from '../../../src/core/wideKernels';
import { widePrecisionCholesky } from '../../../src/core/widePrecisionFactor';
import { allowRelaxedSimd } from '../../../src/compute/relaxedSimd';

// as the Node entry points do, before any kernel compiles: the fused module needs relaxed SIMD
allowRelaxedSimd();

type Backend = 'wasm' | 'js';
/** The backends that do the generic loops' arithmetic in their order: the same bits. */
const BACKENDS: Backend[] = ['wasm', 'js'];
/** Widths around the 4-wide tiles and the 4-row tiles, and one whose blocks are cut into several kernel calls. */
const WIDTHS = [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 33, 64];

function withSettings<T>(settings: Partial<typeof wideSettings>, run: () => T): T {
  const saved = { ...wideSettings };
  Object.assign(wideSettings, settings);
  try { return run(); } finally { Object.assign(wideSettings, saved); }
}

function randomData(r: Random, n: number, d: number, offset = 0): Float64Array {
  return Float64Array.from({ length: n * d }, () => offset + 2 * r.nextNormal());
}

/** Random full parameters; the factors carry junk below the diagonal, which no kernel may read. */
function randomParams(r: Random, k: number, d: number, offset = 0): ComponentParameters {
  const means = Float64Array.from({ length: k * d }, () => offset + r.nextNormal());
  const factors = new Float64Array(k * d * d);
  for (let c = 0; c < k; c++) {
    for (let l = 0; l < d; l++) {
      for (let j = 0; j < d; j++) {
        factors[c * d * d + l * d + j] = l < j ? 0.3 * r.nextNormal() : l === j ? 0.5 + r.nextFloat() : 99;
      }
    }
  }
  const logNorm = Float64Array.from({ length: k }, () => -r.nextFloat());
  return { covarianceType: 'full', nComponents: k, nFeatures: d, means, factors, logNorm };
}

/** Responsibilities with exact zeros (left out of the statistics) and a few tiny values. */
function randomResp(r: Random, n: number, k: number): Float64Array {
  return Float64Array.from({ length: n * k }, (_, at) => (at % 3 === 1 ? 0 : at % 11 === 0 ? 1e-200 : r.nextFloat()));
}

function sameBits(actual: Float64Array, expected: Float64Array, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    if (!Object.is(actual[i], expected[i])) { assert.fail(`${what}[${i}]: ${actual[i]} ≠ ${expected[i]}`); }
  }
}

/** |actual − expected| ≤ relative · max |expected| entry by entry; returns how many entries differ in their bits. */
function closeTo(actual: Float64Array, expected: Float64Array, relative: number, what: string): number {
  assert.equal(actual.length, expected.length, `${what}: length`);
  let scale = 0, differing = 0;
  for (const v of expected) { scale = Math.max(scale, Math.abs(v)); }
  for (let i = 0; i < actual.length; i++) {
    if (Object.is(actual[i], expected[i])) { continue; }
    differing++;
    if (!(Math.abs(actual[i]! - expected[i]!) <= relative * scale)) { assert.fail(`${what}[${i}]: ${actual[i]} vs ${expected[i]} (scale ${scale})`); }
  }
  return differing;
}

function statsCopy(stats: SufficientStats): SufficientStats {
  return { ...stats, sumResp: stats.sumResp.slice(), sumDiff: stats.sumDiff.slice(), sumSquares: stats.sumSquares.slice() };
}

describe('wide-data EM kernels (register tiles)', () => {
  test('this Node runs the fused module (relaxed SIMD, behind the flag the Node entry points set on Node 20) and its CPU fuses, so the benchmarks measure it', () => {
    assert.equal(fusedModuleCompiles(), true);
    assert.equal(wideKernelBackend(), 'fused');
  });

  test('the fused module gives the generic loop\'s log densities and statistics within rounding, and not always its bits (it does fuse)', () => {
    const r = new Random(15);
    let differing = 0;
    withSettings({ backend: 'fused' }, () => {
      for (const d of WIDTHS) {
        const k = 3, start = 2, rows = 38, n = start + rows + 1;
        const data = randomData(r, n, d, 10);
        const params = randomParams(r, k, d, 10);
        const expected = new Float64Array(n * k).fill(-7), actual = expected.slice();
        for (let c = 0; c < k; c++) { computeLogDensityGeneric(params, c, data, start, start + rows, expected); }
        wideLogDensities(params, data, start, start + rows, actual);
        differing += closeTo(actual, expected, 1e-13, `d = ${d}: log densities`);
        const resp = randomResp(r, n, k);
        const stats = createStatsAbout('full', k, d, Float64Array.from({ length: k * d }, () => 10 + r.nextNormal()));
        const exact = statsCopy(stats), fused = statsCopy(stats);
        for (let c = 0; c < k; c++) { accumulateComponentStatsGeneric(exact, c, data, start, start + rows, resp); }
        wideBlockStats(fused, data, start, start + rows, resp);
        sameBits(fused.sumResp, exact.sumResp, `d = ${d}: sumResp`);
        sameBits(fused.sumDiff, exact.sumDiff, `d = ${d}: sumDiff`);
        differing += closeTo(fused.sumSquares, exact.sumSquares, 1e-13, `d = ${d}: sumSquares`);
      }
    });
    assert.ok(differing > 0, 'every value had the plain bits: the module did not fuse');
  });

  for (const backend of BACKENDS) {
    test(`log densities equal the generic loop bit for bit across tile edges (${backend})`, () => {
      const r = new Random(5);
      withSettings({ backend }, () => {
        for (const d of WIDTHS) {
          for (const rows of [1, 4, 5, 38]) {
            const k = 3, start = 3, n = start + rows + 2;
            const data = randomData(r, n, d, 10);
            const params = randomParams(r, k, d, 10);
            const expected = new Float64Array(n * k).fill(-7), actual = expected.slice();
            for (let c = 0; c < k; c++) { computeLogDensityGeneric(params, c, data, start, start + rows, expected); }
            wideLogDensities(params, data, start, start + rows, actual);
            sameBits(actual, expected, `d = ${d}, ${rows} rows`);
          }
        }
      });
    });

    test(`statistics (Σr, Σr(x − μ), Σr(x − μ)(x − μ)ᵀ) equal the generic loop bit for bit, rows of zero responsibility left out (${backend})`, () => {
      const r = new Random(6);
      withSettings({ backend }, () => {
        for (const d of WIDTHS) {
          for (const rows of [1, 4, 7, 64]) {
            const k = 3, start = 2, n = start + rows + 1;
            const data = randomData(r, n, d, 1e3);
            const resp = randomResp(r, n, k);
            const stats = createStatsAbout('full', k, d, Float64Array.from({ length: k * d }, () => 1e3 + r.nextNormal()));
            // the block's sums are added to what the statistics already hold
            stats.sumResp.fill(0.25);
            stats.sumDiff.fill(-1.5);
            for (let c = 0; c < k; c++) { for (let j = 0; j < d; j++) { for (let l = 0; l <= j; l++) { stats.sumSquares[c * d * d + j * d + l] = 2 + j; } } }
            const expected = statsCopy(stats), actual = statsCopy(stats);
            for (let c = 0; c < k; c++) { accumulateComponentStatsGeneric(expected, c, data, start, start + rows, resp); }
            wideBlockStats(actual, data, start, start + rows, resp);
            sameBits(actual.sumResp, expected.sumResp, `d = ${d}, ${rows} rows: sumResp`);
            sameBits(actual.sumDiff, expected.sumDiff, `d = ${d}, ${rows} rows: sumDiff`);
            sameBits(actual.sumSquares, expected.sumSquares, `d = ${d}, ${rows} rows: sumSquares`);
          }
        }
      });
    });
  }

  test('a factor packed for one block is reused for the next only while it is the same: a new or rewritten factor is packed again', () => withSettings({ backend: 'wasm' }, () => {
    const r = new Random(11);
    const d = 21, k = 2, n = 9;
    const data = randomData(r, n, d);
    const check = (params: ComponentParameters, what: string): void => {
      const expected = new Float64Array(n * k), actual = new Float64Array(n * k);
      for (let c = 0; c < k; c++) { computeLogDensityGeneric(params, c, data, 0, n, expected); }
      wideLogDensities(params, data, 0, n, actual);
      sameBits(actual, expected, what);
    };
    const params = randomParams(r, k, d);
    check(params, 'first');
    check(params, 'same parameters again');
    check(randomParams(r, k, d), 'new parameters');
    const rewritten = randomParams(r, k, d);
    check(rewritten, 'before the rewrite');
    for (let c = 0; c < k; c++) { for (let j = 0; j < d; j++) { rewritten.factors[c * d * d + j * d + j]! *= 1.5; } }
    check(rewritten, 'rewritten in place');
    // the statistics and the precision factor use the same memory: the factors are packed again after them
    wideBlockStats(createStatsAbout('full', k, d, params.means), data, 0, n, randomResp(r, n, k));
    widePrecisionCholesky(Float64Array.from({ length: d * d }, (_, at) => (at % (d + 1) === 0 ? 2 : 0)), 0, d, 0, new Float64Array(d * d), 0);
    check(rewritten, 'after other kernels');
  }));

  test('a block cut into several kernel calls (d = 300: rows beyond one call\'s cache budget) gives the same bits', () => withSettings({ backend: 'wasm' }, () => {
    const r = new Random(7);
    const d = 300, k = 2, n = 512;
    const data = randomData(r, n, d);
    const params = randomParams(r, k, d);
    const expected = new Float64Array(n * k), actual = new Float64Array(n * k);
    for (let c = 0; c < k; c++) { computeLogDensityGeneric(params, c, data, 0, n, expected); }
    wideLogDensities(params, data, 0, n, actual);
    sameBits(actual, expected, 'log densities');
    const resp = randomResp(r, n, k);
    const a = createStatsAbout('full', k, d, params.means), b = createStatsAbout('full', k, d, params.means);
    for (let c = 0; c < k; c++) { accumulateComponentStatsGeneric(a, c, data, 0, n, resp); }
    wideBlockStats(b, data, 0, n, resp);
    sameBits(b.sumSquares, a.sumSquares, 'sumSquares');
  }));
});

describe('wide-data EM fits', () => {
  function blobs(seed: number, n: number, d: number, k: number): DataMatrix {
    const r = new Random(seed);
    const centers = Float64Array.from({ length: k * d }, () => 3 * r.nextNormal());
    const data = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) { data[i * d + j] = 100 + centers[(i % k) * d + j]! + (0.5 + (j % 3) * 0.5) * r.nextNormal(); }
    }
    return createDataMatrix(data, n, d);
  }

  test('full EM, k = 4, d = 200: the lower bound matches the untiled path within 1e-10 relative', () => {
    const X = blobs(9, 1_200, 200, 4);
    const options = { nComponents: 4, covarianceType: 'full' as CovarianceType, maxIter: 3, tol: 0, seed: 2 };
    const tiled = fitGaussianMixture(X, options);
    const untiled = withSettings({ enabled: false }, () => fitGaussianMixture(X, options));
    assert.equal(tiled.nIter, 3);
    assert.ok(Number.isFinite(tiled.lowerBound));
    assert.ok(Math.abs(tiled.lowerBound - untiled.lowerBound) <= 1e-10 * Math.abs(untiled.lowerBound),
      `${tiled.lowerBound} vs ${untiled.lowerBound}`);
    assert.deepEqual(tiled.labels, untiled.labels);
  });

  for (const covarianceType of ['full', 'tied'] as CovarianceType[]) {
    test(`${covarianceType} fits on ${WIDE_MIN_D + 14} columns are bit-identical in WebAssembly and in JavaScript`, () => {
      const X = blobs(10, 3_000, WIDE_MIN_D + 14, 3);
      const options = { nComponents: 3, covarianceType, maxIter: 10, tol: 0, seed: 4, nInit: 2 };
      const a = withSettings({ backend: 'wasm' }, () => fitGaussianMixture(X, options));
      const b = withSettings({ backend: 'js' }, () => fitGaussianMixture(X, options));
      sameBits(b.model.means, a.model.means, 'means');
      sameBits(b.model.covariances, a.model.covariances, 'covariances');
      sameBits(b.resp, a.resp, 'resp');
      assert.ok(Object.is(b.lowerBound, a.lowerBound));
    });
  }
});

describe('the wide E-step stops early on densities its normalisation flushes', () => {
  /** n rows around k means `separation` apart per feature (unit noise), shifted by `offset`. */
  function clusters(seed: number, n: number, d: number, k: number, separation: number, offset = 0): DataMatrix {
    const r = new Random(seed);
    const centers = Float64Array.from({ length: k * d }, () => separation * r.nextNormal());
    const data = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) { data[i * d + j] = offset + centers[(i % k) * d + j]! + (0.5 + (j % 3) * 0.5) * r.nextNormal(); }
    }
    return createDataMatrix(data, n, d);
  }

  /** resp and row log-likelihoods of one E-step over rows [start, end), from `entry` as resp's previous content. */
  function eStep(params: ComponentParameters, X: DataMatrix, entry: Float64Array, start: number, end: number): { resp: Float64Array; rows: Float64Array; total: number } {
    const resp = entry.slice(), rows = new Float64Array(X.nSamples).fill(-3);
    const total = estimateBlock(params, X.data, start, end, resp, rows);
    return { resp, rows, total };
  }

  function fittedParams(X: DataMatrix, k: number): { params: ComponentParameters; resp: Float64Array } {
    const fit = withSettings({ enabled: false }, () => fitGaussianMixture(X, { nComponents: k, covarianceType: 'full', maxIter: 2, tol: 0, seed: 3 }));
    return { params: prepareComponentParameters(fit.model), resp: fit.resp };
  }

  for (const backend of BACKENDS) {
    test(`on clusters apart most flushed densities are bounds, yet the responsibilities and log-likelihoods are the generic loop's bits (${backend})`, () => {
      const X = clusters(21, 700, 60, 4, 3);
      const { params, resp } = fittedParams(X, 4);
      const start = 5, end = 690;
      const exact = withSettings({ enabled: false }, () => eStep(params, X, resp, start, end));
      const wide = withSettings({ backend }, () => eStep(params, X, resp, start, end));
      sameBits(wide.resp, exact.resp, 'resp');
      sameBits(wide.rows, exact.rows, 'row log-likelihoods');
      assert.ok(Object.is(wide.total, exact.total));
      // the shortcut did run: raw densities with bounds in place of flushed values
      const raw = resp.slice(), exactRaw = resp.slice();
      withSettings({ backend }, () => wideLogDensities(params, X.data, start, end, raw, true));
      for (let c = 0; c < 4; c++) { computeLogDensityGeneric(params, c, X.data, start, end, exactRaw); }
      let bounds = 0;
      for (let i = start * 4; i < end * 4; i++) {
        if (!Object.is(raw[i], exactRaw[i])) {
          bounds++;
          assert.ok(raw[i]! >= exactRaw[i]!, `a bound is above the density: ${raw[i]} vs ${exactRaw[i]}`);
        }
      }
      assert.ok(bounds > (end - start), `${bounds} densities left as bounds`);
    });
  }

  test('from overlapping to far apart, with any guess of owners on entry, the E-step gives the generic loop\'s bits', () => {
    const r = new Random(22);
    for (const separation of [0.3, 1, 2, 4, 8, 30]) {
      for (const d of [9, 17, 40]) {
        const X = clusters(23 + d, 300, d, 3, separation);
        const { params, resp } = fittedParams(X, 3);
        const guesses = [resp, new Float64Array(resp.length), Float64Array.from(resp, () => r.nextFloat()), Float64Array.from(resp, (v, i) => (i % 7 === 0 ? NaN : 1 - v))];
        const exact = withSettings({ enabled: false }, () => eStep(params, X, resp, 0, 300));
        for (const [g, guess] of guesses.entries()) {
          for (const backend of BACKENDS) {
            const wide = withSettings({ backend }, () => eStep(params, X, guess, 0, 300));
            sameBits(wide.resp, exact.resp, `separation ${separation}, d = ${d}, guess ${g}, ${backend}: resp`);
            sameBits(wide.rows, exact.rows, `separation ${separation}, d = ${d}, guess ${g}, ${backend}: rows`);
          }
        }
      }
    }
  });

  test('with the fused module, from overlapping to far apart, the E-step gives the generic loop\'s responsibilities and row log-likelihoods within rounding', () => {
    for (const separation of [0.3, 2, 8, 30]) {
      for (const d of [9, 40]) {
        const X = clusters(31 + d, 300, d, 3, separation);
        const { params, resp } = fittedParams(X, 3);
        const exact = withSettings({ enabled: false }, () => eStep(params, X, resp, 0, 300));
        const fused = withSettings({ backend: 'fused' }, () => eStep(params, X, resp, 0, 300));
        for (let i = 0; i < resp.length; i++) {
          assert.ok(Math.abs(fused.resp[i]! - exact.resp[i]!) <= 1e-12, `separation ${separation}, d = ${d}: resp[${i}] ${fused.resp[i]} vs ${exact.resp[i]}`);
        }
        closeTo(fused.rows, exact.rows, 1e-13, `separation ${separation}, d = ${d}: row log-likelihoods`);
      }
    }
  });

  test('values whose squares overflow give the generic loop\'s bits, infinities and NaN included', () => {
    for (const scale of [1e100, 1e150, 1e200]) {
      const X = clusters(24, 120, 12, 2, 3);
      const { params, resp } = fittedParams(X, 2);
      const big = createDataMatrix(X.data.map((v, i) => (i % 13 === 0 ? v * scale : v)), X.nSamples, X.nFeatures);
      const exact = withSettings({ enabled: false }, () => eStep(params, big, resp, 0, 120));
      for (const backend of BACKENDS) {
        const wide = withSettings({ backend }, () => eStep(params, big, resp, 0, 120));
        sameBits(wide.resp, exact.resp, `scale ${scale}, ${backend}: resp`);
        sameBits(wide.rows, exact.rows, `scale ${scale}, ${backend}: rows`);
      }
    }
  });
});
