import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { contourLevels, contourSegments, densityCurves, gridNodes, logDensityOnGrid, mixtureFromParameters } from '../../../src/core/mixtureDensity';

/** log N(x | μ, Σ) for a 2 × 2 Σ, written out by hand as the oracle. */
function logGaussian2(x: number, y: number, mx: number, my: number, cov: readonly number[]): number {
  const [a, b, , c] = cov;
  const det = a * c - b * b;
  const dx = x - mx, dy = y - my;
  return -Math.log(2 * Math.PI) - 0.5 * Math.log(det) - 0.5 * (c * dx * dx - 2 * b * dx * dy + a * dy * dy) / det;
}

const twoBlobs = () => mixtureFromParameters(
  Float64Array.of(0.3, 0.7), Float64Array.of(0, 0, 4, 1),
  Float64Array.of(1, 0.5, 0.5, 2, 0.5, -0.2, -0.2, 0.3), 2);

describe('the density of a mixture on a plane', () => {
  test('is the weighted sum of the two Gaussians at every grid node', () => {
    const grid = { x0: -3, x1: 7, nx: 11, y0: -2, y1: 3, ny: 6 };
    const logDensity = logDensityOnGrid(twoBlobs(), grid);
    const nodes = gridNodes(grid).data;
    for (let p = 0; p < grid.nx * grid.ny; p++) {
      const [x, y] = [nodes[2 * p], nodes[2 * p + 1]];
      const expected = Math.log(0.3 * Math.exp(logGaussian2(x, y, 0, 0, [1, 0.5, 0.5, 2])) + 0.7 * Math.exp(logGaussian2(x, y, 4, 1, [0.5, -0.2, -0.2, 0.3])));
      assert.ok(Math.abs(logDensity[p] - expected) < 1e-9, `node (${x}, ${y}): ${logDensity[p]} vs ${expected}`);
    }
  });

  test('lays its nodes out row by row from the bottom-left corner to the top-right one', () => {
    const nodes = gridNodes({ x0: 1, x1: 2, nx: 3, y0: 10, y1: 20, ny: 2 }).data;
    assert.deepEqual(Array.from(nodes), [1, 10, 1.5, 10, 2, 10, 1, 20, 1.5, 20, 2, 20]);
  });

  test('has contour levels that fall by equal ratios from just under the highest peak', () => {
    const model = twoBlobs();
    const levels = contourLevels(model, 6);
    const peak = Math.max(...logDensityOnGrid(model, { x0: 4, x1: 4, nx: 2, y0: 1, y1: 1, ny: 2 }), ...logDensityOnGrid(model, { x0: 0, x1: 0, nx: 2, y0: 0, y1: 0, ny: 2 }));
    assert.ok(levels[0] < peak);
    for (let i = 1; i < levels.length; i++) { assert.ok(Math.abs((levels[i - 1] - levels[i]) - Math.log(1000) / 6) < 1e-12); }
    assert.ok(Math.abs(peak - levels[5] - Math.log(1000) * (5.5 / 6)) < 1e-12);
  });
});

describe('a contour line cut from the grid', () => {
  test('of one round Gaussian lies on the circle of its level, within the grid\'s interpolation error', () => {
    const sigma = 1.5;
    const model = mixtureFromParameters(Float64Array.of(1), Float64Array.of(2, -1), Float64Array.of(sigma ** 2, 0, 0, sigma ** 2), 2);
    const grid = { x0: -6, x1: 10, nx: 161, y0: -9, y1: 7, ny: 161 };
    const values = logDensityOnGrid(model, grid);
    for (const radius of [0.5, 1, 2.5, 4]) {
      const level = -Math.log(2 * Math.PI * sigma ** 2) - radius ** 2 / (2 * sigma ** 2);
      const segments = contourSegments(values, grid, level);
      assert.ok(segments.length / 4 > 20, `radius ${radius}: ${segments.length / 4} segments`);
      for (let p = 0; p < segments.length / 2; p++) {
        const r = Math.hypot(segments[2 * p] - 2, segments[2 * p + 1] + 1);
        // log density is quadratic: linear interpolation along an edge of 0.1 misses by < 0.1² / r
        assert.ok(Math.abs(r - radius) < 0.01 / radius + 1e-9, `radius ${radius}: a crossing at ${r}`);
      }
    }
  });

  test('is empty for a level above every value or below every value', () => {
    const grid = { x0: 0, x1: 1, nx: 5, y0: 0, y1: 1, ny: 5 };
    const values = new Float64Array(25).map((_, i) => i);
    assert.equal(contourSegments(values, grid, 100).length, 0);
    assert.equal(contourSegments(values, grid, -1).length, 0);
  });

  test('joins a saddle cell\'s crossings by its centre value, so two lines never cross', () => {
    const grid = { x0: 0, x1: 1, nx: 2, y0: 0, y1: 1, ny: 2 };
    // a (0,0) and c (1,1) high, b (1,0) and e (0,1) low; centre mean 0.6 ≥ 0.5: a and c joined, b and e cut off
    const high = contourSegments(Float64Array.of(1, 0.2, 0.2, 1), grid, 0.5);
    const cutOff = (segments: Float64Array) => [0, 4].map(s => [segments[s] + segments[s + 2], segments[s + 1] + segments[s + 3]].map(v => v / 2));
    // each segment's midpoint sits nearer the low corner it cuts off: (1, 0) and (0, 1)
    const midsHigh = cutOff(high).map(([x, y]) => (x > y ? 'b' : 'e')).sort();
    assert.deepEqual(midsHigh, ['b', 'e']);
    const low = contourSegments(Float64Array.of(0.6, 0, 0, 0.6), grid, 0.5);
    const midsLow = cutOff(low).map(([x, y]) => (x + y < 1 ? 'a' : 'c')).sort();
    assert.deepEqual(midsLow, ['a', 'c']);
  });
});

describe('the density curves on one column', () => {
  test('have components that sum to the mixture and each integrate to its weight', () => {
    const model = mixtureFromParameters(Float64Array.of(0.25, 0.75), Float64Array.of(-2, 3), Float64Array.of(0.5, 2), 1);
    const n = 4001;
    const xs = Float64Array.from({ length: n }, (_, i) => -12 + (24 * i) / (n - 1));
    const { mixture, components } = densityCurves(model, xs);
    for (let i = 0; i < n; i++) { assert.ok(Math.abs(components[i] + components[n + i] - mixture[i]) < 1e-12); }
    const h = 24 / (n - 1);
    for (const [c, w] of [[0, 0.25], [1, 0.75]]) {
      let area = 0;
      for (let i = 1; i < n; i++) { area += (components[c * n + i - 1] + components[c * n + i]) * h / 2; }
      assert.ok(Math.abs(area - w) < 1e-6, `component ${c}: area ${area}`);
    }
    // at its own mean, component 0 is 0.25 · 1/√(2π·0.5)
    const atMean = densityCurves(model, Float64Array.of(-2)).components[0];
    assert.ok(Math.abs(atMean - 0.25 / Math.sqrt(2 * Math.PI * 0.5)) < 1e-12);
  });
});
