/**
 * Read-only view of the tutorials' pictures on a canvas, for the webview tests (through main.ts's
 * test hook): the one-column chart's bars and curves, the contour lines, the k-means cells and
 * radii, all in pixels, with the chart's area and ranges to map them back to data.
 */
import { Chart } from 'chart.js';
import { inspectContours } from './contourPlugin';
import { inspectOneColumn } from './oneColumnChart';
import { inspectRegions } from './voronoiPlugin';

export function inspectPictures(canvasId: string): unknown {
  const canvas = document.getElementById(canvasId);
  if (!(canvas instanceof HTMLCanvasElement)) { return undefined; }
  const chart = Chart.getChart(canvas);
  return {
    oneColumn: inspectOneColumn(canvas),
    contours: chart ? inspectContours(chart) : undefined,
    regions: chart ? inspectRegions(chart) : undefined,
    area: chart ? { left: chart.chartArea.left, right: chart.chartArea.right, top: chart.chartArea.top, bottom: chart.chartArea.bottom } : undefined,
    xRange: chart ? [chart.scales.x.min, chart.scales.x.max] : undefined,
    yRange: chart ? [chart.scales.y.min, chart.scales.y.max] : undefined,
  };
}
