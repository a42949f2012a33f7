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

});
