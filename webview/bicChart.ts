/**
 * "Find best model"'s chart, as mclust draws it: BIC (or ICL) against k, one line per model, the
 * best ringed. Higher is better (mclust's 2 log L − p ln n), and the axis says so. A cell that
 * could not be fitted is a gap in its line, never a number. Clicking a point opens that model.
 */
import {
  Chart, type ChartDataset, Legend, LinearScale, LineController, LineElement, PointElement, type PointStyle, Tooltip,
} from 'chart.js';
import { legendCentres, toggleSeriesOnClick } from './chartLegend';
import type { MixtureModel, SearchedModel } from '../src/shared/protocol';
import { formatScore } from './modelSearchModel';
import { chartBase, readTheme, titledAxis } from './theme';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

/** Seven colour-blind-safe colours (Okabe–Ito, grey for yellow, which vanishes on white), solid then dashed, each with its marker. */
const COLOURS = ['#E69F00', '#56B4E9', '#009E73', '#0072B2', '#D55E00', '#CC79A7', '#8C8C8C'];
const MARKERS: PointStyle[] = ['circle', 'rect', 'triangle', 'rectRot', 'crossRot', 'star', 'cross'];

/** Colour, marker and dash of each model's line: 14 lines told apart by colour, marker and dash together. */
export function modelStyle(model: MixtureModel, models: readonly MixtureModel[]): { colour: string; pointStyle: PointStyle; dash: number[] } {
  const i = Math.max(0, models.indexOf(model));
  return { colour: COLOURS[i % COLOURS.length], pointStyle: MARKERS[(i + Math.floor(i / COLOURS.length) * 3) % MARKERS.length], dash: i >= COLOURS.length ? [6, 3] : [] };
}

interface BicPoint { x: number; y: number | null; cell: SearchedModel | null }

export interface BicSeries {
  model: MixtureModel;
  points: { k: number; value: number; cell: SearchedModel }[];
}

export interface BicInspection {
  series: { label: string; hidden: boolean; points: { k: number; value: number; px: number; py: number }[] }[];
  best: { model: string; k: number; value: number; px: number; py: number } | null;
  legend: { label: string; x: number; y: number }[];
}

export class BicChart {
  private chart: Chart<'line', BicPoint[]> | undefined;
  private key = '';
  private readonly toggled = new Map<string, boolean>();
  private bestIndex = -1;

  constructor(private readonly canvas: HTMLCanvasElement, private readonly onPick: (cell: SearchedModel) => void) {}

  draw(label: string, kMax: number, models: readonly MixtureModel[], series: BicSeries[], best: SearchedModel | undefined, bestValue: number | undefined): void {
    const theme = readTheme();
    const datasets: ChartDataset<'line', BicPoint[]>[] = series.map(s => {
      const style = modelStyle(s.model, models);
      const byK = new Map(s.points.map(p => [p.k, p]));
      // a k with no score is a null point: the line breaks there instead of bridging the gap
      const last = s.points.length > 0 ? s.points[s.points.length - 1].k : 0;
      const data: BicPoint[] = [];
      for (let k = 1; k <= last; k++) {
        const p = byK.get(k);
        data.push(p ? { x: k, y: p.value, cell: p.cell } : { x: k, y: null, cell: null });
      }
      return {
        label: s.model, data, borderColor: style.colour, backgroundColor: style.colour, pointStyle: style.pointStyle,
        borderDash: style.dash, pointRadius: 3.5, pointHoverRadius: 6, borderWidth: 1.8, tension: 0, spanGaps: false,
        hidden: this.toggled.get(s.model) ?? false,
      };
    });
    if (best && bestValue !== undefined) {
      datasets.push({
        label: `best ${label}`, data: [{ x: best.k, y: bestValue, cell: best }], borderColor: theme.foreground, backgroundColor: 'rgba(0, 0, 0, 0)',
        pointStyle: 'circle', pointRadius: 10, pointHoverRadius: 12, borderWidth: 2.5, showLine: false, order: -1,
      });
    }
    this.bestIndex = best ? datasets.length - 1 : -1;
    const title = `${label} (higher is better)`;
    const key = `${title}|${kMax}|${series.map(s => s.model).join(',')}|${best ? 1 : 0}|${theme.foreground}`;
    if (this.chart && key === this.key) {
      this.chart.data.datasets = datasets;
      this.chart.update('none');
      return;
    }
    this.key = key;
    this.chart?.destroy();
    const yAxis = titledAxis(theme, `${title} ↑`);
    this.chart = new Chart<'line', BicPoint[]>(this.canvas, {
      type: 'line',
      data: { datasets },
      options: {
        ...chartBase(theme),
        // cells stream in: points drawn where they are at once, so a click lands on what is seen
        animation: false,
        interaction: { mode: 'nearest', intersect: true },
        scales: {
          x: { type: 'linear', min: 1, max: Math.max(2, kMax), ...titledAxis(theme, 'k (clusters)', { stepSize: 1, precision: 0 }) },
          y: {
            type: 'linear', grace: '4%', ...yAxis,
            // the same true minus and grouping as the numbers beside the chart
            ticks: { ...yAxis.ticks, callback: value => Number(value).toLocaleString('en-US').replace('-', '−') },
          },
        },
        plugins: {
          legend: {
            position: 'right',
            labels: { color: theme.foreground, usePointStyle: true, boxHeight: 7, sort: (a, b) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0) },
            onClick: toggleSeriesOnClick(() => this.chart as Chart | undefined, this.toggled),
          },
          tooltip: {
            filter: item => (item.raw as BicPoint).cell !== null,
            callbacks: {
              label: item => {
                const p = item.raw as BicPoint;
                return `${p.cell!.model}, k = ${p.cell!.k}: ${label} ${formatScore(p.y!)} (click to open)`;
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
          if (point?.cell) { this.onPick(point.cell); }
        },
      },
    });
  }

  /** Where each point is drawn, for the webview tests. */
  inspect(): BicInspection | undefined {
    const chart = this.chart;
    if (!chart) { return undefined; }
    const { x, y } = chart.scales;
    const datasets = chart.data.datasets;
    const ringed = datasets[this.bestIndex];
    const at = (p: BicPoint) => ({ k: p.x, value: p.y!, px: x.getPixelForValue(p.x), py: y.getPixelForValue(p.y!) });
    const ring = ringed?.data[0];
    return {
      series: datasets.flatMap((d, i) => (d === ringed ? [] : [{
        label: String(d.label), hidden: !chart.isDatasetVisible(i), points: d.data.filter(p => p.y !== null).map(at),
      }])),
      best: ring?.cell ? { model: ring.cell.model, ...at(ring) } : null,
      legend: legendCentres(chart as unknown as Chart),
    };
  }

  forgetToggles(): void {
    this.toggled.clear();
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = undefined;
    this.key = '';
  }
}
