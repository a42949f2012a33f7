import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { runClusterFit, type FitRequest } from '../../../src/core/clusterFit';
import { computeKDistanceCurve } from '../../../src/core/dbscan';
import { fitDensity, quantiles, resolveDensitySettings, type DensityAlgorithm } from '../../../src/core/densityFit';
import { FitRefusal } from '../../../src/core/fitFeasibility';
import { fitHdbscan } from '../../../src/core/hdbscan';
import { fitStandardScaler } from '../../../src/core/scaling';
import { adjustedRandIndex, loadDensityFixtures, samePartition } from './densityFixtures';

const fixtures = loadDensityFixtures();
const moons = fixtures.find(f => f.name === 'moons')!;

function request(algorithm: DensityAlgorithm, X: { data: Float64Array; nSamples: number; nFeatures: number }, extra: Partial<FitRequest> = {}): FitRequest {
  return {
    algorithm, nComponents: 2, covarianceType: 'full', nInit: 10, maxIter: 300, tol: 1e-4, regCovar: 1e-6, seed: 0, standardize: false,
    data: X.data.slice(), nSamples: X.nSamples, nFeatures: X.nFeatures, ...extra,
  };
}

/** (n) max over each row of resp (n × k): what the table, scatter and export read as certainty. */
function certainty(resp: Float32Array, n: number, k: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.max(0, ...resp.subarray(i * k, (i + 1) * k)));
}

describe('runClusterFit with DBSCAN', () => {
  for (const f of fixtures) {
    test(`${f.name}: the partition is scikit-learn's at every reference setting, noise −1, certainty 1 for members and 0 for noise`, () => {
      for (const ref of f.dbscan) {
        const at = `eps ${ref.eps}, minSamples ${ref.minSamples}`;
        const found = new Set(ref.labels.filter(l => l >= 0)).size;
        const run = () => runClusterFit(request('dbscan', f.X, { eps: ref.eps, minSamples: ref.minSamples }), () => {});
        if (found === 0) { assert.throws(run, FitRefusal, at); continue; }
        const fit = run();
        assert.ok(samePartition(fit.labels, ref.labels), at);
        assert.equal(fit.nComponents, found, at);
        assert.equal(fit.density!.nNoise, ref.labels.filter(l => l < 0).length, at);
        assert.deepEqual(certainty(fit.resp, f.X.nSamples, fit.nComponents), ref.labels.map(l => (l >= 0 ? 1 : 0)), at);
        assert.equal(fit.covariances, null);
        assert.equal(fit.density!.settings.eps, ref.eps);
      }
    });
  }

  test('without eps, eps is the knee of the minSamples-distance curve, and the fit says so', () => {
    const fit = runClusterFit(request('dbscan', moons.X, { minSamples: 5 }), () => {});
    const curve = computeKDistanceCurve(moons.X, 5);
    assert.equal(fit.density!.settings.eps, curve.kneeDistance);
    assert.equal(fit.density!.kDistance!.kneeDistance, curve.kneeDistance);
    assert.match(fit.density!.warning!, /knee of the 5-distance curve/);
    // the plot keeps quantiles of the sorted curve: first and last points are the curve's own
    const kept = fit.density!.kDistance!.distances;
    assert.equal(kept[0], curve.distances[0]);
    assert.equal(kept[kept.length - 1], curve.distances[curve.distances.length - 1]);
  });

  test('means are the means of each cluster\'s member rows in the file\'s units, also when standardising', () => {
    const scaled = Float64Array.from(moons.X.data, (v, i) => (i % 2 === 0 ? v * 1000 + 5 : v));
    const X = { data: scaled, nSamples: moons.X.nSamples, nFeatures: 2 };
    const z = fitStandardScaler(X);
    const fit = runClusterFit(request('dbscan', X, { standardize: true, eps: 0.25, minSamples: 5 }), () => {});
    assert.deepEqual(Array.from(fit.scaling!.scale), Array.from(z.scale));
    for (let c = 0; c < fit.nComponents; c++) {
      const members = Array.from(fit.labels.keys()).filter(i => fit.labels[i] === c);
      for (let j = 0; j < 2; j++) {
        const mean = members.reduce((s, i) => s + scaled[i * 2 + j]!, 0) / members.length;
        assert.ok(Math.abs(fit.means[c * 2 + j]! - mean) <= 1e-9 * Math.max(1, Math.abs(mean)));
      }
      assert.equal(fit.weights[c], members.length / moons.X.nSamples);
    }
  });

  test('an eps so small that every row is noise is refused with what to change', () => {
    assert.throws(() => runClusterFit(request('dbscan', moons.X, { eps: 1e-9, minSamples: 5 }), () => {}),
      (err: unknown) => err instanceof FitRefusal && /no cluster/.test(err.message) && /larger eps/.test(err.hint));
  });
});

describe('runClusterFit with HDBSCAN', () => {
  for (const f of fixtures) {
    test(`${f.name}: labels and certainty are fitHdbscan's (R's minPts) on the same rows`, () => {
      for (const ref of f.hdbscan) {
        const core = fitHdbscan(f.X, { minClusterSize: ref.minPts, minSamples: ref.minPts });
        if (core.nClusters === 0) { continue; }
        const fit = runClusterFit(request('hdbscan', f.X, { minClusterSize: ref.minPts, minSamples: ref.minPts }), () => {});
        assert.deepEqual(fit.labels, core.labels);
        assert.equal(fit.nComponents, core.nClusters);
        assert.equal(fit.density!.nNoise, core.nNoise);
        const expected = Array.from(core.probabilities, p => Math.fround(p));
        assert.deepEqual(certainty(fit.resp, f.X.nSamples, fit.nComponents), expected);
      }
    });
  }

  test('the condensed tree summary lists parents before children, the root first, and one selected node per cluster', () => {
    const fit = runClusterFit(request('hdbscan', moons.X, { minClusterSize: 10 }), () => {});
    const nodes = fit.density!.condensedTree!;
    assert.equal(nodes[0]!.parent, -1);
    assert.equal(nodes[0]!.size, moons.X.nSamples);
    nodes.forEach((node, i) => {
      if (i > 0) { assert.ok(node.parent >= 0 && node.parent < i); assert.ok(node.size <= nodes[node.parent]!.size); }
      assert.ok(node.deathLambda >= node.birthLambda);
    });
    assert.deepEqual(nodes.filter(node => node.label >= 0).map(node => node.label), Array.from({ length: fit.nComponents }, (_, c) => c));
  });

  test('minSamples defaults to minClusterSize, and minClusterSize to 1 % of the rows within [5, 100]', () => {
    assert.deepEqual(resolveDensitySettings('hdbscan', { minClusterSize: 12 }, 300, 2).minSamples, 12);
    assert.equal(resolveDensitySettings('hdbscan', {}, 300, 2).minClusterSize, 5);
    assert.equal(resolveDensitySettings('hdbscan', {}, 3_000, 2).minClusterSize, 30);
    assert.equal(resolveDensitySettings('hdbscan', {}, 1_000_000, 2).minClusterSize, 100);
    assert.equal(resolveDensitySettings('dbscan', {}, 300, 8).minSamples, 16);
  });
});

describe('runClusterFit with spectral clustering', () => {
  test('two moons of 1,000 rows (noise 0.07): the truth exactly, certainty 1 everywhere, the two smallest eigenvalues, no noise', () => {
    const f = fixtures.find(x => x.name === 'moons1000')!;
    const fit = runClusterFit(request('spectral', f.X), () => {});
    assert.equal(adjustedRandIndex(fit.labels, f.truth!), 1);
    assert.deepEqual(certainty(fit.resp, f.X.nSamples, 2), new Array<number>(f.X.nSamples).fill(1));
    assert.equal(fit.density!.eigenvalues!.length, 2);
    assert.ok(fit.density!.eigenvalues![0]! < 1e-8);
    assert.equal(fit.density!.nNoise, 0);
    assert.equal(fit.density!.warning, null);
  });

  test('a graph in pieces is reported in a sentence that says what to change', () => {
    // two far groups of 20 rows, 5 neighbours each: two pieces
    const rows = Array.from({ length: 40 }, (_, i) => [i < 20 ? i * 0.01 : 100 + i * 0.01, (i % 7) * 0.01]);
    const X = { data: Float64Array.from(rows.flat()), nSamples: 40, nFeatures: 2 };
    const fit = runClusterFit(request('spectral', X, { nNeighbors: 5, nComponents: 3 }), () => {});
    assert.match(fit.density!.warning!, /in 2 pieces/);
  });
});

describe('fitDensity', () => {
  test('reports its steps in order', () => {
    const steps: number[] = [];
    fitDensity('hdbscan', moons.X, 2, 1, 0, {}, step => steps.push(step));
    assert.deepEqual(steps, [1, 2, 3]);
  });

  test('refuses a minSamples larger than the rows, naming the setting', () => {
    assert.throws(() => fitDensity('dbscan', moons.X, 2, 1, 0, { minSamples: 301 }), /minSamples \(301\) is larger than the number of usable rows \(300\)/);
  });

  test('quantiles keep the ends of the curve and every point of a short one', () => {
    const curve = Float64Array.from({ length: 1001 }, (_, i) => i * i);
    const kept = quantiles(curve, 11);
    assert.deepEqual(Array.from(kept), [0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000].map(i => i * i));
    assert.deepEqual(Array.from(quantiles(Float64Array.of(1, 2), 11)), [1, 2]);
  });
});
