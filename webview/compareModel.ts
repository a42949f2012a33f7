/**
 * The "Compare k" tab's state and the choices drawn from it, as pure functions (no DOM):
 * the run as its messages arrive, the criterion curves per covariance type, the best model per
 * criterion, the elbow of the inertia curve, and which model each small multiple shows.
 */
import { formatCount } from './format';
import { type Algorithm, type ComparedModel, type CovarianceType, type FitOptions, type FitSnapshot, type HostMessage, MAX_COMPARE_K } from '../src/shared/protocol';
import { comparedModel } from './comparedFamily';

export type CompareStart = Extract<HostMessage, { type: 'didStartCompare' }>;

export interface CompareRunState {
  start: CompareStart;
  /** Models in the order they arrived (the plan's order). */
  models: ComparedModel[];
  status: 'running' | 'done' | 'cancelled' | 'failed';
  error: string | undefined;
}

export type Criterion = 'bic' | 'aic' | 'inertia' | 'silhouette';

// spectral, DBSCAN and HDBSCAN are not compared over k (the panel disables Compare k for them): k-means' criteria complete the record
export const CRITERIA: Record<Algorithm, [Criterion, Criterion]> = {
  gmm: ['bic', 'aic'], kmeans: ['inertia', 'silhouette'], spectral: ['inertia', 'silhouette'], dbscan: ['inertia', 'silhouette'], hdbscan: ['inertia', 'silhouette'],
};

export const CRITERION_LABELS: Record<Criterion, string> = { bic: 'BIC', aic: 'AIC', inertia: 'Inertia', silhouette: 'Silhouette' };

/** Lower is better for the information criteria, higher for the silhouette; inertia always falls with k. */
export const CRITERION_GOAL: Record<Criterion, 'min' | 'max' | 'elbow'> = { bic: 'min', aic: 'min', inertia: 'elbow', silhouette: 'max' };

/** Steps in a run: every k from 1 to kMax for every covariance type. */
export function plannedSteps(start: CompareStart): number {
  return start.kMax * start.covarianceTypes.length;
}

/** The run after a host message; messages of another run, or inconsistent with this one, are ignored. */
export function reduceCompare(state: CompareRunState | undefined, message: HostMessage): CompareRunState | undefined {
  switch (message.type) {
    case 'didStartCompare':
      return { start: message, models: [], status: 'running', error: undefined };
    case 'didCompareModel': {
      if (!state || message.compareId !== state.start.compareId) { return state; }
      const { model } = message;
      const m = state.start.sample.rowIndex.length;
      if (model.nFeatures !== state.start.options.columns.length || model.labels.length !== m) { return state; }
      return { ...state, models: [...state.models.filter(x => x.index !== model.index), model] };
    }
    case 'didFinishCompare':
    case 'didCancelCompare':
      if (!state || message.compareId !== state.start.compareId) { return state; }
      return { ...state, status: message.type === 'didFinishCompare' ? 'done' : 'cancelled' };
    case 'didFailCompare':
      if (!state || message.compareId !== state.start.compareId) { return state; }
      return { ...state, status: 'failed', error: message.message };
    // The file is read again: a comparison of the old data is gone with it.
    case 'didStartRead':
      return undefined;
    default:
      return state;
  }
}

/** A criterion's value of a model; null when it has none (silhouette at k = 1, BIC of k-means). */
export function criterionValue(model: ComparedModel, criterion: Criterion): number | null {
  const value = model[criterion];
  return value !== null && Number.isFinite(value) ? value : null;
}

export interface SeriesPoint { k: number; value: number; model: ComparedModel }

/** One curve per covariance type present, points sorted by k, models without a value left out. */
export function criterionSeries(models: readonly ComparedModel[], criterion: Criterion, types: readonly CovarianceType[]): Map<CovarianceType, SeriesPoint[]> {
  const series = new Map<CovarianceType, SeriesPoint[]>();
  for (const type of types) {
    const points: SeriesPoint[] = [];
    for (const model of models) {
      const value = criterionValue(model, criterion);
      if (model.covarianceType === type && value !== null) { points.push({ k: model.k, value, model }); }
    }
    series.set(type, points.sort((a, b) => a.k - b.k));
  }
  return series;
}

/**
 * Curves better left out of the first picture: those that never come down into the range of the
 * best model's curve (e.g. spherical mixtures of raw columns in grams and millimetres, whose BIC
 * is twice the others' and flattens every other line). They start hidden, one legend click away.
 */
export function farSeries(series: Map<CovarianceType, SeriesPoint[]>, best: ComparedModel | undefined): CovarianceType[] {
  if (!best || series.size < 2) { return []; }
  const bestCurve = series.get(best.covarianceType) ?? [];
  if (bestCurve.length === 0) { return []; }
  const top = Math.max(...bestCurve.map(p => p.value));
  const bottom = Math.min(...bestCurve.map(p => p.value));
  const far: CovarianceType[] = [];
  for (const [type, points] of series) {
    if (type === best.covarianceType || points.length === 0) { continue; }
    const values = points.map(p => p.value);
    if (Math.min(...values) > top || Math.max(...values) < bottom) { far.push(type); }
  }
  return far;
}

/**
 * The best model by a criterion over every k and covariance type: lowest BIC/AIC, highest
 * silhouette, the elbow for inertia. Ties go to the smaller k (the simpler model), then to the
 * type listed first. Undefined while no model has a value.
 */
export function bestModel(models: readonly ComparedModel[], criterion: Criterion, types?: readonly CovarianceType[]): ComparedModel | undefined {
  const goal = CRITERION_GOAL[criterion];
  if (goal === 'elbow') {
    const points = models.filter(m => criterionValue(m, criterion) !== null).sort((a, b) => a.k - b.k);
    const k = elbowK(points.map(m => m.k), points.map(m => m[criterion] as number));
    return k === undefined ? undefined : points.find(m => m.k === k);
  }
  const order = (m: ComparedModel) => (types ? types.indexOf(m.covarianceType) : 0);
  let best: ComparedModel | undefined;
  let bestValue = NaN;
  for (const model of models) {
    const value = criterionValue(model, criterion);
    if (value === null) { continue; }
    const better = best === undefined
      || (goal === 'min' ? value < bestValue : value > bestValue)
      || (value === bestValue && (model.k < best.k || (model.k === best.k && order(model) < order(best))));
    if (better) { best = model; bestValue = value; }
  }
  return best;
}

/**
 * The criteria of a finished run whose best model is at the largest k tried: the curve may still
 * fall (BIC, AIC) or rise (silhouette) beyond it, so the best k may lie past the run. The elbow of
 * inertia is never at the last k and is left out.
 */
export function bestAtLargestK(run: CompareRunState): Criterion[] {
  if (run.status !== 'done' || run.start.kMax < 2) { return []; }
  const types = run.start.covarianceTypes;
  return CRITERIA[run.start.options.algorithm].filter(criterion =>
    CRITERION_GOAL[criterion] !== 'elbow' && bestModel(run.models, criterion, types)?.k === run.start.kMax);
}

/** The largest k of a run that extends one up to `kMax`: twice as far, at most MAX_COMPARE_K; undefined at that limit. */
export function extendedK(kMax: number): number | undefined {
  return kMax >= MAX_COMPARE_K ? undefined : Math.min(MAX_COMPARE_K, 2 * kMax);
}

/**
 * The elbow of a falling curve (the "kneedle" rule): with both axes scaled to [0, 1], the point
 * farthest below the chord from the first to the last point. Needs at least three points and a
 * curve that falls; undefined otherwise.
 */
export function elbowK(ks: readonly number[], values: readonly number[]): number | undefined {
  const n = ks.length;
  if (n < 3 || values.length !== n) { return undefined; }
  const k0 = ks[0], k1 = ks[n - 1];
  const top = Math.max(...values), bottom = Math.min(...values);
  if (!(top > bottom) || !(k1 > k0)) { return undefined; }
  const x = (i: number) => (ks[i] - k0) / (k1 - k0);
  const y = (i: number) => (values[i] - bottom) / (top - bottom);
  // The chord from (0, y0) to (1, yn): for a convex falling curve the elbow lies farthest below it.
  let bestIndex = -1;
  let bestGap = 1e-9;
  for (let i = 1; i < n - 1; i++) {
    const chord = y(0) + (y(n - 1) - y(0)) * x(i);
    const gap = chord - y(i);
    if (gap > bestGap) { bestGap = gap; bestIndex = i; }
  }
  return bestIndex >= 0 ? ks[bestIndex] : undefined;
}

/**
 * The model each small multiple shows, one per k in order: of the chosen covariance type, or
 * (choice 'best') the type with the lowest BIC at that k. k-means has a single type.
 */
export function modelsPerK(models: readonly ComparedModel[], choice: CovarianceType | 'best', types: readonly CovarianceType[]): ComparedModel[] {
  const byK = new Map<number, ComparedModel>();
  for (const model of models) {
    if (choice !== 'best' && model.covarianceType !== choice) { continue; }
    const held = byK.get(model.k);
    if (!held) { byK.set(model.k, model); continue; }
    if (choice === 'best' && bestModel([held, model], 'bic', types) === model) { byK.set(model.k, model); }
  }
  return [...byK.values()].sort((a, b) => a.k - b.k);
}

/** The options that reopen a compared model: the run's, with its k and covariance type (or its mclust model: comparedFamily.ts). */
export function optionsFor(start: CompareStart, model: ComparedModel): FitOptions {
  const options: FitOptions = { ...start.options, nComponents: model.k, covarianceType: model.covarianceType };
  // a compared model is one of scikit-learn's four covariance types, unless the run compared an mclust model at every k
  if (comparedModel(start) === undefined) { delete options.model; }
  return options;
}

/** Whether the panel's current fit is this compared model (same options but k and type, same k and type). */
export function isCurrentFit(fit: FitSnapshot | undefined, options: FitOptions | undefined, start: CompareStart, model: ComparedModel): boolean {
  if (!fit || !options || fit.nComponents !== model.k || fit.algorithm !== start.options.algorithm) { return false; }
  if (fit.algorithm === 'gmm' && (fit.covarianceType !== model.covarianceType || options.model !== comparedModel(start))) { return false; }
  return sameDataAndSettings(options, start.options);
}

/**
 * What differs between the current fit's settings and those a comparison ran with (rows, columns,
 * scaling, seed…), in words; empty when the comparison still describes the current data. Models
 * of another column set must not pass for the current one's.
 */
export function settingsChange(current: FitOptions | undefined, compared: FitOptions): string[] {
  if (!current) { return []; }
  const changes: string[] = [];
  if (current.algorithm !== compared.algorithm) { changes.push(current.algorithm === 'gmm' ? 'Gaussian mixture' : 'k-means'); }
  if (current.columns.length !== compared.columns.length || current.columns.some((c, i) => c !== compared.columns[i])) { changes.push('columns'); }
  if (current.standardize !== compared.standardize) { changes.push('scaling'); }
  if (current.missing !== compared.missing) { changes.push('missing values'); }
  if (current.seed !== compared.seed || current.nInit !== compared.nInit) { changes.push('seed or restarts'); }
  if (current.maxIter !== compared.maxIter || current.tol !== compared.tol) { changes.push('iterations or tolerance'); }
  return changes;
}

/** Same rows, columns and fitting settings: everything but k and the covariance type. */
function sameDataAndSettings(a: FitOptions, b: FitOptions): boolean {
  return a.algorithm === b.algorithm && a.standardize === b.standardize && a.nInit === b.nInit && a.maxIter === b.maxIter
    && a.tol === b.tol && a.seed === b.seed && a.missing === b.missing
    && a.columns.length === b.columns.length && a.columns.every((c, i) => c === b.columns[i]);
}

/** "k = 5 of 8 (full)": the step being fitted while the run goes on. */
export function progressText(state: CompareRunState): string {
  const { start, models, status } = state;
  const total = plannedSteps(start);
  const withType = (k: number, type: CovarianceType) =>
    start.options.algorithm === 'gmm' ? `k = ${k} of ${start.kMax} (${comparedModel(start) ?? type})` : `k = ${k} of ${start.kMax}`;
  if (status === 'running') {
    const next = models.length;
    if (next >= total) { return 'Finishing…'; }
    const types = start.covarianceTypes;
    return `Fitting ${withType(Math.floor(next / types.length) + 1, types[next % types.length])}`;
  }
  if (status === 'done') { return `Fitted ${formatCount(total, 'model')}.`; }
  if (status === 'cancelled') { return `Cancelled after ${models.length} of ${total} models.`; }
  return `Failed after ${models.length} of ${total} models: ${state.error ?? 'unknown error'}`;
}
