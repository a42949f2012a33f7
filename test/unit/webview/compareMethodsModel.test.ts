// The "Compare methods" tab's pure state: the run as messages arrive, the agreement matrix and the verdict.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FitOptions, HostMessage } from '../../../src/shared/protocol';
import type { ComparedMethod } from '../../../src/shared/methodsProtocol';
import { agreementMatrix, describeAgreement, reduceCompareMethods } from '../../../webview/compareMethodsModel';

const base: FitOptions = {
  algorithm: 'gmm', nComponents: 2, covarianceType: 'full', columns: ['x', 'y'], standardize: true, nInit: 1, maxIter: 100, tol: 1e-3, seed: 0, missing: 'drop',
};
const ALGORITHMS = ['gmm', 'kmeans', 'spectral', 'hdbscan'] as const;
const start: HostMessage = {
  type: 'didStartCompareMethods', compareId: 3, methods: ALGORITHMS.map(algorithm => ({ ...base, algorithm })), droppedRows: 0,
  sample: { rowIndex: Int32Array.of(0, 1), values: new Float64Array(4) },
};

function method(index: number, agreement: number[], error: string | null = null): ComparedMethod {
  return {
    index, algorithm: ALGORITHMS[index]!, nClusters: 2, nNoise: 0, silhouette: 0.4, seconds: 0.1, nFeatures: 2,
    means: new Float64Array(4), covariances: null, labels: Int32Array.of(0, 1), agreement: Float64Array.from(agreement), error,
  };
}

function runOf(...methods: ComparedMethod[]) {
  let run = reduceCompareMethods(undefined, start);
  for (const m of methods) { run = reduceCompareMethods(run, { type: 'didCompareMethod', compareId: 3, method: m }); }
  return reduceCompareMethods(run, { type: 'didFinishCompareMethods', compareId: 3 })!;
}

describe('compareMethodsModel', () => {
  test('a run starts, gathers its methods in order, and ignores another run\'s messages', () => {
    let run = reduceCompareMethods(undefined, start);
    run = reduceCompareMethods(run, { type: 'didCompareMethod', compareId: 3, method: method(1, [0.9]) });
    run = reduceCompareMethods(run, { type: 'didCompareMethod', compareId: 3, method: method(0, []) });
    run = reduceCompareMethods(run, { type: 'didCompareMethod', compareId: 4, method: method(2, [0, 0]) });
    assert.equal(run?.status, 'running');
    assert.deepEqual(run?.results.map(r => r.index), [0, 1]);
    assert.equal(reduceCompareMethods(run, { type: 'didCancelCompareMethods', compareId: 3 })?.status, 'cancelled');
    assert.equal(reduceCompareMethods(run, { type: 'didStartRead', panelId: 'a'.repeat(16), fileName: 'f.csv' }), undefined);
  });

  test('the agreement matrix is symmetric with 1 on the diagonal and NaN where a method failed', () => {
    const run = runOf(method(0, []), method(1, [0.3]), method(2, [0.5, 0.6]), method(3, [NaN, NaN, NaN], 'HDBSCAN found no cluster.'));
    const m = agreementMatrix(run);
    assert.deepEqual(m.slice(0, 3).map(r => r.slice(0, 3)), [[1, 0.3, 0.5], [0.3, 1, 0.6], [0.5, 0.6, 1]]);
    assert.ok(m[3]!.every(Number.isNaN));
  });

  test('the verdict names who agrees, and says the clusters are not round when only the shape-following methods agree', () => {
    const moons = runOf(method(0, []), method(1, [0.96]), method(2, [0.47, 0.47]), method(3, [0.45, 0.44, 0.95]));
    assert.equal(describeAgreement(moons), 'Gaussian mixture and k-means find the same clusters (agreement 0.96). Spectral clustering and HDBSCAN find the same clusters '
      + '(agreement 0.95). Spectral clustering and HDBSCAN follow the shape of the data, the mixture and k-means draw round clusters: the clusters here are not round, and the ellipses cut across them.');
    const blobs = runOf(method(0, []), method(1, [1]), method(2, [0.99, 0.99]), method(3, [0.95, 0.95, 0.96]));
    assert.equal(describeAgreement(blobs), 'All 4 methods find the same clusters: the clusters do not depend on the method.');
    const apart = runOf(method(0, []), method(1, [0.2]), method(2, [0.3, 0.4]), method(3, [0.1, 0.2, 0.5]));
    assert.match(describeAgreement(apart), /^No two methods find the same clusters/);
  });
});
