// mclust's family of Gaussian mixture models, Σₖ = λₖ Dₖ Aₖ Dₖᵀ (Banfield & Raftery 1993; Celeux &
// Govaert 1995): a three-letter name says whether the volume λ, the shape A and the orientation D
// are Equal across components, Variable, or the Identity (I). 1-D data has E and V only.

export type MultivariateModelName =
  | 'EII' | 'VII' | 'EEI' | 'VEI' | 'EVI' | 'VVI' | 'EEE' | 'VEE' | 'EVE' | 'VVE' | 'EEV' | 'VEV' | 'EVV' | 'VVV';
export type MixtureModelName = MultivariateModelName | 'E' | 'V';

/** The 14 multivariate models in mclust's order (simplest first). */
export const MULTIVARIATE_MODELS: readonly MultivariateModelName[] = [
  'EII', 'VII', 'EEI', 'VEI', 'EVI', 'VVI', 'EEE', 'VEE', 'EVE', 'VVE', 'EEV', 'VEV', 'EVV', 'VVV',
];
export const UNIVARIATE_MODELS: readonly MixtureModelName[] = ['E', 'V'];

/** scikit-learn's covariance types as mclust models (same likelihood, same parameter count). */
export const MODEL_ALIASES: Readonly<Record<string, MultivariateModelName>> = { spherical: 'VII', diag: 'VVI', tied: 'EEE', full: 'VVV' };

/** 'E' equal across components, 'V' variable, 'I' identity (shape: all axes equal; orientation: the axes). */
export interface ModelStructure {
  readonly volume: 'E' | 'V';
  readonly shape: 'E' | 'V' | 'I';
  readonly orientation: 'E' | 'V' | 'I';
}

/** The models that apply to data with d columns. */
export function modelsFor(d: number): readonly MixtureModelName[] {
  return d === 1 ? UNIVARIATE_MODELS : MULTIVARIATE_MODELS;
}

/**
 * A model name or alias (any case) as the model that applies to d columns; throws with the valid
 * names. On 1 column every model is E or V by its volume letter (shape and orientation vanish).
 */
export function resolveModelName(name: string, d: number): MixtureModelName {
  const alias: string | undefined = MODEL_ALIASES[name.toLowerCase()];
  const upper: string = alias ?? name.toUpperCase();
  const known = (MULTIVARIATE_MODELS as readonly string[]).includes(upper) || upper === 'E' || upper === 'V';
  if (!known) {
    throw new Error(`unknown model '${name}': choose one of ${MULTIVARIATE_MODELS.join(', ')} (E or V on one column), `
      + `or ${Object.keys(MODEL_ALIASES).join(', ')}`);
  }
  if (d === 1) { return upper[0] === 'E' ? 'E' : 'V'; }
  if (upper.length === 1) { throw new Error(`model '${upper}' is for one column; the data has ${d}: choose one of ${MULTIVARIATE_MODELS.join(', ')}`); }
  return upper as MultivariateModelName;
}

export function modelStructure(name: MixtureModelName): ModelStructure {
  if (name === 'E') { return { volume: 'E', shape: 'I', orientation: 'I' }; }
  if (name === 'V') { return { volume: 'V', shape: 'I', orientation: 'I' }; }
  return { volume: name[0] as 'E' | 'V', shape: name[1] as 'E' | 'V' | 'I', orientation: name[2] as 'E' | 'V' | 'I' };
}

/** Axis-aligned models: every Σₖ is diagonal. */
export function isDiagonalModel(name: MixtureModelName): boolean {
  return modelStructure(name).orientation === 'I';
}

/** In words, e.g. VEV: "variable volume, equal shape, variable orientation". */
export function describeModel(name: MixtureModelName): string {
  const { volume, shape, orientation } = modelStructure(name);
  const word = (c: string): string => (c === 'E' ? 'equal' : 'variable');
  if (name === 'E' || name === 'V') { return `${word(volume)} variance`; }
  if (shape === 'I') { return `spherical, ${word(volume)} volume`; }
  const axes = orientation === 'I' ? 'axis-aligned' : `${word(orientation)} orientation`;
  return `${word(volume)} volume, ${word(shape)} shape, ${axes}`;
}

/**
 * Free covariance parameters (mclust's convention): a volume is 1 number, a shape d − 1 (its
 * product is 1), an orientation d(d − 1)/2; an Equal part counts once, a Variable one k times.
 */
export function countCovarianceParameters(name: MixtureModelName, k: number, d: number): number {
  if (name === 'E') { return 1; }
  if (name === 'V') { return k; }
  const { volume, shape, orientation } = modelStructure(name);
  const times = (c: string): number => (c === 'V' ? k : 1);
  const shapeCount = shape === 'I' ? 0 : d - 1;
  const orientationCount = orientation === 'I' ? 0 : (d * (d - 1)) / 2;
  return times(volume) + times(shape) * shapeCount + times(orientation) * orientationCount;
}

/** All free parameters: covariances, k·d means and k − 1 weights (for BIC and ICL). */
export function countModelParameters(name: MixtureModelName, k: number, d: number): number {
  return countCovarianceParameters(name, k, d) + k * d + k - 1;
}
