/**
 * Cluster colours: Okabe & Ito's colour-blind-safe set, then Paul Tol's "muted" set, which stay
 * distinguishable for the common colour-vision deficiencies. As they are, several are too faint
 * for a mark on some background (sky blue and yellow on white: about 2:1; indigo and wine on
 * black: below 2:1), so each theme gets its variant: every colour moved, keeping its hue, just
 * far enough from the theme's background to reach WCAG's 3:1 for graphical marks.
 */
import { contrastRatio, MARK_CONTRAST, parseColour, type Rgb, toHex, withContrast } from './contrast';
import { h } from './dom';

export const BASE_COLOURS: readonly string[] = [
  '#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#999999',
  '#332288', '#88CCEE', '#44AA99', '#117733', '#999933', '#DDCC77', '#CC6677', '#882255', '#AA4499',
];

/** A little above 3:1, so rounding to #rrggbb never lands below it. */
const TARGET_CONTRAST = MARK_CONTRAST + 0.05;

/** The cluster colours for a background: each at least 3:1 against it. */
export function paletteFor(background: Rgb): string[] {
  return BASE_COLOURS.map(hex => {
    const colour = parseColour(hex)!;
    return contrastRatio(colour, background) >= MARK_CONTRAST ? hex : toHex(withContrast(colour, background, TARGET_CONTRAST));
  });
}

let palette: string[] | undefined;

export function clusterColour(cluster: number): string {
  palette ??= paletteFor(themeBackground());
  return palette[cluster % palette.length];
}

/** The colour theme changed: the next colour asked for is computed for the new background. */
export function refreshPalette(): void {
  palette = undefined;
}

/** The editor's background, which the panel is drawn on (white when the theme says nothing readable). */
function themeBackground(): Rgb {
  const variable = getComputedStyle(document.documentElement).getPropertyValue('--vscode-editor-background');
  return parseColour(variable) ?? parseColour(getComputedStyle(document.body).backgroundColor) ?? [255, 255, 255];
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
