/**
 * Zoom and pan of a chart's axes as pure range arithmetic, so the behaviour is unit-tested apart
 * from the canvas: zooming keeps the data point under the cursor where it is.
 */
export interface Range { min: number; max: number }

/** Scales the range by `factor` (< 1 zooms in) about `anchor`, a data value inside it. */
export function zoomRange(range: Range, anchor: number, factor: number): Range {
  return { min: anchor - (anchor - range.min) * factor, max: anchor + (range.max - anchor) * factor };
}

/** Shifts the range by `fraction` of its width (drag of a pixels over a width of w: fraction a / w). */
export function panRange(range: Range, fraction: number): Range {
  const shift = (range.max - range.min) * fraction;
  return { min: range.min + shift, max: range.max + shift };
}

/** Wheel delta → zoom factor: one notch (100 px) zooms by 15%. */
export function wheelFactor(deltaY: number): number {
  return Math.exp(Math.max(-5, Math.min(5, deltaY / 100)) * Math.log(1.15));
}
