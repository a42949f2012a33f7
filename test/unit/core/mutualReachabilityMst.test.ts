import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createDataMatrix } from '../../../src/core/dataMatrix';
import { computeCoreDistances } from '../../../src/core/hdbscan';
import { mutualReachabilityMst, mutualReachabilityMstBoruvka } from '../../../src/core/mutualReachabilityMst';
import { KdTree } from '../../../src/core/neighbors/kdTree';

describe('mutual reachability minimum spanning tree', () => {
  test('the minimum spanning trees (Prim\'s and Borůvka\'s) weigh what a brute-force Kruskal over all mutual reachabilities weighs', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 60 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 6 }), fc.integer(), (n, d, minSamplesWanted, seed) => {
      let s = seed >>> 0;
      const next = (): number => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 4294967296; };
      const data = Float64Array.from({ length: n * d }, () => Math.floor(next() * 8) / 2);
      const X = createDataMatrix(data, n, d);
      const minSamples = Math.min(minSamplesWanted, n);
      const tree = new KdTree(X, 1 + (seed & 7));
      const core = computeCoreDistances(X, minSamples, tree);
      const prim = mutualReachabilityMst(X, core);
      const boruvka = mutualReachabilityMstBoruvka(X, core, tree);
      const edges: [number, number, number][] = [];
      for (let a = 0; a < n; a++) {
        for (let b = a + 1; b < n; b++) {
          let t = 0;
          for (let j = 0; j < d; j++) { t += (data[a * d + j]! - data[b * d + j]!) ** 2; }
          edges.push([a, b, Math.max(Math.sqrt(t), core[a]!, core[b]!)]);
        }
      }
      edges.sort((x, y) => x[2] - y[2]);
      const parent = Array.from({ length: n }, (_, i) => i);
      const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x]!)));
      let want = 0;
      for (const [a, b, w] of edges) { const ra = find(a), rb = find(b); if (ra !== rb) { parent[ra] = rb; want += w; } }
      for (const mst of [prim, boruvka]) {
        assert.equal(mst.weight.length, n - 1);
        const got = mst.weight.reduce((x, y) => x + y, 0);
        assert.ok(Math.abs(got - want) <= 1e-9 * Math.max(1, want), `${got} vs ${want}`);
        for (let e = 1; e < mst.weight.length; e++) { assert.ok(mst.weight[e]! >= mst.weight[e - 1]!); }
        // a spanning tree: its n − 1 edges join all rows
        for (let i = 0; i < n; i++) { parent[i] = i; }
        for (let e = 0; e < mst.weight.length; e++) { const ra = find(mst.from[e]!), rb = find(mst.to[e]!); assert.notEqual(ra, rb); parent[ra] = rb; }
      }
    }), { numRuns: 200 });
  });

  test('Prim\'s on the tree lists the very edges, in the very order, of a brute-force Prim\'s (ties by row, from the first tree row to reach a weight), duplicates and ties included', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 120 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 6 }), fc.integer(), (n, d, minSamplesWanted, seed) => {
      let s = seed >>> 0;
      const next = (): number => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 4294967296; };
      // a coarse grid: many equal distances and duplicate rows
      const data = Float64Array.from({ length: n * d }, () => Math.floor(next() * 6) / 2);
      const X = createDataMatrix(data, n, d);
      const tree = new KdTree(X, 1 + (seed & 7));
      const core = computeCoreDistances(X, Math.min(minSamplesWanted, n), tree);
      // the textbook O(n²) form over squared mutual reachabilities
      const inTree = new Uint8Array(n);
      const best = new Float64Array(n).fill(Infinity);
      const bestFrom = new Int32Array(n);
      const want: [number, number, number][] = [];
      let current = 0;
      inTree[0] = 1;
      for (let e = 0; e < n - 1; e++) {
        let pick = -1;
        for (let v = 0; v < n; v++) {
          if (inTree[v] === 1) { continue; }
          let t = 0;
          for (let j = 0; j < d; j++) { const x = data[current * d + j]! - data[v * d + j]!; t += x * x; }
          const w = Math.max(t, core[current]! * core[current]!, core[v]! * core[v]!);
          if (w < best[v]!) { best[v] = w; bestFrom[v] = current; }
          if (pick < 0 || best[v]! < best[pick]!) { pick = v; }
        }
        want.push([bestFrom[pick]!, pick, Math.sqrt(best[pick]!)]);
        inTree[pick] = 1;
        current = pick;
      }
      const order = want.map((_, i) => i).sort((a, b) => want[a]![2] - want[b]![2] || a - b);
      const got = mutualReachabilityMst(X, core, tree);
      assert.deepEqual(Array.from(got.from), order.map(i => want[i]![0]));
      assert.deepEqual(Array.from(got.to), order.map(i => want[i]![1]));
      assert.deepEqual(Array.from(got.weight), order.map(i => want[i]![2]));
    }), { numRuns: 300 });
  });
});
