/**
 * A chart.js plugin that draws the fitted mixture's density on the plane as contour lines, under
 * the points. The density is sampled afresh on a grid over the visible range at every draw that
 * changed the range (so zooming in sharpens the lines rather than magnifying a coarse grid), and
 * the lines go through the chart's scales like the ellipses do.
 */
import type { Chart, Plugin } from 'chart.js';
import type { GaussianMixtureModel } from '../src/core/gmmModel';
import { contourLevels, contourSegments, type Grid, logDensityOnGrid, mixtureFromParameters } from '../src/core/mixtureDensity';
import type { FitSnapshot } from '../src/shared/protocol';
import type { Plane } from './plane';

/** Lines drawn: three decades of density below the highest peak. */
export const CONTOUR_LEVELS = 7;
/** Pixels between grid nodes: finer than the eye follows a line, coarse enough for 1,000,000 rows' plot (the grid does not grow with the rows). */
const GRID_SPACING_PX = 4;

export interface ContourOptions {
  /** The plane's mixture (2-D), or null to draw nothing. */
  model: GaussianMixtureModel | null;
  /** (nLevels) log densities, descending: from the model, so zoom keeps the same lines */
  levels: Float64Array;
  colour: string;
}

declare module 'chart.js' {
  interface PluginOptionsByType<TType> {
    densityContours?: ContourOptions & { _type?: TType };
  }
}

/** What was drawn last, per chart: read by the webview tests. */
interface Drawn { key: string; grid: Grid; segments: Float64Array[]; levels: Float64Array }
const drawnOf = new WeakMap<Chart, Drawn>();

/** The mixture on a plane (marginal of two columns, or projected on the PCA plane): null without covariances. */
export function planeMixture(fit: Pick<FitSnapshot, 'weights'>, plane: Pick<Plane, 'means' | 'covariances'>): GaussianMixtureModel | null {
  if (!plane.covariances) { return null; }
  return mixtureFromParameters(fit.weights, plane.means, plane.covariances, 2);
}

/** The plugin's options for a plane, or none drawn. */
export function contourOptions(model: GaussianMixtureModel | null, colour: string): ContourOptions {
  return { model, levels: model ? contourLevels(model, CONTOUR_LEVELS) : new Float64Array(0), colour };
}

export const contourPlugin: Plugin<'scatter', ContourOptions> = {
  id: 'densityContours',
  defaults: { model: null, levels: new Float64Array(0), colour: '#888888' },
  beforeDatasetsDraw(chart: Chart, _args, options: ContourOptions) {
    const { ctx, chartArea, scales } = chart;
    const x = scales.x;
    const y = scales.y;
    if (!x || !y || !options.model) { drawnOf.delete(chart); return; }
    const width = chartArea.right - chartArea.left;
    const height = chartArea.bottom - chartArea.top;
    const key = [x.min, x.max, y.min, y.max, width, height].join(' ');
    let drawn = drawnOf.get(chart);
    if (!drawn || drawn.key !== key || drawn.levels !== options.levels) {
      const grid: Grid = {
        x0: x.min, x1: x.max, nx: Math.max(8, Math.ceil(width / GRID_SPACING_PX) + 1),
        y0: y.min, y1: y.max, ny: Math.max(8, Math.ceil(height / GRID_SPACING_PX) + 1),
      };
      const values = logDensityOnGrid(options.model, grid);
      drawn = { key, grid, levels: options.levels, segments: Array.from(options.levels, level => contourSegments(values, grid, level)) };
      drawnOf.set(chart, drawn);
    }
    ctx.save();
    ctx.beginPath();
    ctx.rect(chartArea.left, chartArea.top, width, height);
    ctx.clip();
    ctx.strokeStyle = options.colour;
    ctx.setLineDash([]);
    drawn.segments.forEach((segments, level) => {
      // the inner (higher) levels stronger, so the eye finds the peaks
      ctx.globalAlpha = 0.85 - (0.55 * level) / Math.max(1, drawn.segments.length - 1);
      ctx.lineWidth = level === 0 ? 1.5 : 1;
      ctx.beginPath();
      for (let s = 0; s < segments.length; s += 4) {
        ctx.moveTo(x.getPixelForValue(segments[s]), y.getPixelForValue(segments[s + 1]));
        ctx.lineTo(x.getPixelForValue(segments[s + 2]), y.getPixelForValue(segments[s + 3]));
      }
      ctx.stroke();
    });
    ctx.restore();
  },
};

/** The contour lines last drawn on a chart, in pixels (for the tests): per level, (nSegments × 4). */
export function inspectContours(chart: Chart): { levels: number[]; pixels: number[][]; grid: Grid } | undefined {
  const drawn = drawnOf.get(chart);
  if (!drawn) { return undefined; }
  const { x, y } = chart.scales;
  return {
    levels: Array.from(drawn.levels), grid: drawn.grid,
    pixels: drawn.segments.map(segments => Array.from(segments, (v, i) => (i % 2 === 0 ? x.getPixelForValue(v) : y.getPixelForValue(v)))),
  };
}
