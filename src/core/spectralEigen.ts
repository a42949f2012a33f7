// Step 3 of spectral clustering (see spectral.ts): the smallest eigenpairs of the normalised
// Laplacian, by Lanczos with full reorthogonalisation on a Chebyshev filter of S = D^-½ W D^-½.
//
// Where the time goes (CPU time, connected two moons, k = 2, this machine): at 20,000 rows ~0.9 s
// in all, of which ~0.5 s are the filter's 58 × 16 sparse products (~2 ns per stored entry, about
// what scalar JavaScript does), ~0.15 s the reorthogonalisation, ~0.05–0.1 s the cutoff's run.
// Filter degree 16 with a 30-step cutoff run is the measured optimum (8, 12, 20 and 32; 15, 20, 60,
// 100 cutoff steps were all slower). Plain Lanczos needs ~740 products there for the gap between
// the 2nd and 3rd eigenvalues (λ₂ ≈ 3.5e-5), so no Krylov method without a preconditioner can do
// much better than these ~950: the next step down is a preconditioned one (LOBPCG with an
// algebraic multigrid V-cycle on L), not another polynomial.

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
 * P is the Chebyshev polynomial T_m of the interval [−1, c] (mapped to [−1, 1]), scaled so P(1) = 1:
 * below c it stays within ±1/T_m(y(1)), above c it grows as fast as a polynomial of its degree can
 * (Rutishauser; the filtered Lanczos of Fang & Saad 2012). It is increasing above c, so with c below
 * every wanted eigenvalue their order is kept. c is a Ritz value of a short Lanczos run on S: the
 * (want + 1)-th largest, never above S's own (want + 1)-th eigenvalue (Cauchy interlacing), hence
 * below the wanted ones. Where no such c can be had, P(S) = ((S + I) / 2)^m, increasing on [−1, 1].
 */
const FILTER_DEGREE = 16;
/** Lanczos steps on S itself that estimate c. */
const CUTOFF_STEPS = 30;
/** Lanczos steps before the first convergence check (fewer never converge on a graph worth the name). */
const FIRST_CHECK = 20;

interface Filter {
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
  // Y = (S − centre) / halfWidth maps [−1, c] onto [−1, 1]; T_j = 2 Y T_j−1 − T_j−2, each step one
  // pass (chebyshevStep) that writes T_j over T_j−2. T_j lands in T_0's buffer when j is even, so
  // T_0 goes where T_m must end: `out`.
  const centre = (f.cutoff - 1) / 2;
  const halfWidth = (f.cutoff + 1) / 2;
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
    let sum = 0;
    const end = rowStart[i + 1]!;
    for (; e < end; e++) { sum += value[e]! * y[column[e]!]!; }
    x[i] = a * sum + b * y[i]! - x[i]!;
  }
}

/** T_m at y, for y ≥ 1, by the same recurrence. */
function chebyshevAt(y: number, m: number): number {
  let a = 1;
  let b = y;
  for (let j = 2; j <= m; j++) { const c = 2 * y * b - a; a = b; b = c; }
  return m === 0 ? 1 : b;
}

/** S = D^-½ W D^-½ in the graph's sparse layout: W's entries already scaled, the hot loop has no division. */
interface NormalisedAffinity {
  n: number;
  rowStart: Int32Array;
  column: Int32Array;
  /** W_ij / (√d_i √d_j) */
  value: Float64Array;
}

function normaliseAffinity(g: AffinityGraph): NormalisedAffinity {
  const value = new Float64Array(g.weight.length);
  for (let i = 0; i < g.n; i++) {
    for (let e = g.rowStart[i]!; e < g.rowStart[i + 1]!; e++) { value[e] = g.weight[e]! / (g.sqrtDegree[i]! * g.sqrtDegree[g.column[e]!]!); }
  }
  return { n: g.n, rowStart: g.rowStart, column: g.column, value };
}

/** out = S v. */
function multiplyNormalised(s: NormalisedAffinity, v: Float64Array, out: Float64Array): void {
  const { rowStart, column, value } = s;
  let e = 0;
  for (let i = 0; i < s.n; i++) {
    let sum = 0;
    const end = rowStart[i + 1]!;
    for (; e < end; e++) { sum += value[e]! * v[column[e]!]!; }
    out[i] = sum;
  }
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
  const basis = new Float64Array(maxSteps * n);
  const alpha = new Float64Array(maxSteps);
  const beta = new Float64Array(maxSteps);
  const w = new Float64Array(n);
  const tmp = new Float64Array(n);
  const startVector = (into: Float64Array, upTo: number): boolean => {
    for (let attempt = 0; attempt < 5; attempt++) {
      for (let i = 0; i < n; i++) { into[i] = random.nextFloat() * 2 - 1; }
      orthogonalise(into, exact, comps.count, n);
      orthogonalise(into, basis, upTo, n);
      orthogonalise(into, basis, upTo, n);
      if (normalise(into) > 1e-8) { return true; }
    }
    return false;
  };
  const filter = chooseFilter(op, exact, comps.count, want, free, random);
  startVector(basis.subarray(0, n), 0);
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
      for (let i = 0; i < n; i++) { w[i] = w[i]! - a * q[i]!; }
      if (m > 0) {
        const b = beta[m - 1]!;
        const prev = basis.subarray((m - 1) * n, m * n);
        for (let i = 0; i < n; i++) { w[i] = w[i]! - b * prev[i]!; }
      }
      // full reorthogonalisation against the pieces and every Lanczos vector; a second pass only
      // when the first removed most of w (the DGKS criterion: "twice is enough", Parlett)
      const before = Math.sqrt(dot(w, w));
      orthogonalise(w, exact, comps.count, n);
      orthogonalise(w, basis, m + 1, n);
      if (Math.sqrt(dot(w, w)) < Math.SQRT1_2 * before) {
        orthogonalise(w, exact, comps.count, n);
        orthogonalise(w, basis, m + 1, n);
      }
      const b = Math.sqrt(dot(w, w));
      // the last step keeps its β: it is the residual of every Ritz pair, even with no room for q_m+1
      beta[m] = b > 1e-10 ? b : 0;
      if (m + 1 === maxSteps) { m++; break; }
      const next = basis.subarray((m + 1) * n, (m + 2) * n);
      if (b > 1e-10) {
        for (let i = 0; i < n; i++) { next[i] = w[i]! / b; }
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
      if (tail * Math.abs(ritz.vectors[r * m + m - 1]!) > o.eigenTol) { converged = false; break; }
    }
    if (converged || m >= maxSteps) {
      if (!converged) { throw new Error(`Lanczos did not converge in ${maxSteps} steps: raise maxLanczos or nNeighbors`); }
      for (let r = 0; r < want; r++) {
        const row = vectors.subarray((nExact + r) * n, (nExact + r + 1) * n);
        for (let j = 0; j < m; j++) {
          const c = ritz.vectors[r * m + j]!;
          const qj = basis.subarray(j * n, (j + 1) * n);
          for (let i = 0; i < n; i++) { row[i] += c * qj[i]!; }
        }
        normalise(row);
        // the eigenvalue of S itself, by its Rayleigh quotient (the filter keeps vectors and order)
        multiplyNormalised(op, row, tmp);
        values[nExact + r] = Math.max(0, 1 - dot(row, tmp));
      }
      return { vectors, values, steps: m };
    }
    target = Math.min(maxSteps, m + 1);
  }
}

/**
 * The Chebyshev cutoff from CUTOFF_STEPS Lanczos steps on S in the complement of the pieces'
 * vectors (full reorthogonalisation): its (want + 1)-th largest Ritz value. The power filter when
 * there is no room for that many steps, or the value is not below 1.
 */
function chooseFilter(s: NormalisedAffinity, exact: Float64Array, nExact: number, want: number, free: number, random: Random): Filter {
  const power: Filter = { cutoff: NaN, scale: 1 };
  const steps = Math.min(free, Math.max(CUTOFF_STEPS, 2 * want + 10));
  if (steps <= want) { return power; }
  const n = s.n;
  const basis = new Float64Array(steps * n);
  const alpha = new Float64Array(steps);
  const beta = new Float64Array(steps);
  const w = new Float64Array(n);
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
    for (let i = 0; i < n; i++) { w[i] = w[i]! - a * q[i]!; }
    if (m > 0) {
      const bPrev = beta[m - 1]!;
      const qPrev = basis.subarray((m - 1) * n, m * n);
      for (let i = 0; i < n; i++) { w[i] = w[i]! - bPrev * qPrev[i]!; }
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
    if (m + 1 < steps) { const next = basis.subarray((m + 1) * n, (m + 2) * n); for (let i = 0; i < n; i++) { next[i] = w[i]! / b; } }
  }
  const cutoff = tridiagonalEigenvalues(alpha, beta, m)[want]!;
  if (!(cutoff < 1 - 1e-9) || !(cutoff > -1)) { return power; }
  return { cutoff, scale: chebyshevAt((1 - (cutoff - 1) / 2) / ((cutoff + 1) / 2), FILTER_DEGREE) };
}

/** The top `count` eigenpairs of the m × m tridiagonal (alpha, beta), descending; vectors as rows (count × m). */
function ritzPairs(alpha: Float64Array, beta: Float64Array, m: number, count: number): { values: Float64Array; vectors: Float64Array } {
  const values = tridiagonalEigenvalues(alpha, beta, m);
  return { values, vectors: tridiagonalEigenvectors(alpha, beta, m, values, count) };
}

/** v −= Σ (v·b_r) b_r over the first `rows` rows of the row-major basis. */
function orthogonalise(v: Float64Array, basis: Float64Array, rows: number, n: number): void {
  for (let r = 0; r < rows; r++) {
    const b = basis.subarray(r * n, (r + 1) * n);
    const c = dot(v, b);
    if (c !== 0) { for (let i = 0; i < n; i++) { v[i] -= c * b[i]!; } }
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) { s += a[i]! * b[i]!; }
  return s;
}

/** Scales v to unit length; returns its former length. */
function normalise(v: Float64Array): number {
  const len = Math.sqrt(dot(v, v));
  if (len > 0) { for (let i = 0; i < v.length; i++) { v[i] /= len; } }
  return len;
}
