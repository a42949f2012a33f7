/**
 * The pairs tab: the scatterplot matrix of the fitted columns (pairsPlot.ts). Clicking a panel
 * opens that pair as the scatter tab's plane.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { FitSnapshot } from '../src/shared/protocol';
import { canvasToPng } from './canvasImage';
import { h, icon } from './dom';
import { drawPairs, layoutPairs, MAX_PAIRS_COLUMNS, panelAt, type PairsEllipse, type PairsLayout, panelPixel, pointsPerPanel } from './pairsPlot';
import type { PanelView, ViewContext } from './panelView';
import type { ViewState } from './store';

/** Widest matrix drawn (CSS px): beyond, panels only grow, they show nothing more. */
const MAX_WIDTH = 960;

export interface PairsInspection {
  columns: string[];
  size: number;
  panels: { xColumn: number; yColumn: number; left: number; top: number; size: number; xRange: [number, number]; yRange: [number, number] }[];
  /** Every outline drawn, its vertices in CSS px of the canvas. */
  ellipses: { panel: number; cluster: number; nSigma: number; pixels: [number, number][] }[];
  note: string;
  /** The canvas' size in CSS px. */
  width: number;
}

export class PairsView implements PanelView {
  readonly id = 'pairs';
  readonly label = 'Pairs';
  readonly element: HTMLElement;
  private readonly canvas = h('canvas', {
    id: 'pairs-chart', role: 'img', tabindex: 0,
    'aria-label': 'Scatterplot matrix of the fitted columns, coloured by cluster, with each cluster\'s 1σ and 2σ ellipse; click a panel to open that pair in the scatter tab.',
  });
  private readonly note = h('p', { class: 'note', id: 'pairs-note' });
  private layout: PairsLayout | undefined;
  private ellipses: PairsEllipse[] = [];
  private drawn: FitSnapshot | undefined;

  constructor(private readonly context: ViewContext) {
    const savePng = h('vscode-button', { id: 'save-pairs-png', secondary: true, title: 'Save the pairs plot as a PNG image' }, icon('file-media'), ' PNG');
    savePng.addEventListener('click', () => void canvasToPng(this.canvas).then(png => context.post({ type: 'saveImage', name: 'pairs', png })));
    this.canvas.addEventListener('click', event => this.open(event.offsetX, event.offsetY));
    this.element = h('section', { class: 'pairs' }, h('div', { class: 'plot-toolbar' }, this.note, savePng), h('div', { class: 'pairs-box' }, this.canvas));
    Object.defineProperty(window, 'clusterLensPairs', { configurable: true, value: () => this.inspect() });
  }

  retheme(): void { this.drawn = undefined; }

  update(state: ViewState, visible: boolean): void {
    const { fit } = state;
    if (!fit || !visible || this.drawn === fit) { return; }
    this.draw(fit);
    this.drawn = fit;
  }

  private draw(fit: FitSnapshot): void {
    const d = fit.columns.length;
    const available = this.element.clientWidth || MAX_WIDTH;
    const layout = layoutPairs(fit, Math.max(240, Math.min(MAX_WIDTH, available - 4)));
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(layout.width * dpr);
    this.canvas.height = Math.round(layout.width * dpr);
    this.canvas.style.width = `${layout.width}px`;
    this.canvas.style.height = `${layout.width}px`;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) { return; }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.layout = layout;
    this.ellipses = d < 2 ? [] : drawPairs(ctx, layout, fit, dpr);
    const m = fit.sample.labels.length;
    const perPanel = pointsPerPanel(layout.columns.length);
    const parts = [
      d < 2 ? 'One fitted column: there is no pair to draw.' : 'Click a panel to open that pair in the scatter tab.',
      d > MAX_PAIRS_COLUMNS ? `The first ${MAX_PAIRS_COLUMNS} of ${d} fitted columns are drawn (${layout.columns.map(j => fit.columns[j]).join(', ')}); the others are in the scatter tab's axes.` : '',
      m > perPanel ? `Each panel shows ${Math.ceil(m / Math.ceil(m / perPanel)).toLocaleString()} of the ${m.toLocaleString()} drawn rows, evenly thinned.` : '',
      fit.covariances ? 'Outlines: each cluster\'s 1σ (solid) and 2σ (dashed) ellipse on the pair.' : '',
    ];
    this.note.textContent = parts.filter(Boolean).join(' ');
    this.canvas.dataset.drawnFor = String(fit.fitId);
  }

  private open(px: number, py: number): void {
    const panel = this.layout && panelAt(this.layout, px, py);
    if (!panel || panel.xColumn === panel.yColumn) { return; }
    this.context.dispatch({ type: 'setProjection', projection: { kind: 'columns', x: panel.xColumn, y: panel.yColumn } });
    this.context.dispatch({ type: 'showView', id: 'scatter' });
  }

  private inspect(): PairsInspection | undefined {
    const layout = this.layout;
    const fit = this.drawn;
    if (!layout || !fit) { return undefined; }
    return {
      columns: layout.columns.map(j => fit.columns[j]),
      size: layout.size,
      width: layout.width,
      panels: layout.panels.map(p => ({
        ...p, xRange: layout.ranges[layout.columns.indexOf(p.xColumn)], yRange: layout.ranges[layout.columns.indexOf(p.yColumn)],
      })),
      ellipses: this.ellipses.map(e => ({
        panel: e.panel, cluster: e.cluster, nSigma: e.nSigma,
        pixels: Array.from({ length: e.points.length / 2 }, (_, i) => panelPixel(layout, layout.panels[e.panel], e.points[2 * i], e.points[2 * i + 1])),
      })),
      note: this.note.textContent ?? '',
    };
  }
}
