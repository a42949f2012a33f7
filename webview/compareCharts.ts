/**
 * The charts of the "Compare k" tab: a criterion against k (one line per covariance type, the best
 * model starred), and the small scatter of one compared model with its 1 and 2 σ ellipses.
 */
import {
  Chart, type ChartDataset, Legend, LinearScale, LineController, LineElement, PointElement, type PointStyle,
  ScatterController, Tooltip,
} from 'chart.js';
import { legendCentres, toggleSeriesOnClick } from './chartLegend';
import type { ComparedModel, CovarianceType } from '../src/shared/protocol';
import { clusterEllipseShapes, ellipsePlugin } from './ellipsePlugin';
import { formatNumber } from './format';
import { clusterColour, withAlpha } from './palette';
import { MINI_SIGMA_STYLES, miniScatterOptions } from './miniScatter';
import type { Plane } from './plane';
import { chartBase, readTheme, titledAxis } from './theme';

/** Small multiples show 1σ and 2σ only: 3σ outlines crowd a small plot. */

Chart.register(LineController, LineElement, PointElement, LinearScale, ScatterController, Legend, Tooltip, ellipsePlugin);

/** Colour and marker of each covariance type's line: colour-blind-safe, and told apart by shape too. */
export const TYPE_STYLES: Record<CovarianceType, { colour: string; pointStyle: PointStyle }> = {
  full: { colour: '#E69F00', pointStyle: 'circle' },
  tied: { colour: '#56B4E9', pointStyle: 'rect' },
  diag: { colour: '#009E73', pointStyle: 'triangle' },
  spherical: { colour: '#CC79A7', pointStyle: 'rectRot' },
};

interface LinePoint { x: number; y: number; model: ComparedModel }

export interface CriterionSeries {
  label: string;
  colour: string;
  pointStyle: PointStyle;
  points: { k: number; value: number; model: ComparedModel }[];
  /** Drawn hidden until the user shows it from the legend. */
  hidden: boolean;
}

export interface CriterionInspection {
  series: { label: string; hidden: boolean; points: { k: number; value: number; px: number; py: number }[] }[];
  best: { k: number; covarianceType: CovarianceType; value: number; px: number; py: number } | null;
  /** Centre of each legend entry, in canvas pixels */
  legend: { label: string; x: number; y: number }[];
}

/** A criterion against k. Clicking a point (or the star) picks its model. */
export class CriterionChart {
  private chart: Chart<'line', LinePoint[]> | undefined;
  private key = '';
  /** Lines the user showed or hid from the legend: that choice outlives redraws as models arrive. */
  private readonly toggled = new Map<string, boolean>();
  private bestIndex = -1;

  constructor(private readonly canvas: HTMLCanvasElement, private readonly onPick: (model: ComparedModel) => void) {}

  draw(title: string, kMax: number, series: CriterionSeries[], best: { model: ComparedModel; value: number; label: string } | undefined): void {
    const theme = readTheme();
    const datasets: ChartDataset<'line', LinePoint[]>[] = series.map(s => ({
      label: s.label,
      data: s.points.map(p => ({ x: p.k, y: p.value, model: p.model })),
      borderColor: s.colour,
      backgroundColor: s.colour,
      pointStyle: s.pointStyle,
      pointRadius: 4,
      pointHoverRadius: 6,
      borderWidth: 2,
      tension: 0,
      hidden: this.toggled.get(s.label) ?? s.hidden,
    }));
    if (best) {
      // A ring around the best point: the point itself (its type's colour and marker) stays visible.
      datasets.push({
        label: best.label,
        data: [{ x: best.model.k, y: best.value, model: best.model }],
        borderColor: theme.foreground,
        backgroundColor: 'rgba(0, 0, 0, 0)',
        pointStyle: 'circle',
        pointRadius: 10,
        pointHoverRadius: 12,
        borderWidth: 2.5,
        showLine: false,
        order: -1,
      });
    }
    this.bestIndex = best ? datasets.length - 1 : -1;
    // Same axes and legend: update in place, so points arriving one by one do not flicker.
    const key = `${title}|${kMax}|${series.map(s => s.label).join(',')}|${best ? 1 : 0}|${theme.foreground}`;
    if (this.chart && key === this.key) {
      this.chart.data.datasets = datasets;
      this.chart.update('none');
      return;
    }
    this.key = key;
    this.chart?.destroy();
    this.chart = new Chart<'line', LinePoint[]>(this.canvas, {
      type: 'line',
      data: { datasets },
      options: {
        ...chartBase(theme),
        interaction: { mode: 'nearest', intersect: true },
        scales: {
          x: { type: 'linear', min: 1, max: Math.max(2, kMax), ...titledAxis(theme, 'k (clusters)', { stepSize: 1, precision: 0 }) },
          y: { type: 'linear', grace: '6%', ...titledAxis(theme, title) },
        },
        plugins: {
          legend: {
            position: 'bottom',
            // Series first, then the best-model ring (drawn last, listed last).
            labels: { color: theme.foreground, usePointStyle: true, boxHeight: 8, sort: (a, b) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0) },
            onClick: toggleSeriesOnClick(() => this.chart as Chart | undefined, this.toggled),
          },
          tooltip: {
            callbacks: {
              label: item => {
                const p = item.raw as LinePoint;
                return `k = ${p.model.k}${series.length > 1 ? `, ${p.model.covarianceType}` : ''}: ${title} ${formatNumber(p.y)} (click to open)`;
              },
            },
          },
        },
        onHover: (event, elements) => {
          const target = event.native?.target as HTMLElement | undefined;
          if (target) { target.style.cursor = elements.length > 0 ? 'pointer' : 'default'; }
        },
        onClick: (_event, elements) => {
          const hit = elements[0];
          if (!hit || !this.chart) { return; }
          const point = this.chart.data.datasets[hit.datasetIndex]?.data[hit.index];
          if (point) { this.onPick(point.model); }
        },
      },
    });
  }

  /** Where each point is drawn, for the webview tests. */
  inspect(): CriterionInspection | undefined {
    const chart = this.chart;
    if (!chart) { return undefined; }
    const { x, y } = chart.scales;
    const at = (p: LinePoint) => ({ k: p.x, value: p.y, px: x.getPixelForValue(p.x), py: y.getPixelForValue(p.y) });
    const datasets = chart.data.datasets;
    const starred = datasets[this.bestIndex];
    const star = starred?.data[0];
    return {
      series: datasets.flatMap((d, i) => (d === starred ? [] : [{ label: String(d.label), hidden: !chart.isDatasetVisible(i), points: d.data.map(at) }])),
      best: star ? { ...at(star), covarianceType: star.model.covarianceType } : null,
      legend: legendCentres(chart as unknown as Chart),
    };
  }

  /** A new run: lines start as the view chooses again. */
  forgetToggles(): void {
    this.toggled.clear();
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = undefined;
    this.key = '';
  }
}

interface DotPoint { x: number; y: number }

/** The small scatter of one compared model: sampled rows by cluster, means, 1σ and 2σ ellipses. */
export class MiniScatter {
  private chart: Chart<'scatter', DotPoint[]> | undefined;
  private ellipses = 0;

  constructor(private readonly canvas: HTMLCanvasElement) {}

  draw(model: ComparedModel, plane: Plane, xRange: [number, number], yRange: [number, number]): void {
    const theme = readTheme();
    const k = model.k;
    const byCluster: DotPoint[][] = Array.from({ length: k }, () => []);
    for (let s = 0; s < model.labels.length; s++) {
      byCluster[model.labels[s]].push({ x: plane.points[2 * s], y: plane.points[2 * s + 1] });
    }
    const datasets: ChartDataset<'scatter', DotPoint[]>[] = byCluster.map((data, c) => ({
      label: `Cluster ${c + 1}`, data, backgroundColor: withAlpha(clusterColour(c), 0.7), borderWidth: 0, pointRadius: 1.6,
    }));
    datasets.push({
      label: 'Means',
      data: Array.from({ length: k }, (_, c) => ({ x: plane.means[2 * c], y: plane.means[2 * c + 1] })),
      backgroundColor: theme.foreground,
      // In the theme's foreground: a cross in its cluster's colour vanishes among that cluster's points.
      borderColor: theme.foreground,
      borderWidth: 2, pointStyle: 'crossRot', pointRadius: 5,
      // Drawn over the points (a lower order is drawn later).
      order: -1,
    });
    const shapes = clusterEllipseShapes(plane, k, MINI_SIGMA_STYLES, 64);
    this.ellipses = shapes.length;
    this.chart?.destroy();
    this.chart = new Chart<'scatter', DotPoint[]>(this.canvas, {
      type: 'scatter',
      data: { datasets },
      options: miniScatterOptions(theme, xRange, yRange, shapes),
    });
  }

  inspect(): { points: number; ellipses: number } {
    const data = this.chart?.data.datasets ?? [];
    return { points: data.slice(0, -1).reduce((n, d) => n + d.data.length, 0), ellipses: this.ellipses };
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = undefined;
  }
}
