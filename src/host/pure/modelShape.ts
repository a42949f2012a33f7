/**
 * Which of scikit-learn's covariance types stands for an mclust model where the host checks a fit
 * before it runs (rows needed, cost) and cautions after (fitFeasibility.ts knows the four types):
 * the type whose structure the model's is closest to from above, so a constrained model such as
 * EII is not refused for the rows a full covariance would need.
 */
import { modelStructure } from '../../core/mixtureModels/covarianceModels';
import type { CovarianceType, FitOptions } from '../../shared/protocol';

export function checkedCovarianceType(options: Pick<FitOptions, 'algorithm' | 'covarianceType' | 'model'>): CovarianceType {
  if (options.algorithm !== 'gmm' || options.model === undefined) { return options.covarianceType; }
  const { shape, orientation } = modelStructure(options.model);
  // variable orientation: a full covariance per cluster; equal orientation: one shared rotation, as tied
  if (orientation === 'V') { return 'full'; }
  if (orientation === 'E') { return 'tied'; }
  return shape === 'I' ? 'spherical' : 'diag';
}
