/**
 * k-means as hard regions (tutorial 001): a chart.js plugin that fills each centroid's Voronoi cell
 * faintly in its cluster's colour under the points, and outlines each cluster's radius (its
 * farthest drawn member) as a dashed circle. Cells are clipped to the visible range at each draw,
 * through the chart's scales, so they stay exact under zoom.
 *
 * Distances are k-means' own: measured after the fit's scaling (FitSnapshot.scaling), which in
 * the data's units weighs each axis by 1/scale². On the plane of the only two fitted columns the
 * cells are k-means' exact regions; with more columns they are the nearest-centroid rule on this
 * plane alone (the plane's cut), which the view says under the plot.
 */
import type { Chart, Plugin } from 'chart.js';
import { clusterRadii, radiusOutline, voronoiCells } from '../src/core/voronoi';
import type { FitSnapshot } from '../src/shared/protocol';
import { clusterColour, withAlpha } from './palette';
import type { Plane } from './plane';

export interface RegionOptions {
  /** (k × 2) centroids on the plane; empty: nothing drawn */
  centres: Float64Array;
  /** (2) the distance's weight per axis */
  axisWeights: [number, number];
  /** (k) radius of each cluster in that metric */
  radii: Float64Array;
  colours: string[];
}

declare module 'chart.js' {
  interface PluginOptionsByType<TType> {
    kmeansRegions?: RegionOptions & { _type?: TType };
  }
}

const NONE: RegionOptions = { centres: new Float64Array(0), axisWeights: [1, 1], radii: new Float64Array(0), colours: [] };

/**
 * The regions of a k-means fit on a plane of two columns, in the fit's metric (1/scale² per
 * axis); none for other fits, and none on the PCA plane, whose distances are not k-means' own.
 */
export function regionOptions(fit: FitSnapshot, plane: Plane, show: boolean): RegionOptions {
  if (!show || fit.algorithm !== 'kmeans' || !plane.axes) { return NONE; }
  const scale = fit.scaling?.scale;
  const axisWeights: [number, number] = scale ? [1 / scale[plane.axes[0]] ** 2, 1 / scale[plane.axes[1]] ** 2] : [1, 1];
  const k = fit.nComponents;
  return {
    centres: plane.means, axisWeights,
    radii: clusterRadii(plane.points, fit.sample.labels, plane.means, axisWeights),
    colours: Array.from({ length: k }, (_, c) => clusterColour(c)),
  };
}

/** Whether the cells drawn are k-means' own regions (the plane of the only two fitted columns). */
export function regionsAreExact(fit: FitSnapshot, plane: Plane): boolean {
  return fit.columns.length === 2 && plane.axes !== undefined;
}

interface Drawn { cells: Float64Array[]; outlines: Float64Array[] }
const drawnOf = new WeakMap<Chart, Drawn>();

const OUTLINE_POINTS = 96;

export const voronoiPlugin: Plugin<'scatter', RegionOptions> = {
  id: 'kmeansRegions',
  defaults: NONE,
  beforeDatasetsDraw(chart: Chart, _args, options: RegionOptions) {
    const { ctx, chartArea, scales } = chart;
    const x = scales.x;
    const y = scales.y;
    if (!x || !y || options.centres.length === 0) { drawnOf.delete(chart); return; }
    const cells = voronoiCells(options.centres, { x0: x.min, x1: x.max, y0: y.min, y1: y.max }, options.axisWeights);
    const outlines = Array.from(options.radii, (r, c) => radiusOutline(options.centres[2 * c], options.centres[2 * c + 1], r, options.axisWeights, OUTLINE_POINTS));
    drawnOf.set(chart, { cells, outlines });
    const path = (points: Float64Array) => {
      ctx.beginPath();
      for (let i = 0; i < points.length; i += 2) {
        const px = x.getPixelForValue(points[i]);
        const py = y.getPixelForValue(points[i + 1]);
        if (i === 0) { ctx.moveTo(px, py); } else { ctx.lineTo(px, py); }
      }
      ctx.closePath();
    };
    ctx.save();
    ctx.beginPath();
    ctx.rect(chartArea.left, chartArea.top, chartArea.right - chartArea.left, chartArea.bottom - chartArea.top);
    ctx.clip();
    cells.forEach((cell, c) => {
      if (cell.length === 0) { return; }
      path(cell);
      ctx.fillStyle = withAlpha(options.colours[c], 0.1);
      ctx.fill();
      ctx.strokeStyle = withAlpha(options.colours[c], 0.45);
      ctx.lineWidth = 1;
      ctx.setLineDash([]);
      ctx.stroke();
    });
    outlines.forEach((outline, c) => {
      path(outline);
      ctx.fillStyle = withAlpha(options.colours[c], 0.08);
      ctx.fill();
      ctx.strokeStyle = withAlpha(options.colours[c], 0.9);
      ctx.lineWidth = 1.5;
      ctx.setLineDash([6, 4]);
      ctx.stroke();
    });
    ctx.restore();
  },
};

/** The cells and radius outlines last drawn on a chart, in pixels (for the tests). */
export function inspectRegions(chart: Chart): { cells: number[][]; outlines: number[][] } | undefined {
  const drawn = drawnOf.get(chart);
  if (!drawn) { return undefined; }
  const { x, y } = chart.scales;
  const toPixels = (points: Float64Array) => Array.from(points, (v, i) => (i % 2 === 0 ? x.getPixelForValue(v) : y.getPixelForValue(v)));
  return { cells: drawn.cells.map(toPixels), outlines: drawn.outlines.map(toPixels) };
}
