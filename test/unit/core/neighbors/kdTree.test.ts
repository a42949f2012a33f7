import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createDataMatrix, type DataMatrix } from '../../../../src/core/dataMatrix';
import { IndexList } from '../../../../src/core/neighbors/indexList';
import { KdTree } from '../../../../src/core/neighbors/kdTree';
import { RemainingRows } from '../../../../src/core/neighbors/remainingRows';

/** Squared distance summed in column order, as the tree does. */
function distSq(X: DataMatrix, i: number, q: Float64Array, qOff: number): number {
  let s = 0;
  for (let j = 0; j < X.nFeatures; j++) { const t = X.data[i * X.nFeatures + j]! - q[qOff + j]!; s += t * t; }
  return s;
}

function bruteKnn(X: DataMatrix, q: Float64Array, qOff: number, k: number): { idx: number[]; dist: number[] } {
  const all = Array.from({ length: X.nSamples }, (_, i) => ({ i, s: distSq(X, i, q, qOff) }));
  all.sort((a, b) => a.s - b.s || a.i - b.i);
  const top = all.slice(0, k);
  return { idx: top.map(e => e.i), dist: top.map(e => Math.sqrt(e.s)) };
}

function bruteRadius(X: DataMatrix, q: Float64Array, qOff: number, r: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < X.nSamples; i++) { if (distSq(X, i, q, qOff) <= r * r) { out.push(i); } }
  return out;
}

/** Random matrices; values from a small grid half of the time, so duplicates and distance ties are common. */
const matrices = fc.record({
  n: fc.integer({ min: 1, max: 160 }),
  d: fc.integer({ min: 1, max: 8 }),
  grid: fc.boolean(),
  leafSize: fc.integer({ min: 1, max: 20 }),
  seed: fc.integer(),
}).map(({ n, d, grid, leafSize, seed }) => {
  let s = seed >>> 0;
  const next = (): number => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 4294967296; };
  const data = new Float64Array(n * d);
  for (let i = 0; i < data.length; i++) { data[i] = grid ? Math.floor(next() * 4) : (next() - 0.5) * 10; }
  return { X: createDataMatrix(data, n, d), leafSize };
});

describe('KdTree', () => {
  test('k nearest neighbours equal brute force row for row (ties broken by row index)', () => {
    fc.assert(fc.property(matrices, fc.integer({ min: 1, max: 30 }), ({ X, leafSize }, kWanted) => {
      const tree = new KdTree(X, leafSize);
      const k = Math.min(kWanted, X.nSamples);
      const idx = new Int32Array(k);
      const dist = new Float64Array(k);
      for (let i = 0; i < X.nSamples; i++) {
        tree.queryKnn(X.data, i * X.nFeatures, k, idx, dist);
        const want = bruteKnn(X, X.data, i * X.nFeatures, k);
        assert.deepEqual(Array.from(idx), want.idx);
        assert.deepEqual(Array.from(dist), want.dist);
      }
    }), { numRuns: 150 });
  });

  test('queries at points that are not rows of the tree equal brute force too', () => {
    fc.assert(fc.property(matrices, fc.integer({ min: 1, max: 10 }), fc.double({ min: 0, max: 6, noNaN: true }), ({ X, leafSize }, kWanted, r) => {
      const tree = new KdTree(X, leafSize);
      const d = X.nFeatures;
      const q = new Float64Array(d);
      for (let j = 0; j < d; j++) { q[j] = X.data[j]! + 0.37 * (j + 1); }
      const k = Math.min(kWanted, X.nSamples);
      const idx = new Int32Array(k);
      const dist = new Float64Array(k);
      tree.queryKnn(q, 0, k, idx, dist);
      assert.deepEqual(Array.from(idx), bruteKnn(X, q, 0, k).idx);
      const list = new IndexList(1);
      tree.queryRadius(q, 0, r, list);
      assert.deepEqual(Array.from(list.indices.subarray(0, list.length)).sort((a, b) => a - b), bruteRadius(X, q, 0, r));
      assert.equal(tree.countRadius(q, 0, r), list.length);
    }), { numRuns: 150 });
  });

  test('radius queries and counts equal brute force, the boundary included (distance ≤ radius)', () => {
    fc.assert(fc.property(matrices, fc.oneof(fc.constantFrom(0, 1, 2, Math.SQRT2, 3), fc.double({ min: 0, max: 8, noNaN: true })), ({ X, leafSize }, r) => {
      const tree = new KdTree(X, leafSize);
      const list = new IndexList(2);
      for (let i = 0; i < X.nSamples; i++) {
        list.clear();
        tree.queryRadius(X.data, i * X.nFeatures, r, list);
        const got = Array.from(list.indices.subarray(0, list.length)).sort((a, b) => a - b);
        assert.deepEqual(got, bruteRadius(X, X.data, i * X.nFeatures, r));
        assert.equal(tree.countRadius(X.data, i * X.nFeatures, r), got.length);
        const limit = 1 + (i % 5);
        const capped = tree.countRadius(X.data, i * X.nFeatures, r, limit);
        assert.ok(got.length >= limit ? capped >= limit : capped === got.length, `limit ${limit}: ${capped} for ${got.length}`);
      }
    }), { numRuns: 150 });
  });

  test('each row is its own nearest neighbour unless a duplicate has a smaller index', () => {
    const X = createDataMatrix(new Float64Array([0, 0, 1, 1, 0, 0, 5, 5]), 4, 2);
    const nn = new KdTree(X, 1).knnOfRows(X, 2);
    assert.deepEqual(Array.from(nn.indices), [0, 2, 1, 0, 0, 2, 3, 1]);
    assert.deepEqual(Array.from(nn.distances.subarray(0, 2)), [0, 0]);
  });

  test('bad input is refused with a sentence naming it', () => {
    assert.throws(() => new KdTree(createDataMatrix(new Float64Array([0, NaN]), 1, 2)), /row 1, column 2 is NaN/);
    const X = createDataMatrix(new Float64Array([0, 1, 2]), 3, 1);
    assert.throws(() => new KdTree(X, 0), /leafSize must be an integer ≥ 1/);
    const tree = new KdTree(X);
    assert.throws(() => tree.queryKnn(X.data, 0, 4, new Int32Array(4), new Float64Array(4)), /k must be an integer from 1 to the number of rows \(3\)/);
    assert.throws(() => tree.countRadius(X.data, 0, -1), /radius must be a finite number ≥ 0/);
  });

  test('an empty matrix builds a tree that finds nothing', () => {
    const tree = new KdTree(createDataMatrix(new Float64Array(0), 0, 3));
    assert.equal(tree.countRadius(new Float64Array(3), 0, 10), 0);
  });
});

describe('RemainingRows with queryRadiusRemaining', () => {
  test('a radius query over the remaining rows equals brute force over the rows not removed', () => {
    fc.assert(fc.property(matrices, fc.double({ min: 0, max: 5, noNaN: true }), fc.integer(), ({ X, leafSize }, r, seed) => {
      const tree = new KdTree(X, leafSize);
      const remaining = new RemainingRows(tree);
      const removed = new Set<number>();
      let s = seed >>> 0;
      for (let i = 0; i < X.nSamples; i++) {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        if (s % 3 === 0) { remaining.remove(i); remaining.remove(i); removed.add(i); }
      }
      const list = new IndexList();
      for (let i = 0; i < X.nSamples; i++) {
        list.clear();
        tree.queryRadiusRemaining(X.data, i * X.nFeatures, r, remaining, list);
        const got = Array.from(list.indices.subarray(0, list.length)).sort((a, b) => a - b);
        assert.deepEqual(got, bruteRadius(X, X.data, i * X.nFeatures, r).filter(m => !removed.has(m)));
      }
    }), { numRuns: 100 });
  });
});

describe('kthNeighbourDistances', () => {
  test('is each row\'s distance to its k-th nearest row (itself first), as brute force', () => {
    fc.assert(fc.property(matrices, fc.integer({ min: 1, max: 12 }), ({ X, leafSize }, kWanted) => {
      const k = Math.min(kWanted, X.nSamples);
      const got = new KdTree(X, leafSize).kthNeighbourDistances(k);
      for (let i = 0; i < X.nSamples; i++) { assert.equal(got[i], bruteKnn(X, X.data, i * X.nFeatures, k).dist[k - 1]); }
    }), { numRuns: 100 });
  });
});
