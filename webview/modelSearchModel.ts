/**
 * "Find best model"'s state and what is read from it, as pure functions (no DOM): the run as its
 * messages arrive, the ranking by BIC or ICL (mclust's convention: 2 log L − p ln n, LARGER is
 * better), the top three in words, cells that could not be fitted, whether the best sits at the
 * edge of the k range, and the fit options that open a cell as the current fit.
 */
import type { FitOptions, FitSnapshot, HostMessage, MixtureModel, SearchedModel } from '../src/shared/protocol';
import { MAX_SEARCH_K } from '../src/shared/protocol';
import { fittedModel, withModel } from './mixtureModels';

export type SearchStart = Extract<HostMessage, { type: 'didStartModelSearch' }>;

export interface SearchRunState {
  start: SearchStart;
  /** Cells as they arrived; replaced by the final cells when the search finishes. */
  cells: SearchedModel[];
  status: 'running' | 'done' | 'cancelled' | 'failed';
  error: string | undefined;
  seconds: number | undefined;
}

export type SearchCriterion = 'bic' | 'icl';
export const SEARCH_CRITERION_LABELS: Record<SearchCriterion, string> = { bic: 'BIC', icl: 'ICL' };

/** The run after a host message; messages of another run are ignored. */
export function reduceSearch(state: SearchRunState | undefined, message: HostMessage): SearchRunState | undefined {
  switch (message.type) {
    case 'didStartModelSearch':
      return { start: message, cells: [], status: 'running', error: undefined, seconds: undefined };
    case 'didSearchModel': {
      if (!state || message.searchId !== state.start.searchId || !state.start.models.includes(message.model.model)) { return state; }
      const { model } = message;
      return { ...state, cells: [...state.cells.filter(c => c.model !== model.model || c.k !== model.k), model] };
    }
    case 'didFinishModelSearch':
      if (!state || message.searchId !== state.start.searchId) { return state; }
      return { ...state, status: 'done', cells: message.models, seconds: message.seconds };
    case 'didCancelModelSearch':
      if (!state || message.searchId !== state.start.searchId) { return state; }
      return { ...state, status: 'cancelled' };
    case 'didFailModelSearch':
      if (!state || message.searchId !== state.start.searchId) { return state; }
      return { ...state, status: 'failed', error: message.message };
    // The file is read again: a search of the old rows is gone with it.
    case 'didStartRead':
      return undefined;
    default:
      return state;
  }
}

/** Cells a search plans: every model for k = 1 … K. */
export function plannedCells(start: SearchStart): number {
  return start.models.length * start.kMax;
}

/** Whether a cell is ranked: fitted, with a finite score (mclust gives a singular fit no BIC). */
export function isRanked(cell: SearchedModel, criterion: SearchCriterion = 'bic'): boolean {
  return cell.status === 'fitted' && cell[criterion] !== null;
}

/** Ranked cells, best first (larger is better); ties go to fewer parameters, then mclust's model order. */
export function rankCells(cells: readonly SearchedModel[], criterion: SearchCriterion, models: readonly MixtureModel[]): SearchedModel[] {
  return cells.filter(c => isRanked(c, criterion))
    .sort((a, b) => (b[criterion]! - a[criterion]!) || (a.nParameters - b.nParameters) || (models.indexOf(a.model) - models.indexOf(b.model)) || (a.k - b.k));
}

/** mclust-style numbers: one decimal, thousands grouped, a true minus sign ("−1,234.5"). */
export function formatScore(value: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).replace('-', '−');
}

/** "VEV, 3 clusters: BIC −1,234.5; 12.3 better than the next", and the next two relative to the best. */
export function describeTopThree(ranking: readonly SearchedModel[], criterion: SearchCriterion): string[] {
  const label = SEARCH_CRITERION_LABELS[criterion];
  const top = ranking.slice(0, 3);
  return top.map((cell, i) => {
    const head = `${cell.model}, ${cell.k} cluster${cell.k === 1 ? '' : 's'}: ${label} ${formatScore(cell[criterion]!)}`;
    if (i === 0) {
      const next = ranking[1];
      return next ? `${head}; ${formatScore(cell[criterion]! - next[criterion]!)} better than the next` : head;
    }
    return `${head}; ${formatScore(top[0]![criterion]! - cell[criterion]!)} below the best`;
  });
}

/**
 * How the cells that have no rank are shown, in words: a refused cell ("too many parameters: …")
 * and a singular one (a covariance held up only by regCovar). Undefined for a ranked cell.
 */
export function notFittedWord(cell: SearchedModel): { word: string; reason: string } | undefined {
  if (cell.status === 'refused') {
    const reason = cell.reason ?? 'not fitted';
    return { word: /parameters/.test(reason) ? 'too many parameters' : 'not fitted', reason };
  }
  if (cell.status === 'degenerate') { return { word: 'singular', reason: cell.reason ?? 'a covariance is held up only by regCovar' }; }
  return undefined;
}

/** The cells without a rank, grouped by model and reason: "VVV: k = 8, 9 (too many parameters)". */
export function describeNotFitted(cells: readonly SearchedModel[], models: readonly MixtureModel[]): string[] {
  const groups = new Map<string, { model: MixtureModel; word: string; ks: number[] }>();
  for (const cell of cells) {
    const why = notFittedWord(cell);
    if (!why) { continue; }
    const key = `${cell.model}|${why.word}`;
    const group = groups.get(key) ?? { model: cell.model, word: why.word, ks: [] };
    group.ks.push(cell.k);
    groups.set(key, group);
  }
  return [...groups.values()]
    .sort((a, b) => models.indexOf(a.model) - models.indexOf(b.model) || Math.min(...a.ks) - Math.min(...b.ks))
    .map(g => `${g.model}: k = ${g.ks.sort((a, b) => a - b).join(', ')} (${g.word})`);
}

/** The best model sits at the largest k searched (> 1): a wider range may do better. */
export function bestAtEdge(run: SearchRunState, criterion: SearchCriterion): boolean {
  const best = rankCells(run.cells, criterion, run.start.models)[0];
  return run.status === 'done' && run.start.kMax > 1 && best !== undefined && best.k === run.start.kMax;
}

/** The K of a search that goes further: twice as far, at most MAX_SEARCH_K; undefined at that limit. */
export function widerK(kMax: number): number | undefined {
  return kMax >= MAX_SEARCH_K ? undefined : Math.min(MAX_SEARCH_K, 2 * kMax);
}

/** One line per model, its ranked cells by k (cells without a score are gaps). */
export function searchSeries(cells: readonly SearchedModel[], criterion: SearchCriterion, models: readonly MixtureModel[]):
  { model: MixtureModel; points: { k: number; value: number; cell: SearchedModel }[] }[] {
  return models.map(model => ({
    model,
    points: cells.filter(c => c.model === model && isRanked(c, criterion)).sort((a, b) => a.k - b.k).map(cell => ({ k: cell.k, value: cell[criterion]!, cell })),
  }));
}

/**
 * The options that open a cell as the current fit: the search's rows and settings, a Gaussian
 * mixture of the cell's model and k (on one column E is scikit-learn's tied, V its full). Rows with
 * a missing cell were left out of the search, so the fit leaves them out too.
 */
export function optionsForCell(start: SearchStart, cell: Pick<SearchedModel, 'model' | 'k'>): FitOptions {
  const base: FitOptions = { ...start.options, algorithm: 'gmm', nComponents: cell.k };
  if (start.options.missing === 'model' && start.droppedRows > 0) { base.missing = 'drop'; }
  if (cell.model === 'E' || cell.model === 'V') {
    const options: FitOptions = { ...base, covarianceType: cell.model === 'E' ? 'tied' : 'full' };
    delete options.model;
    return options;
  }
  return withModel(base, cell.model);
}

/** Whether the panel's fit is this cell: the search's rows and settings, the cell's model and k. */
export function isCurrentCell(fit: FitSnapshot | undefined, start: SearchStart, cell: SearchedModel): boolean {
  if (!fit || fit.algorithm !== 'gmm' || fit.nComponents !== cell.k || fittedModel(fit) !== cell.model) { return false; }
  const a = fit.options, b = start.options;
  return a.standardize === b.standardize && a.seed === b.seed && a.columns.length === b.columns.length && a.columns.every((c, i) => c === b.columns[i]);
}

/** What differs between the current fit's rows and scaling and those searched: the search then describes other data. */
export function searchDataChange(current: FitOptions | undefined, searched: FitOptions): string[] {
  if (!current) { return []; }
  const changes: string[] = [];
  if (current.columns.length !== searched.columns.length || current.columns.some((c, i) => c !== searched.columns[i])) { changes.push('columns'); }
  if (current.standardize !== searched.standardize) { changes.push('scaling'); }
  if (current.missing !== searched.missing && (current.missing === 'impute' || searched.missing === 'impute')) { changes.push('missing values'); }
  return changes;
}

/** "14 of 126 fitted (VEV, k = 2)" while it runs; how it ended after. */
export function searchProgressText(run: SearchRunState): string {
  const total = plannedCells(run.start);
  const done = run.cells.length;
  switch (run.status) {
    case 'running': {
      const last = run.cells[run.cells.length - 1];
      return `${done} of ${total} (model, k) done${last ? ` — last: ${last.model}, k = ${last.k}` : ''}…`;
    }
    case 'done': return `All ${total} (model, k) done in ${(run.seconds ?? 0).toFixed(1)} s.`;
    case 'cancelled': return `Cancelled after ${done} of ${total} (model, k).`;
    case 'failed': return `Failed: ${run.error ?? 'unknown error'}`;
  }
}

/** Cells the search polishes when it ends (core/mixtureModels/modelSearch.ts, polishTop). */
export const SEARCH_POLISHED_CELLS = 3;

/**
 * How to open a cell as the search fitted it (the fit message's fromSearch): it was polished when
 * the search had ended with it among the SEARCH_POLISHED_CELLS best fitted cells by BIC (polishing
 * only raises the leaders' BIC, so the leaders after are the leaders before).
 */
export function searchStartOf(run: SearchRunState, cell: Pick<SearchedModel, 'model' | 'k'>): { polish: boolean } {
  if (run.status !== 'done') { return { polish: false }; }
  const leaders = rankCells(run.cells, 'bic', run.start.models).slice(0, SEARCH_POLISHED_CELLS);
  return { polish: leaders.some(c => c.model === cell.model && c.k === cell.k) };
}
