// Eigenpairs of a symmetric tridiagonal matrix, for the Ritz values of Lanczos (spectral clustering):
// all eigenvalues by the implicit QL algorithm with Wilkinson shifts (Bowdler, Martin, Reinsch &
// Wilkinson 1968), O(m²); then only the eigenvectors asked for, by inverse iteration with a pivoted
// tridiagonal solve, O(m) each. Dense Jacobi (eigen.ts) would spend O(m³) per sweep on vectors that
// Lanczos throws away.

/**
 * All eigenvalues of the symmetric tridiagonal matrix with diagonal `diag` (m) and off-diagonal
 * `off` (m − 1; off[i] couples i and i + 1), sorted descending. Inputs are not modified.
 */
export function tridiagonalEigenvalues(diag: Float64Array, off: Float64Array, m: number): Float64Array {
  const d = diag.slice(0, m);
  const e = new Float64Array(m);
  for (let i = 0; i + 1 < m; i++) { e[i] = off[i]!; }
  for (let l = 0; l < m; l++) {
    let iter = 0;
    let mm: number;
    do {
      for (mm = l; mm < m - 1; mm++) {
        const dd = Math.abs(d[mm]!) + Math.abs(d[mm + 1]!);
        if (Math.abs(e[mm]!) <= Number.EPSILON * dd) { break; }
      }
      if (mm !== l) {
        if (iter++ === 100) { throw new Error('tridiagonal QL did not converge in 100 iterations'); }
        let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
        let r = Math.hypot(g, 1);
        g = d[mm]! - d[l]! + e[l]! / (g + (g >= 0 ? r : -r));
        let s = 1;
        let c = 1;
        let p = 0;
        let i: number;
        let underflow = false;
        for (i = mm - 1; i >= l; i--) {
          const f = s * e[i]!;
          const b = c * e[i]!;
          r = Math.hypot(f, g);
          e[i + 1] = r;
          if (r === 0) { d[i + 1] = d[i + 1]! - p; e[mm] = 0; underflow = true; break; }
          s = f / r;
          c = g / r;
          g = d[i + 1]! - p;
          r = (d[i]! - g) * s + 2 * c * b;
          p = s * r;
          d[i + 1] = g + p;
          g = c * r - b;
        }
        if (underflow) { continue; }
        d[l] = d[l]! - p;
        e[l] = g;
        e[mm] = 0;
      }
    } while (mm !== l);
  }
  return d.sort().reverse();
}

/**
 * Unit eigenvectors (rows of the result, count × m) for the given eigenvalues of the same matrix, by
 * inverse iteration; vectors of close eigenvalues are orthogonalised against the earlier ones.
 */
export function tridiagonalEigenvectors(diag: Float64Array, off: Float64Array, m: number, values: Float64Array, count: number): Float64Array {
  const out = new Float64Array(count * m);
  let scale = 0;
  for (let i = 0; i < m; i++) { scale = Math.max(scale, Math.abs(diag[i]!) + (i > 0 ? Math.abs(off[i - 1]!) : 0) + (i + 1 < m ? Math.abs(off[i]!) : 0)); }
  const nudge = Math.max(scale, Number.MIN_VALUE) * 1e-13;
  const x = new Float64Array(m);
  for (let r = 0; r < count; r++) {
    // a start vector with every component: no eigenvector is orthogonal to it in practice
    for (let i = 0; i < m; i++) { x[i] = 1 + ((i * 7919 + r * 104729) % 1000) / 1000; }
    const shift = values[r]! + nudge;
    for (let it = 0; it < 3; it++) {
      solveShifted(diag, off, m, shift, x);
      for (let q = 0; q < r; q++) {
        if (Math.abs(values[q]! - values[r]!) > 1e-8 * scale) { continue; }
        let c = 0;
        for (let i = 0; i < m; i++) { c += x[i]! * out[q * m + i]!; }
        for (let i = 0; i < m; i++) { x[i] = x[i]! - c * out[q * m + i]!; }
      }
      // scale by the largest entry first: a near-singular solve can return values near overflow
      let big = 0;
      for (let i = 0; i < m; i++) { big = Math.max(big, Math.abs(x[i]!)); }
      for (let i = 0; i < m; i++) { x[i] = x[i]! / big; }
      let len = 0;
      for (let i = 0; i < m; i++) { len += x[i]! * x[i]!; }
      len = Math.sqrt(len);
      for (let i = 0; i < m; i++) { x[i] = x[i]! / len; }
    }
    out.set(x, r * m);
  }
  return out;
}

/** x ← (T − shift·I)⁻¹ x by Gaussian elimination with partial pivoting (LAPACK's dgtsv scheme). */
function solveShifted(diag: Float64Array, off: Float64Array, m: number, shift: number, x: Float64Array): void {
  const dd = new Float64Array(m);
  const du = new Float64Array(Math.max(0, m - 1));
  const dl = new Float64Array(Math.max(0, m - 1));
  const du2 = new Float64Array(Math.max(0, m - 2));
  for (let i = 0; i < m; i++) { dd[i] = diag[i]! - shift; }
  for (let i = 0; i + 1 < m; i++) { du[i] = off[i]!; dl[i] = off[i]!; }
  const tiny = 1e-300;
  for (let i = 0; i + 1 < m; i++) {
    if (Math.abs(dd[i]!) >= Math.abs(dl[i]!)) {
      if (dd[i] === 0) { dd[i] = tiny; }
      const f = dl[i]! / dd[i]!;
      dd[i + 1] = dd[i + 1]! - f * du[i]!;
      x[i + 1] = x[i + 1]! - f * x[i]!;
    } else {
      // swap rows i and i + 1, then eliminate
      const f = dd[i]! / dl[i]!;
      dd[i] = dl[i]!;
      const t = dd[i + 1]!;
      dd[i + 1] = du[i]! - f * t;
      du[i] = t;
      if (i + 2 < m) { du2[i] = du[i + 1]!; du[i + 1] = -f * du2[i]!; }
      const xi = x[i]!;
      x[i] = x[i + 1]!;
      x[i + 1] = xi - f * x[i]!;
    }
  }
  if (dd[m - 1] === 0) { dd[m - 1] = tiny; }
  x[m - 1] = x[m - 1]! / dd[m - 1]!;
  if (m > 1) { x[m - 2] = (x[m - 2]! - du[m - 2]! * x[m - 1]!) / dd[m - 2]!; }
  for (let i = m - 3; i >= 0; i--) { x[i] = (x[i]! - du[i]! * x[i + 1]! - du2[i]! * x[i + 2]!) / dd[i]!; }
}
