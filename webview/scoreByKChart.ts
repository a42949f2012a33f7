/**
 * The skeleton shared by the line charts of a score against k (Compare k's criteria, Find best
 * model's BIC): lines the user hides from the legend stay hidden across redraws, the best point is
 * ringed, a redraw with the same axes and legend updates the chart in place (points streaming in
 * do not flicker), and clicking a point picks what it stands for.
 */
import { Chart, type ChartDataset, type ChartOptions } from 'chart.js';
import { legendCentres, toggleSeriesOnClick } from './chartLegend';
import type { ThemeColours } from './theme';

/** A point of a line; y null is a gap (a k without a score). */
export interface ScorePoint { x: number; y: number | null }

export interface DrawnPoint { k: number; value: number; px: number; py: number }

export interface ScoreLinesInspection<P> {
  series: { label: string; hidden: boolean; points: DrawnPoint[] }[];
  /** The ringed point, undefined when none is. */
  best: P | undefined;
  /** Where a point is drawn, canvas pixels. */
  at: (point: P) => DrawnPoint;
  /** Centre of each legend entry, canvas pixels */
  legend: { label: string; x: number; y: number }[];
}

export abstract class ScoreByKChart<P extends ScorePoint, T> {
  private chart: Chart<'line', P[]> | undefined;
  private key = '';
  /** Lines the user showed or hid from the legend: that choice outlives redraws as points arrive. */
  private readonly toggled = new Map<string, boolean>();
  private bestIndex = -1;

  /** `pick` reads what a point stands for (undefined: nothing to open); `onPick` opens it. */
  constructor(
    private readonly canvas: HTMLCanvasElement, private readonly pick: (point: P) => T | undefined, private readonly onPick: (picked: T) => void,
  ) {}

  /** Whether a line is drawn hidden: as the user last toggled it, else as the view asks. */
  protected hiddenLine(label: string, hidden: boolean): boolean {
    return this.toggled.get(label) ?? hidden;
  }

  /**
   * Draws `lines`, and a ring round `best` (the point itself, in its line's colour and marker,
   * stays visible). The same `key` (axes, legend, theme) updates in place; another builds the
   * chart anew from `options`.
   */
  protected drawLines(theme: ThemeColours, key: string, lines: ChartDataset<'line', P[]>[], best: { label: string; point: P } | undefined, options: () => ChartOptions<'line'>): void {
    const datasets = [...lines];
    if (best) {
      datasets.push({
        label: best.label, data: [best.point], borderColor: theme.foreground, backgroundColor: 'rgba(0, 0, 0, 0)',
        pointStyle: 'circle', pointRadius: 10, pointHoverRadius: 12, borderWidth: 2.5, showLine: false, order: -1,
      });
    }
    this.bestIndex = best ? datasets.length - 1 : -1;
    if (this.chart && key === this.key) {
      this.chart.data.datasets = datasets;
      this.chart.update('none');
      return;
    }
    this.key = key;
    this.chart?.destroy();
    this.chart = new Chart<'line', P[]>(this.canvas, { type: 'line', data: { datasets }, options: options() });
  }

  /** The legend: point markers, lines in drawing order (the ring last), a click hides or shows a line. */
  protected legendOptions(theme: ThemeColours, position: 'right' | 'bottom', boxHeight: number) {
    return {
      position,
      labels: { color: theme.foreground, usePointStyle: true, boxHeight, sort: (a: { datasetIndex?: number }, b: { datasetIndex?: number }) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0) },
      onClick: toggleSeriesOnClick(() => this.chart as Chart | undefined, this.toggled),
    };
  }

  /** A pointer over a point, and a click on one that picks what it stands for. */
  protected pointerOptions(): Pick<ChartOptions<'line'>, 'onHover' | 'onClick'> {
    return {
      onHover: (event, elements) => {
        const target = event.native?.target as HTMLElement | undefined;
        if (target) { target.style.cursor = elements.length > 0 ? 'pointer' : 'default'; }
      },
      onClick: (_event, elements) => {
        const hit = elements[0];
        if (!hit || !this.chart) { return; }
        const point = this.chart.data.datasets[hit.datasetIndex]?.data[hit.index];
        const picked = point && this.pick(point);
        if (picked !== undefined) { this.onPick(picked); }
      },
    };
  }

  /** Where each line's points are drawn (gaps left out) and the ring, for the webview tests. */
  protected inspectLines(): ScoreLinesInspection<P> | undefined {
    const chart = this.chart;
    if (!chart) { return undefined; }
    const { x, y } = chart.scales;
    const at = (p: P): DrawnPoint => ({ k: p.x, value: p.y!, px: x.getPixelForValue(p.x), py: y.getPixelForValue(p.y!) });
    const datasets = chart.data.datasets;
    const ringed = datasets[this.bestIndex];
    return {
      series: datasets.flatMap((d, i) => (d === ringed ? [] : [{
        label: String(d.label), hidden: !chart.isDatasetVisible(i), points: d.data.filter(p => p.y !== null).map(at),
      }])),
      best: ringed?.data[0],
      at,
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
