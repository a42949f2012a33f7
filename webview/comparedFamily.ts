/**
 * Which models a "Compare k" run fitted, in words. A fit of one of mclust's other ten models (VEV,
 * say) is compared as that model at every k; "All covariance types" compares scikit-learn's four
 * (mclust's VII, VVI, EEE and VVV), and the view says so rather than let them pass for the model's
 * family. Pure: compareView.ts and compareModel.ts ask.
 */
import type { CovarianceType, FitOptions, MixtureModel } from '../src/shared/protocol';
import { describeModel } from './mixtureModels';

interface RunStart { options: FitOptions; covarianceTypes: readonly CovarianceType[] }

/** The mclust model a run fitted at every k, when it fitted one of the ten that are not scikit-learn's (the host sends it as 'full'). */
export function comparedModel(start: RunStart): MixtureModel | undefined {
  return start.options.algorithm === 'gmm' && start.options.model !== undefined && start.covarianceTypes.length === 1 ? start.options.model : undefined;
}

/** How a compared covariance type is named: the model for a run of one of mclust's models, else the type. */
export function comparedTypeLabel(start: RunStart, covarianceType: CovarianceType): string {
  return comparedModel(start) ?? covarianceType;
}

/** "Gaussian mixtures, mclust's VEV (…) at every k" or "Gaussian mixtures (spherical, diag, tied, full)": what the run fitted. */
export function describeComparedFamily(start: RunStart): string {
  const model = comparedModel(start);
  if (model !== undefined) { return `Gaussian mixtures, mclust's ${model} (${describeModel(model)}) at every k`; }
  return `Gaussian mixtures (${start.covarianceTypes.join(', ')})`;
}

/**
 * Said when the fit compared is one of mclust's other ten models but the run compared scikit-learn's
 * four covariance types (undefined otherwise): the curves are not that model's family.
 */
export function familyCaution(start: RunStart): string | undefined {
  const model = start.options.model;
  if (start.options.algorithm !== 'gmm' || model === undefined || start.covarianceTypes.length === 1) { return undefined; }
  return `The current fit is mclust's ${model}; these are scikit-learn's four covariance types, not ${model}. `
    + `Untick "All covariance types" to compare ${model} at every k, or use Find best model for all 14 of mclust's models.`;
}
