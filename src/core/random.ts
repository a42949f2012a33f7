// Seeded pseudo-random generator for every random choice of the clustering engine.
// xoshiro128** seeded through splitmix32: only 32-bit integer operations (Math.imul, shifts), and
// the normal deviates use a hand-written logarithm, so one seed gives bit-identical streams in
// Node, Chromium, Firefox and Safari workers (Math.log is not required to be correctly rounded).

const TWO_POW_26 = 67108864;
const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

export class Random {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spareNormal = 0;
  private hasSpareNormal = false;

  /** Any finite number; fractional parts are dropped, negative and > 2^32 seeds are distinct. */
  constructor(seed: number) {
    const whole = Number.isFinite(seed) ? Math.trunc(seed) : 0;
    const low = whole >>> 0;
    const high = Math.floor(whole / TWO_POW_32) >>> 0;
    let state = (low ^ Math.imul(high, 0x9e3779b1)) >>> 0;
    // splitmix32 spreads small consecutive seeds over the whole state and never yields all zeros
    const next = (): number => {
      state = (state + 0x9e3779b9) | 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) { this.s0 = 1; }
  }

  /** Uniform integer in [0, 2^32). */
  nextUint32(): number {
    const s0 = this.s0, s1 = this.s1, s2 = this.s2, s3 = this.s3;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    this.s1 = s1 ^ n2;
    this.s0 = s0 ^ n3;
    this.s2 = n2 ^ t;
    this.s3 = (n3 << 11) | (n3 >>> 21);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits (every double of the form m / 2^53). */
  nextFloat(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * TWO_POW_26 + b) / TWO_POW_53;
  }

  /** Uniform integer in [0, n), unbiased; n must be a positive integer. */
  nextInt(n: number): number {
    if (!(n >= 1) || !Number.isInteger(n)) { throw new Error(`nextInt needs a positive integer, got ${n}`); }
    if (n > TWO_POW_32) { return Math.floor(this.nextFloat() * n); }
    // Rejection of the last partial block keeps every value equally likely.
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let x = this.nextUint32();
    while (x >= limit) { x = this.nextUint32(); }
    return x % n;
  }

  /** Standard normal deviate (Marsaglia's polar method). */
  nextNormal(): number {
    if (this.hasSpareNormal) {
      this.hasSpareNormal = false;
      return this.spareNormal;
    }
    let u = 0, v = 0, s = 0;
    do {
      u = 2 * this.nextFloat() - 1;
      v = 2 * this.nextFloat() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt(-2 * portableLog(s) / s);
    this.spareNormal = v * factor;
    this.hasSpareNormal = true;
    return u * factor;
  }

  /** k distinct integers of [0, n) in random order (Floyd's algorithm: O(k), no n-sized array). */
  sampleWithoutReplacement(n: number, k: number): Int32Array {
    if (k > n) { throw new Error(`cannot draw ${k} distinct values out of ${n}`); }
    const chosen = new Set<number>();
    const out = new Int32Array(k);
    let filled = 0;
    for (let j = n - k; j < n; j++) {
      const t = this.nextInt(j + 1);
      const pick = chosen.has(t) ? j : t;
      chosen.add(pick);
      out[filled++] = pick;
    }
    // Floyd's picks are a uniform set but not in uniform order: shuffle them.
    for (let i = k - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const tmp = out[i]!;
      out[i] = out[j]!;
      out[j] = tmp;
    }
    return out;
  }
}

const logView = new DataView(new ArrayBuffer(8));
const LN2_HI = 6.93147180369123816490e-01;
const LN2_LO = 1.90821492927058770002e-10;
const LG1 = 6.666666666666735130e-01;
const LG2 = 3.999999999940941908e-01;
const LG3 = 2.857142874366239149e-01;
const LG4 = 2.222219843214978396e-01;
const LG5 = 1.818357216161805012e-01;
const LG6 = 1.531383769920937332e-01;
const LG7 = 1.479819860511658591e-01;

/**
 * Natural logarithm of a positive normal double, a port of fdlibm's __ieee754_log: only IEEE
 * basic operations, so every engine returns the same bits. Not for 0, subnormals or infinities.
 */
export function portableLog(x: number): number {
  logView.setFloat64(0, x);
  let hx = logView.getInt32(0);
  let k = (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i0 = (hx + 0x95f64) & 0x100000;
  // scale the mantissa into [sqrt(2)/2, sqrt(2))
  logView.setInt32(0, hx | (i0 ^ 0x3ff00000));
  const xn = logView.getFloat64(0);
  k += i0 >> 20;
  const f = xn - 1;
  const dk = k;
  if ((0x000fffff & (2 + hx)) < 3) {
    if (f === 0) { return k === 0 ? 0 : dk * LN2_HI + dk * LN2_LO; }
    const r = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - r : dk * LN2_HI - ((r - dk * LN2_LO) - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const r = t2 + t1;
  const i = (hx - 0x6147a) | (0x6b851 - hx);
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + r)) : dk * LN2_HI - ((hfsq - (s * (hfsq + r) + dk * LN2_LO)) - f);
  }
  return k === 0 ? f - s * (f - r) : dk * LN2_HI - ((s * (f - r) - dk * LN2_LO) - f);
}
