/**
 * WCAG 2 contrast: relative luminance of sRGB colours, the contrast ratio of two of them, and a
 * colour moved just far enough from a background to reach a ratio. Pure (no DOM): unit-tested.
 * WCAG AA asks 4.5:1 for text and 3:1 for graphical marks (a point, a line, a swatch).
 */

export type Rgb = readonly [number, number, number];

/** Contrast WCAG AA asks of graphical marks against what surrounds them. */
export const MARK_CONTRAST = 3;
/** Contrast WCAG AA asks of normal text. */
export const TEXT_CONTRAST = 4.5;

/** `#rgb`, `#rrggbb`, `#rrggbbaa` (alpha ignored), `rgb(r, g, b)` or `rgba(r, g, b, a)`; undefined otherwise. */
export function parseColour(text: string): Rgb | undefined {
  const s = text.trim().toLowerCase();
  let m = /^#([0-9a-f]{3})$/.exec(s);
  if (m) { return [0, 1, 2].map(i => parseInt(m![1][i] + m![1][i], 16)) as unknown as Rgb; }
  m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/.exec(s);
  if (m) { return [0, 2, 4].map(i => parseInt(m![1].slice(i, i + 2), 16)) as unknown as Rgb; }
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/.exec(s);
  if (m) { return [1, 2, 3].map(i => Math.max(0, Math.min(255, Number(m![i])))) as unknown as Rgb; }
  return undefined;
}

export function toHex(rgb: Rgb): string {
  return `#${rgb.map(v => Math.round(Math.max(0, Math.min(255, v))).toString(16).padStart(2, '0')).join('')}`;
}

function toLinear(channel: number): number {
  const c = channel / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function fromLinear(linear: number): number {
  const c = linear <= 0.0031308 ? 12.92 * linear : 1.055 * linear ** (1 / 2.4) - 0.055;
  return 255 * Math.max(0, Math.min(1, c));
}

/** WCAG's relative luminance, 0 (black) to 1 (white). */
export function relativeLuminance(rgb: Rgb): number {
  return 0.2126 * toLinear(rgb[0]) + 0.7152 * toLinear(rgb[1]) + 0.0722 * toLinear(rgb[2]);
}

/** WCAG's contrast ratio, 1 (same luminance) to 21 (black on white). */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/**
 * `colour` with at least `ratio` against `background`, changed as little as it takes: on a light
 * background it is darkened by scaling its linear RGB (hue and saturation stay), on a dark one
 * it is mixed with white in linear light. A colour that already reaches the ratio is returned as is.
 */
export function withContrast(colour: Rgb, background: Rgb, ratio: number): Rgb {
  if (contrastRatio(colour, background) >= ratio) { return colour; }
  const lb = relativeLuminance(background);
  const linear = colour.map(toLinear);
  const l = relativeLuminance(colour);
  // The luminance that gives exactly `ratio`, on the side of the background with room for it.
  const darker = (lb + 0.05) / ratio - 0.05;
  const lighter = ratio * (lb + 0.05) - 0.05;
  if (darker >= 0 && (lb > 0.5 || lighter > 1)) {
    const scale = l > 0 ? darker / l : 0;
    return linear.map(c => fromLinear(c * scale)) as unknown as Rgb;
  }
  const target = Math.min(1, lighter);
  const t = l < 1 ? (target - l) / (1 - l) : 0;
  return linear.map(c => fromLinear(c + t * (1 - c))) as unknown as Rgb;
}

/** `colour` at opacity `alpha` over `background`, blended as the browser paints it (in sRGB). */
export function overlay(colour: Rgb, background: Rgb, alpha: number): Rgb {
  return [0, 1, 2].map(i => alpha * colour[i] + (1 - alpha) * background[i]) as unknown as Rgb;
}

/**
 * The highest opacity, up to `alpha`, at which `colour` can tint a cell of `background` and its
 * `text` still keeps `ratio` against the tint (the tint is a background: text must stay readable).
 */
export function maxOverlayAlpha(colour: Rgb, background: Rgb, text: Rgb, ratio: number, alpha = 1): number {
  const readable = (a: number) => contrastRatio(text, overlay(colour, background, a)) >= ratio;
  if (readable(alpha)) { return alpha; }
  if (!readable(0)) { return 0; }
  // The contrast falls as the tint thickens (from the background's towards the colour's): bisect.
  let lo = 0;
  let hi = alpha;
  for (let i = 0; i < 24; i++) {
    const mid = (lo + hi) / 2;
    if (readable(mid)) { lo = mid; } else { hi = mid; }
  }
  return lo;
}
