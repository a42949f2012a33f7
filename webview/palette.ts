/**
 * Cluster colours: Okabe & Ito's colour-blind-safe set, then Paul Tol's "muted" set, which stay
 * distinguishable for the common colour-vision deficiencies and on light and dark themes.
 */
import { h } from './dom';

const COLOURS = [
  '#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#999999',
  '#332288', '#88CCEE', '#44AA99', '#117733', '#999933', '#DDCC77', '#CC6677', '#882255', '#AA4499',
];

export function clusterColour(cluster: number): string {
  return COLOURS[cluster % COLOURS.length];
}

/** `#rrggbb` with an alpha in [0, 1], as an rgba() string for canvas fills. */
export function withAlpha(hex: string, alpha: number): string {
  const r = parseInt(hex.slice(1, 3), 16);
  const g = parseInt(hex.slice(3, 5), 16);
  const b = parseInt(hex.slice(5, 7), 16);
  return `rgba(${r}, ${g}, ${b}, ${alpha.toFixed(3)})`;
}

/**
 * Opacity of a point from its certainty (max probability): a point sure of its cluster is solid,
 * one split between k clusters (certainty 1/k) is faint, so the uncertain ones stand out.
 */
export function certaintyAlpha(certainty: number, k: number): number {
  return alphaOfLevel(certaintyLevel(certainty, k));
}

/**
 * Opacity comes in CERTAINTY_LEVELS steps: the eye cannot tell finer ones apart, and the scatter
 * draws one chart.js dataset per (cluster, level) with a single colour, which is several times
 * faster than a colour per point.
 */
export const CERTAINTY_LEVELS = 8;

export function certaintyLevel(certainty: number, k: number): number {
  if (k <= 1) { return CERTAINTY_LEVELS - 1; }
  const floor = 1 / k;
  const t = Math.max(0, Math.min(1, (certainty - floor) / (1 - floor)));
  return Math.round(t * (CERTAINTY_LEVELS - 1));
}

export function alphaOfLevel(level: number): number {
  return 0.15 + (0.75 * level) / (CERTAINTY_LEVELS - 1);
}

/** A dot in the cluster's colour, set through the CSSOM (the CSP refuses style attributes). */
export function clusterSwatch(cluster: number): HTMLElement {
  const element = h('span', { class: 'swatch', 'aria-hidden': 'true' });
  element.style.backgroundColor = clusterColour(cluster);
  return element;
}
