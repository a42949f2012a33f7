import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createDataMatrix, dataMatrixFromRows } from '../../../src/core/dataMatrix';
import { computeKDistanceCurve, findKnee, fitDbscan } from '../../../src/core/dbscan';
import { KdTree } from '../../../src/core/neighbors/kdTree';
import { loadDensityFixtures } from './densityFixtures';

const fixtures = loadDensityFixtures();

/** DBSCAN by its definition, O(n²): scikit-learn's order (clusters grown from the lowest-index unlabelled core). */
function bruteDbscan(data: Float64Array, n: number, d: number, eps: number, minSamples: number): { labels: number[]; cores: number[] } {
  const near = (a: number, b: number): boolean => {
    let s = 0;
    for (let j = 0; j < d; j++) { const t = data[a * d + j]! - data[b * d + j]!; s += t * t; }
    return s <= eps * eps;
  };
  const hood = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => j).filter(j => near(i, j)));
  const core = hood.map(h => h.length >= minSamples);
  const labels = new Array<number>(n).fill(-1);
  let cluster = 0;
  for (let i = 0; i < n; i++) {
    if (!core[i] || labels[i] !== -1) { continue; }
    const queue = [i];
    labels[i] = cluster;
    while (queue.length > 0) {
      const p = queue.shift()!;
      if (!core[p]) { continue; }
      for (const v of hood[p]!) { if (labels[v] === -1) { labels[v] = cluster; queue.push(v); } }
    }
    cluster++;
  }
  return { labels, cores: core.flatMap((c, i) => (c ? [i] : [])) };
}

describe('fitDbscan', () => {
  test('labels and core samples equal DBSCAN by its definition on random sets (ties at eps, duplicates)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 150 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer(), (n, d, minSamples, epsHalves, seed) => {
      let s = seed >>> 0;
      const next = (): number => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 4294967296; };
      const data = Float64Array.from({ length: n * d }, () => Math.floor(next() * 12) / 2);
      const eps = epsHalves / 2;
      const got = fitDbscan(createDataMatrix(data, n, d), { eps, minSamples, tree: new KdTree(createDataMatrix(data, n, d), 1 + (seed & 7)) });
      const want = bruteDbscan(data, n, d, eps, minSamples);
      assert.deepEqual(Array.from(got.labels), want.labels);
      assert.deepEqual(Array.from(got.coreSampleIndices), want.cores);
    }), { numRuns: 300 });
  });

  for (const f of fixtures) {
    test(`${f.name}: labels and core samples are scikit-learn's, number for number`, () => {
      const tree = new KdTree(f.X);
      for (const ref of f.dbscan) {
        const got = fitDbscan(f.X, { eps: ref.eps, minSamples: ref.minSamples, tree });
        const at = `eps ${ref.eps}, minSamples ${ref.minSamples}`;
        assert.deepEqual(Array.from(got.labels), ref.labels, at);
        assert.deepEqual(Array.from(got.coreSampleIndices), ref.coreSampleIndices, at);
        assert.equal(got.nClusters, new Set(ref.labels.filter(l => l >= 0)).size, at);
        assert.equal(got.nNoise, ref.labels.filter(l => l === -1).length, at);
      }
    });
  }

  test('a border row reachable from two clusters joins the one whose lowest-index core sample comes first', () => {
    // eps 1, minSamples 4: A = 0 … 0.75 and B = 2.75 … 3.5 are cores; 1.75 is exactly eps from
    // both (3 rows in its neighbourhood: a border row); 10 is noise
    const a = [0, 0.25, 0.5, 0.75];
    const b = [2.75, 3, 3.25, 3.5];
    const bFirst = fitDbscan(dataMatrixFromRows([1.75, ...b, ...a, 10].map(v => [v])), { eps: 1, minSamples: 4 });
    assert.deepEqual(Array.from(bFirst.labels), [0, 0, 0, 0, 0, 1, 1, 1, 1, -1]);
    assert.deepEqual(Array.from(bFirst.coreSampleIndices), [1, 2, 3, 4, 5, 6, 7, 8]);
    const aFirst = fitDbscan(dataMatrixFromRows([1.75, ...a, ...b, 10].map(v => [v])), { eps: 1, minSamples: 4 });
    assert.deepEqual(Array.from(aFirst.labels), [0, 0, 0, 0, 0, 1, 1, 1, 1, -1]);
    const bLast = fitDbscan(dataMatrixFromRows([...a, 10, 1.75, ...b].map(v => [v])), { eps: 1, minSamples: 4 });
    assert.deepEqual(Array.from(bLast.labels), [0, 0, 0, 0, -1, 0, 1, 1, 1, 1]);
  });

  test('the neighbourhood includes the row itself and its boundary: minSamples 1 makes every row core', () => {
    const X = dataMatrixFromRows([[0], [1], [5]]);
    assert.deepEqual(Array.from(fitDbscan(X, { eps: 1, minSamples: 1 }).labels), [0, 0, 1]);
    assert.deepEqual(Array.from(fitDbscan(X, { eps: 1, minSamples: 2 }).labels), [0, 0, -1]);
    assert.deepEqual(Array.from(fitDbscan(X, { eps: 0.999, minSamples: 2 }).labels), [-1, -1, -1]);
  });

  test('no rows give no clusters; bad options are refused with a sentence', () => {
    const empty = fitDbscan(createDataMatrix(new Float64Array(0), 0, 2), { eps: 1 });
    assert.equal(empty.labels.length, 0);
    assert.equal(empty.nClusters, 0);
    const X = dataMatrixFromRows([[0], [1]]);
    assert.throws(() => fitDbscan(X, { eps: 0 }), /eps must be a finite number > 0, got 0/);
    assert.throws(() => fitDbscan(X, { eps: Infinity }), /eps must be a finite number > 0/);
    assert.throws(() => fitDbscan(X, { minSamples: 2.5 }), /minSamples must be an integer ≥ 1, got 2.5/);
    assert.throws(() => fitDbscan(X, { tree: new KdTree(dataMatrixFromRows([[0]])) }), /built over 1 × 1 rows, not these 2 × 1/);
  });
});

describe('computeKDistanceCurve', () => {
  test('is every row\'s distance to its minSamples-th neighbour (itself first), sorted, as brute force', () => {
    for (const f of fixtures.slice(0, 4)) {
      const { X } = f;
      const d = X.nFeatures;
      for (const k of [1, 4, 10]) {
        const curve = computeKDistanceCurve(X, k);
        const want = Array.from({ length: X.nSamples }, (_, i) => {
          const all = Array.from({ length: X.nSamples }, (_, m) => {
            let s = 0;
            for (let j = 0; j < d; j++) { const t = X.data[i * d + j]! - X.data[m * d + j]!; s += t * t; }
            return s;
          }).sort((a, b) => a - b);
          return Math.sqrt(all[k - 1]!);
        }).sort((a, b) => a - b);
        assert.deepEqual(Array.from(curve.distances), want, `${f.name}, k ${k}`);
      }
    }
  });

  test('with eps at a row\'s k-distance the row is a core sample, and below it is not', () => {
    const f = fixtures.find(x => x.name === 'moons')!;
    const curve = computeKDistanceCurve(f.X, 8);
    const eps = curve.kneeDistance;
    const cores = fitDbscan(f.X, { eps, minSamples: 8 }).coreSampleIndices.length;
    assert.equal(cores, curve.distances.filter(v => v <= eps).length);
    assert.ok(curve.kneeIndex > 0.5 * f.X.nSamples, `knee at ${curve.kneeIndex}`);
  });

  test('the knee is the point farthest below the chord of the scaled curve', () => {
    // flat, then a steep rise after position 7
    assert.equal(findKnee(Float64Array.from([1, 1, 1.1, 1.1, 1.2, 1.2, 1.3, 1.3, 5, 9])), 7);
    assert.equal(findKnee(Float64Array.from([2, 2, 2])), 2);
    assert.equal(findKnee(new Float64Array(0)), -1);
    assert.throws(() => computeKDistanceCurve(dataMatrixFromRows([[0], [1]]), 3), /minSamples \(3\) is larger than the number of rows \(2\)/);
  });
});
