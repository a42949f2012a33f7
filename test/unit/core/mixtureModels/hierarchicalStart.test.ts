import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDataMatrix } from '../../../../src/core/dataMatrix';
import { agglomerateWard, computeHierarchicalPartitions } from '../../../../src/core/mixtureModels/hierarchicalStart';
import { Random } from '../../../../src/core/random';

/** Ward by its definition: at each step merge the pair whose union least raises the within-group sum of squares. */
function naiveWard(Z: number[][], kMax: number): number[][] {
  let groups = Z.map((_, i) => [i]);
  const sse = (g: number[]): number => {
    const d = Z[0]!.length;
    const mean = Array.from({ length: d }, (_, q) => g.reduce((s, i) => s + Z[i]![q]!, 0) / g.length);
    return g.reduce((s, i) => s + Z[i]!.reduce((t, v, q) => t + (v - mean[q]!) ** 2, 0), 0);
  };
  const out: number[][] = [];
  while (groups.length >= 1) {
    if (groups.length <= kMax) {
      const labels = new Array<number>(Z.length);
      const sorted = [...groups].sort((p, q) => Math.min(...p) - Math.min(...q));
      sorted.forEach((g, label) => g.forEach(i => { labels[i] = label; }));
      out[groups.length - 1] = labels;
    }
    if (groups.length === 1) { break; }
    let best = Infinity, pair = [0, 1];
    for (let a = 0; a < groups.length; a++) {
      for (let b = a + 1; b < groups.length; b++) {
        const rise = sse([...groups[a]!, ...groups[b]!]) - sse(groups[a]!) - sse(groups[b]!);
        if (rise < best - 1e-12) { best = rise; pair = [a, b]; }
      }
    }
    const merged = [...groups[pair[0]!]!, ...groups[pair[1]!]!];
    groups = groups.filter((_, i) => i !== pair[0] && i !== pair[1]).concat([merged]);
  }
  return out;
}

test('on rows already white, the partitions at every k are those of Ward merging by its definition', () => {
  const r = new Random(4);
  const n = 40;
  // whitened by construction: the start's own whitening then only rotates and rescales uniformly,
  // which leaves Ward's merge order unchanged
  const raw = Array.from({ length: n }, (_, i) => [(i % 4) * 3 + r.nextNormal(), Math.floor(i / 10) + r.nextNormal()]);
  const meanX = raw.reduce((s, p) => s + p[0]!, 0) / n, meanY = raw.reduce((s, p) => s + p[1]!, 0) / n;
  const centred = raw.map(p => [p[0]! - meanX, p[1]! - meanY]);
  // exact whitening by the sample covariance's inverse Cholesky factor, so Z has identity covariance
  const sxx = centred.reduce((s, p) => s + p[0]! * p[0]!, 0) / n, sxy = centred.reduce((s, p) => s + p[0]! * p[1]!, 0) / n;
  const syy = centred.reduce((s, p) => s + p[1]! * p[1]!, 0) / n;
  const l11 = Math.sqrt(sxx), l21 = sxy / l11, l22 = Math.sqrt(syy - l21 * l21);
  const white = centred.map(p => [p[0]! / l11, (p[1]! - l21 * (p[0]! / l11)) / l22]);
  const data = Float64Array.from(white.flat());
  const ours = computeHierarchicalPartitions(createDataMatrix(data, n, 2), 6);
  const expected = naiveWard(white, 6);
  for (let k = 1; k <= 6; k++) { assert.deepEqual(Array.from(ours.partitions[k - 1]!), expected[k - 1], `k = ${k}`); }
});

test('the start is deterministic and, past maxRows, agglomerates a seeded sample of exactly maxRows rows', () => {
  const r = new Random(9);
  const n = 500, d = 3;
  const X = createDataMatrix(Float64Array.from({ length: n * d }, () => r.nextNormal()), n, d);
  const a = computeHierarchicalPartitions(X, 4, { maxRows: 120, seed: 3 });
  const b = computeHierarchicalPartitions(X, 4, { maxRows: 120, seed: 3 });
  assert.equal(a.rows.length, 120);
  assert.deepEqual(a, b);
  for (let k = 1; k <= 4; k++) { assert.equal(new Set(a.partitions[k - 1]).size, k); }
  assert.notDeepEqual(computeHierarchicalPartitions(X, 4, { maxRows: 120, seed: 4 }).rows, a.rows);
});

test('a stretched pair of clusters (scikit-learn #34845) is split along its short axis once the data are whitened', () => {
  // two long parallel bars 1 apart, 40 long: Euclidean Ward without whitening cuts across them
  const r = new Random(2);
  const n = 400;
  const data = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) { data[2 * i] = r.nextFloat() * 40; data[2 * i + 1] = (i % 2) * 3 + 0.2 * r.nextNormal(); }
  const { partitions } = computeHierarchicalPartitions(createDataMatrix(data, n, 2), 2);
  const labels = partitions[1]!;
  for (let i = 0; i < n; i++) { assert.equal(labels[i], labels[i % 2], `row ${i} joins its bar`); }
});

test('the nearest-neighbour chain with merge costs from centroids makes the merges of Ward by brute force, in cost order, on small random sets', () => {
  for (let seed = 1; seed <= 6; seed++) {
    const r = new Random(seed);
    const m = 12 + seed * 5, d = 1 + (seed % 4);
    const Z = Float64Array.from({ length: m * d }, () => r.nextNormal() * (1 + r.nextFloat()));
    // brute force: every pair's rise of the within-group sum of squares, the least merged, lower representative kept
    const groups = new Map<number, number[]>(Array.from({ length: m }, (_, i) => [i, [i]]));
    const sse = (g: number[]): number => {
      let s = 0;
      for (let q = 0; q < d; q++) {
        const mean = g.reduce((t, i) => t + Z[i * d + q]!, 0) / g.length;
        s += g.reduce((t, i) => t + (Z[i * d + q]! - mean) ** 2, 0);
      }
      return s;
    };
    const expected: { a: number; b: number; cost: number }[] = [];
    while (groups.size > 1) {
      let best = { a: -1, b: -1, cost: Infinity };
      const keys = [...groups.keys()].sort((p, q) => p - q);
      for (const a of keys) {
        for (const b of keys) {
          if (b <= a) { continue; }
          const cost = sse([...groups.get(a)!, ...groups.get(b)!]) - sse(groups.get(a)!) - sse(groups.get(b)!);
          if (cost < best.cost) { best = { a, b, cost }; }
        }
      }
      expected.push(best);
      groups.set(best.a, [...groups.get(best.a)!, ...groups.get(best.b)!]);
      groups.delete(best.b);
    }
    // the chain merges reciprocal nearest neighbours as it finds them: the same merges, possibly in
    // another order, and Ward's costs never fall along the tree, so sorted by cost they are the same sequence
    const ours = [...agglomerateWard(Z, m, d)].sort((p, q) => p.cost - q.cost);
    assert.equal(ours.length, m - 1);
    ours.forEach((merge, i) => {
      assert.deepEqual({ a: merge.a, b: merge.b }, { a: expected[i]!.a, b: expected[i]!.b }, `seed ${seed}, merge ${i}`);
      assert.ok(Math.abs(merge.cost - expected[i]!.cost) <= 1e-9 * Math.max(1, expected[i]!.cost), `seed ${seed}, merge ${i}: cost ${merge.cost} vs ${expected[i]!.cost}`);
    });
  }
});
