/**
 * Every number the panel shows goes through here, so one screen never mixes precisions: four
 * significant digits, and numbers that stand together (one status line, one row of cluster means)
 * share their decimals, chosen by the largest of them. A value far below that scale (a mean of
 * 5.551e-17 beside means of 2.3) is shown as the zero it is at that precision.
 */

/** Significant digits of the numbers the panel shows. */
export const SIGNIFICANT_DIGITS = 4;

/** Beyond these magnitudes a group of numbers is written in exponent form. */
const LARGEST_PLAIN = 1e9;
const SMALLEST_PLAIN = 1e-4;

/** A number on its own (a tooltip, a tick): four significant digits, never "NaN". */
export function formatNumber(value: number, digits = SIGNIFICANT_DIGITS): string {
  return numberFormatter([value], digits)(value);
}

/** Numbers that stand together, each with the decimals of the largest (see numberFormatter). */
export function formatAlike(values: readonly number[], digits = SIGNIFICANT_DIGITS): string[] {
  const format = numberFormatter(values, digits);
  return values.map(format);
}

/**
 * A formatter for numbers of one scale: the largest finite magnitude among `scale` gets `digits`
 * significant digits and every value gets its number of decimals, so they line up and a value
 * far below the scale rounds to 0 (never "-0"). Huge or tiny scales use exponent form.
 * Non-finite values show as "—".
 */
export function numberFormatter(scale: readonly number[], digits = SIGNIFICANT_DIGITS): (value: number) => string {
  let largest = 0;
  for (const v of scale) { if (Number.isFinite(v)) { largest = Math.max(largest, Math.abs(v)); } }
  if (largest >= LARGEST_PLAIN || (largest > 0 && largest < SMALLEST_PLAIN)) {
    return value => (Number.isFinite(value) ? exponential(value, digits) : '—');
  }
  const decimals = largest === 0 ? 0 : Math.max(0, digits - 1 - Math.floor(Math.log10(largest)));
  return value => {
    if (!Number.isFinite(value)) { return '—'; }
    const text = value.toFixed(decimals);
    // toFixed keeps the sign of a negative value that rounds to zero: "-0.000" is not a number anyone wrote.
    return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
  };
}

function exponential(value: number, digits: number): string {
  if (value === 0) { return '0'; }
  // "1.235e+7" → "1.235e7": the plus sign says nothing.
  return value.toExponential(digits - 1).replace('e+', 'e');
}

export function formatPercent(fraction: number, digits = 1): string {
  if (!Number.isFinite(fraction)) { return '—'; }
  return `${(100 * fraction).toFixed(digits)}%`;
}

/** "1 row", "2 rows", "1,234 rows": a count with its noun in the right number. */
export function formatCount(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? singular : plural}`;
}
