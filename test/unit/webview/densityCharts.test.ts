// The convergence tab's chart for spectral clustering, DBSCAN and HDBSCAN, as pure data, on real fits.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runClusterFit, type FitRequest } from '../../../src/core/clusterFit';
import { createDataMatrix } from '../../../src/core/dataMatrix';
import { buildDensityChart, clustersOfNode, type CondensedNode, layoutCondensedTree } from '../../../webview/densityCharts';
import { describeDensityFit } from '../../../webview/methodText';
import type { FitOptions, FitSnapshot } from '../../../src/shared/protocol';
import { loadDensityFixtures } from '../core/densityFixtures';

const moons = loadDensityFixtures().find(f => f.name === 'moons')!;

/** The parts of a snapshot the chart reads, from a real fit of the moons fixture. */
function snapshotOf(algorithm: 'spectral' | 'dbscan' | 'hdbscan', settings: Partial<FitRequest> = {}): FitSnapshot {
  const X = createDataMatrix(moons.X.data, moons.X.nSamples, 2);
  const result = runClusterFit({
    algorithm, nComponents: 2, covarianceType: 'full', nInit: 10, maxIter: 300, tol: 1e-4, regCovar: 1e-6, seed: 0, standardize: false,
    data: X.data.slice(), nSamples: X.nSamples, nFeatures: 2, ...settings,
  }, () => {});
  const options = { algorithm, eps: settings.eps } as FitOptions;
  return { algorithm, covarianceType: 'full', nComponents: result.nComponents, nSamples: result.nSamples, density: result.density!, options } as FitSnapshot;
}

describe('the density methods\' convergence chart', () => {
  test('DBSCAN: the sorted k-distance curve from rank 1 to n, eps as a level line and the knee marked on the curve', () => {
    const fit = snapshotOf('dbscan', { minSamples: 5 });
    const chart = buildDensityChart(fit)!;
    const [curve, eps, knee] = chart.series;
    assert.equal(curve!.points[0]!.x, 1);
    assert.equal(curve!.points[curve!.points.length - 1]!.x, moons.X.nSamples);
    assert.ok(curve!.points.every((p, i) => i === 0 || p.y >= curve!.points[i - 1]!.y));
    assert.deepEqual(eps!.points.map(p => p.y), [fit.density!.settings.eps, fit.density!.settings.eps]);
    assert.equal(knee!.points[0]!.y, fit.density!.kDistance!.kneeDistance);
    assert.match(chart.verdict, /eps was taken there/);
    assert.match(describeDensityFit(fit), /^DBSCAN \(eps [0-9.]+ \(from the k-distance knee\), min samples 5\): \d+ clusters?, \d+ noise rows? of 300 rows$/);
  });

  test('a DBSCAN eps given by the user is not called the knee', () => {
    const chart = buildDensityChart(snapshotOf('dbscan', { eps: 0.25, minSamples: 10 }))!;
    assert.match(chart.verdict, /a suggestion for eps/);
  });

  test('HDBSCAN: one bar per cluster node, the selected ones in their cluster\'s colour, a table row per node', () => {
    const fit = snapshotOf('hdbscan', { minClusterSize: 10 });
    const chart = buildDensityChart(fit)!;
    const nodes = fit.density!.condensedTree!;
    const bars = chart.series.filter(s => s.label !== 'Split' || s.points[0]!.x === s.points[1]!.x);
    assert.equal(bars.length, nodes.length);
    assert.equal(chart.rows.length, nodes.length);
    assert.deepEqual(chart.series.filter(s => s.label.startsWith('Cluster')).map(s => s.colour), Array.from({ length: fit.nComponents }, (_, c) => c));
    assert.equal(chart.reverseY, true);
  });

  test('spectral: one point per eigenvalue, smallest first', () => {
    const chart = buildDensityChart(snapshotOf('spectral'))!;
    assert.deepEqual(chart.series[0]!.points.map(p => p.x), [1, 2]);
  });

  test('the condensed tree\'s layout puts leaves in order and each parent between its children', () => {
    const node = (parent: number): CondensedNode => ({ parent, size: 10, birthLambda: 0, deathLambda: 1, stability: 0, label: -1 });
    // root 0 → 1, 2; 1 → 3, 4
    const x = layoutCondensedTree([node(-1), node(0), node(0), node(1), node(1)]);
    assert.deepEqual(Array.from(x), [1.25, 0.5, 2, 0, 1]);
  });

  test('a node of the condensed tree holds its own selected cluster, the one it lies in, or every selected cluster below it', () => {
    const node = (parent: number, label = -1): CondensedNode => ({ parent, size: 10, birthLambda: 0, deathLambda: 1, stability: 0, label });
    // root 0 → 1, 2; 1 → 3 (cluster 0), 4 (cluster 1); 2 (cluster 2) → 5, 6; 3 → 7, 8
    const nodes = [node(-1), node(0), node(0, 2), node(1, 0), node(1, 1), node(2), node(2), node(3), node(3)];
    assert.deepEqual(clustersOfNode(nodes, 3), [0]);
    assert.deepEqual(clustersOfNode(nodes, 6), [2], 'a split inside cluster 2 is cluster 2');
    assert.deepEqual(clustersOfNode(nodes, 8), [0]);
    assert.deepEqual(clustersOfNode(nodes, 1), [0, 1]);
    assert.deepEqual(clustersOfNode(nodes, 0), [0, 1, 2]);
  });
});
