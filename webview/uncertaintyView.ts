/**
 * The uncertainty tab (mclust's uncertainty plot, as a curve): every drawn row's uncertainty
 * 1 − max p, sorted, with the table's "certainty below x" filter as a line across it. Clicking the
 * curve moves the filter (store.tableFilter, which the table follows); the rows above the line are
 * the ones the table then lists. The scatter's "Size by uncertainty" is the other half of the picture.
 */
import { Chart, type ChartDataset, Filler, LinearScale, LineElement, PointElement, ScatterController } from 'chart.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { FitSnapshot } from '../src/shared/protocol';
import { canvasToPng } from './canvasImage';
import { h, icon } from './dom';
import { formatPercent } from './format';
import type { PanelView, ViewContext } from './panelView';
import { isDensityFit } from './scatterChart';
import type { ViewState } from './store';
import { chartBase, readTheme, titledAxis } from './theme';
import { countBelow, curvePoints, sortedCertainties } from './uncertainty';

Chart.register(ScatterController, LineElement, PointElement, LinearScale, Filler);

/** Points of the drawn curve: a monotone curve needs no more to look exact at any panel width. */
const CURVE_POINTS = 1000;

export interface UncertaintyInspection {
  /** The curve's points in data units and pixels. */
  curve: { x: number; y: number; px: number; py: number }[];
  /** The filter line: certainty below (null = none) and its pixel row. */
  threshold: { certaintyBelow: number; py: number } | null;
  /** Rows of the drawn sample below the filter. */
  below: number;
  rows: number;
  area: { left: number; right: number; top: number; bottom: number };
  xRange: [number, number];
  yRange: [number, number];
  caption: string;
}

export class UncertaintyView implements PanelView {
  readonly id = 'uncertainty';
  readonly label = 'Uncertainty';
  readonly element: HTMLElement;
  private readonly canvas = h('canvas', {
    id: 'uncertainty-chart', role: 'img',
    'aria-label': 'Uncertainty (1 − max p) of every drawn row, sorted; click to set the table\'s "certainty below" filter there.',
  });
  private readonly caption = h('p', { class: 'note', id: 'uncertainty-caption', role: 'status' });
  private readonly showRows = h('vscode-button', { id: 'uncertainty-show-rows', title: 'List these rows in the table' }, icon('table'), ' Show in table');
  private readonly clear = h('vscode-button', { id: 'uncertainty-clear', secondary: true, title: 'Remove the certainty filter' }, 'Clear');
  private chart: Chart<'scatter'> | undefined;
  private drawn: { fit: FitSnapshot; below: number | null } | undefined;
  private certainties: Float64Array = new Float64Array(0);
  private threshold: number | null = null;

  constructor(private readonly context: ViewContext) {
    const savePng = h('vscode-button', { id: 'save-uncertainty-png', secondary: true, title: 'Save the uncertainty curve as a PNG image' }, icon('file-media'), ' PNG');
    savePng.addEventListener('click', () => void canvasToPng(this.canvas).then(png => context.post({ type: 'saveImage', name: 'uncertainty', png })));
    this.showRows.addEventListener('click', () => context.dispatch({ type: 'showView', id: 'table' }));
    this.clear.addEventListener('click', () => context.dispatch({ type: 'setTableFilter', filter: { certaintyBelow: null } }));
    this.canvas.addEventListener('click', event => this.pick(event));
    this.element = h('section', { class: 'uncertainty' },
      h('div', { class: 'plot-toolbar' },
        h('p', { class: 'note' }, 'Each row\'s uncertainty, 1 − its largest membership probability (mclust\'s uncertainty), most certain first. Click the curve to list the rows above that height in the table.'),
        savePng),
      h('div', { class: 'chart-box' }, this.canvas),
      h('div', { class: 'plot-toolbar' }, this.caption, h('span', {}, this.showRows, ' ', this.clear)));
    Object.defineProperty(window, 'clusterLensUncertainty', { configurable: true, value: () => this.inspect() });
  }

  retheme(): void { this.drawn = undefined; }

  update(state: ViewState, visible: boolean): void {
    const { fit } = state;
    if (!fit || !visible) { return; }
    const below = state.tableFilter.certaintyBelow;
    if (this.drawn?.fit === fit && this.drawn.below === below) { return; }
    this.draw(fit, below);
    this.drawn = { fit, below };
  }

  private draw(fit: FitSnapshot, below: number | null): void {
    const theme = readTheme();
    const density = isDensityFit(fit);
    if (this.drawn?.fit !== fit) { this.certainties = sortedCertainties(fit.sample.certainty, fit.sample.labels); }
    this.threshold = density ? null : below;
    const m = this.certainties.length;
    const curve = curvePoints(this.certainties, CURVE_POINTS);
    const k = fit.nComponents;
    const yMax = k > 1 ? 1 - 1 / k : 1;
    const datasets: ChartDataset<'scatter'>[] = [{
      label: 'Uncertainty', data: curve, showLine: true, pointRadius: 0, pointHitRadius: 0, borderWidth: 2, borderColor: theme.foreground, tension: 0,
    }];
    const nBelow = this.threshold === null ? 0 : countBelow(this.certainties, this.threshold);
    if (this.threshold !== null) {
      const line = 1 - this.threshold;
      const accent = warningColour(theme.foreground);
      // The rows the filter keeps: the curve above the line, shaded down to it.
      const above = curve.filter(p => p.y > line);
      if (above.length > 0) {
        datasets.push({
          label: 'Below the certainty filter', data: [{ x: above[0].x, y: line }, ...above], showLine: true, pointRadius: 0, borderWidth: 3,
          borderColor: accent, backgroundColor: withOpacity(accent, 0.25), fill: { value: line }, tension: 0,
        });
      }
      datasets.push({
        label: 'Certainty filter', data: [{ x: 0, y: line }, { x: 1, y: line }], showLine: true, pointRadius: 0, borderWidth: 1.5,
        borderDash: [6, 4], borderColor: theme.muted,
      });
    }
    this.chart?.destroy();
    this.chart = new Chart<'scatter'>(this.canvas, {
      type: 'scatter',
      data: { datasets },
      options: {
        ...chartBase(theme),
        scales: {
          x: { type: 'linear', min: 0, max: 1, ...titledAxis(theme, 'Share of the drawn rows, most certain first'), ticks: { color: theme.muted, callback: v => formatPercent(Number(v), 0) } },
          y: { type: 'linear', min: 0, max: Math.ceil(10 * Math.max(yMax, this.threshold === null ? 0 : 1 - this.threshold)) / 10, ...titledAxis(theme, 'Uncertainty (1 − max p)') },
        },
        plugins: { legend: { display: false }, tooltip: { enabled: false } },
      },
    });
    this.canvas.dataset.drawnFor = String(fit.fitId);
    this.showRows.toggleAttribute('disabled', this.threshold === null);
    this.clear.toggleAttribute('disabled', this.threshold === null);
    this.caption.textContent = density
      ? `${fit.algorithm === 'spectral' ? 'Spectral clustering' : fit.algorithm.toUpperCase()} gives no membership probabilities: there is no uncertainty to draw.`
      : fit.algorithm === 'kmeans'
      ? 'k-means labels are hard: every row is certain (uncertainty 0).'
      : this.threshold === null
      ? `${m.toLocaleString()} drawn rows. No certainty filter: click the curve to set one.`
      : `Certainty below ${formatPercent(this.threshold)}: ${nBelow.toLocaleString()} of ${m.toLocaleString()} drawn rows (${formatPercent(m > 0 ? nBelow / m : 0)})${m < fit.nSamples ? `; the table counts all ${fit.nSamples.toLocaleString()} rows` : ''}.`;
  }

  /** A click sets the filter at the clicked height: rows more uncertain than it are listed. */
  private pick(event: MouseEvent): void {
    const chart = this.chart;
    if (!chart || !this.drawn || isDensityFit(this.drawn.fit) || this.drawn.fit.algorithm === 'kmeans') { return; }
    const { top, bottom } = chart.chartArea;
    if (event.offsetY < top || event.offsetY > bottom) { return; }
    const u = chart.scales.y.getValueForPixel(event.offsetY) ?? 0;
    const certaintyBelow = Math.round(Math.max(0, Math.min(1, 1 - u)) * 1000) / 1000;
    this.context.dispatch({ type: 'setTableFilter', filter: { certaintyBelow } });
  }

  private inspect(): UncertaintyInspection | undefined {
    const chart = this.chart;
    if (!chart) { return undefined; }
    const x = chart.scales.x;
    const y = chart.scales.y;
    const curve = (chart.data.datasets[0].data as { x: number; y: number }[]).map(p => ({ ...p, px: x.getPixelForValue(p.x), py: y.getPixelForValue(p.y) }));
    return {
      curve,
      threshold: this.threshold === null ? null : { certaintyBelow: this.threshold, py: y.getPixelForValue(1 - this.threshold) },
      below: this.threshold === null ? 0 : countBelow(this.certainties, this.threshold),
      rows: this.certainties.length,
      area: { left: chart.chartArea.left, right: chart.chartArea.right, top: chart.chartArea.top, bottom: chart.chartArea.bottom },
      xRange: [x.min, x.max], yRange: [y.min, y.max],
      caption: this.caption.textContent ?? '',
    };
  }
}

/** The theme's warning colour (VS Code's editorWarning), or its text colour when it has none. */
function warningColour(fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue('--vscode-editorWarning-foreground').trim() || fallback;
}

/** Any CSS colour at an opacity, through the canvas' own parser (theme colours come as #rgb, #rrggbbaa or rgb()). */
function withOpacity(colour: string, alpha: number): string {
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) { return colour; }
  ctx.fillStyle = colour;
  const hex = ctx.fillStyle;
  if (!hex.startsWith('#')) { return colour; }
  const r = parseInt(hex.slice(1, 3), 16);
  const g = parseInt(hex.slice(3, 5), 16);
  const b = parseInt(hex.slice(5, 7), 16);
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}
