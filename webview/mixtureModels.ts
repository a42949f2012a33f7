/**
 * mclust's covariance models as the panel offers and names them (no DOM): the picker's entries,
 * how a choice travels in FitOptions (scikit-learn's four as a covariance type, the other ten as
 * `model` over 'full'), and the name a fit is shown under.
 */
import {
  countModelParameters, describeModel, MODEL_ALIASES, MULTIVARIATE_MODELS, resolveModelName, type MixtureModelName, type MultivariateModelName,
} from '../src/core/mixtureModels/covarianceModels';
import type { CovarianceType, FitOptions, FitSnapshot } from '../src/shared/protocol';

export { describeModel, MULTIVARIATE_MODELS };

/** scikit-learn's name of each of its four models (VVV full, EEE tied, VVI diag, VII spherical). */
export const SKLEARN_NAME: Partial<Record<MixtureModelName, CovarianceType>> = Object.fromEntries(
  Object.entries(MODEL_ALIASES).map(([type, model]) => [model, type as CovarianceType]));

/** One entry of the picker: "VEV", "variable volume, equal shape, variable orientation". */
export interface PickerEntry {
  model: MultivariateModelName;
  /** "VVV (full)", "VEV" */
  label: string;
  /** the model in words, with its parameter count for this data when known */
  description: string;
}

/** The picker's entries in mclust's order; `d` (columns chosen) adds each model's parameter count at k. */
export function pickerEntries(k?: number, d?: number): PickerEntry[] {
  return MULTIVARIATE_MODELS.map(model => {
    const alias = SKLEARN_NAME[model];
    const count = k !== undefined && d !== undefined && d >= 1 ? `; ${countModelParameters(d === 1 ? resolveModelName(model, 1) : model, k, d).toLocaleString('en-US')} parameters at k = ${k}` : '';
    return { model, label: alias ? `${model} (${alias})` : model, description: `${describeModel(model)}${count}` };
  });
}

/** The model the options fit: `model`, else the covariance type's (full VVV, tied EEE, diag VVI, spherical VII). */
export function chosenModel(options: Pick<FitOptions, 'covarianceType' | 'model'>): MultivariateModelName {
  const model = options.model;
  if (model === 'E') { return 'EII'; }
  if (model === 'V') { return 'VII'; }
  return model ?? MODEL_ALIASES[options.covarianceType]!;
}

/**
 * The options that fit `model`: scikit-learn's four as their covariance type (the fits and tests
 * that agree with scikit-learn stay as they were), the other ten as `model` with covarianceType
 * 'full', the shape their covariances take.
 */
export function withModel(options: FitOptions, model: MultivariateModelName): FitOptions {
  const alias = SKLEARN_NAME[model];
  const next: FitOptions = { ...options, covarianceType: alias ?? 'full', model };
  if (alias) { delete next.model; }
  return next;
}

/** The model a mixture fit ran: on one column every model is E or V by its volume letter. */
export function fittedModel(fit: Pick<FitSnapshot, 'options' | 'covarianceType' | 'columns'>): MixtureModelName {
  const model = fit.options.model ?? MODEL_ALIASES[fit.covarianceType]!;
  return fit.columns.length === 1 ? resolveModelName(model, 1) : model;
}

/** "VVV (full)", "VEV (variable volume, equal shape, variable orientation)", "V (variable variance)". */
export function mixtureModelName(fit: Pick<FitSnapshot, 'options' | 'covarianceType' | 'columns'>): string {
  const model = fittedModel(fit);
  const alias = fit.columns.length > 1 ? SKLEARN_NAME[model] : undefined;
  return `${model} (${alias ?? describeModel(model)})`;
}
