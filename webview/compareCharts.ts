/**
 * The charts of the "Compare k" tab: a criterion against k (one line per covariance type, the best
 * model starred), and the small scatter of one compared model with its 1 and 2 σ ellipses.
 */
import {
  Chart, type ChartDataset, Legend, LinearScale, LineController, LineElement, PointElement, type PointStyle,
  ScatterController, Tooltip,
} from 'chart.js';
import type { ComparedModel, CovarianceType } from '../src/shared/protocol';
import { clusterEllipseShapes, ellipsePlugin } from './ellipsePlugin';
import { formatNumber } from './format';
import { clusterColour, withAlpha } from './palette';
import { MINI_SIGMA_STYLES, miniScatterOptions } from './miniScatter';
import type { Plane } from './plane';
import { ScoreByKChart } from './scoreByKChart';
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

/** A criterion against k. Clicking a point (or the ring) picks its model. */
export class CriterionChart extends ScoreByKChart<LinePoint, ComparedModel> {
  constructor(canvas: HTMLCanvasElement, onPick: (model: ComparedModel) => void) {
    super(canvas, point => point.model, onPick);
  }

  draw(title: string, kMax: number, series: CriterionSeries[], best: { model: ComparedModel; value: number; label: string } | undefined): void {
    const theme = readTheme();
    const lines: ChartDataset<'line', LinePoint[]>[] = series.map(s => ({
      label: s.label,
      data: s.points.map(p => ({ x: p.k, y: p.value, model: p.model })),
      borderColor: s.colour,
      backgroundColor: s.colour,
      pointStyle: s.pointStyle,
      pointRadius: 4,
      pointHoverRadius: 6,
      borderWidth: 2,
      tension: 0,
      hidden: this.hiddenLine(s.label, s.hidden),
    }));
    const ring = best && { label: best.label, point: { x: best.model.k, y: best.value, model: best.model } };
    const key = `${title}|${kMax}|${series.map(s => s.label).join(',')}|${best ? 1 : 0}|${theme.foreground}`;
    this.drawLines(theme, key, lines, ring, () => ({
      ...chartBase(theme),
      interaction: { mode: 'nearest', intersect: true },
      scales: {
        x: { type: 'linear', min: 1, max: Math.max(2, kMax), ...titledAxis(theme, 'k (clusters)', { stepSize: 1, precision: 0 }) },
        y: { type: 'linear', grace: '6%', ...titledAxis(theme, title) },
      },
      plugins: {
        // Series first, then the best-model ring (drawn last, listed last).
        legend: this.legendOptions(theme, 'bottom', 8),
        tooltip: {
          callbacks: {
            label: item => {
              const p = item.raw as LinePoint;
              return `k = ${p.model.k}${series.length > 1 ? `, ${p.model.covarianceType}` : ''}: ${title} ${formatNumber(p.y)} (click to open)`;
            },
          },
        },
      },
      ...this.pointerOptions(),
    }));
  }

  /** Where each point is drawn, for the webview tests. */
  inspect(): CriterionInspection | undefined {
    const drawn = this.inspectLines();
    if (!drawn) { return undefined; }
    const ring = drawn.best;
    return { series: drawn.series, best: ring ? { ...drawn.at(ring), covarianceType: ring.model.covarianceType } : null, legend: drawn.legend };
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
