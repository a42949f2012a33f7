// The shapes one EM iteration passes between its files: the E-step's parameters, the M-step's
// sufficient statistics and the row block both walk in. A leaf: it imports nothing, so the
// kernels that fill the statistics, the M-step that reads them and the executors that split the
// rows can all name them without importing each other.

export type CovarianceType = 'full' | 'tied' | 'diag' | 'spherical';

/** True when the statistics and factors hold whole d × d matrices rather than diagonals. */
export function isTriangular(covarianceType: CovarianceType): boolean {
  return covarianceType === 'full' || covarianceType === 'tied';
}

/**
 * Below e^-600 of the row's largest term a responsibility is flushed to 0 (normalizeRows): products
 * with it would be subnormal (10× slower) and it cannot matter. The wide E-step relies on it too.
 */
export const FLUSH_LOG_RATIO = -600;

/** Rows per block: the block's responsibilities (512 × k) stay in L1/L2 between E-step and statistics. */
export const BLOCK_ROWS = 512;

/** Everything the E-step reads for one iteration, in one layout for all covariance types. */
export interface ComponentParameters {
  readonly covarianceType: CovarianceType;
  readonly nComponents: number;
  readonly nFeatures: number;
  /** (k × d) means; also the shift about which sufficient statistics are accumulated */
  readonly means: Float64Array;
  /**
   * full/tied: (k × d × d) upper-triangular precision factors (tied's single factor repeated k times);
   * diag/spherical: (k × d) per-feature 1/σ (spherical's value repeated d times)
   */
  readonly factors: Float64Array;
  /** (k) log wₖ + log det Pₖ − d/2 · log 2π, the constant part of each component's log density */
  readonly logNorm: Float64Array;
}

/**
 * Partial sums of one pass over some rows, about a fixed shift per component (the means of the
 * parameters that produced the responsibilities): summing x − μ instead of x keeps full precision
 * on data far from the origin, and x − μ is what the E-step computes anyway.
 */
export interface SufficientStats {
  readonly covarianceType: CovarianceType;
  readonly nComponents: number;
  readonly nFeatures: number;
  /** (k × d) the shift μₖ; shared by every chunk of one pass */
  readonly shift: Float64Array;
  /** (k) Σᵢ rᵢₖ */
  readonly sumResp: Float64Array;
  /** (k × d) Σᵢ rᵢₖ (xᵢ − μₖ) */
  readonly sumDiff: Float64Array;
  /** full/tied: (k × d × d) lower triangle of Σᵢ rᵢₖ (xᵢ − μₖ)(xᵢ − μₖ)ᵀ; diag/spherical: (k × d) Σᵢ rᵢₖ (xᵢ − μₖ)² */
  readonly sumSquares: Float64Array;
  /** Σᵢ log p(xᵢ) over the rows seen */
  logLikelihood: number;
  /** rows seen */
  nSamples: number;
}
