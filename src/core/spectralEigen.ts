// Step 3 of spectral clustering (see spectral.ts): the smallest eigenpairs of the normalised
// Laplacian, by Lanczos with full reorthogonalisation on a Chebyshev filter of S = D^-½ W D^-½.
//
// Where the time goes (connected two moons, k = 2, this machine): the sparse products, ~2 ns per
// stored entry (about what scalar JavaScript does; four partial sums per row, rowDot, take ~20% off
// one sum's chained additions), then the reorthogonalisation. Products per solve: a 40-step cutoff
// run on S plus 12 per filtered step; at 5,000 rows 40 + 31 × 12 = 412 and at 20,000 40 + 59 × 12
// = 748 (session 7's degree 16 from [−1, c] and a random start took 526 and 958). What cut them: the
// filter damps [a, c] with a just below S's smallest eigenvalue instead of [−1, c], and the filtered
// run starts from the cutoff run's top Ritz vectors instead of a random vector. Degrees 8, 10, 14,
// 16 and cutoff runs of 20, 30, 45, 50 steps took more products, or more reorthogonalisation.
// Plain Lanczos needs ~740 products at 20,000 rows for the gap between the 2nd and 3rd eigenvalues
// (λ₂ ≈ 3.5e-5), so no Krylov method without a preconditioner can do much better: the next step
// down is a preconditioned one (LOBPCG with an algebraic multigrid V-cycle on L), not another
// polynomial.

import { Random } from './random';
import { tridiagonalEigenvalues, tridiagonalEigenvectors } from './tridiagonal';
import type { AffinityGraph, Components } from './spectralAffinity';

/** What the eigensolver takes of SpectralOptions. */
export interface EigenSettings {
  readonly eigenTol: number;
  readonly maxLanczos: number;
  readonly seed: number;
}

// ── 3. eigenpairs ───────────────────────────────────────────────────────────────────────────────

/**
 * Lanczos runs on a polynomial P(S) of degree FILTER_DEGREE that keeps S's eigenvectors and the
 * order of the wanted (largest) eigenvalues, and stretches the top of the spectrum, where they crowd
 * near 1, while squeezing the rest: Lanczos then needs far fewer steps, and its reorthogonalisation
 * (O(n · steps²)) far less work, for FILTER_DEGREE cheap sparse products per step.
 *
 * P is the Chebyshev polynomial T_m of the interval [a, c] (mapped to [−1, 1]), scaled so P(1) = 1:
 * on [a, c] it stays within ±1/T_m(y(1)), above c it grows as fast as a polynomial of its degree can
 * (Rutishauser; the filtered Lanczos of Fang & Saad 2012). It is increasing above c, so with c below
 * every wanted eigenvalue their order is kept. c is a Ritz value of a short Lanczos run on S: the
 * (want + 1)-th largest, never above S's own (want + 1)-th eigenvalue (Cauchy interlacing), hence
 * below the wanted ones. a is −1 (S's spectrum lies in [−1, 1]) or an estimate of S's smallest
 * eigenvalue (LOW_MARGIN). Where no such c can be had, P(S) = ((S + I) / 2)^m, increasing on [−1, 1].
 */
const FILTER_DEGREE = 12;
/** Lanczos steps on S itself that estimate c. */
const CUTOFF_STEPS = 40;
/**
 * The filter's lower end a sits this fraction of (c − θ_min) below the cutoff run's smallest Ritz
 * value θ_min (≥ S's smallest eigenvalue, and close to it: Lanczos finds the ends of a spectrum
 * first). Damping [a, c] instead of [−1, c] narrows the interval (S's smallest eigenvalue is ~−0.4
 * on a 10-NN graph), so the same degree stretches the top further: ~10% fewer steps. An eigenvalue
 * left below a is caught after the run (isBelowFilter) and the run redone from −1.
 */
const LOW_MARGIN = 0.1;
/** Lanczos vectors allocated at a time (the basis grows by doubling up to maxLanczos). */
const BASIS_CHUNK = 64;
/** Lanczos steps before the first convergence check (fewer never converge on a graph worth the name). */
const FIRST_CHECK = 20;

interface Filter {
  /** the lower end a of the damped interval [a, c]: −1, or just below S's smallest eigenvalue */
  low: number;
  /** the cutoff c, or NaN for the power filter */
  cutoff: number;
  /** T_m(y(1)): P's scale */
  scale: number;
}

/** out = P(S) v; `scratch` (n) is overwritten. */
function applyFilter(s: NormalisedAffinity, f: Filter, v: Float64Array, out: Float64Array, scratch: Float64Array): void {
  const n = v.length;
  if (Number.isNaN(f.cutoff)) {
    out.set(v);
    for (let p = 0; p < FILTER_DEGREE; p++) {
      multiplyNormalised(s, out, scratch);
      for (let i = 0; i < n; i++) { out[i] = 0.5 * (scratch[i]! + out[i]!); }
    }
    return;
  }
  // Y = (S − centre) / halfWidth maps [a, c] onto [−1, 1]; T_j = 2 Y T_j−1 − T_j−2, each step one
  // pass (chebyshevStep) that writes T_j over T_j−2. T_j lands in T_0's buffer when j is even, so
  // T_0 goes where T_m must end: `out`.
  const centre = (f.cutoff + f.low) / 2;
  const halfWidth = (f.cutoff - f.low) / 2;
  let older = FILTER_DEGREE % 2 === 0 ? out : scratch;
  let newer = older === out ? scratch : out;
  older.set(v);
  newer.fill(0);
  chebyshevStep(s, older, newer, 1 / halfWidth, -centre / halfWidth);
  for (let j = 2; j <= FILTER_DEGREE; j++) {
    chebyshevStep(s, newer, older, 2 / halfWidth, (-2 * centre) / halfWidth);
    const t = older; older = newer; newer = t;
  }
  for (let i = 0; i < n; i++) { out[i] = out[i]! / f.scale; }
}

/**
 * x = a·(S y) + b·y − x in one pass over S (the product and the recurrence fused: the filter's
 * cost is its sparse products, and a separate pass per product re-read three vectors). x_i is
 * read only at i, so it is overwritten in place; y must not alias x.
 */
function chebyshevStep(s: NormalisedAffinity, y: Float64Array, x: Float64Array, a: number, b: number): void {
  const { rowStart, column, value } = s;
  let e = 0;
  for (let i = 0; i < s.n; i++) {
    const end = rowStart[i + 1]!;
    x[i] = a * rowDot(value, column, y, e, end) + b * y[i]! - x[i]!;
    e = end;
  }
}

/** T_m at y, for y ≥ 1, by the same recurrence. */
function chebyshevAt(y: number, m: number): number {
  let a = 1;
  let b = y;
  for (let j = 2; j <= m; j++) { const c = 2 * y * b - a; a = b; b = c; }
  return m === 0 ? 1 : b;
}

/**
 * S = D^-½ W D^-½ in the graph's sparse layout: W's entries already scaled, the hot loop has no
 * division. A class, not an object literal, for the reason spectralAffinity.ts gives (its literal
 * cost every filter kernel's optimised code on a process's second fit).
 */
class NormalisedAffinity {
  constructor(
    readonly n: number,
    readonly rowStart: Int32Array,
    readonly column: Int32Array,
    /** W_ij / (√d_i √d_j) */
    readonly value: Float64Array,
  ) {}
}

function normaliseAffinity(g: AffinityGraph): NormalisedAffinity {
  const value = new Float64Array(g.weight.length);
  for (let i = 0; i < g.n; i++) {
    for (let e = g.rowStart[i]!; e < g.rowStart[i + 1]!; e++) { value[e] = g.weight[e]! / (g.sqrtDegree[i]! * g.sqrtDegree[g.column[e]!]!); }
  }
  return new NormalisedAffinity(g.n, g.rowStart, g.column, value);
}

/** out = S v. */
function multiplyNormalised(s: NormalisedAffinity, v: Float64Array, out: Float64Array): void {
  const { rowStart, column, value } = s;
  let e = 0;
  for (let i = 0; i < s.n; i++) {
    const end = rowStart[i + 1]!;
    out[i] = rowDot(value, column, v, e, end);
    e = end;
  }
}

/**
 * Σ_e value[e] · v[column[e]] over the entries [from, to) of one row, in four partial sums: one
 * sum would chain every addition on the one before (an addition's latency, ~4 cycles, per entry),
 * four let them overlap; measured ~20% off the filter's products.
 */
function rowDot(value: Float64Array, column: Int32Array, v: Float64Array, from: number, to: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let e = from;
  for (; e + 3 < to; e += 4) {
    s0 += value[e]! * v[column[e]!]!;
    s1 += value[e + 1]! * v[column[e + 1]!]!;
    s2 += value[e + 2]! * v[column[e + 2]!]!;
    s3 += value[e + 3]! * v[column[e + 3]!]!;
  }
  for (; e < to; e++) { s0 += value[e]! * v[column[e]!]!; }
  return (s0 + s1) + (s2 + s3);
}

/** Work vectors (n each) of one solve, allocated once and shared by the cutoff run and the filtered run. */
interface Work {
  w: Float64Array;
  tmp: Float64Array;
}

/**
 * The k smallest eigenpairs of L = I − S: first the pieces' vectors D^½·1_c (eigenvalue 0, largest
 * pieces first, then by first row), then Lanczos (full reorthogonalisation, also against those
 * vectors) for the largest eigenvalues of S in their complement. Vectors are (k × n), row-major.
 */
export function smallestLaplacianEigenpairs(g: AffinityGraph, comps: Components, k: number, o: EigenSettings): { vectors: Float64Array; values: Float64Array; steps: number } {
  const n = g.n;
  const vectors = new Float64Array(k * n);
  const values = new Float64Array(k);
  const order = Array.from({ length: comps.count }, (_, c) => c).sort((a, b) => comps.size[b]! - comps.size[a]! || a - b);
  const nExact = Math.min(k, comps.count);
  // D^½ 1_c is orthogonal across pieces; all of them are deflated, even those not returned
  const exact = new Float64Array(comps.count * n);
  for (let i = 0; i < n; i++) { exact[comps.of[i]! * n + i] = g.sqrtDegree[i]!; }
  for (let c = 0; c < comps.count; c++) { normalise(exact.subarray(c * n, (c + 1) * n)); }
  for (let r = 0; r < nExact; r++) { vectors.set(exact.subarray(order[r]! * n, (order[r]! + 1) * n), r * n); }
  const want = k - nExact;
  if (want === 0) { return { vectors, values, steps: 0 }; }

  const free = n - comps.count;
  const maxSteps = Math.min(free, o.maxLanczos);
  if (maxSteps < want) { throw new Error(`the affinity graph leaves room for ${free} eigenvectors beyond its ${comps.count} pieces, fewer than the ${want} needed`); }
  const op = normaliseAffinity(g);
  const random = new Random(o.seed);
  const work: Work = { w: new Float64Array(n), tmp: new Float64Array(n) };
  const deflate: Deflation = { exact, count: comps.count };
  const start = new Float64Array(n);
  const filter = chooseFilter(op, deflate, want, free, random, work, start);
  let run = filteredLanczos(op, filter, deflate, want, maxSteps, o.eigenTol, random, work, start);
  if (run === null) {
    // a Ritz vector below the filter's lower end won (see isBelowFilter): the interval from −1, which
    // holds the whole spectrum of S, cannot be fooled so
    run = filteredLanczos(op, withLowEnd(filter, -1), deflate, want, maxSteps, o.eigenTol, random, work, start)!;
  }
  for (let r = 0; r < want; r++) {
    vectors.set(run.vectors.subarray(r * n, (r + 1) * n), (nExact + r) * n);
    values[nExact + r] = Math.max(0, 1 - run.values[r]!);
  }
  return { vectors, values, steps: run.steps };
}

/** The pieces' vectors D^½·1_c (count × n, unit rows) every Lanczos vector is kept orthogonal to. */
interface Deflation {
  exact: Float64Array;
  count: number;
}

/**
 * Lanczos on P(S) in the complement of the pieces' vectors, from `start` (a random vector when it is
 * zero): the top `want` eigenvectors (want × n) and their eigenvalues of S (Rayleigh quotients), or
 * null when one of them lies below the filter's lower end (the filter was fooled: isBelowFilter).
 * Throws when maxSteps pass without convergence.
 */
function filteredLanczos(
  op: NormalisedAffinity, filter: Filter, deflate: Deflation, want: number, maxSteps: number, eigenTol: number,
  random: Random, work: Work, start: Float64Array,
): { vectors: Float64Array; values: Float64Array; steps: number } | null {
  const n = op.n;
  const { exact, count: nExact } = deflate;
  const { w, tmp } = work;
  // the basis grows as the steps do (a fit takes tens of steps of the hundreds allowed): no
  // maxSteps × n block up front, which the garbage collector would count against the heap
  let basis = new Float64Array(Math.min(maxSteps, BASIS_CHUNK) * n);
  const alpha = new Float64Array(maxSteps);
  const beta = new Float64Array(maxSteps);
  const startVector = (into: Float64Array, upTo: number): boolean => {
    for (let attempt = 0; attempt < 5; attempt++) {
      for (let i = 0; i < n; i++) { into[i] = random.nextFloat() * 2 - 1; }
      orthogonalise(into, exact, nExact, n);
      orthogonalise(into, basis, upTo, n);
      orthogonalise(into, basis, upTo, n);
      if (normalise(into) > 1e-8) { return true; }
    }
    return false;
  };
  const q0 = basis.subarray(0, n);
  q0.set(start);
  if (!(normalise(q0) > 0)) { startVector(q0, 0); }
  let m = 0;
  // the first look at the Ritz pairs; then one after every step: a step is FILTER_DEGREE sparse
  // products, the look O(m²) on the tridiagonal, so stopping at the first converged step pays
  let target = Math.min(maxSteps, Math.max(want + 10, FIRST_CHECK));
  for (;;) {
    for (; m < target; m++) {
      const q = basis.subarray(m * n, (m + 1) * n);
      applyFilter(op, filter, q, w, tmp);
      alpha[m] = dot(w, q);
      // the three-term recurrence first, so that what the reorthogonalisation removes is only drift
      const a = alpha[m]!;
      if (m > 0) {
        const b = beta[m - 1]!;
        const prev = basis.subarray((m - 1) * n, m * n);
        for (let i = 0; i < n; i++) { w[i] = w[i]! - a * q[i]! - b * prev[i]!; }
      } else {
        for (let i = 0; i < n; i++) { w[i] = w[i]! - a * q[i]!; }
      }
      // full reorthogonalisation against the pieces and every Lanczos vector; a second pass only
      // when the first removed most of w (the DGKS criterion: "twice is enough", Parlett)
      const before = Math.sqrt(dot(w, w));
      orthogonalise(w, exact, nExact, n);
      orthogonalise(w, basis, m + 1, n);
      if (Math.sqrt(dot(w, w)) < Math.SQRT1_2 * before) {
        orthogonalise(w, exact, nExact, n);
        orthogonalise(w, basis, m + 1, n);
      }
      const b = Math.sqrt(dot(w, w));
      // the last step keeps its β: it is the residual of every Ritz pair, even with no room for q_m+1
      beta[m] = b > 1e-10 ? b : 0;
      if (m + 1 === maxSteps) { m++; break; }
      if ((m + 2) * n > basis.length) {
        const grown = new Float64Array(Math.min(maxSteps, 2 * (basis.length / n)) * n);
        grown.set(basis);
        basis = grown;
      }
      const next = basis.subarray((m + 1) * n, (m + 2) * n);
      if (b > 1e-10) {
        const inv = 1 / b;
        for (let i = 0; i < n; i++) { next[i] = w[i]! * inv; }
      } else {
        // an invariant subspace: go on from a fresh direction, uncoupled (β = 0)
        if (!startVector(next, m + 1)) { m++; break; }
      }
    }
    const ritz = ritzPairs(alpha, beta, m, want);
    // residual of a Ritz pair: |β_m · last component of its tridiagonal eigenvector|
    const tail = Math.abs(beta[m - 1]!);
    let converged = true;
    for (let r = 0; r < want; r++) {
      if (tail * Math.abs(ritz.vectors[r * m + m - 1]!) > eigenTol) { converged = false; break; }
    }
    if (converged || m >= maxSteps) {
      if (!converged) { throw new Error(`Lanczos did not converge in ${maxSteps} steps: raise maxLanczos or nNeighbors`); }
      const vectors = new Float64Array(want * n);
      const values = new Float64Array(want);
      for (let r = 0; r < want; r++) {
        const row = vectors.subarray(r * n, (r + 1) * n);
        for (let j = 0; j < m; j++) {
          const c = ritz.vectors[r * m + j]!;
          const qj = basis.subarray(j * n, (j + 1) * n);
          for (let i = 0; i < n; i++) { row[i] += c * qj[i]!; }
        }
        normalise(row);
        // the eigenvalue of S itself, by its Rayleigh quotient (the filter keeps vectors and order)
        multiplyNormalised(op, row, tmp);
        values[r] = dot(row, tmp);
        if (isBelowFilter(filter, values[r]!)) { return null; }
      }
      return { vectors, values, steps: m };
    }
    target = Math.min(maxSteps, m + 1);
  }
}

/**
 * Whether an eigenvalue μ of S that the filtered run returned lies in the filter's damped interval
 * (nearer its lower end a than its cutoff c). The wanted ones lie above c (chooseFilter), so such a
 * μ can only be one below a that the Chebyshev polynomial blew up (it grows on both sides of
 * [a, c]); a above S's smallest eigenvalue is an estimate, and this is its check.
 */
function isBelowFilter(f: Filter, mu: number): boolean {
  return !Number.isNaN(f.cutoff) && f.low > -1 && mu < (f.low + f.cutoff) / 2;
}

/**
 * The Chebyshev cutoff from CUTOFF_STEPS Lanczos steps on S in the complement of the pieces'
 * vectors (full reorthogonalisation): its (want + 1)-th largest Ritz value; the lower end a little
 * below its smallest Ritz value (LOW_MARGIN). The power filter when there is no room for that many
 * steps, or the value is not below 1. `start` (n, zero on entry) gets the sum of the run's top
 * `want` Ritz vectors, the filtered run's start: they already lean towards the wanted eigenvectors,
 * which a random vector does not, so the filtered run needs fewer steps (~15% here).
 */
function chooseFilter(s: NormalisedAffinity, deflate: Deflation, want: number, free: number, random: Random, work: Work, start: Float64Array): Filter {
  const power: Filter = { low: -1, cutoff: NaN, scale: 1 };
  const steps = Math.min(free, Math.max(CUTOFF_STEPS, 2 * want + 10));
  if (steps <= want) { return power; }
  const n = s.n;
  const { exact, count: nExact } = deflate;
  const basis = new Float64Array(steps * n);
  const alpha = new Float64Array(steps);
  const beta = new Float64Array(steps);
  const w = work.w;
  const q0 = basis.subarray(0, n);
  for (let i = 0; i < n; i++) { q0[i] = random.nextFloat() * 2 - 1; }
  orthogonalise(q0, exact, nExact, n);
  if (normalise(q0) <= 1e-8) { return power; }
  let m = 0;
  for (; m < steps; m++) {
    const q = basis.subarray(m * n, (m + 1) * n);
    multiplyNormalised(s, q, w);
    alpha[m] = dot(w, q);
    // as in the filtered run: the three-term recurrence, then full reorthogonalisation with a
    // second pass by the DGKS criterion (what is left to remove is drift, so one pass mostly does)
    const a = alpha[m]!;
    if (m > 0) {
      const bPrev = beta[m - 1]!;
      const qPrev = basis.subarray((m - 1) * n, m * n);
      for (let i = 0; i < n; i++) { w[i] = w[i]! - a * q[i]! - bPrev * qPrev[i]!; }
    } else {
      for (let i = 0; i < n; i++) { w[i] = w[i]! - a * q[i]!; }
    }
    const before = Math.sqrt(dot(w, w));
    orthogonalise(w, exact, nExact, n);
    orthogonalise(w, basis, m + 1, n);
    if (Math.sqrt(dot(w, w)) < Math.SQRT1_2 * before) {
      orthogonalise(w, exact, nExact, n);
      orthogonalise(w, basis, m + 1, n);
    }
    const b = Math.sqrt(dot(w, w));
    beta[m] = b;
    // an invariant subspace this early: too small a space to judge the spectrum by
    if (b <= 1e-10) { return power; }
    if (m + 1 < steps) { const next = basis.subarray((m + 1) * n, (m + 2) * n); const inv = 1 / b; for (let i = 0; i < n; i++) { next[i] = w[i]! * inv; } }
  }
  const ritz = ritzPairs(alpha, beta, m, want);
  const cutoff = ritz.values[want]!;
  if (!(cutoff < 1 - 1e-9) || !(cutoff > -1)) { return power; }
  const smallest = ritz.values[m - 1]!;
  for (let r = 0; r < want; r++) {
    for (let j = 0; j < m; j++) {
      const c = ritz.vectors[r * m + j]!;
      const qj = basis.subarray(j * n, (j + 1) * n);
      for (let i = 0; i < n; i++) { start[i] += c * qj[i]!; }
    }
  }
  return withLowEnd({ low: -1, cutoff, scale: 1 }, Math.max(-1, smallest - LOW_MARGIN * (cutoff - smallest)));
}

/** The Chebyshev filter of [low, f.cutoff], scaled so P(1) = 1. */
function withLowEnd(f: Filter, low: number): Filter {
  if (Number.isNaN(f.cutoff)) { return f; }
  return { low, cutoff: f.cutoff, scale: chebyshevAt((1 - (f.cutoff + low) / 2) / ((f.cutoff - low) / 2), FILTER_DEGREE) };
}

/** The top `count` eigenpairs of the m × m tridiagonal (alpha, beta), descending; vectors as rows (count × m). */
function ritzPairs(alpha: Float64Array, beta: Float64Array, m: number, count: number): { values: Float64Array; vectors: Float64Array } {
  const values = tridiagonalEigenvalues(alpha, beta, m);
  return { values, vectors: tridiagonalEigenvectors(alpha, beta, m, values, count) };
}

/**
 * v −= Σ (v·b_r) b_r over the first `rows` rows of the row-major basis, row by row (modified
 * Gram–Schmidt: each coefficient is taken of v with the rows before removed). The removal of row r
 * and the coefficient of row r + 1 share one pass over v (it is read once per row, not twice); the
 * coefficient's four partial sums are dot's, so the result is the same as a dot, then an update.
 */
function orthogonalise(v: Float64Array, basis: Float64Array, rows: number, n: number): void {
  if (rows === 0) { return; }
  let c = dotAt(v, basis, 0, n);
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    if (r + 1 === rows) {
      if (c !== 0) { for (let i = 0; i < n; i++) { v[i] -= c * basis[o + i]!; } }
      return;
    }
    const p = o + n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let i = 0;
    for (; i + 3 < n; i += 4) {
      const x0 = v[i]! - c * basis[o + i]!;
      const x1 = v[i + 1]! - c * basis[o + i + 1]!;
      const x2 = v[i + 2]! - c * basis[o + i + 2]!;
      const x3 = v[i + 3]! - c * basis[o + i + 3]!;
      v[i] = x0; v[i + 1] = x1; v[i + 2] = x2; v[i + 3] = x3;
      s0 += x0 * basis[p + i]!;
      s1 += x1 * basis[p + i + 1]!;
      s2 += x2 * basis[p + i + 2]!;
      s3 += x3 * basis[p + i + 3]!;
    }
    for (; i < n; i++) { const x = v[i]! - c * basis[o + i]!; v[i] = x; s0 += x * basis[p + i]!; }
    c = (s0 + s1) + (s2 + s3);
  }
}

/** v · (the n entries of `rows` from `offset`), summed as dot sums. */
function dotAt(v: Float64Array, rows: Float64Array, offset: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += v[i]! * rows[offset + i]!;
    s1 += v[i + 1]! * rows[offset + i + 1]!;
    s2 += v[i + 2]! * rows[offset + i + 2]!;
    s3 += v[i + 3]! * rows[offset + i + 3]!;
  }
  for (; i < n; i++) { s0 += v[i]! * rows[offset + i]!; }
  return (s0 + s1) + (s2 + s3);
}

/** a · b in four partial sums (as rowDot: the additions overlap instead of waiting on each other). */
function dot(a: Float64Array, b: Float64Array): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const n = a.length;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += a[i]! * b[i]!;
    s1 += a[i + 1]! * b[i + 1]!;
    s2 += a[i + 2]! * b[i + 2]!;
    s3 += a[i + 3]! * b[i + 3]!;
  }
  for (; i < n; i++) { s0 += a[i]! * b[i]!; }
  return (s0 + s1) + (s2 + s3);
}

/** Scales v to unit length; returns its former length. */
function normalise(v: Float64Array): number {
  const len = Math.sqrt(dot(v, v));
  if (len > 0) { for (let i = 0; i < v.length; i++) { v[i] /= len; } }
  return len;
}
