/** The scatter plot: drawn points coloured by cluster, opacity by certainty, means, and ellipses. */
import {
  Chart, type ChartDataset, Legend, LinearScale, PointElement, ScatterController, Tooltip, type TooltipItem,
} from 'chart.js';
import { covarianceEllipse, ellipsePoints } from '../src/core/ellipse';
import type { FitSnapshot } from '../src/shared/protocol';
import { type EllipseShape, ellipsePlugin } from './ellipsePlugin';
import { certaintyAlpha, clusterColour, withAlpha } from './palette';
import type { Plane } from './plane';
import { readTheme } from './theme';

Chart.register(ScatterController, PointElement, LinearScale, Tooltip, Legend, ellipsePlugin);

/** The σ-multiples drawn: 1σ solid, 2σ and 3σ dashed ever lighter. */
const SIGMA_STYLES = [
  { nSigma: 1, lineWidth: 2, dash: [] as number[], alpha: 0.95 },
  { nSigma: 2, lineWidth: 1.5, dash: [6, 4], alpha: 0.7 },
  { nSigma: 3, lineWidth: 1, dash: [2, 4], alpha: 0.5 },
];

interface DrawnPoint { x: number; y: number; s: number }

export interface ScatterInspection {
  points: { sample: number; cluster: number; px: number; py: number; fill: string }[];
  shapes: { colour: string; pixels: [number, number][] }[];
  xRange: [number, number];
  yRange: [number, number];
  area: { left: number; right: number; top: number; bottom: number };
}

export class ScatterChart {
  private chart: Chart<'scatter', DrawnPoint[]> | undefined;
  private shapes: EllipseShape[] = [];

  constructor(private readonly canvas: HTMLCanvasElement) {}

  draw(fit: FitSnapshot, plane: Plane, showEllipses: boolean): void {
    const k = fit.nComponents;
    const theme = readTheme();
    const byCluster: DrawnPoint[][] = Array.from({ length: k }, () => []);
    const colours: string[][] = Array.from({ length: k }, () => []);
    const m = fit.sample.labels.length;
    for (let s = 0; s < m; s++) {
      const c = fit.sample.labels[s];
      byCluster[c].push({ x: plane.points[2 * s], y: plane.points[2 * s + 1], s });
      colours[c].push(withAlpha(clusterColour(c), certaintyAlpha(fit.sample.certainty[s], k)));
    }
    const datasets: ChartDataset<'scatter', DrawnPoint[]>[] = byCluster.map((data, c) => ({
      label: `Cluster ${c + 1} · ${(100 * fit.weights[c]).toFixed(1)}%`,
      data,
      backgroundColor: colours[c],
      borderWidth: 0,
      pointRadius: m > 5000 ? 2 : 3,
      pointHoverRadius: 5,
    }));
    datasets.push({
      label: fit.algorithm === 'gmm' ? 'Means' : 'Centroids',
      data: Array.from({ length: k }, (_, c) => ({ x: plane.means[2 * c], y: plane.means[2 * c + 1], s: -1 - c })),
      backgroundColor: theme.foreground,
      borderColor: Array.from({ length: k }, (_, c) => clusterColour(c)),
      borderWidth: 3,
      pointStyle: 'crossRot',
      pointRadius: 9,
      pointHoverRadius: 11,
    });
    const shapes: EllipseShape[] = [];
    if (showEllipses && plane.covariances) {
      for (let c = 0; c < k; c++) {
        const mean = plane.means.subarray(2 * c, 2 * c + 2);
        const cov = plane.covariances.subarray(4 * c, 4 * c + 4);
        for (const style of SIGMA_STYLES) {
          shapes.push({
            points: ellipsePoints(covarianceEllipse(mean, cov, style.nSigma), 96),
            colour: withAlpha(clusterColour(c), style.alpha),
            lineWidth: style.lineWidth,
            dash: style.dash,
          });
        }
      }
    }
    this.shapes = shapes;
    this.chart?.destroy();
    this.chart = new Chart<'scatter', DrawnPoint[]>(this.canvas, {
      type: 'scatter',
      data: { datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        font: { family: theme.fontFamily, size: theme.fontSize },
        color: theme.foreground,
        scales: {
          x: { type: 'linear', title: { display: true, text: plane.xLabel, color: theme.foreground }, grid: { color: theme.grid }, ticks: { color: theme.muted } },
          y: { type: 'linear', title: { display: true, text: plane.yLabel, color: theme.foreground }, grid: { color: theme.grid }, ticks: { color: theme.muted } },
        },
        plugins: {
          legend: { position: 'bottom', labels: { color: theme.foreground, usePointStyle: true } },
          tooltip: { callbacks: { label: item => describePoint(fit, item) } },
          clusterEllipses: { shapes },
        },
      },
    });
    this.canvas.dataset.pointCount = String(m);
    this.canvas.dataset.ellipseCount = String(shapes.length);
  }

  /**
   * What is on the canvas, in pixels and in data units: read by the webview tests (through
   * main.ts's test hook) to check colours and ellipse geometry against the model.
   */
  inspect(): ScatterInspection | undefined {
    const chart = this.chart;
    if (!chart) { return undefined; }
    const x = chart.scales.x;
    const y = chart.scales.y;
    const points: ScatterInspection['points'] = [];
    chart.data.datasets.forEach((dataset, c) => {
      if (c >= chart.data.datasets.length - 1) { return; }
      const fills = dataset.backgroundColor as string[];
      dataset.data.forEach((p, i) => points.push({
        sample: p.s, cluster: c, px: x.getPixelForValue(p.x), py: y.getPixelForValue(p.y), fill: fills[i],
      }));
    });
    const shapes = this.shapes.map(shape => ({
      colour: shape.colour,
      pixels: Array.from({ length: shape.points.length / 2 }, (_, i) =>
        [x.getPixelForValue(shape.points[2 * i]), y.getPixelForValue(shape.points[2 * i + 1])] as [number, number]),
    }));
    return {
      points, shapes,
      xRange: [x.min, x.max], yRange: [y.min, y.max],
      area: { left: chart.chartArea.left, right: chart.chartArea.right, top: chart.chartArea.top, bottom: chart.chartArea.bottom },
    };
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = undefined;
  }
}

function describePoint(fit: FitSnapshot, item: TooltipItem<'scatter'>): string[] {
  const point = item.raw as DrawnPoint;
  if (point.s < 0) { return [`${fit.algorithm === 'gmm' ? 'Mean' : 'Centroid'} of cluster ${-point.s}`]; }
  const d = fit.columns.length;
  const lines = [`Row ${fit.sample.rowIndex[point.s] + 1} · cluster ${fit.sample.labels[point.s] + 1} · certainty ${(100 * fit.sample.certainty[point.s]).toFixed(1)}%`];
  const k = fit.nComponents;
  if (fit.algorithm === 'gmm') {
    const p = Array.from({ length: k }, (_, c) => `${c + 1}: ${(100 * fit.sample.probabilities[point.s * k + c]).toFixed(1)}%`);
    lines.push(`p(cluster) ${p.join('  ')}`);
  }
  const shown = Math.min(d, 6);
  for (let j = 0; j < shown; j++) { lines.push(`${fit.columns[j]}: ${fit.sample.values[point.s * d + j]}`); }
  if (d > shown) { lines.push(`… ${d - shown} more columns`); }
  return lines;
}
