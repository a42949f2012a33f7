import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createDataMatrix, type DataMatrix } from '../../../src/core/dataMatrix';
import { decomposeSymmetric } from '../../../src/core/eigen';
import { KdTree } from '../../../src/core/neighbors/kdTree';
import { Random } from '../../../src/core/random';
import { buildAffinity, findComponents, type AffinityGraph } from '../../../src/core/spectralAffinity';
import { smallestLaplacianEigenpairs } from '../../../src/core/spectralEigen';

/** Seeded Gaussian blobs in 2-D: `sizes[b]` rows around (centres[b]). */
function blobs(sizes: number[], centres: [number, number][], spread: number, seed: number): DataMatrix {
  const random = new Random(seed);
  const n = sizes.reduce((a, b) => a + b, 0);
  const data = new Float64Array(2 * n);
  let i = 0;
  sizes.forEach((size, b) => {
    for (let r = 0; r < size; r++, i++) {
      data[2 * i] = centres[b]![0] + spread * random.nextNormal();
      data[2 * i + 1] = centres[b]![1] + spread * random.nextNormal();
    }
  });
  return createDataMatrix(data, n, 2);
}

/** (n × n) the normalised Laplacian I − D^-½ W D^-½ of the sparse graph, dense: the oracle. */
function denseLaplacian(g: AffinityGraph): Float64Array {
  const L = new Float64Array(g.n * g.n);
  for (let i = 0; i < g.n; i++) {
    L[i * g.n + i] = 1;
    for (let e = g.rowStart[i]!; e < g.rowStart[i + 1]!; e++) {
      const j = g.column[e]!;
      L[i * g.n + j] -= g.weight[e]! / (g.sqrtDegree[i]! * g.sqrtDegree[j]!);
    }
  }
  return L;
}

/** Checks the solver's k smallest eigenpairs against a dense Jacobi decomposition of the same Laplacian. */
function assertMatchesDense(X: DataMatrix, nNeighbors: number, k: number): void {
  const g = buildAffinity(X, nNeighbors, new KdTree(X));
  const comps = findComponents(g);
  const got = smallestLaplacianEigenpairs(g, comps, k, { eigenTol: 1e-9, maxLanczos: 500, seed: 0 });
  const dense = decomposeSymmetric(denseLaplacian(g), g.n);
  const n = g.n;
  // dense eigenvalues come descending: the smallest k are the last k
  const want = Array.from({ length: k }, (_, r) => dense.eigenvalues[n - 1 - r]!);
  for (let r = 0; r < k; r++) {
    assert.ok(Math.abs(got.values[r]! - Math.max(0, want[r]!)) < 1e-9, `eigenvalue ${r}: ${got.values[r]} against ${want[r]}`);
  }
  // each eigenvector (up to sign) where its eigenvalue is apart from the others; a repeated
  // eigenvalue (the pieces' zeros) only fixes a subspace, so there the vector must lie in it
  for (let r = 0; r < k; r++) {
    const v = got.vectors.subarray(r * n, (r + 1) * n);
    let inSpan = 0;
    for (let s = 0; s < n; s++) {
      const lambda = dense.eigenvalues[s]!;
      if (Math.abs(lambda - want[r]!) > 1e-7) { continue; }
      let c = 0;
      for (let i = 0; i < n; i++) { c += v[i]! * dense.eigenvectors[s * n + i]!; }
      inSpan += c * c;
    }
    assert.ok(Math.abs(inSpan - 1) < 1e-6, `eigenvector ${r} lies ${inSpan} in its eigenspace`);
  }
}

describe('smallestLaplacianEigenpairs', () => {
  test('a connected graph: the smallest eigenpairs are those of a dense decomposition of the same Laplacian', () => {
    const X = blobs([150, 150], [[0, 0], [3, 0]], 1, 7);
    const g = buildAffinity(X, 10, new KdTree(X));
    assert.equal(findComponents(g).count, 1);
    assertMatchesDense(X, 10, 5);
  });

  test('a graph in pieces: the pieces\' zeros first, then the smallest of the rest, as the dense decomposition has them', () => {
    const X = blobs([120, 90, 60], [[0, 0], [100, 0], [0, 100]], 1, 11);
    assert.equal(findComponents(buildAffinity(X, 8, new KdTree(X))).count, 3);
    assertMatchesDense(X, 8, 6);
  });

  test('the same eigenpairs for the same seed, bit for bit', () => {
    const X = blobs([200, 200], [[0, 0], [2.5, 0]], 1, 3);
    const g = buildAffinity(X, 10, new KdTree(X));
    const comps = findComponents(g);
    const a = smallestLaplacianEigenpairs(g, comps, 4, { eigenTol: 1e-9, maxLanczos: 500, seed: 5 });
    const b = smallestLaplacianEigenpairs(g, comps, 4, { eigenTol: 1e-9, maxLanczos: 500, seed: 5 });
    assert.deepEqual(a.vectors, b.vectors);
    assert.deepEqual(a.values, b.values);
  });
});
