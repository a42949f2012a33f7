/**
 * The pairs plot (a scatterplot matrix, as mclust's clPairs draws a classification): every pair of
 * fitted columns as a small panel of the drawn rows coloured by cluster, with each Gaussian's
 * 1σ and 2σ outline on that pair (the marginal covariance, core/ellipse.ts), column names on the
 * diagonal. Drawn straight onto one canvas: dozens of small chart.js charts would not fit the
 * 500 ms budget of a first draw at 1,000,000 rows.
 */
import { covarianceEllipse, ellipsePoints, marginalCovariance } from '../src/core/ellipse';
import type { FitSnapshot } from '../src/shared/protocol';
import { formatNumber } from './format';
import { clusterColour, withAlpha } from './palette';
import { NOISE_COLOUR } from './scatterChart';
import { readTheme } from './theme';

/** More columns make panels too small to read: the first MAX_PAIRS_COLUMNS are drawn, and the view says so. */
export const MAX_PAIRS_COLUMNS = 8;
/** Points per panel: the sample thinned evenly (it is stratified by cluster already), so 56 panels draw quickly. */
export const MAX_PAIRS_POINTS = 3000;
const GAP = 6;
const ELLIPSE_STYLES = [{ nSigma: 1, lineWidth: 1.5, dash: [] as number[], alpha: 0.95 }, { nSigma: 2, lineWidth: 1, dash: [4, 3], alpha: 0.65 }];

export interface PairsPanel {
  /** Row (y column) and column (x column) of the matrix, as indices into the fit's columns. */
  xColumn: number;
  yColumn: number;
  left: number;
  top: number;
  size: number;
}

export interface PairsLayout {
  /** Fit columns drawn, in order. */
  columns: number[];
  /** Panel side, px (CSS). */
  size: number;
  width: number;
  /** Per drawn column: the data range its panels show. */
  ranges: [number, number][];
  panels: PairsPanel[];
}

/** Panels of an n × n matrix filling `width` px, with each column's range from the drawn values and means. */
export function layoutPairs(fit: FitSnapshot, width: number): PairsLayout {
  const d = fit.columns.length;
  const columns = Array.from({ length: Math.min(d, MAX_PAIRS_COLUMNS) }, (_, j) => j);
  const n = columns.length;
  const size = Math.max(20, Math.floor((width - GAP * (n - 1)) / n));
  const ranges = columns.map(j => columnRange(fit, j));
  const panels: PairsPanel[] = [];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      panels.push({ xColumn: columns[c], yColumn: columns[r], left: c * (size + GAP), top: r * (size + GAP), size });
    }
  }
  return { columns, size, width: n * size + (n - 1) * GAP, ranges, panels };
}

function columnRange(fit: FitSnapshot, j: number): [number, number] {
  const d = fit.columns.length;
  let min = Infinity;
  let max = -Infinity;
  for (let s = 0; s < fit.sample.labels.length; s++) {
    const v = fit.sample.values[s * d + j];
    if (v < min) { min = v; }
    if (v > max) { max = v; }
  }
  for (let c = 0; c < fit.nComponents; c++) {
    const v = fit.means[c * d + j];
    if (v < min) { min = v; }
    if (v > max) { max = v; }
  }
  if (!(max > min)) { return [min - 0.5, max + 0.5]; }
  const pad = 0.04 * (max - min);
  return [min - pad, max + pad];
}

/** Data → pixel in a panel: x left to right, y bottom to top. */
export function panelPixel(layout: PairsLayout, panel: PairsPanel, x: number, y: number): [number, number] {
  const [x0, x1] = layout.ranges[layout.columns.indexOf(panel.xColumn)];
  const [y0, y1] = layout.ranges[layout.columns.indexOf(panel.yColumn)];
  return [panel.left + ((x - x0) / (x1 - x0)) * panel.size, panel.top + panel.size - ((y - y0) / (y1 - y0)) * panel.size];
}

/** The panel under a point of the canvas (CSS px), if any. */
export function panelAt(layout: PairsLayout, px: number, py: number): PairsPanel | undefined {
  return layout.panels.find(p => px >= p.left && px <= p.left + p.size && py >= p.top && py <= p.top + p.size);
}

/** The outlines drawn, per off-diagonal panel and cluster, in data units (for the tests' geometry checks). */
export interface PairsEllipse { panel: number; cluster: number; nSigma: number; points: Float64Array }

/** Draws the matrix; returns the outlines drawn. `ctx` is already scaled to CSS px. */
export function drawPairs(ctx: CanvasRenderingContext2D, layout: PairsLayout, fit: FitSnapshot): PairsEllipse[] {
  const theme = readTheme();
  const d = fit.columns.length;
  const k = fit.nComponents;
  const m = fit.sample.labels.length;
  const stride = Math.max(1, Math.ceil(m / MAX_PAIRS_POINTS));
  const dot = m / stride > 1000 ? 1.6 : 2.4;
  const colours = Array.from({ length: k }, (_, c) => withAlpha(clusterColour(c), 0.55));
  const ellipses: PairsEllipse[] = [];
  ctx.clearRect(0, 0, layout.width, layout.width);
  layout.panels.forEach((panel, index) => {
    ctx.save();
    ctx.strokeStyle = theme.grid;
    ctx.lineWidth = 1;
    ctx.strokeRect(panel.left + 0.5, panel.top + 0.5, panel.size - 1, panel.size - 1);
    if (panel.xColumn === panel.yColumn) {
      drawDiagonal(ctx, layout, panel, fit, theme);
      ctx.restore();
      return;
    }
    ctx.beginPath();
    ctx.rect(panel.left, panel.top, panel.size, panel.size);
    ctx.clip();
    // One fill style per cluster: far fewer state changes than a colour per point.
    for (let c = -1; c < k; c++) {
      ctx.fillStyle = c < 0 ? withAlpha(NOISE_COLOUR, 0.55) : colours[c];
      for (let s = 0; s < m; s += stride) {
        if (fit.sample.labels[s] !== c) { continue; }
        const [px, py] = panelPixel(layout, panel, fit.sample.values[s * d + panel.xColumn], fit.sample.values[s * d + panel.yColumn]);
        ctx.fillRect(px - dot / 2, py - dot / 2, dot, dot);
      }
    }
    if (fit.covariances) {
      for (let c = 0; c < k; c++) {
        const mean = Float64Array.of(fit.means[c * d + panel.xColumn], fit.means[c * d + panel.yColumn]);
        const cov = marginalCovariance(fit.covariances.subarray(c * d * d, (c + 1) * d * d), d, panel.xColumn, panel.yColumn);
        for (const style of ELLIPSE_STYLES) {
          const points = ellipsePoints(covarianceEllipse(mean, cov, style.nSigma), 64);
          ellipses.push({ panel: index, cluster: c, nSigma: style.nSigma, points });
          ctx.beginPath();
          for (let i = 0; i < points.length / 2; i++) {
            const [px, py] = panelPixel(layout, panel, points[2 * i], points[2 * i + 1]);
            if (i === 0) { ctx.moveTo(px, py); } else { ctx.lineTo(px, py); }
          }
          ctx.closePath();
          ctx.strokeStyle = withAlpha(clusterColour(c), style.alpha);
          ctx.lineWidth = style.lineWidth;
          ctx.setLineDash(style.dash);
          ctx.stroke();
        }
      }
    }
    ctx.restore();
  });
  return ellipses;
}

/** The diagonal: the column's name and the range its row and column of panels show. */
function drawDiagonal(ctx: CanvasRenderingContext2D, layout: PairsLayout, panel: PairsPanel, fit: FitSnapshot, theme: ReturnType<typeof readTheme>): void {
  const [lo, hi] = layout.ranges[layout.columns.indexOf(panel.xColumn)];
  const cx = panel.left + panel.size / 2;
  const cy = panel.top + panel.size / 2;
  ctx.fillStyle = theme.foreground;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  const fontSize = Math.max(9, Math.min(theme.fontSize, panel.size / 8));
  ctx.font = `600 ${fontSize}px ${theme.fontFamily}`;
  ctx.fillText(ellipsize(ctx, fit.columns[panel.xColumn], panel.size - 8), cx, cy - fontSize * 0.4);
  ctx.fillStyle = theme.muted;
  ctx.font = `${Math.max(8, fontSize - 2)}px ${theme.fontFamily}`;
  ctx.fillText(ellipsize(ctx, `${formatNumber(lo, 3)} – ${formatNumber(hi, 3)}`, panel.size - 8), cx, cy + fontSize * 0.9);
}

/** The text cut with an ellipsis to fit `width` px. */
function ellipsize(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) { return text; }
  let cut = text;
  while (cut.length > 1 && ctx.measureText(`${cut}…`).width > width) { cut = cut.slice(0, -1); }
  return `${cut}…`;
}
