/**
 * A chart.js plugin that draws covariance ellipses as polygons given in DATA coordinates. Each
 * vertex goes through the chart's own scales, so the ellipse is right however differently the
 * axes are scaled, and stays right when the view is zoomed or panned (unlike an ellipse drawn in
 * pixel space from a centre, radii and angle).
 */
import type { Chart, Plugin } from 'chart.js';

export interface EllipseShape {
  /** (nPoints × 2) polygon vertices in data units */
  points: Float64Array;
  colour: string;
  lineWidth: number;
  dash: number[];
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
