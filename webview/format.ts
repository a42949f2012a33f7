/** Numbers as the panel shows them: compact, fixed where that reads better, never "NaN". */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) { return '—'; }
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || (magnitude < 1e-3 && value !== 0)) { return value.toExponential(4); }
  return value.toFixed(magnitude >= 100 ? 1 : 4);
}

export function formatPercent(fraction: number, digits = 1): string {
  return `${(100 * fraction).toFixed(digits)}%`;
}

/** A mean in the file's units: whole numbers from 1000 up, else four significant digits. */
export function formatMean(value: number): string {
  if (!Number.isFinite(value)) { return '—'; }
  return Math.abs(value) >= 1000 ? value.toFixed(0) : value.toPrecision(4);
}
