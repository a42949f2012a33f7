import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dataMatrixFromRows, type DataMatrix } from '../../../src/core/dataMatrix';
import { Random } from '../../../src/core/random';
import { computeSilhouette, DEFAULT_SILHOUETTE_SAMPLE_SIZE, silhouetteSamples } from '../../../src/core/silhouette';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

function assertClose(actual: number, expected: number, tolerance: number, what = ''): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what} ${actual} ≠ ${expected} (± ${tolerance})`);
}

/** The definition, pair by pair with no blocking or symmetry, as an independent reference. */
function bruteForceSilhouette(X: DataMatrix, labels: Int32Array): { score: number; perRow: number[] } {
  const { data, nSamples: n, nFeatures: d } = X;
  const distance = (i: number, j: number) => {
    let s = 0;
    for (let f = 0; f < d; f++) { s += (data[i * d + f] - data[j * d + f]) ** 2; }
    return Math.sqrt(s);
  };
  const clusters = [...new Set(labels)];
  const perRow = Array.from({ length: n }, (_, i) => {
    const own = Array.from({ length: n }, (_, j) => j).filter(j => j !== i && labels[j] === labels[i]);
    if (own.length === 0) { return 0; }
    const a = own.reduce((s, j) => s + distance(i, j), 0) / own.length;
    const b = Math.min(...clusters.filter(c => c !== labels[i]).map(c => {
      const members = Array.from({ length: n }, (_, j) => j).filter(j => labels[j] === c);
      return members.reduce((s, j) => s + distance(i, j), 0) / members.length;
    }));
    return Math.max(a, b) === 0 ? 0 : (b - a) / Math.max(a, b);
  });
  return { score: perRow.reduce((s, v) => s + v, 0) / n, perRow };
}

/** Gaussian blobs around well-separated centres. */
function makeBlobs(n: number, k: number, d: number, seed: number): { X: DataMatrix; labels: Int32Array } {
  const random = new Random(seed);
  const data = new Float64Array(n * d);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % k;
    for (let f = 0; f < d; f++) { data[i * d + f] = 6 * ((labels[i] + f) % k) + random.nextNormal(); }
  }
  return { X: { data, nSamples: n, nFeatures: d }, labels };
}

// Produced with scikit-learn 1.2.1:
//   silhouette_score(np.array(SKLEARN_ROWS), SKLEARN_LABELS)
//   s = silhouette_samples(...); [s[labels == c].mean() for c in range(3)]
const SKLEARN_ROWS = [
  [0, 0], [0.5, 0.2], [0.1, 0.9], [1, 0.4], [5, 5], [5.5, 4.6], [6, 5.2], [4.8, 5.9], [10, 0], [2.5, 2.5],
];
const SKLEARN_LABELS = Int32Array.of(0, 0, 0, 0, 1, 1, 1, 1, 2, 0);
const SKLEARN_SCORE = 0.6781490514661839;
const SKLEARN_CLUSTER_SCORES = [0.6886843465727673, 0.8345171954495005, 0];

/** 2..150 rows (more than two blocks of 64), 1..4 features, labels in 0..4 with gaps allowed. */
const labelledData = fc.record({ n: fc.integer({ min: 2, max: 150 }), d: fc.integer({ min: 1, max: 4 }) })
  .chain(({ n, d }) => fc.tuple(
    fc.array(fc.integer({ min: -20, max: 20 }).map(v => v / 4), { minLength: n * d, maxLength: n * d }),
    fc.array(fc.integer({ min: 0, max: 4 }), { minLength: n, maxLength: n }),
  ).map(([values, labels]) => ({
    X: { data: Float64Array.from(values), nSamples: n, nFeatures: d } as DataMatrix,
    labels: Int32Array.from(labels),
  })));

describe('computeSilhouette', () => {
  test('matches scikit-learn, a singleton cluster scoring 0', () => {
    const result = computeSilhouette(dataMatrixFromRows(SKLEARN_ROWS), SKLEARN_LABELS);
    assertClose(result.score, SKLEARN_SCORE, 1e-14);
    SKLEARN_CLUSTER_SCORES.forEach((s, c) => assertClose(result.clusterScores[c], s, 1e-14, `cluster ${c}`));
    assert.deepEqual(Array.from(result.clusterSizes), [5, 4, 1]);
    assert.equal(result.nSamplesUsed, 10);
    assert.equal(result.sampled, false);
  });

  test('agrees with the pair-by-pair definition across block boundaries and label gaps', () => {
    fc.assert(fc.property(labelledData, ({ X, labels }) => {
      const result = computeSilhouette(X, labels);
      if (new Set(labels).size < 2) {
        assert.ok(Number.isNaN(result.score));
        return;
      }
      const reference = bruteForceSilhouette(X, labels);
      assertClose(result.score, reference.score, 1e-12);
      const k = Math.max(...labels) + 1;
      for (let c = 0; c < k; c++) {
        const members = reference.perRow.filter((_, i) => labels[i] === c);
        if (members.length === 0) {
          assert.ok(Number.isNaN(result.clusterScores[c]));
        } else {
          assertClose(result.clusterScores[c], members.reduce((s, v) => s + v, 0) / members.length, 1e-12);
        }
      }
    }), { numRuns: 60 });
  });

  test('is NaN for a single cluster, whose silhouette is undefined', () => {
    const result = computeSilhouette(dataMatrixFromRows([[0], [1], [2]]), Int32Array.of(1, 1, 1));
    assert.ok(Number.isNaN(result.score));
    assert.ok(Number.isNaN(result.clusterScores[0]) && Number.isNaN(result.clusterScores[1]));
    assert.deepEqual(Array.from(result.clusterSizes), [0, 3]);
  });

  test('scores 0 for duplicated points split across clusters instead of 0/0', () => {
    const result = computeSilhouette(dataMatrixFromRows([[1, 1], [1, 1], [1, 1], [1, 1]]), Int32Array.of(0, 0, 1, 1));
    assert.equal(result.score, 0);
  });

  test('scores 0 when every row is its own cluster', () => {
    const result = computeSilhouette(dataMatrixFromRows([[0], [5], [9]]), Int32Array.of(0, 1, 2));
    assert.equal(result.score, 0);
  });

  test('is close to 1 for tight, far-apart clusters and negative for swapped labels', () => {
    const rows = [[0, 0], [0, 0.1], [100, 0], [100, 0.1]];
    assert.ok(computeSilhouette(dataMatrixFromRows(rows), Int32Array.of(0, 0, 1, 1)).score > 0.99);
    assert.ok(computeSilhouette(dataMatrixFromRows(rows), Int32Array.of(0, 1, 0, 1)).score < 0);
  });

  test('uses every row up to 5000 rows', () => {
    const { X, labels } = makeBlobs(DEFAULT_SILHOUETTE_SAMPLE_SIZE, 3, 2, 1);
    const result = computeSilhouette(X, labels);
    assert.equal(result.sampled, false);
    assert.equal(result.nSamplesUsed, 5000);
  });

  test('estimates on a seeded sample of 5000 rows above, close to the exact score', () => {
    const { X, labels } = makeBlobs(6000, 3, 2, 2);
    const estimate = computeSilhouette(X, labels, { seed: 7 });
    assert.equal(estimate.sampled, true);
    assert.equal(estimate.nSamplesUsed, 5000);
    assert.equal(estimate.clusterSizes.reduce((s, v) => s + v, 0), 5000);
    const exact = computeSilhouette(X, labels, { sampleSize: 6000 });
    assert.equal(exact.sampled, false);
    assertClose(estimate.score, exact.score, 0.01);
  });

  test('gives the same estimate for the same seed and another for another seed', () => {
    const { X, labels } = makeBlobs(400, 4, 3, 3);
    const first = computeSilhouette(X, labels, { sampleSize: 100, seed: 11 });
    const again = computeSilhouette(X, labels, { sampleSize: 100, seed: 11 });
    const other = computeSilhouette(X, labels, { sampleSize: 100, seed: 12 });
    assert.equal(first.score, again.score);
    assert.deepEqual(first.clusterScores, again.clusterScores);
    assert.notEqual(first.score, other.score);
  });

  test('computes the exact silhouette of the sampled rows', () => {
    // A sample of 29 of 30 rows must score exactly like those 29 rows clustered on their own,
    // i.e. like one of the 30 leave-one-out data sets.
    const { X, labels } = makeBlobs(30, 3, 2, 4);
    const estimate = computeSilhouette(X, labels, { sampleSize: 29, seed: 5 });
    const d = X.nFeatures;
    const leaveOneOut = Array.from({ length: 30 }, (_, out) => {
      const keep = Array.from({ length: 30 }, (_, i) => i).filter(i => i !== out);
      const data = Float64Array.from(keep.flatMap(i => Array.from(X.data.subarray(i * d, i * d + d))));
      return computeSilhouette({ data, nSamples: 29, nFeatures: d }, Int32Array.from(keep, i => labels[i])).score;
    });
    assert.ok(leaveOneOut.some(s => Math.abs(s - estimate.score) < 1e-14));
  });

  test('rejects negative labels and a label count that does not match the rows', () => {
    const X = dataMatrixFromRows([[0], [1]]);
    assert.throws(() => computeSilhouette(X, Int32Array.of(0, -1)), RangeError);
    assert.throws(() => computeSilhouette(X, Int32Array.of(0)), RangeError);
  });
});

describe('silhouetteSamples', () => {
  const fixture = JSON.parse(readFileSync(path.resolve('test/fixtures/agreement/silhouetteSamples.json'), 'utf8')) as {
    cases: { name: string; X: number[][]; labels: number[]; samples: number[] }[];
  };
  for (const c of fixture.cases) {
    test(`gives every row scikit-learn's silhouette_samples on ${c.name} (scripts/makeAgreementFixtures.py)`, () => {
      const values = silhouetteSamples(dataMatrixFromRows(c.X), Int32Array.from(c.labels));
      assert.equal(values.length, c.samples.length);
      c.samples.forEach((expected, i) => assertClose(values[i], expected, 1e-12, `row ${i}`));
    });
  }

  test('averages per cluster to computeSilhouette\'s cluster scores on the same rows', () => {
    const { X, labels } = makeBlobs(300, 4, 3, 7);
    const values = silhouetteSamples(X, labels);
    const result = computeSilhouette(X, labels);
    for (let c = 0; c < 4; c++) {
      const own = [...values].filter((_, i) => labels[i] === c);
      assertClose(own.reduce((s, v) => s + v, 0) / own.length, result.clusterScores[c], 1e-12, `cluster ${c}`);
    }
  });

  test('is NaN for every row when only one cluster is present', () => {
    const values = silhouetteSamples(dataMatrixFromRows([[0], [1], [2]]), Int32Array.from([1, 1, 1]));
    assert.ok([...values].every(Number.isNaN));
  });
});
