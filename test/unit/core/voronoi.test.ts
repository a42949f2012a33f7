import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Random } from '../../../src/core/random';
import { clusterRadii, cutPoints, radiusOutline, voronoiCells } from '../../../src/core/voronoi';

/** Whether (x, y) lies in a convex counter-clockwise polygon (on its edge counts, to a tolerance). */
function inside(polygon: Float64Array, x: number, y: number, tolerance: number): boolean {
  const n = polygon.length / 2;
  for (let i = 0; i < n; i++) {
    const [ax, ay, bx, by] = [polygon[2 * i], polygon[2 * i + 1], polygon[2 * ((i + 1) % n)], polygon[2 * ((i + 1) % n) + 1]];
    const cross = (bx - ax) * (y - ay) - (by - ay) * (x - ax);
    if (cross < -tolerance * Math.hypot(bx - ax, by - ay)) { return false; }
  }
  return true;
}

function area(polygon: Float64Array): number {
  const n = polygon.length / 2;
  let sum = 0;
  for (let i = 0; i < n; i++) { const j = (i + 1) % n; sum += polygon[2 * i] * polygon[2 * j + 1] - polygon[2 * j] * polygon[2 * i + 1]; }
  return sum / 2;
}

const nearest = (centres: Float64Array, w: readonly number[], x: number, y: number) => {
  let best = 0;
  for (let c = 1; c < centres.length / 2; c++) {
    const dc = w[0] * (x - centres[2 * c]) ** 2 + w[1] * (y - centres[2 * c + 1]) ** 2;
    const db = w[0] * (x - centres[2 * best]) ** 2 + w[1] * (y - centres[2 * best + 1]) ** 2;
    if (dc < db) { best = c; }
  }
  return best;
};

describe('the Voronoi cells of k-means centres', () => {
  for (const weights of [[1, 1], [4, 0.01]]) {
    test(`hold exactly the points nearest their centre and tile the box (axis weights ${weights.join(', ')})`, () => {
      const random = new Random(3);
      const k = 7;
      const centres = Float64Array.from({ length: 2 * k }, (_, i) => (i % 2 === 0 ? 10 * random.nextFloat() : 100 * random.nextFloat()));
      const box = { x0: -2, x1: 12, y0: -20, y1: 120 };
      const cells = voronoiCells(centres, box, weights);
      const total = cells.reduce((sum, cell) => sum + area(cell), 0);
      assert.ok(Math.abs(total - 14 * 140) < 1e-9 * 14 * 140, `the cells cover ${total} of ${14 * 140}`);
      for (let trial = 0; trial < 2000; trial++) {
        const x = box.x0 + 14 * random.nextFloat();
        const y = box.y0 + 140 * random.nextFloat();
        const c = nearest(centres, weights, x, y);
        assert.ok(inside(cells[c], x, y, 1e-9), `(${x}, ${y}) is nearest centre ${c} but outside its cell`);
        const others = cells.filter((cell, j) => j !== c && cell.length > 0 && inside(cell, x, y, -1e-6));
        assert.equal(others.length, 0, `(${x}, ${y}) lies inside another cell too`);
      }
    });
  }

  test('gives a repeated centre no cell of its own, as k-means\' argmin gives it no rows', () => {
    const cells = voronoiCells(Float64Array.of(0, 0, 1, 1, 0, 0), { x0: -1, x1: 2, y0: -1, y1: 2 });
    assert.ok(cells[0].length > 0);
    assert.equal(cells[2].length, 0);
  });
});

describe('the cut points on one column', () => {
  test('lie halfway between neighbouring centres, whatever order they come in', () => {
    assert.deepEqual(Array.from(cutPoints([5, -1, 2, 2])), [0.5, 3.5]);
  });
});

describe('a cluster\'s radius', () => {
  test('is the weighted distance to its farthest member, and its outline lies at that distance', () => {
    const points = Float64Array.of(0, 0, 3, 0, 0, 2, 10, 10, 11, 10, 50, 50);
    const labels = Int32Array.of(0, 0, 0, 1, 1, -1);
    const centres = Float64Array.of(1, 0.5, 10.5, 10);
    const weights = [1, 4];
    const radii = clusterRadii(points, labels, centres, weights);
    assert.ok(Math.abs(radii[0] - Math.sqrt(1 + 4 * 2.25)) < 1e-12);
    assert.ok(Math.abs(radii[1] - 0.5) < 1e-12);
    const outline = radiusOutline(1, 0.5, radii[0], weights, 64);
    for (let i = 0; i < 64; i++) {
      const r = Math.sqrt((outline[2 * i] - 1) ** 2 + 4 * (outline[2 * i + 1] - 0.5) ** 2);
      assert.ok(Math.abs(r - radii[0]) < 1e-12);
    }
  });
});
