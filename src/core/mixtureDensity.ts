/**
 * The fitted mixture's density as pictures draw it: on a plane (the marginal of two columns, or
 * the projection onto two principal axes: both are again Gaussian mixtures with 2 × 2 covariances),
 * sampled on a grid and cut into contour lines; on one column, each component's weighted density
 * wₖ N(x | μₖ, σₖ²) and their sum.
 *
 * Every density here is computed by the scorer that labels rows (gmm.ts scoreSamples and
 * predictProba over the E-step kernels), on a model built from the parameters the picture shows:
 * there is no second formula for a Gaussian to drift from the first.
 */
import type { DataMatrix } from './dataMatrix';
import { predictProba, scoreSamples } from './gmm';
import { computePrecisionsChol, type GaussianMixtureModel } from './gmmModel';

/**
 * A full-covariance mixture from its parameters, with the precision factors the scorer reads.
 * @param weights (k)
 * @param means (k × d)
 * @param covariances (k × d × d)
 */
export function mixtureFromParameters(weights: Float64Array, means: Float64Array, covariances: Float64Array, d: number): GaussianMixtureModel {
  const k = weights.length;
  const { precisionsChol } = computePrecisionsChol('full', k, d, covariances);
  return { covarianceType: 'full', nComponents: k, nFeatures: d, weights, means, covariances, precisionsChol };
}

/** A regular grid over a rectangle: nx × ny nodes, corners included. */
export interface Grid {
  x0: number;
  x1: number;
  nx: number;
  y0: number;
  y1: number;
  ny: number;
}

/** (ny × nx) node coordinates, row-major by y then x, as a (nx·ny × 2) matrix for the scorer. */
export function gridNodes(grid: Grid): DataMatrix {
  const { x0, x1, nx, y0, y1, ny } = grid;
  const data = new Float64Array(nx * ny * 2);
  for (let j = 0; j < ny; j++) {
    const y = y0 + ((y1 - y0) * j) / (ny - 1);
    for (let i = 0; i < nx; i++) {
      const p = 2 * (j * nx + i);
      data[p] = x0 + ((x1 - x0) * i) / (nx - 1);
      data[p + 1] = y;
    }
  }
  return { data, nSamples: nx * ny, nFeatures: 2 };
}

/** (ny × nx) log p(x, y) of a 2-D mixture at each grid node (row j: y = y0 + j·Δy). */
export function logDensityOnGrid(model: GaussianMixtureModel, grid: Grid): Float64Array {
  if (model.nFeatures !== 2) { throw new Error(`a plane's density needs a 2-D mixture, not ${model.nFeatures}-D`); }
  return scoreSamples(model, gridNodes(grid));
}

/**
 * Contour levels (log density) fixed by the model, not by the view, so zooming redraws the same
 * lines: the peak is taken as the largest density at a component mean, and the levels fall from
 * it by equal ratios, peak·r, peak·r², … with r = 1000^(−1/nLevels) (three decades in all).
 * @returns (nLevels) log densities, descending
 */
export function contourLevels(model: GaussianMixtureModel, nLevels: number): Float64Array {
  const { nComponents: k, nFeatures: d } = model;
  const peak = Math.max(...scoreSamples(model, { data: model.means, nSamples: k, nFeatures: d }));
  const step = Math.log(1000) / nLevels;
  return Float64Array.from({ length: nLevels }, (_, i) => peak - (i + 1) * step + step / 2);
}

/**
 * The level set {v = level} of values sampled on a grid, as line segments (marching squares).
 * Crossings are placed by linear interpolation of the values along each cell edge; a saddle cell
 * (diagonal corners on the same side) is resolved by the cell's mean value, so lines never cross.
 * Pass log densities: a Gaussian's log density is quadratic, so the interpolation errs by O(Δ²).
 * @param values (ny × nx) as logDensityOnGrid returns
 * @returns (nSegments × 4) x₁, y₁, x₂, y₂ in grid (data) units
 */
export function contourSegments(values: Float64Array, grid: Grid, level: number): Float64Array {
  const { x0, x1, nx, y0, y1, ny } = grid;
  const dx = (x1 - x0) / (nx - 1);
  const dy = (y1 - y0) / (ny - 1);
  const out: number[] = [];
  // Crossing on the edge from corner a (value va at xa, ya) to corner b.
  const cross = (va: number, vb: number, xa: number, ya: number, xb: number, yb: number) => {
    const t = (level - va) / (vb - va);
    out.push(xa + t * (xb - xa), ya + t * (yb - ya));
  };
  for (let j = 0; j + 1 < ny; j++) {
    for (let i = 0; i + 1 < nx; i++) {
      // corners counter-clockwise from bottom-left: a (i, j), b (i+1, j), c (i+1, j+1), e (i, j+1)
      const va = values[j * nx + i], vb = values[j * nx + i + 1];
      const vc = values[(j + 1) * nx + i + 1], ve = values[(j + 1) * nx + i];
      const code = (va >= level ? 1 : 0) | (vb >= level ? 2 : 0) | (vc >= level ? 4 : 0) | (ve >= level ? 8 : 0);
      if (code === 0 || code === 15) { continue; }
      const xa = x0 + i * dx, xb = xa + dx, ya = y0 + j * dy, yc = ya + dy;
      const bottom = () => cross(va, vb, xa, ya, xb, ya);
      const right = () => cross(vb, vc, xb, ya, xb, yc);
      const top = () => cross(ve, vc, xa, yc, xb, yc);
      const left = () => cross(va, ve, xa, ya, xa, yc);
      switch (code) {
        case 1: case 14: left(); bottom(); break;
        case 2: case 13: bottom(); right(); break;
        case 3: case 12: left(); right(); break;
        case 4: case 11: right(); top(); break;
        case 6: case 9: bottom(); top(); break;
        case 7: case 8: left(); top(); break;
        case 5: case 10: {
          // a and c on one side, b and e on the other: the centre decides which pair is joined
          const centreAbove = (va + vb + vc + ve) / 4 >= level;
          if ((code === 5) === centreAbove) { left(); top(); bottom(); right(); } else { left(); bottom(); right(); top(); }
          break;
        }
      }
    }
  }
  return Float64Array.from(out);
}

/**
 * Each component's weighted density wₖ N(x | μₖ, σₖ²) and the mixture density at points on one
 * column: p(x) from the scorer, split by the responsibilities (wₖ N(x) = p(x) · resp[x, k]).
 * @param model a 1-D mixture (nFeatures 1)
 * @param xs (n)
 * @returns mixture (n); components (k × n)
 */
export function densityCurves(model: GaussianMixtureModel, xs: Float64Array): { mixture: Float64Array; components: Float64Array } {
  if (model.nFeatures !== 1) { throw new Error(`a column's density needs a 1-D mixture, not ${model.nFeatures}-D`); }
  const n = xs.length;
  const k = model.nComponents;
  const X = { data: xs, nSamples: n, nFeatures: 1 };
  const logDensity = scoreSamples(model, X);
  const resp = predictProba(model, X);
  const mixture = logDensity.map(Math.exp);
  const components = new Float64Array(k * n);
  for (let c = 0; c < k; c++) { for (let i = 0; i < n; i++) { components[c * n + i] = mixture[i] * resp[i * k + c]; } }
  return { mixture, components };
}
