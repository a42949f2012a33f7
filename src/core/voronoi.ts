/**
 * k-means as hard regions: the cells of the nearest-centre rule on a plane, the cut points between
 * centres on a line, and each cluster's radius (its farthest member), as tutorial 001 draws them.
 *
 * k-means measures distances in its fitted space: the columns z-scored (or scaled by a power of
 * two) first. In the data's own units that is the weighted distance Σⱼ wⱼ (xⱼ − μⱼ)² with
 * wⱼ = 1/scaleⱼ², so the cells are still convex polygons (each boundary is where two weighted
 * distances are equal, a straight line) and a radius "circle" is an axis-aligned ellipse.
 */

/** A rectangle in data units. */
export interface Box { x0: number; x1: number; y0: number; y1: number }

/**
 * The nearest-centre cell of each centre within a box: the box clipped by the half-plane
 * "closer to c than to j" for every other centre j (Sutherland–Hodgman).
 * @param centres (k × 2)
 * @param axisWeights (2) the distance's weight per axis (1/scale²)
 * @returns k polygons, each (nVertices × 2), counter-clockwise; empty for a cell outside the box
 *   or a centre that coincides with an earlier one (its points go to the earlier centre, as
 *   k-means' argmin does)
 */
export function voronoiCells(centres: Float64Array, box: Box, axisWeights: ArrayLike<number> = [1, 1]): Float64Array[] {
  const k = centres.length / 2;
  const [wx, wy] = [axisWeights[0], axisWeights[1]];
  const cells: Float64Array[] = [];
  for (let c = 0; c < k; c++) {
    let polygon = [box.x0, box.y0, box.x1, box.y0, box.x1, box.y1, box.x0, box.y1];
    const cx = centres[2 * c], cy = centres[2 * c + 1];
    for (let j = 0; j < k && polygon.length > 0; j++) {
      if (j === c) { continue; }
      const jx = centres[2 * j], jy = centres[2 * j + 1];
      if (jx === cx && jy === cy) {
        if (j < c) { polygon = []; }
        continue;
      }
      // closer to c: wx(x−cx)² + wy(y−cy)² ≤ wx(x−jx)² + wy(y−jy)²  ⇔  a·x + b·y ≤ r
      const a = 2 * wx * (jx - cx);
      const b = 2 * wy * (jy - cy);
      const r = wx * (jx * jx - cx * cx) + wy * (jy * jy - cy * cy);
      polygon = clipHalfPlane(polygon, a, b, r);
    }
    cells.push(Float64Array.from(polygon));
  }
  return cells;
}

/** The part of a convex polygon (flat x, y list) where a·x + b·y ≤ r. */
function clipHalfPlane(polygon: number[], a: number, b: number, r: number): number[] {
  const n = polygon.length / 2;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const px = polygon[2 * i], py = polygon[2 * i + 1];
    const q = (i + 1) % n;
    const qx = polygon[2 * q], qy = polygon[2 * q + 1];
    const sp = a * px + b * py - r;
    const sq = a * qx + b * qy - r;
    if (sp <= 0) { out.push(px, py); }
    if ((sp < 0 && sq > 0) || (sp > 0 && sq < 0)) {
      const t = sp / (sp - sq);
      out.push(px + t * (qx - px), py + t * (qy - py));
    }
  }
  return out.length >= 6 ? out : [];
}

/**
 * Where the nearest centre changes along one column: between neighbouring centres (sorted), the
 * midpoint. One axis' scale multiplies both distances alike, so it moves no cut.
 * @param centres (k) in any order
 * @returns (k' − 1) ascending cut points, k' the distinct centres
 */
export function cutPoints(centres: ArrayLike<number>): Float64Array {
  const sorted = Array.from(new Set(Array.from(centres))).sort((a, b) => a - b);
  return Float64Array.from(sorted.slice(1), (v, i) => (sorted[i] + v) / 2);
}

/**
 * Each cluster's radius: the weighted distance from its centre to its farthest member, on the
 * given points (a plane's, or all d columns': then pass d-long weights and centres).
 * @param points (m × d)
 * @param labels (m) cluster of each point; a negative label is skipped
 * @param centres (k × d)
 * @param axisWeights (d)
 * @returns (k) radii in the weighted metric (0 for a cluster with no point)
 */
export function clusterRadii(points: Float64Array, labels: Int32Array, centres: Float64Array, axisWeights: ArrayLike<number>): Float64Array {
  const d = axisWeights.length;
  const k = centres.length / d;
  const radii = new Float64Array(k);
  for (let s = 0; s < labels.length; s++) {
    const c = labels[s];
    if (c < 0 || c >= k) { continue; }
    let sq = 0;
    for (let j = 0; j < d; j++) { const diff = points[s * d + j] - centres[c * d + j]; sq += axisWeights[j] * diff * diff; }
    if (sq > radii[c]) { radii[c] = sq; }
  }
  return radii.map(Math.sqrt);
}

/**
 * The circle of weighted radius r about a centre, in data units: an axis-aligned ellipse with
 * half-axes r/√wₓ and r/√w_y.
 * @returns (nPoints × 2)
 */
export function radiusOutline(cx: number, cy: number, radius: number, axisWeights: ArrayLike<number>, nPoints: number): Float64Array {
  const rx = radius / Math.sqrt(axisWeights[0]);
  const ry = radius / Math.sqrt(axisWeights[1]);
  const out = new Float64Array(2 * nPoints);
  for (let i = 0; i < nPoints; i++) {
    const t = (2 * Math.PI * i) / nPoints;
    out[2 * i] = cx + rx * Math.cos(t);
    out[2 * i + 1] = cy + ry * Math.sin(t);
  }
  return out;
}
