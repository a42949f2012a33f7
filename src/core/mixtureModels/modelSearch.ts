// "Find the best model": every (model, k) fitted from the hierarchical start and from k-means++
// starts (the better lower bound kept), scored by BIC in mclust's convention (2 logL − p ln n,
// larger is better) and scikit-learn's (−2 logL + p ln n, smaller is better), and by ICL (BIC
// less the entropy of the classification, Biernacki, Celeux & Govaert 2000), then ranked. The
// k-means++ start runs k-means on whitened rows: on raw rows a long direction dominates the
// distances and k-means cuts stretched clusters across (scikit-learn #34845).
// Where the time goes (1,000 × 5, 126 cells): the EM passes, each a log-sum-exp over n × k. So
// every model at a k starts from the same statistics of each start (computed once); a k-means
// partition equal to the hierarchical one is not screened twice; the axis-aligned models run as
// 'diag' (O(d) passes); only the kept start pays the final E-step (searchEm.ts). On more than
// hierarchicalMaxRows rows (default 2,000) the whole search, screening included, runs on the
// agglomerated sample (seeded, uniform), and each cell's EM then goes on over all rows from the
// sample's optimum: a few passes over all rows instead of tens.

import type { ChunkExecutor } from '../chunkExecutor';
import { inThreadExecutor } from '../inThreadExecutor';
import { createDataMatrix, type DataMatrix } from '../dataMatrix';
import { fitGaussianMixture, type GaussianMixtureModel } from '../gmm';
import type { SufficientStats } from '../gmmStats';
import { countModelParameters, modelsFor, type MixtureModelName } from './covarianceModels';
import { computeHierarchicalPartitions, HIERARCHICAL_MAX_ROWS, whitenRows, type HierarchicalPartitions } from './hierarchicalStart';
import { runKMeans } from '../kmeans';
import { Random } from '../random';
import { computeStartStats, finishEmRun, iterateEmRun, resumeEmRun, resumeOnOtherRows, startEmRun, type EmRun, type FinishedRun } from './searchEm';

export interface ModelSearchOptions {
  /** default: the 14 models (E and V on one column) */
  models: readonly MixtureModelName[];
  /** k = 1 … kMax (default 9) */
  kMax: number;
  /** default 1e-6 */
  regCovar: number;
  /**
   * EM stops when the log-likelihood gains less than this relatively (default 1e-5, mclust's rule):
   * as the mean per row, gains below relativeTol·(1/n + |mean log-likelihood of one Gaussian|)
   */
  relativeTol: number;
  /** iterations each start runs before the better one goes on alone (default 20; 0: every start to the end) */
  screenIter: number;
  /** the best cells by BIC are then run on to a 1e-4 times smaller tolerance (default 3), so the winner is a true optimum */
  polishTop: number;
  /** default 1000 */
  maxIter: number;
  /** k-means++ seeds of the k-means start beside the hierarchical one, on whitened rows (default 1; 0 = hierarchical only) */
  nInit: number;
  /** default 0 */
  seed: number;
  /** rows agglomerated at most by the hierarchical start (default 2,000); past it every cell is fitted on that sample first, then on all rows */
  hierarchicalMaxRows: number;
  executor?: ChunkExecutor;
  /** each cell as it is done, in the order models × k */
  onCell?: (cell: ModelSearchCell) => void;
}

export type CellStatus = 'fitted' | 'refused' | 'degenerate';

export interface ModelSearchCell {
  model: MixtureModelName;
  k: number;
  nParameters: number;
  /** 'refused': not fitted (see reason); 'degenerate': fitted, but a covariance is held up only by regCovar (mclust: singular, no BIC) */
  status: CellStatus;
  reason?: string;
  /** NaN unless fitted or degenerate */
  logLikelihood: number;
  /** 2 logL − p ln n: larger is better (mclust's BIC) */
  bic: number;
  /** −2 logL + p ln n: smaller is better (scikit-learn's bic) */
  bicSklearn: number;
  /** mclust's convention: bic + 2 Σᵢ log p(most likely component | xᵢ); larger is better, never above bic */
  icl: number;
  /** which start gave the kept fit */
  start?: 'hierarchical' | 'k-means++';
  /** every start reached the same lower bound (to 1e-6 relatively) */
  startsAgreed?: boolean;
  converged?: boolean;
  collapsedComponents?: number[];
}

export interface ModelSearchResult {
  cells: ModelSearchCell[];
  /** fitted cells by BIC, best first */
  ranking: ModelSearchCell[];
  /** fitted cells by ICL, best first */
  rankingIcl: ModelSearchCell[];
  /** the top three by BIC in words */
  summary: string[];
  /** the best BIC sits at k = kMax (> 1): a wider range may do better */
  bestAtEdge: boolean;
}

const DEFAULTS: Omit<ModelSearchOptions, 'models'> = {
  kMax: 9, regCovar: 1e-6, relativeTol: 1e-5, screenIter: 20, polishTop: 3, maxIter: 1000, nInit: 1, seed: 0, hierarchicalMaxRows: HIERARCHICAL_MAX_ROWS,
};

/** Fits and scores every (model, k); throws only on invalid options. */
export function searchModels(X: DataMatrix, options: Partial<ModelSearchOptions> = {}): ModelSearchResult {
  const plan = planModelSearch(X, options);
  const executor = options.executor ?? inThreadExecutor;
  const cells: ModelSearchCell[] = [];
  const models: (GaussianMixtureModel | undefined)[] = [];
  for (const { model, k } of listSearchCells(plan)) {
    const fitted = fitSearchCell(plan, model, k, executor);
    cells.push(fitted.cell);
    models.push(fitted.model);
    options.onCell?.(fitted.cell);
  }
  return completeModelSearch(plan, cells, models, executor);
}

/**
 * What every cell of a search reads, computed once: the options, the rows the cells are screened
 * on (all, or the agglomerated sample), the tolerances and each start's statistics at each k.
 * Plain data (typed arrays, numbers, strings): it can be posted to other threads as it is.
 */
export interface ModelSearchPlan {
  /** (n × d) the rows searched */
  readonly X: DataMatrix;
  readonly options: Omit<ModelSearchOptions, 'executor' | 'onCell'>;
  /** all rows were agglomerated: the cells are screened on them (else on `sample`) */
  readonly sampled: boolean;
  /** the agglomerated rows ((m × d), a copy) when sampled */
  readonly sample: DataMatrix | null;
  /** mclust's relative tolerance as an absolute one on the mean log-likelihood per row, on the sample and on all rows */
  readonly tolSample: number;
  readonly tolAll: number;
  /** startsAt[k − 1]: the starts at k, in order (hierarchical first) */
  readonly startsAt: readonly (readonly SearchStart[])[];
}

export interface SearchStart {
  readonly start: StartName;
  readonly stats: SufficientStats;
}

/** The shared part of a search (see ModelSearchPlan); throws on invalid options. */
export function planModelSearch(X: DataMatrix, options: Partial<ModelSearchOptions> = {}): ModelSearchPlan {
  const o: ModelSearchPlan['options'] = { ...DEFAULTS, models: modelsFor(X.nFeatures), ...options };
  delete (o as Partial<ModelSearchOptions>).executor;
  delete (o as Partial<ModelSearchOptions>).onCell;
  const { nSamples: n, nFeatures: d } = X;
  if (!Number.isInteger(o.kMax) || o.kMax < 1) { throw new Error(`kMax must be an integer ≥ 1, got ${o.kMax}`); }
  const kMax = Math.min(o.kMax, n);
  const one = fitGaussianMixture(X, { nComponents: 1, model: d === 1 ? 'V' : 'VVV', regCovar: o.regCovar, maxIter: 1 });
  // mclust's rule on the mean per row: the same relative tolerance on the sample and on all rows
  const tolFor = (rows: number): number => o.relativeTol * (1 / rows + Math.abs(one.lowerBound));
  const hierarchy = computeHierarchicalPartitions(X, Math.min(kMax, Math.min(n, o.hierarchicalMaxRows)), { maxRows: o.hierarchicalMaxRows, seed: o.seed });
  // past hierarchicalMaxRows every cell is screened and fitted on the agglomerated sample first,
  // then EM goes on over all rows from the sample's optimum (a few passes over all rows, not tens)
  const sampled = hierarchy.rows.length < n;
  const S = sampled ? gatherRows(X, hierarchy.rows) : X;
  const starts = createStartSource(S, hierarchy, o);
  const startsAt = Array.from({ length: kMax }, (_, i) => starts.statsAt(i + 1));
  return { X, options: o, sampled, sample: sampled ? S : null, tolSample: tolFor(S.nSamples), tolAll: tolFor(n), startsAt };
}

/** Every (model, k) of the plan, in the order of the result's cells (models × k). */
export function listSearchCells(plan: ModelSearchPlan): { model: MixtureModelName; k: number }[] {
  return plan.options.models.flatMap(model => Array.from({ length: plan.options.kMax }, (_, i) => ({ model, k: i + 1 })));
}

/**
 * One (model, k): refused, or screened and fitted (on the sample, then all rows when sampled).
 * Depends on the plan and the cell only, not on the executor or on other cells: cells can run on
 * any thread in any order and give the same bits.
 */
export function fitSearchCell(
  plan: ModelSearchPlan, model: MixtureModelName, k: number, executor: ChunkExecutor = inThreadExecutor,
): { cell: ModelSearchCell; model?: GaussianMixtureModel; nIter?: number } {
  const o = plan.options;
  const X = executor.share(plan.X);
  const { nSamples: n, nFeatures: d } = X;
  const nParameters = countModelParameters(model, k, d);
  if (k > n) { return { cell: refuse(model, k, nParameters, `k = ${k} is more than the ${n} rows`) }; }
  if (nParameters >= n) { return { cell: refuse(model, k, nParameters, `${nParameters} parameters for ${n} rows: at least as many parameters as rows`) }; }
  const S = plan.sample ?? X;
  const sampleExecutor = plan.sampled ? inThreadExecutor : executor;
  const sampleResp = sampleExecutor.allocateFloat64(S.nSamples * k);
  const screened = screenStarts(S, model, plan.startsAt[k - 1]!, o, plan.tolSample, sampleResp, sampleExecutor);
  const { run } = screened;
  const resp = plan.sampled ? executor.allocateFloat64(n * k) : sampleResp;
  if (plan.sampled) {
    sampleExecutor.release(sampleResp);
    resumeOnOtherRows(run);
    iterateEmRun(run, X, resp, executor, plan.tolAll, run.nIter + o.maxIter);
  }
  const finished = finishEmRun(run, X, resp, executor, o.regCovar);
  const cell = describeCell(model, k, nParameters, n, finished, run.converged, screened.start, screened.startsAgreed);
  executor.release(resp);
  return cell.status === 'refused' ? { cell } : { cell, model: run.model, nIter: run.nIter };
}

/**
 * The fitted cells (in listSearchCells' order, with their models) polished and ranked: the
 * polishTop best by BIC run on from their model to a 1e-4 times smaller tolerance (mclust's
 * stopping rule leaves a fit a little short of its optimum: the leaders finish the climb).
 */
export function completeModelSearch(
  plan: ModelSearchPlan, cells: ModelSearchCell[], models: readonly (GaussianMixtureModel | undefined)[], executor: ChunkExecutor = inThreadExecutor,
): ModelSearchResult {
  for (const at of selectCellsToPolish(plan, cells)) { cells[at] = polishSearchCell(plan, cells[at]!, models[at]!, executor); }
  return rankModelSearch(plan, cells);
}

const byBic = (a: ModelSearchCell, b: ModelSearchCell): number => b.bic - a.bic;

/** Indices of the polishTop fitted cells with the best BIC. */
export function selectCellsToPolish(plan: ModelSearchPlan, cells: readonly ModelSearchCell[]): number[] {
  return cells.map((cell, at) => ({ cell, at })).filter(({ cell }) => cell.status === 'fitted')
    .sort((a, b) => byBic(a.cell, b.cell) || a.at - b.at).slice(0, plan.options.polishTop).map(({ at }) => at);
}

/** The cell after EM from its model to tolAll · 1e-4 (a new cell; the same one when that did not raise the log-likelihood). */
export function polishSearchCell(
  plan: ModelSearchPlan, cell: ModelSearchCell, model: GaussianMixtureModel, executor: ChunkExecutor = inThreadExecutor,
): ModelSearchCell {
  return polishSearchModel(plan, cell, model, executor).cell;
}

/** polishSearchCell with the model it ends with (the one given when polishing did not raise the log-likelihood). */
export function polishSearchModel(
  plan: ModelSearchPlan, cell: ModelSearchCell, model: GaussianMixtureModel, executor: ChunkExecutor = inThreadExecutor,
): { cell: ModelSearchCell; model: GaussianMixtureModel } {
  const o = plan.options;
  const X = executor.share(plan.X);
  const n = X.nSamples;
  const run = resumeEmRun(cell.model, o.regCovar, model);
  const resp = executor.allocateFloat64(n * cell.k);
  iterateEmRun(run, X, resp, executor, plan.tolAll * 1e-4, o.maxIter);
  const finished = finishEmRun(run, X, resp, executor, o.regCovar);
  const better = finished.logLikelihood > cell.logLikelihood;
  const polished = better ? { ...cell, ...score(finished, cell.nParameters, n), converged: run.converged } : cell;
  executor.release(resp);
  return { cell: polished, model: better ? run.model : model };
}

/** The result: cells ranked by BIC and by ICL, the top three in words. */
export function rankModelSearch(plan: ModelSearchPlan, cells: ModelSearchCell[]): ModelSearchResult {
  const fitted = cells.filter(c => c.status === 'fitted');
  const ranking = [...fitted].sort(byBic);
  const rankingIcl = [...fitted].sort((a, b) => b.icl - a.icl);
  const best = ranking[0];
  const bestAtEdge = best !== undefined && plan.options.kMax > 1 && best.k === plan.options.kMax;
  return { cells, ranking, rankingIcl, summary: describeTopThree(ranking), bestAtEdge };
}

function refuse(model: MixtureModelName, k: number, nParameters: number, reason: string): ModelSearchCell {
  return { model, k, nParameters, status: 'refused', reason, logLikelihood: NaN, bic: NaN, bicSklearn: NaN, icl: NaN };
}

type StartName = 'hierarchical' | 'k-means++';

/** The starts' statistics at each k, computed once and shared by every model. */
interface StartSource {
  statsAt(k: number): SearchStart[];
}

/**
 * The hierarchical partition at k (one-hot: S holds exactly the agglomerated rows) and, when
 * nInit > 0, k-means on S's whitened rows (nInit k-means++ seeds).
 */
function createStartSource(S: DataMatrix, hierarchy: HierarchicalPartitions, o: ModelSearchPlan['options']): StartSource {
  const { nSamples: m, nFeatures: d } = S;
  const cache = new Map<number, SearchStart[]>();
  let white: DataMatrix | undefined;
  const oneHot = (labels: Int32Array, k: number): Float64Array => {
    const resp = new Float64Array(m * k);
    for (let i = 0; i < m; i++) { resp[i * k + labels[i]!] = 1; }
    return resp;
  };
  return {
    statsAt(k) {
      let starts = cache.get(k);
      if (starts) { return starts; }
      starts = [];
      const partition = hierarchy.partitions[k - 1];
      if (partition) { starts.push({ start: 'hierarchical', stats: computeStartStats(S, oneHot(partition, k), k) }); }
      if (o.nInit > 0 || starts.length === 0) {
        white ??= createDataMatrix(whitenRows(S, Int32Array.from({ length: m }, (_, i) => i)), m, d);
        const km = runKMeans(white, { nClusters: k, nInit: Math.max(1, o.nInit), maxIter: 300, tol: 1e-4, seed: o.seed }, new Random(o.seed));
        // the same partition as the hierarchical one would run the same EM: screen it once
        if (!(partition && samePartition(partition, km.labels, k))) { starts.push({ start: 'k-means++', stats: computeStartStats(S, oneHot(km.labels, k), k) }); }
      }
      cache.set(k, starts);
      return starts;
    },
  };
}

/** Whether two labelings (0..k−1) cut the rows into the same groups, whatever their numbering. */
function samePartition(a: Int32Array, b: Int32Array, k: number): boolean {
  const map = new Int32Array(k).fill(-1);
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!, y = b[i]!;
    if (map[x] === -1) { map[x] = y; } else if (map[x] !== y) { return false; }
  }
  return new Set(map).size === k;
}

/**
 * One (model, k) on the rows of S: every start runs screenIter iterations, the best lower bound
 * then runs on to convergence (as the product's screened restarts: a start behind after 20
 * iterations rarely wins, and the loser's tail is most of the time).
 */
function screenStarts(
  S: DataMatrix, model: MixtureModelName, starts: readonly SearchStart[], o: ModelSearchPlan['options'], tol: number, resp: Float64Array,
  executor: ChunkExecutor,
): { run: EmRun; start: StartName; startsAgreed: boolean } {
  const screening = o.screenIter > 0 && o.screenIter < o.maxIter;
  const runs = starts.map(({ start, stats }) => {
    const run = startEmRun(model, o.regCovar, stats, S.nSamples);
    iterateEmRun(run, S, resp, executor, tol, screening ? o.screenIter : o.maxIter);
    return { run, start };
  });
  let kept = runs[0]!;
  for (const r of runs) { if (r.run.lowerBound > kept.run.lowerBound) { kept = r; } }
  iterateEmRun(kept.run, S, resp, executor, tol, o.maxIter);
  const lowerBound = kept.run.lowerBound;
  const startsAgreed = runs.every(r => Math.abs(r.run.lowerBound - lowerBound) <= 1e-6 * Math.max(1, Math.abs(lowerBound)));
  return { run: kept.run, start: kept.start, startsAgreed };
}

function describeCell(
  model: MixtureModelName, k: number, nParameters: number, n: number, fit: FinishedRun, converged: boolean, start: StartName, startsAgreed: boolean,
): ModelSearchCell {
  const cell: ModelSearchCell = {
    model, k, nParameters, status: 'fitted', ...score(fit, nParameters, n), start, startsAgreed, converged, collapsedComponents: fit.collapsedComponents,
  };
  if (!Number.isFinite(cell.logLikelihood)) { return { ...cell, status: 'refused', reason: 'the log-likelihood is not finite' }; }
  if (fit.collapsedComponents.length > 0) {
    cell.status = 'degenerate';
    cell.reason = `component${fit.collapsedComponents.length > 1 ? 's' : ''} ${fit.collapsedComponents.map(c => c + 1).join(', ')} singular: `
      + 'its covariance is held up only by regCovar';
  }
  return cell;
}

function score(fit: FinishedRun, nParameters: number, n: number): Pick<ModelSearchCell, 'logLikelihood' | 'bic' | 'bicSklearn' | 'icl'> {
  const bic = 2 * fit.logLikelihood - nParameters * Math.log(n);
  return { logLikelihood: fit.logLikelihood, bic, bicSklearn: -bic, icl: bic + 2 * classificationLogLikelihood(fit.resp, n, fit.model.nComponents) };
}

/** The rows of X at the given indices, in that order ((m × d), a copy). */
function gatherRows(X: DataMatrix, rows: Int32Array): DataMatrix {
  const d = X.nFeatures;
  const data = new Float64Array(rows.length * d);
  rows.forEach((i, r) => { data.set(X.data.subarray(i * d, i * d + d), r * d); });
  return createDataMatrix(data, rows.length, d);
}

/** Σᵢ log rᵢ,ₘₐₚ(ᵢ) (≤ 0): the hard classification's log-likelihood that ICL adds twice. */
function classificationLogLikelihood(resp: Float64Array, n: number, k: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 0; c < k; c++) { best = Math.max(best, resp[i * k + c]!); }
    if (best > 0) { s += Math.log(best); }
  }
  return s;
}

const format = (v: number): string => v.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).replace('-', '−');

/** "VEV, 3 clusters: BIC −1,234.5; 12.3 better than the next" and the next two relative to the best. */
export function describeTopThree(ranking: readonly ModelSearchCell[]): string[] {
  const top = ranking.slice(0, 3);
  return top.map((cell, i) => {
    const head = `${cell.model}, ${cell.k} cluster${cell.k === 1 ? '' : 's'}: BIC ${format(cell.bic)}`;
    if (i === 0) {
      const next = ranking[1];
      return next ? `${head}; ${format(cell.bic - next.bic)} better than the next` : head;
    }
    return `${head}; ${format(top[0]!.bic - cell.bic)} below the best`;
  });
}
