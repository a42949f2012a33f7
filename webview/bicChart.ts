/**
 * "Find best model"'s chart, as mclust draws it: BIC (or ICL) against k, one line per model, the
 * best ringed. Higher is better (mclust's 2 log L − p ln n), and the axis says so. A cell that
 * could not be fitted is a gap in its line, never a number. Clicking a point opens that model.
 */
import {
  Chart, type ChartDataset, Legend, LinearScale, LineController, LineElement, PointElement, type PointStyle, Tooltip,
} from 'chart.js';
import type { MixtureModel, SearchedModel } from '../src/shared/protocol';
import { formatScore } from './modelSearchModel';
import { ScoreByKChart } from './scoreByKChart';
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

/** BIC or ICL against k, one line per model; clicking a point opens its (model, k). */
export class BicChart extends ScoreByKChart<BicPoint, SearchedModel> {
  constructor(canvas: HTMLCanvasElement, onPick: (cell: SearchedModel) => void) {
    super(canvas, point => point.cell ?? undefined, onPick);
  }

  draw(label: string, kMax: number, models: readonly MixtureModel[], series: BicSeries[], best: SearchedModel | undefined, bestValue: number | undefined): void {
    const theme = readTheme();
    const lines: ChartDataset<'line', BicPoint[]>[] = series.map(s => {
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
        hidden: this.hiddenLine(s.model, false),
      };
    });
    const ring = best && bestValue !== undefined ? { label: `best ${label}`, point: { x: best.k, y: bestValue, cell: best } } : undefined;
    const title = `${label} (higher is better)`;
    const key = `${title}|${kMax}|${series.map(s => s.model).join(',')}|${best ? 1 : 0}|${theme.foreground}`;
    this.drawLines(theme, key, lines, ring, () => {
      const yAxis = titledAxis(theme, `${title} ↑`);
      return {
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
          legend: this.legendOptions(theme, 'right', 7),
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
        ...this.pointerOptions(),
      };
    });
  }

  /** Where each point is drawn, for the webview tests. */
  inspect(): BicInspection | undefined {
    const drawn = this.inspectLines();
    if (!drawn) { return undefined; }
    const ring = drawn.best;
    return { series: drawn.series, best: ring?.cell ? { model: ring.cell.model, ...drawn.at(ring) } : null, legend: drawn.legend };
  }
}
