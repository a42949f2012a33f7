import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { dataMatrixFromRows } from '../../../src/core/dataMatrix';
import { fitHdbscan } from '../../../src/core/hdbscan';
import { KdTree } from '../../../src/core/neighbors/kdTree';
import { adjustedRandIndex, loadDensityFixtures, samePartition } from './densityFixtures';

const fixtures = loadDensityFixtures();

/**
 * Settings where equal mutual-reachability distances are merged in another order than R's, which
 * moves a handful of rows across a cluster boundary (variedDensity: one row at the exact birth λ of
 * its cluster; duplicates: rows at distance 0). Every other setting must give R's partition.
 */
const TIE_ORDER_CASES = new Set(['variedDensity/5', 'duplicates/5']);

describe('fitHdbscan against R dbscan::hdbscan (minPts = minClusterSize = minSamples)', () => {
  for (const f of fixtures) {
    test(`${f.name}: R's core distances and partition, and R's membership probabilities and GLOSH scores on ≥ 98% / 94% of rows`, () => {
      for (const ref of f.hdbscan) {
        const at = `${f.name}/${ref.minPts}`;
        const got = fitHdbscan(f.X, { minClusterSize: ref.minPts, minSamples: ref.minPts });
        for (let i = 0; i < f.X.nSamples; i++) { assert.ok(Math.abs(got.coreDistances[i]! - ref.coreDist[i]!) <= 1e-12, `${at} core distance of row ${i}`); }
        const rClusters = new Set(ref.labels.filter(l => l !== 0)).size;
        if (TIE_ORDER_CASES.has(at)) {
          assert.ok(Math.abs(got.nClusters - rClusters) <= 1, `${at}: ${got.nClusters} clusters vs R's ${rClusters}`);
          continue;
        }
        assert.ok(samePartition(got.labels, ref.labels, -1, 0), `${at}: ${got.nClusters} clusters, ${got.nNoise} noise vs R's ${rClusters}, ${ref.labels.filter(l => l === 0).length}`);
        if (got.nClusters === 0) { continue; }
        // rows whose merge order at a tied distance differs from R's may differ: at most 2% of them
        // (membership), 6% (GLOSH, which also reads the first-merge levels)
        let sameP = 0, sameO = 0;
        for (let i = 0; i < f.X.nSamples; i++) {
          if (Math.abs(got.probabilities[i]! - ref.membershipProb[i]!) <= 1e-9) { sameP++; }
          if (Math.abs(got.outlierScores[i]! - ref.outlierScores[i]!) <= 1e-9) { sameO++; }
        }
        assert.ok(sameP >= 0.98 * f.X.nSamples, `${at}: ${sameP} of ${f.X.nSamples} membership probabilities equal R's`);
        assert.ok(sameO >= 0.94 * f.X.nSamples, `${at}: ${sameO} of ${f.X.nSamples} outlier scores equal R's`);
      }
    });
  }
});

describe('fitHdbscan', () => {
  test('Borůvka\'s tree gives the partition of Prim\'s but for rows at exactly a split level (ARI ≥ 0.97)', () => {
    for (const f of fixtures) {
      for (const minPts of [5, 10, 20]) {
        const prim = fitHdbscan(f.X, { minClusterSize: minPts, mstAlgorithm: 'prim' });
        const boruvka = fitHdbscan(f.X, { minClusterSize: minPts, mstAlgorithm: 'boruvka' });
        assert.ok(Math.abs(prim.nClusters - boruvka.nClusters) <= 2, `${f.name}/${minPts}: ${prim.nClusters} vs ${boruvka.nClusters} clusters`);
        const ari = adjustedRandIndex(prim.labels, boruvka.labels);
        assert.ok(ari >= 0.97 || f.name === 'duplicates', `${f.name}/${minPts}: ARI ${ari}`);
      }
    }
  });

  test('excess of mass selects disjoint clusters whose total stability is the best any disjoint selection reaches', () => {
    for (const f of fixtures) {
      const n = f.X.nSamples;
      const { condensedTree: t } = fitHdbscan(f.X, { minClusterSize: 5 });
      const children: number[][] = Array.from({ length: t.nClusterNodes }, () => []);
      const parentOf = new Int32Array(t.nClusterNodes).fill(-1);
      for (let i = 0; i < t.child.length; i++) {
        if (t.child[i]! >= n) { children[t.parent[i]! - n]!.push(t.child[i]! - n); parentOf[t.child[i]! - n] = t.parent[i]! - n; }
      }
      const best = (c: number): number => Math.max(t.stability[c]!, children[c]!.reduce((s, x) => s + best(x), 0));
      const optimum = children[0]!.reduce((s, x) => s + best(x), 0);
      let total = 0;
      for (let c = 1; c < t.nClusterNodes; c++) {
        if (t.selected[c] !== 1) { continue; }
        total += t.stability[c]!;
        for (let a = parentOf[c]!; a > 0; a = parentOf[a]!) { assert.equal(t.selected[a], 0, `${f.name}: ${c} and its ancestor ${a} both selected`); }
      }
      assert.equal(t.selected[0], 0, `${f.name}: the root is never selected`);
      // duplicates at distance 0 make a stability infinite: then only "infinite too" can be asked
      if (optimum === Infinity) { assert.equal(total, Infinity, f.name); continue; }
      assert.ok(Math.abs(total - optimum) <= 1e-9 * Math.max(1, optimum), `${f.name}: ${total} vs best ${optimum}`);
    }
  });

  test('two dense blobs and a far row: two clusters, the far row is noise with the top outlier score', () => {
    const rows: number[][] = [];
    for (let i = 0; i < 20; i++) { rows.push([Math.cos(i) * 0.3, Math.sin(i) * 0.3]); rows.push([10 + Math.cos(i) * 0.3, Math.sin(i) * 0.3]); }
    rows.push([5, 30]);
    const got = fitHdbscan(dataMatrixFromRows(rows), { minClusterSize: 5 });
    assert.equal(got.nClusters, 2);
    assert.equal(got.labels[40], -1);
    assert.equal(got.probabilities[40], 0);
    const topOutlier = got.outlierScores.indexOf(Math.max(...got.outlierScores));
    assert.equal(topOutlier, 40);
    for (let i = 0; i < 40; i += 2) { assert.equal(got.labels[i], got.labels[0]); assert.equal(got.labels[i + 1], got.labels[1]); }
    assert.notEqual(got.labels[0], got.labels[1]);
    for (const p of got.probabilities) { assert.ok(p >= 0 && p <= 1); }
    for (const o of got.outlierScores) { assert.ok(o >= 0 && o <= 1); }
  });

  test('leaf selection keeps the clusters without children, so it finds at least as many as excess of mass', () => {
    const f = fixtures.find(x => x.name === 'variedDensity')!;
    const eom = fitHdbscan(f.X, { minClusterSize: 10 });
    const leaf = fitHdbscan(f.X, { minClusterSize: 10, clusterSelectionMethod: 'leaf' });
    assert.ok(leaf.nClusters >= eom.nClusters, `${leaf.nClusters} < ${eom.nClusters}`);
    const tree = leaf.condensedTree;
    const hasChild = new Uint8Array(tree.nClusterNodes);
    for (let i = 0; i < tree.child.length; i++) { if (tree.child[i]! >= f.X.nSamples) { hasChild[tree.parent[i]! - f.X.nSamples] = 1; } }
    for (let c = 1; c < tree.nClusterNodes; c++) { assert.equal(tree.selected[c], hasChild[c] === 1 ? 0 : 1, `cluster node ${c}`); }
  });

  test('minSamples sets the core distance apart from minClusterSize, and no cluster is smaller than minClusterSize', () => {
    const f = fixtures.find(x => x.name === 'moons')!;
    const got = fitHdbscan(f.X, { minClusterSize: 15, minSamples: 3 });
    const knn = new KdTree(f.X).knnOfRows(f.X, 3);
    for (let i = 0; i < f.X.nSamples; i++) { assert.equal(got.coreDistances[i], knn.distances[i * 3 + 2]); }
    const sizes = new Map<number, number>();
    for (const l of got.labels) { if (l >= 0) { sizes.set(l, (sizes.get(l) ?? 0) + 1); } }
    assert.equal(sizes.size, got.nClusters);
    for (const [, size] of sizes) { assert.ok(size >= 15, `a cluster of ${size} rows`); }
  });

  test('bad options are refused with a sentence', () => {
    const X = dataMatrixFromRows([[0], [1], [2]]);
    assert.throws(() => fitHdbscan(X, { minClusterSize: 1 }), /minClusterSize must be an integer ≥ 2, got 1/);
    assert.throws(() => fitHdbscan(X, { minClusterSize: 2, minSamples: 0 }), /minSamples must be an integer ≥ 1, got 0/);
    assert.throws(() => fitHdbscan(X, { minClusterSize: 2, minSamples: 4 }), /minSamples \(4\) is larger than the number of rows \(3\)/);
    assert.throws(() => fitHdbscan(X, { minClusterSize: 2, clusterSelectionMethod: 'best' as never }), /clusterSelectionMethod must be 'eom' or 'leaf', got 'best'/);
    assert.throws(() => fitHdbscan(X, { minClusterSize: 2, mstAlgorithm: 'kruskal' as never }), /mstAlgorithm must be 'auto', 'prim' or 'boruvka', got 'kruskal'/);
  });
});
