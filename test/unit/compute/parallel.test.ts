// The parallel executor (src/compute/parallel) against the in-thread one: every pass and whole fits
// must give the SAME BITS (both sum per canonical unit, then units in order; see chunkExecutor.ts),
// whatever the number of threads. Also: the product path (fit worker + pool) and cancel.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { lloydBoundTolerance, MAX_PARTIAL_VALUES, planUnits, type ChunkExecutor, type LloydSums } from '../../../src/core/chunkExecutor';
import { inThreadExecutor } from '../../../src/core/inThreadExecutor';
import { runClusterFit, type FitRequest } from '../../../src/core/clusterFit';
import { createDataMatrix, type DataMatrix } from '../../../src/core/dataMatrix';
import { fitGaussianMixture, type CovarianceType, type GmmInit } from '../../../src/core/gmm';
import { prepareComponentParameters } from '../../../src/core/gmmModel';
import { computePrecisionCholFull } from '../../../src/core/linalg';
import { BLOCK_ROWS, createStats } from '../../../src/core/gmmStats';
import { fitKMeans } from '../../../src/core/kmeans';
import { seedKMeansPlusPlus, selectKMeansPlusPlus } from '../../../src/core/kmeansPlusPlus';
import { inertiaFromSums } from '../../../src/core/lloyd';
import { Random } from '../../../src/core/random';
import { createParallelExecutor, type ParallelExecutor } from '../../../src/compute/parallel/pool';
import type { FromWorker, ToWorker } from '../../../src/compute/messages';
import { serveCompare } from '../../../src/compute/compareJob';
import type { ExecutorFor } from '../../../src/compute/fitExecutor';
import type { ComparedModel, ComparisonRequest } from '../../../src/core/modelComparison';

const TYPES: CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];
const outDir = path.resolve('test-out/parallel-bundles');
const helperPath = path.join(outDir, 'parallelWorker.js');
const fitWorkerPath = path.join(outDir, 'worker.js');

before(async () => {
  fs.mkdirSync(outDir, { recursive: true });
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' } as const;
  await esbuild.build({ ...common, entryPoints: ['src/compute/parallel/worker.ts'], outfile: helperPath });
  await esbuild.build({ ...common, entryPoints: ['src/compute/nodeWorker.ts'], outfile: fitWorkerPath });
});

const pools: ParallelExecutor[] = [];
function pool(nThreads: number): ParallelExecutor {
  const p = createParallelExecutor(nThreads, { workerPath: helperPath });
  pools.push(p);
  return p;
}
after(() => { for (const p of pools) { p.dispose(); } });

/** Blobs around k centers, offset so that sums about a shift matter; n deliberately not a multiple of 512. */
function blobs(seed: number, n: number, d: number, k: number, offset = 0): DataMatrix {
  const r = new Random(seed);
  const centers = Array.from({ length: k * d }, () => 6 * r.nextNormal());
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = r.nextInt(k);
    for (let j = 0; j < d; j++) { data[i * d + j] = offset + centers[c * d + j]! + r.nextNormal() * (1 + (j % 3)); }
  }
  return createDataMatrix(data, n, d);
}

function lloydSums(k: number, d: number): LloydSums {
  return { shiftedSums: new Float64Array(k * d), counts: new Float64Array(k), squares: new Float64Array(k) };
}

/** (k × k) distances between the centers, as runLloyd gives them to lloydMove. */
function separationsOf(centers: Float64Array, d: number): Float64Array {
  const k = centers.length / d;
  return Float64Array.from({ length: k * k }, (_, at) => {
    const a = Math.floor(at / k), b = at % k;
    let sum = 0;
    for (let j = 0; j < d; j++) { sum += (centers[a * d + j]! - centers[b * d + j]!) ** 2; }
    return Math.sqrt(sum);
  });
}

function copySums(s: LloydSums): LloydSums {
  return { shiftedSums: s.shiftedSums.slice(), counts: s.counts.slice(), squares: s.squares.slice() };
}

function sameSums(a: LloydSums, b: LloydSums, what: string): void {
  sameBits(a.shiftedSums, b.shiftedSums, `${what}: sums`);
  sameBits(a.counts, b.counts, `${what}: counts`);
  sameBits(a.squares, b.squares, `${what}: squares`);
}

function sameBits(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  assert.equal(a.length, b.length, `${what}: length`);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) { assert.fail(`${what}[${i}]: ${a[i]} vs ${b[i]}`); }
  }
}

describe('parallel executor: passes', () => {
  test('the canonical units depend on rows and partial size only, and bound the partials', () => {
    assert.deepEqual(planUnits(0, 10), { unitRows: BLOCK_ROWS, nUnits: 0 });
    assert.deepEqual(planUnits(1_000_000, 585), { unitRows: BLOCK_ROWS, nUnits: Math.ceil(1_000_000 / BLOCK_ROWS) });
    const big = planUnits(1_000_000, 100_000);
    assert.ok(big.unitRows > BLOCK_ROWS && big.unitRows % BLOCK_ROWS === 0);
    assert.ok(big.nUnits * 100_000 <= Math.max(MAX_PARTIAL_VALUES, 64 * 100_000));
    assert.ok(big.nUnits * big.unitRows >= 1_000_000);
  });

  for (const d of [2, 8, 11, 40]) {
    for (const covarianceType of TYPES) {
      test(`EM pass (E-step + statistics) is bit-identical on 1, 2 and 3 threads: ${covarianceType}, d = ${d}`, () => {
        const n = 20_000 + 37, k = 5;
        const X = blobs(d, n, d, k, 1e3);
        const model = fitGaussianMixture(X, { nComponents: k, covarianceType, maxIter: 2, seed: 1 }).model;
        const params = prepareComponentParameters(model);
        const reference = (() => {
          const resp = new Float64Array(n * k), stats = createStats(params);
          inThreadExecutor.accumulate(params, X, resp, stats);
          return { resp, stats, ll: inThreadExecutor.estimate(params, X, new Float64Array(n * k)) };
        })();
        for (const threads of [1, 2, 3]) {
          const ex = pool(threads);
          const Xs = ex.share(X);
          const resp = ex.allocateFloat64(n * k), stats = createStats(params);
          ex.accumulate(params, Xs, resp, stats);
          sameBits(resp, reference.resp, `resp (${threads} threads)`);
          sameBits(stats.sumResp, reference.stats.sumResp, 'sumResp');
          sameBits(stats.sumDiff, reference.stats.sumDiff, 'sumDiff');
          sameBits(stats.sumSquares, reference.stats.sumSquares, 'sumSquares');
          assert.ok(Object.is(stats.logLikelihood, reference.stats.logLikelihood));
          assert.equal(stats.nSamples, n);
          assert.ok(Object.is(ex.estimate(params, Xs, ex.allocateFloat64(n * k)), reference.ll));
        }
      });
    }
  }

  for (const covarianceType of ['full', 'tied'] as const) {
    test(`a wide EM pass (d = 70, ${covarianceType}), its triangles merged on every thread, adds the in-thread sums' bits to what the statistics held, on 1, 2 and 3 threads`, () => {
      const n = 6_000 + 5, k = 3, d = 70;
      const X = blobs(70, n, d, k, 10);
      const params = prepareComponentParameters(fitGaussianMixture(X, { nComponents: k, covarianceType, maxIter: 2, seed: 2 }).model);
      const held = (): ReturnType<typeof createStats> => {
        const stats = createStats(params);
        stats.sumSquares.forEach((_, i) => { stats.sumSquares[i] = 1 / (1 + i % 97); });
        return stats;
      };
      const reference = held();
      inThreadExecutor.accumulate(params, X, new Float64Array(n * k), reference);
      for (const threads of [1, 2, 3]) {
        const ex = pool(threads);
        const stats = held();
        ex.accumulate(params, ex.share(X), ex.allocateFloat64(n * k), stats);
        sameBits(stats.sumSquares, reference.sumSquares, `sumSquares (${threads} threads)`);
        sameBits(stats.sumDiff, reference.sumDiff, `sumDiff (${threads} threads)`);
        assert.ok(Object.is(stats.logLikelihood, reference.logLikelihood));
        assert.equal(stats.nSamples, n);
      }
    });
  }

  test('the precision factors of wide full covariances are computePrecisionCholFull\'s, block by block, on 1, 2 and 3 threads, a jittered block included', () => {
    const r = new Random(12);
    const k = 5, d = 37;
    const covariances = new Float64Array(k * d * d);
    for (let c = 0; c < k; c++) {
      // A Aᵀ / d + 0.1 I, positive definite; block 3 has rank 1 (needs a jitter)
      const a = Float64Array.from({ length: d * d }, () => r.nextNormal());
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) {
          let s = 0;
          for (let l = 0; l < d; l++) { s += c === 3 ? (l === 0 ? a[i * d]! * a[j * d]! : 0) : a[i * d + l]! * a[j * d + l]!; }
          covariances[c * d * d + i * d + j] = s / d + (i === j && c !== 3 ? 0.1 : 0);
        }
      }
    }
    const expected = new Float64Array(k * d * d);
    const scratch = new Float64Array(2 * d * d);
    const expectedJitters = Array.from({ length: k }, (_, c) => computePrecisionCholFull(covariances, c * d * d, d, expected, c * d * d, scratch));
    assert.ok(expectedJitters[3]! > 0 && expectedJitters.filter(j => j > 0).length === 1, 'exactly one block needs a jitter');
    for (const nThreads of [1, 2, 3]) {
      const out = new Float64Array(k * d * d).fill(NaN);
      const jitters = pool(nThreads).precisionCholFull(covariances, k, d, out);
      sameBits(out, expected, `${nThreads} threads: factors`);
      sameBits(jitters, expectedJitters, `${nThreads} threads: jitters`);
    }
  });

  test('Lloyd, assignment and k-means++ passes are bit-identical on 2 and 3 threads', () => {
    const n = 30_001, d = 6, k = 7;
    const X = blobs(3, n, d, k, -50);
    const centers = X.data.slice(0, k * d);
    const run = (ex: ChunkExecutor) => {
      const Xs = ex.share(X);
      const labels = ex.allocateInt32(n), distances = ex.allocateFloat64(n);
      const sums = lloydSums(k, d);
      const bounds = { lower: ex.allocateFloat64(n), upper: ex.allocateFloat64(n), drift: -1, tolAbs: 1e-12 };
      const first = ex.lloyd(Xs, centers, labels, distances, false, sums, bounds);
      const firstSums = copySums(sums);
      const shifted = centers.map((v, i) => v + 0.3 * Math.sin(i));
      const second = ex.lloyd(Xs, shifted, labels, distances, true, sums);
      const inertia = ex.assign(Xs, centers, labels, ex.allocateFloat64(n));
      const labelledInertia = ex.inertia(Xs, centers, labels);
      const columnSums = ex.columnSums(Xs, null);
      const columnSquares = ex.columnSums(Xs, columnSums.map(v => v / n));
      const closest = ex.allocateFloat64(n), nearest = ex.allocateInt32(n);
      const unitSums = ex.seedStart(Xs, closest, nearest, 17, 4);
      // no pruning (thresholds 0): every distance computed
      const pots = ex.seedPotentials(Xs, closest, nearest, 777, 1, Int32Array.of(5, 900, 29_999, 12_345), new Float64Array(2 * 6));
      const seeded = selectKMeansPlusPlus(Xs, k, new Random(9), ex);
      const seedClosest = ex.allocateFloat64(n), seedLabels = ex.allocateInt32(n);
      const seedBounds = { lower: ex.allocateFloat64(n), upper: ex.allocateFloat64(n), drift: -1, tolAbs: 1e-12 };
      const seeds = seedKMeansPlusPlus(Xs, k, new Random(9), ex, seedClosest, seedLabels);
      const movedSums = lloydSums(k, d);
      const prune = new Float64Array(k).fill(0.5), gaps = new Float64Array(k).fill(3);
      const fromSeeds = ex.lloydSeeded(Xs, seeds.centers, seedLabels, seedClosest, prune, gaps, seedBounds, movedSums);
      const fromSeedsSums = copySums(movedSums);
      const later = seeds.centers.map((v, i) => v + 0.8 * Math.cos(i));
      const drifts = new Float64Array(k).fill(0.8 * Math.sqrt(d)), others = drifts.slice();
      const movedLabels = ex.lloydMove(Xs, later, seeds.centers, seedLabels, seedBounds, drifts, others, separationsOf(later, d), movedSums);
      return {
        first, firstSums, second, sums, inertia, labelledInertia, columnSums, columnSquares, labels, distances: Array.from(distances), bounds, closest, nearest, unitSums, pots, seeded,
        fromSeeds, fromSeedsSums, movedLabels, movedSums, seedClosest, seedLabels, seedBounds,
      };
    };
    const reference = run(inThreadExecutor);
    assert.ok(reference.second.changed > 0 && reference.second.changed < n);
    // the sums themselves: against a plain loop
    const direct = new Float64Array(d);
    let directInertia = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) { direct[j]! += X.data[i * d + j]!; directInertia += (X.data[i * d + j]! - centers[reference.labels[i]! * d + j]!) ** 2; }
    }
    reference.columnSums.forEach((v, j) => assert.ok(Math.abs(v - direct[j]!) <= 1e-9 * Math.abs(direct[j]!), `column ${j}`));
    assert.ok(Math.abs(reference.labelledInertia - directInertia) <= 1e-12 * directInertia);
    assert.ok(Math.abs(reference.labelledInertia - reference.inertia) <= 1e-12 * directInertia, 'assign reports the same inertia');
    assert.ok(reference.movedLabels > 0 && reference.movedLabels < n, `${reference.movedLabels} rows moved`);
    for (const threads of [2, 3]) {
      const got = run(pool(threads));
      assert.deepEqual(got.first, reference.first);
      assert.deepEqual(got.second, reference.second);
      assert.ok(Object.is(got.inertia, reference.inertia));
      assert.ok(Object.is(got.labelledInertia, reference.labelledInertia));
      sameBits(got.columnSums, reference.columnSums, 'column sums');
      sameBits(got.columnSquares, reference.columnSquares, 'column squares');
      sameBits(got.labels, reference.labels, 'labels');
      sameBits(got.distances, reference.distances, 'distances');
      sameSums(got.firstSums, reference.firstSums, 'first pass');
      sameSums(got.sums, reference.sums, 'second pass');
      sameBits(got.bounds.lower, reference.bounds.lower, 'lower bounds');
      sameBits(got.bounds.upper, reference.bounds.upper, 'upper bounds');
      sameBits(got.closest, reference.closest, 'closest');
      sameBits(got.nearest, reference.nearest, 'nearest chosen rows');
      sameBits(got.unitSums, reference.unitSums, 'unitSums');
      sameBits(got.pots, reference.pots, 'potentials');
      sameBits(got.seeded.indices, reference.seeded.indices, 'k-means++ rows');
      assert.deepEqual(got.fromSeeds, reference.fromSeeds);
      sameSums(got.fromSeedsSums, reference.fromSeedsSums, 'seeded pass');
      assert.equal(got.movedLabels, reference.movedLabels);
      sameSums(got.movedSums, reference.movedSums, 'moved sums');
      sameBits(got.seedClosest, reference.seedClosest, 'seeded distances');
      sameBits(got.seedLabels, reference.seedLabels, 'seeded then moved labels');
      sameBits(got.seedBounds.lower, reference.seedBounds.lower, 'seeded then moved lower bounds');
      sameBits(got.seedBounds.upper, reference.seedBounds.upper, 'seeded then moved upper bounds');
    }
  });

  for (const [d, offset] of [[8, 0], [3, 1e6], [10, -1e3]] as const) {
    test(`Lloyd passes with bounds and moved sums give the full search's labels and centers in every iteration (d = ${d}, offset ${offset})`, () => {
      const n = 20_000, k = 6;
      const X = blobs(12 + d, n, d, k, offset);
      const update = (centers: Float64Array, anchors: Float64Array, sums: LloydSums, drifts: Float64Array) => {
        for (let c = 0; c < k; c++) {
          let moved = 0;
          for (let j = 0; j < d; j++) {
            const next = anchors[c * d + j]! + sums.shiftedSums[c * d + j]! / sums.counts[c]!;
            moved += (next - centers[c * d + j]!) ** 2;
            centers[c * d + j] = next;
          }
          drifts[c] = Math.sqrt(moved);
        }
      };
      // reference: a full search and sums about the current centers in every iteration
      const fullRun = () => {
        const centers = X.data.slice(0, k * d);
        const labels = new Int32Array(n), distances = new Float64Array(n), sums = lloydSums(k, d);
        const trace: { labels: Int32Array; centers: Float64Array; changed: number; inertia: number }[] = [];
        for (let iter = 0; iter < 8; iter++) {
          const r = inThreadExecutor.lloyd(X, centers, labels, distances, iter > 0, sums);
          update(centers, centers.slice(), sums, new Float64Array(k));
          trace.push({ labels: labels.slice(), centers: centers.slice(), changed: r.changed, inertia: r.inertia });
        }
        return trace;
      };
      const movingRun = (ex: ChunkExecutor) => {
        const Xs = ex.share(X);
        const centers = X.data.slice(0, k * d);
        const labels = ex.allocateInt32(n), distances = ex.allocateFloat64(n), sums = lloydSums(k, d);
        const bounds = { lower: ex.allocateFloat64(n), upper: ex.allocateFloat64(n), drift: -1, tolAbs: lloydBoundTolerance(centers, d) };
        const anchors = centers.slice(), drifts = new Float64Array(k), others = new Float64Array(k);
        const trace: { labels: Int32Array; centers: Float64Array; changed: number; inertia: number }[] = [];
        for (let iter = 0; iter < 8; iter++) {
          bounds.tolAbs = lloydBoundTolerance(centers, d);
          let changed: number, inertia: number;
          if (iter === 0) {
            ({ changed, inertia } = ex.lloyd(Xs, centers, labels, distances, false, sums, bounds));
          } else {
            for (let c = 0; c < k; c++) { others[c] = Math.max(...Array.from(drifts).filter((_, o) => o !== c)); }
            changed = ex.lloydMove(Xs, centers, anchors, labels, bounds, drifts, others, separationsOf(centers, d), sums);
            inertia = inertiaFromSums(centers, anchors, sums, d);
          }
          update(centers, anchors, sums, drifts);
          trace.push({ labels: labels.slice(), centers: centers.slice(), changed, inertia });
        }
        return trace;
      };
      const full = fullRun();
      assert.ok(full[3]!.changed > 0, 'the centers still move after a few iterations');
      for (const ex of [inThreadExecutor, pool(2)]) {
        const moving = movingRun(ex);
        full.forEach((f, iter) => {
          const m = moving[iter]!;
          sameBits(m.labels, f.labels, `labels, iteration ${iter + 1}`);
          assert.equal(m.changed, f.changed, `changed labels, iteration ${iter + 1}`);
          const scale = Math.abs(offset) + 20;
          m.centers.forEach((v, i) => assert.ok(Math.abs(v - f.centers[i]!) <= 1e-12 * scale, `center ${i}, iteration ${iter + 1}: ${v} vs ${f.centers[i]}`));
          assert.ok(Math.abs(m.inertia - f.inertia) <= 1e-9 * f.inertia, `inertia, iteration ${iter + 1}: ${m.inertia} vs ${f.inertia}`);
        });
      }
    });
  }

  test('"Compare k" through the pool posts the models of the calling thread, bit for bit', () => {
    const X = blobs(21, 20_000, 4, 3, 10);
    for (const algorithm of ['gmm', 'kmeans'] as const) {
      const request: ComparisonRequest = {
        algorithm, kMax: 3, covarianceTypes: ['full', 'diag'], nInit: 2, maxIter: 60, tol: 1e-4, regCovar: 1e-6, seed: 1,
        standardize: algorithm === 'kmeans', data: X.data, nSamples: X.nSamples, nFeatures: X.nFeatures,
        sampleRows: Int32Array.from({ length: 200 }, (_, i) => i * 97),
      };
      const run = (executorFor?: ExecutorFor): ComparedModel[] => {
        const models: ComparedModel[] = [];
        serveCompare(request, m => { if (m.type === 'compared') { models.push(m.model); } else if (m.type === 'error') { assert.fail(m.message); } }, executorFor);
        return models;
      };
      const inThread = run();
      const shared = pool(2);
      let released = 0;
      const throughPool = run(() => ({ executor: shared, done: () => { shared.releaseAll(); released++; } }));
      assert.equal(throughPool.length, inThread.length);
      assert.equal(released, inThread.length, 'the pool lets go of each model\'s memory');
      throughPool.forEach((m, i) => {
        const r = inThread[i]!;
        assert.equal(m.k, r.k);
        sameBits(m.weights, r.weights, `${algorithm} model ${i} weights`);
        sameBits(m.means, r.means, `${algorithm} model ${i} means`);
        sameBits(m.labels, r.labels, `${algorithm} model ${i} labels`);
        assert.ok(Object.is(m.bic, r.bic) && Object.is(m.inertia, r.inertia) && Object.is(m.silhouette, r.silhouette));
        assert.ok(m.weights.buffer instanceof ArrayBuffer, 'the posted arrays are not in the pool\'s shared memory');
      });
    }
  });

  test('without its helper script the executor runs in the calling thread, at once', () => {
    const started = Date.now();
    const ex = createParallelExecutor(2, { workerPath: path.join(outDir, 'missing.js') });
    pools.push(ex);
    assert.equal(ex.nThreads, 1);
    assert.ok(Date.now() - started < 1000);
    const X = blobs(6, 3_000, 3, 3);
    const centers = X.data.slice(0, 9);
    const n = X.nSamples;
    assert.ok(Object.is(ex.assign(ex.share(X), centers, ex.allocateInt32(n), ex.allocateFloat64(n)),
      inThreadExecutor.assign(X, centers, new Int32Array(n), new Float64Array(n))));
  });

  test('released arrays are reused, zeroed, and fits stay identical', () => {
    const ex = pool(2);
    const a = ex.allocateFloat64(1000);
    a.fill(7);
    ex.release(a);
    const b = ex.allocateFloat64(1000);
    assert.equal(b.buffer, a.buffer);
    assert.ok(b.every(v => v === 0));
    const X = blobs(13, 8_000, 3, 3);
    const options = { nComponents: 3, nInit: 3, maxIter: 10, seed: 4 } as const;
    sameBits(fitGaussianMixture(X, { ...options, executor: ex }).model.means, fitGaussianMixture(X, options).model.means, 'means');
  });

  test('arrays that are not shared memory still give the right answer (run in the calling thread)', () => {
    const n = 5_000, d = 3, k = 4;
    const X = blobs(4, n, d, k);
    const centers = X.data.slice(0, k * d);
    const ex = pool(2);
    const a = ex.assign(X, centers, new Int32Array(n), new Float64Array(n));
    const b = inThreadExecutor.assign(X, centers, new Int32Array(n), new Float64Array(n));
    assert.ok(Object.is(a, b));
  });
});

describe('parallel executor: whole fits', () => {
  const inits: GmmInit[] = ['kmeans', 'k-means++', 'random', 'random_from_data'];
  for (const covarianceType of TYPES) {
    test(`Gaussian mixture fits are bit-identical with a 2-thread pool: ${covarianceType}`, () => {
      const X = blobs(7, 12_345, 4, 4, 1e4);
      for (const init of inits) {
        const options = { nComponents: 4, covarianceType, init, nInit: 2, maxIter: 15, tol: 0, seed: 3 };
        const a = fitGaussianMixture(X, options);
        const b = fitGaussianMixture(X, { ...options, executor: pool(2) });
        sameBits(b.model.means, a.model.means, `${init} means`);
        sameBits(b.model.covariances, a.model.covariances, `${init} covariances`);
        sameBits(b.model.weights, a.model.weights, `${init} weights`);
        sameBits(b.resp, a.resp, `${init} resp`);
        sameBits(b.labels, a.labels, `${init} labels`);
        a.histories.forEach((h, r) => sameBits(b.histories[r]!, h, `${init} history ${r}`));
        assert.ok(Object.is(b.logLikelihood, a.logLikelihood));
      }
    });
  }

  test('a wide full mixture (d = 40) is bit-identical with a 2-thread pool, which factors its M-step\'s precisions', () => {
    const X = blobs(8, 3_000, 40, 3, 10);
    const options = { nComponents: 3, covarianceType: 'full' as const, nInit: 1, maxIter: 6, tol: 0, seed: 5 };
    const a = fitGaussianMixture(X, options);
    const executor = pool(2);
    const factor = executor.precisionCholFull.bind(executor);
    let calls = 0;
    const counted: ParallelExecutor = { ...executor, precisionCholFull: (...args) => { calls++; return factor(...args); } };
    const b = fitGaussianMixture(X, { ...options, executor: counted });
    assert.ok(calls >= options.maxIter, `the M-steps went through the pool (${calls} calls)`);
    sameBits(b.model.precisionsChol, a.model.precisionsChol, 'precisionsChol');
    sameBits(b.model.covariances, a.model.covariances, 'covariances');
    sameBits(b.resp, a.resp, 'resp');
    assert.ok(Object.is(b.logLikelihood, a.logLikelihood));
  });

  test('a wide full mixture on overlapping clusters, whose passes derive the largest component\'s squares from a Gram pass, is bit-identical on 1, 2 and 3 threads', () => {
    // centers 0.05 apart per feature: every responsibility is weighed, so the derivation is taken
    const r = new Random(31);
    const n = 2_500, d = 36, k = 3;
    const centers = Float64Array.from({ length: k * d }, () => 0.05 * r.nextNormal());
    const X = createDataMatrix(Float64Array.from({ length: n * d }, (_, at) => 20 + centers[(Math.floor(at / d) % k) * d + (at % d)]! + r.nextNormal()), n, d);
    const options = { nComponents: k, covarianceType: 'full' as const, nInit: 1, maxIter: 6, tol: 0, seed: 5 };
    const a = fitGaussianMixture(X, options);
    for (const threads of [2, 3]) {
      const executor = pool(threads);
      let derived = 0;
      const accumulate = executor.accumulate.bind(executor);
      const counted: ParallelExecutor = { ...executor, accumulate: (...args) => { if ((args[4] ?? -1) >= 0) { derived++; } accumulate(...args); } };
      const b = fitGaussianMixture(X, { ...options, executor: counted });
      assert.ok(derived >= options.maxIter - 2, `${threads} threads: ${derived} passes derived a component`);
      sameBits(b.model.covariances, a.model.covariances, `${threads} threads: covariances`);
      sameBits(b.resp, a.resp, `${threads} threads: resp`);
      assert.ok(Object.is(b.logLikelihood, a.logLikelihood));
    }
  });

  test('k-means fits (k-means++ seeding, restarts, Lloyd) are bit-identical with 2 and 3 threads', () => {
    for (const [X, threads] of [[blobs(8, 40_000, 8, 8, 1e6), 2], [blobs(8, 40_000, 8, 8, 1e6), 3], [blobs(5, 15_000, 11, 6, -20), 2]] as const) {
      const k = X.nFeatures === 8 ? 8 : 6;
      const a = fitKMeans(X, { nClusters: k, nInit: 3, seed: 2 });
      const b = fitKMeans(X, { nClusters: k, nInit: 3, seed: 2, executor: pool(threads) });
      sameBits(b.centers, a.centers, 'centers');
      sameBits(b.labels, a.labels, 'labels');
      assert.ok(Object.is(b.inertia, a.inertia));
      assert.equal(b.nIter, a.nIter);
      assert.equal(b.bestRestart, a.bestRestart);
      a.histories.forEach((h, r) => sameBits(b.histories[r]!, h, `history ${r}`));
    }
  });

  test('runClusterFit (standardised k-means and raw GMM) is bit-identical through the pool', () => {
    const X = blobs(9, 9_000, 5, 3, 100);
    for (const [algorithm, standardize] of [['kmeans', true], ['gmm', false], ['gmm', true]] as const) {
      const request = (): FitRequest => ({
        algorithm, nComponents: 3, covarianceType: 'full', nInit: 2, maxIter: 50, tol: 1e-4, regCovar: 1e-6, seed: 0, standardize,
        data: X.data.slice(), nSamples: X.nSamples, nFeatures: X.nFeatures,
      });
      const a = runClusterFit(request(), () => {});
      const b = runClusterFit(request(), () => {}, pool(2));
      sameBits(b.means, a.means, `${algorithm} means`);
      sameBits(b.labels, a.labels, `${algorithm} labels`);
      sameBits(b.resp, a.resp, `${algorithm} resp`);
      assert.equal(b.logLikelihood, a.logLikelihood);
      assert.equal(b.inertia, a.inertia);
    }
  });

  test('a mixture on data with missing cells is bit-identical through the pool', () => {
    const X = blobs(10, 9_000, 5, 3, 100);
    const data = X.data.slice();
    const random = new Random(4);
    for (let i = 0; i < data.length; i++) { if (random.nextFloat() < 0.1) { data[i] = NaN; } }
    for (const covarianceType of ['full', 'diag'] as const) {
      const request = (): FitRequest => ({
        algorithm: 'gmm', nComponents: 3, covarianceType, nInit: 2, maxIter: 30, tol: 1e-4, regCovar: 1e-6, seed: 0, standardize: true,
        data: data.slice(), nSamples: X.nSamples, nFeatures: X.nFeatures,
      });
      const a = runClusterFit(request(), () => {});
      const b = runClusterFit(request(), () => {}, pool(2));
      assert.ok(a.missing !== undefined && a.missing.cells > 0);
      sameBits(b.means, a.means, `${covarianceType} means`);
      sameBits(b.resp, a.resp, `${covarianceType} resp`);
      assert.equal(b.logLikelihood, a.logLikelihood);
    }
  });
});

function threadCount(): number {
  return fs.readdirSync('/proc/self/task').length;
}

function startFitWorker(request: FitRequest): { worker: Worker; messages: FromWorker[]; next: (type: FromWorker['type']) => Promise<FromWorker> } {
  const worker = new Worker(fitWorkerPath);
  const messages: FromWorker[] = [];
  const waiting: { type: string; resolve: (m: FromWorker) => void }[] = [];
  worker.on('message', (m: FromWorker) => {
    messages.push(m);
    for (const w of waiting.filter(w => w.type === m.type)) { waiting.splice(waiting.indexOf(w), 1); w.resolve(m); }
  });
  const message: ToWorker = { type: 'fit', request };
  worker.postMessage(message, [request.data.buffer as ArrayBuffer]);
  return {
    worker, messages,
    next: type => new Promise(resolve => {
      const seen = messages.find(m => m.type === type);
      if (seen) { resolve(seen); } else { waiting.push({ type, resolve }); }
    }),
  };
}

describe('parallel executor: the fit worker', { skip: !fs.existsSync('/proc/self/task') ? 'needs /proc' : false }, () => {
  for (const algorithm of ['gmm', 'kmeans'] as const) {
    test(`a large ${algorithm} fit through the Node fit worker uses the pool and gives the in-thread result`, async () => {
      const X = blobs(10, 30_000, 4, 3);
      const request = (): FitRequest => ({
        algorithm, nComponents: 3, covarianceType: 'full', nInit: 2, maxIter: 20, tol: 1e-3, regCovar: 1e-6, seed: 0, standardize: algorithm === 'kmeans',
        data: X.data.slice(), nSamples: X.nSamples, nFeatures: X.nFeatures,
      });
      const expected = runClusterFit(request(), () => {});
      const { worker, next } = startFitWorker(request());
      const done = await next('done');
      await worker.terminate();
      assert.equal(done.type, 'done', JSON.stringify(done));
      if (done.type === 'done') {
        sameBits(done.result.means, expected.means, 'means');
        sameBits(done.result.labels, expected.labels, 'labels');
        sameBits(done.result.resp, expected.resp, 'resp');
        // every buffer came back as the worker's own (transferred), none is the pool's shared memory
        assert.ok(done.result.labels.buffer instanceof ArrayBuffer && done.result.resp.buffer instanceof ArrayBuffer);
      }
    });
  }

  test('a pool disposed before its helpers started (or after passes) leaves no thread behind', async () => {
    const baseline = threadCount();
    const early = createParallelExecutor(3, { workerPath: helperPath });
    early.dispose();
    const used = createParallelExecutor(3, { workerPath: helperPath });
    const X = used.share(blobs(14, 5_000, 2, 2));
    used.assign(X, X.data.slice(0, 4), used.allocateInt32(5_000), used.allocateFloat64(5_000));
    used.dispose();
    for (let i = 0; i < 100 && threadCount() > baseline; i++) { await new Promise(r => setTimeout(r, 20)); }
    assert.ok(threadCount() <= baseline, `threads: ${baseline} before, ${threadCount()} after dispose`);
  });

  test('terminating the fit worker (cancel) ends its pool threads too', async () => {
    const baseline = threadCount();
    const X = blobs(11, 200_000, 8, 8);
    const { worker, next } = startFitWorker({
      algorithm: 'gmm', nComponents: 8, covarianceType: 'full', nInit: 1, maxIter: 1000, tol: 0, regCovar: 1e-6, seed: 0, standardize: false,
      data: X.data, nSamples: X.nSamples, nFeatures: X.nFeatures,
    });
    await next('iterate');
    const during = threadCount();
    const helpers = os.availableParallelism() - 1;
    assert.ok(during >= baseline + 1 + Math.min(helpers, 1), `threads: ${baseline} before, ${during} during the fit`);
    await worker.terminate();
    for (let i = 0; i < 50 && threadCount() > baseline; i++) { await new Promise(r => setTimeout(r, 20)); }
    assert.ok(threadCount() <= baseline, `threads: ${baseline} before, ${threadCount()} after terminate`);
  });
});
