// How the labelled file spells a probability. formatProbability is the definition; writeProbability
// writes the same characters straight into the output bytes, without toPrecision and the strings
// around it (they were most of the export's time). A test holds the two together on many values.

/**
 * A probability in at most 6 significant digits without an exponent ("0.973451", "0.00012", "1",
 * "0"); below 1e-12 it is written as 0. With a decimal-comma dialect the point becomes a comma.
 */
export function formatProbability(p: number, decimal: '.' | ',' = '.'): string {
  let s: string;
  if (Number.isNaN(p)) { return ''; }
  if (p <= 0) { s = '0'; } else if (p >= 1) { s = '1'; } else {
    const r = Number(p.toPrecision(6));
    s = r >= 1e-6 ? String(r) : r < 1e-12 ? '0' : r.toFixed(17).replace(/0+$/, '');
  }
  return decimal === ',' ? s.replace('.', ',') : s;
}

/** Exact powers of ten (10^18 = 2^18 · 5^18, 5^18 < 2^53): p times one of them is a single correctly rounded operation. */
const POW10 = Float64Array.from({ length: 19 }, (_, i) => Number(`1e${i}`));
const ZERO = 0x30, ONE = 0x31, POINT = 0x2e;

/**
 * Writes formatProbability(p, decimal) as ASCII into out at `at`; returns where it ends. `out`
 * needs room for MAX_PROBABILITY_BYTES.
 */
export function writeProbability(out: Uint8Array, at: number, p: number, decimal: '.' | ','): number {
  // Hard assignments give many exact zeros and ones, and well-separated clusters many tiny values.
  if (p < 1e-13) { out[at] = ZERO; return at + 1; }
  if (p >= 1) { out[at] = ONE; return at + 1; }
  if (Number.isNaN(p)) { return at; }
  // The 6 significant digits are round(p · 10^k) with k putting them in [1e5, 1e6): the product
  // is exact to 1e-10, so the rounding is right unless it is within a hair of a tie, which
  // toPrecision breaks on the exact value; those few take the careful way. The value n · 10^-k is
  // what formatProbability spells for every k up to 17 (String for r ≥ 1e-6, toFixed(17) below:
  // both give its digits exactly); from k = 18 on it is below 1e-12, which is written as 0.
  let k = 6;
  let y = p * POW10[k]!;
  while (y < 1e5 && k < 18) { y = p * POW10[++k]!; }
  const floor = Math.floor(y);
  const fraction = y - floor;
  if (y < 1e5 || Math.abs(fraction - 0.5) <= 1e-7) { return writeSlowly(out, at, p, decimal); }
  let n = fraction > 0.5 ? floor + 1 : floor;
  if (n === 1e6) { n = 1e5; k--; }
  if (k === 5) { out[at] = ONE; return at + 1; }
  if (k >= 18) { out[at] = ZERO; return at + 1; }
  // n · 10^-k with k ≥ 6: "0.", k - 6 zeros, then n's digits without trailing zeros.
  out[at++] = ZERO;
  out[at++] = decimal === ',' ? 0x2c : POINT;
  for (let z = 6; z < k; z++) { out[at++] = ZERO; }
  while (n % 10 === 0) { n /= 10; }
  const digits = n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : n < 10000 ? 4 : n < 100000 ? 5 : 6;
  for (let i = digits - 1; i >= 0; i--) { out[at + i] = ZERO + (n % 10); n = Math.floor(n / 10); }
  return at + digits;
}

/** The rare value whose seventh digit is within a hair of a tie: the definition's own characters. */
function writeSlowly(out: Uint8Array, at: number, p: number, decimal: '.' | ','): number {
  const s = formatProbability(p, decimal);
  for (let i = 0; i < s.length; i++) { out[at++] = s.charCodeAt(i); }
  return at;
}

/** Longest text formatProbability gives: "0." and 17 digits. */
export const MAX_PROBABILITY_BYTES = 19;
