/**
 * The silhouette tab: Rousseeuw's (1987) picture. Each row is a horizontal bar as long as its
 * silhouette s = (b − a) / max(a, b), rows sorted within their cluster, clusters stacked top to
 * bottom; a dashed line at the overall mean, and a table of the means per cluster. A cluster of
 * short or negative bars is one whose rows sit as near another cluster as their own.
 */
import { Chart, type Plugin, LinearScale, ScatterController } from 'chart.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { FitSnapshot } from '../src/shared/protocol';
import { canvasToPng } from './canvasImage';
import { h, icon } from './dom';
import { formatNumber } from './format';
import { clusterColour, clusterSwatch, withAlpha } from './palette';
import type { PanelView, ViewContext } from './panelView';
import type { ViewState } from './store';
import { silhouettePicture, type SilhouettePicture } from './silhouetteModel';
import { chartBase, readTheme, titledAxis } from './theme';

/** Blank rows between clusters, in bar heights: enough to tell the blocks apart. */
const GAP_ROWS = 0.02;

interface Block { cluster: number; start: number; values: Float64Array }

interface SilhouetteOptions { blocks: Block[]; overall: number; lineColour: string }

declare module 'chart.js' {
  interface PluginOptionsByType<TType> {
    silhouetteBars?: SilhouetteOptions & { _type?: TType };
  }
}

/** Draws each cluster's bars as one filled step outline (thousands of bars, one path each), and the mean line. */
const silhouettePlugin: Plugin<'scatter', SilhouetteOptions> = {
  id: 'silhouetteBars',
  defaults: { blocks: [], overall: NaN, lineColour: '#888888' },
  afterDatasetsDraw(chart, _args, options) {
    const { ctx, chartArea, scales: { x, y } } = chart;
    if (!x || !y) { return; }
    ctx.save();
    ctx.beginPath();
    ctx.rect(chartArea.left, chartArea.top, chartArea.right - chartArea.left, chartArea.bottom - chartArea.top);
    ctx.clip();
    const zero = x.getPixelForValue(0);
    for (const block of options.blocks) {
      ctx.beginPath();
      ctx.moveTo(zero, y.getPixelForValue(block.start));
      block.values.forEach((s, i) => {
        const px = x.getPixelForValue(s);
        ctx.lineTo(px, y.getPixelForValue(block.start + i));
        ctx.lineTo(px, y.getPixelForValue(block.start + i + 1));
      });
      ctx.lineTo(zero, y.getPixelForValue(block.start + block.values.length));
      ctx.closePath();
      ctx.fillStyle = withAlpha(clusterColour(block.cluster), 0.8);
      ctx.fill();
    }
    ctx.strokeStyle = options.lineColour;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(zero, chartArea.top);
    ctx.lineTo(zero, chartArea.bottom);
    ctx.stroke();
    if (!Number.isNaN(options.overall)) {
      const px = x.getPixelForValue(options.overall);
      ctx.setLineDash([6, 4]);
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(px, chartArea.top);
      ctx.lineTo(px, chartArea.bottom);
      ctx.stroke();
    }
    ctx.restore();
  },
};

Chart.register(ScatterController, LinearScale, silhouettePlugin);

export interface SilhouetteInspection {
  /** Per drawn row: its cluster, silhouette, and the pixel its bar ends at (x) and its middle (y). */
  bars: { sample: number; cluster: number; value: number; px: number; py: number }[];
  zeroPx: number;
  overall: number;
  overallPx: number;
  means: number[];
  nUsed: number;
  nRows: number;
  note: string;
}

export class SilhouetteView implements PanelView {
  readonly id = 'silhouette';
  readonly label = 'Silhouette';
  readonly element: HTMLElement;
  private readonly canvas = h('canvas', {
    id: 'silhouette-chart', role: 'img',
    'aria-label': 'Silhouette of each row, sorted within its cluster; the dashed line is the overall mean.',
  });
  private readonly note = h('p', { class: 'note', id: 'silhouette-note' });
  private readonly table = h('table', { class: 'numbers', id: 'silhouette-table' });
  private chart: Chart<'scatter'> | undefined;
  private picture: SilhouettePicture | undefined;
  private blocks: Block[] = [];
  private drawn: FitSnapshot | undefined;
  /** The fit the silhouettes were computed for. */
  private drawnFitId = -1;

  constructor(context: ViewContext) {
    const savePng = h('vscode-button', { id: 'save-silhouette-png', secondary: true, title: 'Save the silhouette plot as a PNG image' }, icon('file-media'), ' PNG');
    savePng.addEventListener('click', () => void canvasToPng(this.canvas).then(png => context.post({ type: 'saveImage', name: 'silhouette', png })));
    this.element = h('section', { class: 'silhouette' },
      h('div', { class: 'plot-toolbar' }, this.note, savePng),
      h('div', { class: 'silhouette-body' }, h('div', { class: 'chart-box silhouette-box' }, this.canvas), this.table));
    Object.defineProperty(window, 'clusterLensSilhouette', { configurable: true, value: () => this.inspect() });
  }

  retheme(): void { this.drawn = undefined; }

  update(state: ViewState, visible: boolean): void {
    const { fit } = state;
    if (!fit || !visible || this.drawn === fit) { return; }
    // The same fit keeps its silhouettes across a change of theme: only the drawing is redone.
    if (this.picture === undefined || this.drawnFitId !== fit.fitId) { this.picture = silhouettePicture(fit); this.drawnFitId = fit.fitId; }
    this.draw(fit, this.picture);
    this.drawn = fit;
  }

  private draw(fit: FitSnapshot, picture: SilhouettePicture): void {
    const theme = readTheme();
    let start = 0;
    const gap = Math.max(2, Math.round(GAP_ROWS * picture.nUsed));
    this.blocks = [];
    for (const cluster of picture.clusters) {
      if (cluster.values.length === 0) { continue; }
      this.blocks.push({ cluster: cluster.cluster, start, values: cluster.values });
      start += cluster.values.length + gap;
    }
    const total = Math.max(1, start - gap);
    let min = 0;
    for (const block of this.blocks) { for (const s of block.values) { if (s < min) { min = s; } } }
    const centres = this.blocks.map(b => ({ value: b.start + b.values.length / 2, cluster: b.cluster }));
    this.chart?.destroy();
    this.chart = new Chart<'scatter'>(this.canvas, {
      type: 'scatter',
      data: { datasets: [] },
      options: {
        ...chartBase(theme),
        scales: {
          x: { type: 'linear', min: Math.min(-0.1, Math.floor(min * 10) / 10), max: 1, ...titledAxis(theme, 'Silhouette s = (b − a) / max(a, b)') },
          y: {
            type: 'linear', min: 0, max: total, reverse: true, ...titledAxis(theme, 'Rows, sorted within each cluster'),
            grid: { display: false },
            // One tick per cluster, at the middle of its block.
            afterBuildTicks: axis => { axis.ticks = centres.map(c => ({ value: c.value })); },
            ticks: { color: theme.foreground, autoSkip: false, callback: (_value, index) => `Cluster ${(centres[index]?.cluster ?? 0) + 1}` },
          },
        },
        plugins: {
          legend: { display: false }, tooltip: { enabled: false },
          silhouetteBars: { blocks: this.blocks, overall: picture.overall, lineColour: theme.foreground },
        },
      },
    });
    const k = fit.nComponents;
    this.table.replaceChildren(
      h('caption', {}, 'Mean silhouette'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Cluster'), h('th', { scope: 'col' }, 'Mean'), h('th', { scope: 'col' }, 'Rows'), h('th', { scope: 'col' }, 'Below 0'))),
      h('tbody', {}, ...picture.clusters.slice(0, k).map(c => h('tr', {},
        h('th', { scope: 'row' }, clusterSwatch(c.cluster), ` ${c.cluster + 1}`),
        h('td', {}, Number.isNaN(c.mean) ? '—' : formatNumber(c.mean, 3)),
        h('td', {}, c.values.length.toLocaleString()),
        h('td', {}, c.values.filter(v => v < 0).length.toLocaleString())))),
      h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, 'All'), h('td', {}, Number.isNaN(picture.overall) ? '—' : formatNumber(picture.overall, 3)),
        h('td', {}, picture.nUsed.toLocaleString()), h('td', {}, ''))));
    const sampled = picture.nUsed < picture.nRows;
    this.note.textContent = [
      sampled
        ? `On a sample of ${picture.nUsed.toLocaleString()} of the ${picture.nRows.toLocaleString()} rows, stratified by cluster (every cluster keeps at least 20 rows); the overall mean weights each cluster by its size among all rows.`
        : `All ${picture.nUsed.toLocaleString()} rows.`,
      picture.standardized ? 'Distances in standardised units, as the fit measured them.' : 'Euclidean distances in the columns\' own units, as the fit measured them.',
      picture.nNoise > 0 ? `${picture.nNoise.toLocaleString()} noise rows belong to no cluster and are left out.` : '',
      `Dashed line: the overall mean, ${Number.isNaN(picture.overall) ? 'undefined with fewer than 2 clusters' : formatNumber(picture.overall, 3)}.`,
    ].filter(Boolean).join(' ');
    this.canvas.dataset.drawnFor = String(fit.fitId);
  }

  private inspect(): SilhouetteInspection | undefined {
    const chart = this.chart;
    const picture = this.picture;
    if (!chart || !picture) { return undefined; }
    const { x, y } = chart.scales;
    const bars = this.blocks.flatMap(block => {
      const cluster = picture.clusters[block.cluster];
      return Array.from(block.values, (value, i) => ({
        sample: cluster.samples[i], cluster: block.cluster, value, px: x.getPixelForValue(value), py: y.getPixelForValue(block.start + i + 0.5),
      }));
    });
    return {
      bars, zeroPx: x.getPixelForValue(0), overall: picture.overall, overallPx: x.getPixelForValue(picture.overall),
      means: picture.clusters.map(c => c.mean), nUsed: picture.nUsed, nRows: picture.nRows, note: this.note.textContent ?? '',
    };
  }
}
