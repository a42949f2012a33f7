// Compare k's sentences: the best model by a criterion, the settings compared, and why a method has no Compare k.
import type { ComparedModel, FitSnapshot } from '../src/shared/protocol';
import { type CompareStart, type Criterion, CRITERION_GOAL, CRITERION_LABELS } from './compareModel';
import { formatCount } from './format';
import type { ViewState } from './store';

/** "lowest BIC", "highest silhouette", "elbow of inertia" */
export function bestLabel(criterion: Criterion): string {
  const goal = CRITERION_GOAL[criterion];
  return goal === 'min' ? `lowest ${CRITERION_LABELS[criterion]}` : goal === 'max' ? `highest ${CRITERION_LABELS[criterion].toLowerCase()}` : 'elbow of inertia';
}

/** "lowest BIC: k = 3, full" */
export function describeBest(criterion: Criterion, best: ComparedModel | undefined, withType: boolean): string {
  if (!best) { return `${bestLabel(criterion)}: not yet known`; }
  return `${bestLabel(criterion)}: k = ${best.k}${withType ? `, ${best.covarianceType}` : ''}`;
}

export function describeOptions(start: CompareStart): string {
  const o = start.options;
  return [formatCount(o.columns.length, 'column'), o.standardize ? 'standardised' : 'raw units',
    `seed ${o.seed}`, formatCount(o.nInit, 'restart')].join(', ');
}

/** Why Compare k is not offered for a method (undefined: it is); shown beside the disabled button. */
export function whyNoCompare(algorithm: FitSnapshot['algorithm']): string | undefined {
  switch (algorithm) {
    case 'dbscan': case 'hdbscan':
      return `${algorithm === 'dbscan' ? 'DBSCAN' : 'HDBSCAN'} finds the number of clusters itself, so there is no k to compare: `
        + `change ${algorithm === 'dbscan' ? 'eps or min samples' : 'min cluster size or min samples'} in the controls instead.`;
    case 'spectral':
      return 'Compare k fits the Gaussian mixture and k-means; spectral clustering is fitted one k at a time from the controls (its eigenvalues, in Convergence, hint at k: look for a gap).';
    default: return undefined;
  }
}

export function describeSettings(fit: FitSnapshot, state: ViewState): string {
  const algorithm = fit.algorithm === 'gmm' ? `Gaussian mixture, ${fit.options.model ?? fit.covarianceType}` : 'k-means';
  const o = state.options;
  return o ? `${algorithm}, ${o.columns.length} columns, ${o.standardize ? 'standardised' : 'raw units'}, seed ${o.seed}` : algorithm;
}
