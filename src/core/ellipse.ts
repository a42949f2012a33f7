/**
 * Geometry of the nσ ellipses drawn around each cluster: the level set
 * (p − μ)ᵀ Σ⁻¹ (p − μ) = nσ² of a 2-D Gaussian, everything in DATA units.
 *
 * Points are produced in data coordinates, not pixels: the chart maps each point through its
 * axis scales, so the shape stays correct when x and y have different scales (an ellipse drawn
 * with a pixel-space rotation angle would not).
 */
import { decomposeSymmetric2x2 } from './eigen';

export interface CovarianceEllipse {
  readonly centerX: number;
  readonly centerY: number;
  /** nσ·√λ_major, data units along the major axis */
  readonly radiusMajor: number;
  /** nσ·√λ_minor, data units; 0 for a zero-variance direction */
  readonly radiusMinor: number;
  /** radians in (−π/2, π/2], counter-clockwise from +x (in data space) to the major axis */
  readonly angle: number;
}

/**
 * Ellipse of constant Mahalanobis distance nSigma around mean2.
 *
 * Degenerate covariances do not produce NaN: eigenvalues below 0 (singular Σ plus round-off)
 * are clipped to 0, so a zero-variance direction gives radius 0 (a segment), and Σ = 0 gives
 * a point at the mean.
 *
 * @param mean2 (2)
 * @param cov2x2 (2 × 2) row-major; the off-diagonal is taken as the mean of both entries
 * @param nSigma ≥ 0, typically 1, 2 or 3
 */
export function covarianceEllipse(
  mean2: ArrayLike<number>, cov2x2: ArrayLike<number>, nSigma: number,
): CovarianceEllipse {
  if (mean2.length !== 2 || cov2x2.length !== 4) {
    throw new RangeError('covarianceEllipse: expects a mean of 2 values and a 2 × 2 covariance');
  }
  const { lambdaMajor, lambdaMinor, angle } = decomposeSymmetric2x2(
    cov2x2[0], 0.5 * (cov2x2[1] + cov2x2[2]), cov2x2[3]);
  return {
    centerX: mean2[0],
    centerY: mean2[1],
    radiusMajor: nSigma * Math.sqrt(Math.max(lambdaMajor, 0)),
    radiusMinor: nSigma * Math.sqrt(Math.max(lambdaMinor, 0)),
    angle,
  };
}

/**
 * Polygon approximating the ellipse, in data coordinates, counter-clockwise from the end of
 * the major axis at parameter t = 0. The first point is NOT repeated at the end (close the
 * path when drawing).
 * @returns (nPoints × 2) row-major [x0, y0, x1, y1, …]
 */
export function ellipsePoints(ellipse: CovarianceEllipse, nPoints = 72): Float64Array {
  if (!Number.isInteger(nPoints) || nPoints < 1) {
    throw new RangeError(`ellipsePoints: nPoints = ${nPoints} must be a positive integer`);
  }
  const { centerX, centerY, radiusMajor, radiusMinor, angle } = ellipse;
  const cosA = Math.cos(angle);
  const sinA = Math.sin(angle);
  const points = new Float64Array(nPoints * 2);
  for (let k = 0; k < nPoints; k++) {
    const t = (2 * Math.PI * k) / nPoints;
    const u = radiusMajor * Math.cos(t);
    const v = radiusMinor * Math.sin(t);
    points[2 * k] = centerX + u * cosA - v * sinA;
    points[2 * k + 1] = centerY + u * sinA + v * cosA;
  }
  return points;
}

/**
 * The 2 × 2 block of a d × d covariance for columns (i, j): the covariance of the marginal
 * Gaussian of (x_i, x_j), which is what a scatter plot of column i against column j shows.
 * i = j is allowed (the variable against itself: a line of slope 1).
 * @param covariance (d × d) row-major
 * @returns (2 × 2) row-major [Σii, Σij, Σji, Σjj]
 */
export function marginalCovariance(covariance: ArrayLike<number>, d: number, i: number, j: number): Float64Array {
  if (covariance.length < d * d || !(i >= 0 && i < d && j >= 0 && j < d)
    || !Number.isInteger(i) || !Number.isInteger(j)) {
    throw new RangeError(`marginalCovariance: columns (${i}, ${j}) out of range for d = ${d}`);
  }
  return Float64Array.of(
    covariance[i * d + i], covariance[i * d + j],
    covariance[j * d + i], covariance[j * d + j],
  );
}
