/**
 * A chart.js plugin that draws covariance ellipses as polygons given in DATA coordinates. Each
 * vertex goes through the chart's own scales, so the ellipse is right however differently the
 * axes are scaled, and stays right when the view is zoomed or panned (unlike an ellipse drawn in
 * pixel space from a centre, radii and angle).
 */
import type { Chart, Plugin } from 'chart.js';
import { covarianceEllipse, ellipsePoints } from '../src/core/ellipse';
import { clusterColour, withAlpha } from './palette';
import type { Plane } from './plane';

export interface EllipseShape {
  /** (nPoints × 2) polygon vertices in data units */
  points: Float64Array;
  colour: string;
  lineWidth: number;
  dash: number[];
}

/** How one σ-multiple is drawn for every cluster. */
export interface SigmaStyle { nSigma: number; lineWidth: number; dash: number[]; alpha: number }

/** The outlines of every cluster's Gaussian on a plane, one per style, in the cluster's colour. */
export function clusterEllipseShapes(plane: Pick<Plane, 'means' | 'covariances'>, k: number, styles: readonly SigmaStyle[], nPoints: number): EllipseShape[] {
  const { covariances } = plane;
  if (!covariances) { return []; }
  return Array.from({ length: k }, (_, c) => {
    const mean = plane.means.subarray(2 * c, 2 * c + 2);
    const cov = covariances.subarray(4 * c, 4 * c + 4);
    return styles.map(style => ({
      points: ellipsePoints(covarianceEllipse(mean, cov, style.nSigma), nPoints),
      colour: withAlpha(clusterColour(c), style.alpha),
      lineWidth: style.lineWidth,
      dash: style.dash,
    }));
  }).flat();
}

export interface EllipsePluginOptions {
  shapes: EllipseShape[];
}

declare module 'chart.js' {
  interface PluginOptionsByType<TType> {
    clusterEllipses?: EllipsePluginOptions & { _type?: TType };
  }
}

export const ellipsePlugin: Plugin<'scatter', EllipsePluginOptions> = {
  id: 'clusterEllipses',
  defaults: { shapes: [] },
  afterDatasetsDraw(chart: Chart, _args, options: EllipsePluginOptions) {
    const { ctx, chartArea, scales } = chart;
    const xScale = scales.x;
    const yScale = scales.y;
    if (!xScale || !yScale || options.shapes.length === 0) { return; }
    ctx.save();
    ctx.beginPath();
    ctx.rect(chartArea.left, chartArea.top, chartArea.right - chartArea.left, chartArea.bottom - chartArea.top);
    ctx.clip();
    for (const shape of options.shapes) {
      const { points } = shape;
      const n = points.length / 2;
      if (n < 2) { continue; }
      ctx.beginPath();
      for (let i = 0; i < n; i++) {
        const px = xScale.getPixelForValue(points[2 * i]);
        const py = yScale.getPixelForValue(points[2 * i + 1]);
        if (i === 0) { ctx.moveTo(px, py); } else { ctx.lineTo(px, py); }
      }
      ctx.closePath();
      ctx.strokeStyle = shape.colour;
      ctx.lineWidth = shape.lineWidth;
      ctx.setLineDash(shape.dash);
      ctx.stroke();
    }
    ctx.restore();
  },
};
