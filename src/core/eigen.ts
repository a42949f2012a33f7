/**
 * Eigendecomposition of real symmetric matrices: cyclic Jacobi for the d × d covariances of PCA
 * (d ≤ ~100, where Jacobi's O(d³) per sweep is cheap and its accuracy on small eigenvalues is
 * better than tridiagonal QR), and a closed form for the 2 × 2 covariances drawn as ellipses.
 */

/** Eigenpairs of a symmetric d × d matrix. */
export interface SymmetricEigen {
  /** (d) sorted descending */
  readonly eigenvalues: Float64Array;
  /**
   * (d × d) row-major; ROW i is the unit eigenvector of eigenvalues[i] (rows, not columns, so a
   * leading block of rows is directly a PCA `components` matrix). Sign convention: the
   * component of largest absolute value is positive (first such index on exact ties; components
   * equal only up to round-off may go either way), i.e. scikit-learn's
   * `svd_flip(u_based_decision=False)`.
   */
  readonly eigenvectors: Float64Array;
}

/** Eigenpairs of a symmetric 2 × 2 matrix [[a, b], [b, c]]. */
export interface SymmetricEigen2x2 {
  /** larger eigenvalue */
  readonly lambdaMajor: number;
  /** smaller eigenvalue (≤ lambdaMajor) */
  readonly lambdaMinor: number;
  /**
   * Angle in radians, in (−π/2, π/2], from the +x axis (counter-clockwise) to the eigenvector
   * of lambdaMajor; the eigenvector of lambdaMinor is at angle + π/2. 0 when the matrix is a
   * multiple of the identity (every direction is an eigenvector).
   */
  readonly angle: number;
}

// Sweeps needed in practice are ~6–10 (quadratic convergence); the cap only guards against
// pathological input so the worker can never spin forever.
const MAX_SWEEPS = 100;

/**
 * Eigenvalues and eigenvectors of a real symmetric matrix by cyclic Jacobi rotations.
 *
 * Only the symmetric part (A + Aᵀ)/2 is used, so tiny asymmetries from accumulated round-off
 * in a covariance do not matter. Non-finite input gives all-NaN output (no iteration).
 *
 * @param matrix (d × d) row-major, not modified
 * @param d number of rows = columns
 */
export function decomposeSymmetric(matrix: Float64Array, d: number): SymmetricEigen {
  if (!Number.isInteger(d) || d < 0 || matrix.length < d * d) {
    throw new RangeError(`decomposeSymmetric: matrix of length ${matrix.length} is not ${d} × ${d}`);
  }
  const a = new Float64Array(d * d);
  let finite = true;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      const v = 0.5 * (matrix[i * d + j] + matrix[j * d + i]);
      a[i * d + j] = v;
      if (!Number.isFinite(v)) { finite = false; }
    }
  }
  if (!finite) {
    return { eigenvalues: new Float64Array(d).fill(NaN), eigenvectors: new Float64Array(d * d).fill(NaN) };
  }
  // v holds eigenvectors as COLUMNS while rotating (A ← Jᵀ A J, V ← V J).
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) { v[i * d + i] = 1; }

  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let offDiagonal = 0;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) { offDiagonal += Math.abs(a[p * d + q]); }
    }
    // Exact zero is reached: converged entries are flushed below (Numerical Recipes' rule).
    if (offDiagonal === 0) { break; }
    for (let p = 0; p < d - 1; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q];
        if (apq === 0) { continue; }
        const app = a[p * d + p];
        const aqq = a[q * d + q];
        // Once the first sweeps have done the bulk of the work, an entry too small to change
        // either diagonal in floating point is round-off: flush it instead of rotating.
        const g = 100 * Math.abs(apq);
        if (sweep > 3 && Math.abs(app) + g === Math.abs(app) && Math.abs(aqq) + g === Math.abs(aqq)) {
          a[p * d + q] = 0;
          a[q * d + p] = 0;
          continue;
        }
        // Rutishauser's stable rotation: t = tan φ is the smaller root of t² + 2θt − 1 = 0.
        const theta = (aqq - app) / (2 * apq);
        const t = Math.abs(theta) > 1e150
          ? 1 / (2 * theta)
          : Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        if (s === 0) { a[p * d + q] = 0; a[q * d + p] = 0; continue; }
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p];
          const akq = a[k * d + q];
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k];
          const aqk = a[q * d + k];
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        // Set exactly: the rotation was chosen to annihilate this pair.
        a[p * d + q] = 0;
        a[q * d + p] = 0;
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p];
          const vkq = v[k * d + q];
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }

  const order = Array.from({ length: d }, (_, i) => i);
  order.sort((i, j) => a[j * d + j] - a[i * d + i] || i - j);
  const eigenvalues = new Float64Array(d);
  const eigenvectors = new Float64Array(d * d);
  for (let r = 0; r < d; r++) {
    const col = order[r];
    eigenvalues[r] = a[col * d + col];
    let argMax = 0;
    let maxAbs = -1;
    for (let k = 0; k < d; k++) {
      const x = Math.abs(v[k * d + col]);
      if (x > maxAbs) { maxAbs = x; argMax = k; }
    }
    const sign = v[argMax * d + col] < 0 ? -1 : 1;
    for (let k = 0; k < d; k++) { eigenvectors[r * d + k] = sign * v[k * d + col]; }
  }
  return { eigenvalues, eigenvectors };
}

/**
 * Closed-form eigenpairs of the symmetric 2 × 2 matrix [[a, b], [b, c]].
 *
 * The smaller eigenvalue is computed as det / lambdaMajor (LAPACK dlaev2's trick) rather than
 * as mean − radius, which would cancel catastrophically for thin, elongated covariances.
 */
export function decomposeSymmetric2x2(a: number, b: number, c: number): SymmetricEigen2x2 {
  const sum = a + c;
  const radius2 = Math.hypot(a - c, 2 * b); // = λ₁ − λ₂
  const [big, small] = Math.abs(a) > Math.abs(c) ? [a, c] : [c, a];
  let lambdaMajor: number;
  let lambdaMinor: number;
  if (sum > 0) {
    lambdaMajor = 0.5 * (sum + radius2);
    lambdaMinor = (big / lambdaMajor) * small - (b / lambdaMajor) * b;
  } else if (sum < 0) {
    lambdaMinor = 0.5 * (sum - radius2);
    lambdaMajor = (big / lambdaMinor) * small - (b / lambdaMinor) * b;
  } else {
    lambdaMajor = 0.5 * radius2;
    lambdaMinor = -0.5 * radius2;
  }
  // atan2(0, 0) = 0, so isotropic input gets angle 0.
  let angle = 0.5 * Math.atan2(2 * b, a - c);
  // atan2(−0, negative) = −π would give −π/2: fold it onto the same axis at +π/2.
  if (angle <= -Math.PI / 2) { angle += Math.PI; }
  return { lambdaMajor, lambdaMinor, angle };
}
