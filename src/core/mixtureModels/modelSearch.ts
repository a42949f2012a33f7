// "Find the best model": every (model, k) fitted from the hierarchical start and from k-means++
// starts (the better lower bound kept), scored by BIC in mclust's convention (2 logL − p ln n,
// larger is better) and scikit-learn's (−2 logL + p ln n, smaller is better), and by ICL (BIC
// less the entropy of the classification, Biernacki, Celeux & Govaert 2000), then ranked. The
// k-means++ start runs k-means on whitened rows: on raw rows a long direction dominates the
// distances and k-means cuts stretched clusters across (scikit-learn #34845).

import type { ChunkExecutor } from '../chunkExecutor';
import { createDataMatrix, type DataMatrix } from '../dataMatrix';
import { fitGaussianMixture, predictProba, type GaussianMixtureModel, type GaussianMixtureResult } from '../gmm';
import { countModelParameters, modelsFor, type MixtureModelName } from './covarianceModels';
import { computeHierarchicalPartitions, HIERARCHICAL_MAX_ROWS, whitenRows, type HierarchicalPartitions } from './hierarchicalStart';
import { runKMeans } from '../kmeans';
import { Random } from '../random';

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
  /** rows agglomerated at most by the hierarchical start (default 2,000) */
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
  const o: ModelSearchOptions = { ...DEFAULTS, models: modelsFor(X.nFeatures), ...options };
  const n = X.nSamples;
  if (!Number.isInteger(o.kMax) || o.kMax < 1) { throw new Error(`kMax must be an integer ≥ 1, got ${o.kMax}`); }
  const kMax = Math.min(o.kMax, n);
  const one = fitGaussianMixture(X, { nComponents: 1, model: X.nFeatures === 1 ? 'V' : 'VVV', regCovar: o.regCovar, maxIter: 1 });
  const tol = o.relativeTol * (1 / n + Math.abs(one.lowerBound));
  const hierarchy = computeHierarchicalPartitions(X, Math.min(kMax, Math.min(n, o.hierarchicalMaxRows)), { maxRows: o.hierarchicalMaxRows, seed: o.seed });
  const white = createDataMatrix(whitenRows(X, Int32Array.from({ length: n }, (_, i) => i)), n, X.nFeatures);
  const kmeansStarts = new Map<number, Float64Array>();
  const kmeansStart = (k: number): Float64Array => {
    let resp = kmeansStarts.get(k);
    if (!resp) {
      // one k-means per k (nInit seeds), shared by every model
      const km = runKMeans(white, { nClusters: k, nInit: Math.max(1, o.nInit), maxIter: 300, tol: 1e-4, seed: o.seed }, new Random(o.seed));
      resp = new Float64Array(n * k);
      for (let i = 0; i < n; i++) { resp[i * k + km.labels[i]!] = 1; }
      kmeansStarts.set(k, resp);
    }
    return resp;
  };
  const cells: ModelSearchCell[] = [];
  const models = new Map<ModelSearchCell, GaussianMixtureModel>();
  for (const model of o.models) {
    for (let k = 1; k <= o.kMax; k++) {
      const { cell, fitted } = fitCell(X, model, k, hierarchy, o, tol, kmeansStart);
      cells.push(cell);
      if (fitted) { models.set(cell, fitted); }
      o.onCell?.(cell);
    }
  }
  const byBic = (a: ModelSearchCell, b: ModelSearchCell): number => b.bic - a.bic;
  // mclust's stopping rule leaves a fit a little short of its optimum: the leaders finish the climb
  for (const cell of cells.filter(c => c.status === 'fitted').sort(byBic).slice(0, o.polishTop)) {
    const fit = fitGaussianMixture(X, {
      nComponents: cell.k, model: cell.model, regCovar: o.regCovar, tol: tol * 1e-4, maxIter: o.maxIter, modelInit: models.get(cell)!,
      ...(o.executor ? { executor: o.executor } : {}),
    });
    if (fit.logLikelihood > cell.logLikelihood) { Object.assign(cell, score(fit, cell.nParameters, n), { converged: fit.converged }); }
  }
  const fitted = cells.filter(c => c.status === 'fitted');
  const ranking = [...fitted].sort(byBic);
  const rankingIcl = [...fitted].sort((a, b) => b.icl - a.icl);
  const best = ranking[0];
  const bestAtEdge = best !== undefined && o.kMax > 1 && best.k === o.kMax;
  return { cells, ranking, rankingIcl, summary: describeTopThree(ranking), bestAtEdge };
}

function refuse(model: MixtureModelName, k: number, nParameters: number, reason: string): ModelSearchCell {
  return { model, k, nParameters, status: 'refused', reason, logLikelihood: NaN, bic: NaN, bicSklearn: NaN, icl: NaN };
}

/**
 * One (model, k): the hierarchical start and the k-means++ starts each run screenIter iterations,
 * the best lower bound then runs on to convergence (as the product's screened restarts: a start
 * behind after 20 iterations rarely wins, and the loser's tail is most of the time).
 */
function fitCell(
  X: DataMatrix, model: MixtureModelName, k: number, hierarchy: HierarchicalPartitions, o: ModelSearchOptions, tol: number,
  kmeansStart: (k: number) => Float64Array,
): { cell: ModelSearchCell; fitted?: GaussianMixtureModel } {
  const { nSamples: n, nFeatures: d } = X;
  const nParameters = countModelParameters(model, k, d);
  if (k > n) { return { cell: refuse(model, k, nParameters, `k = ${k} is more than the ${n} rows`) }; }
  if (nParameters >= n) { return { cell: refuse(model, k, nParameters, `${nParameters} parameters for ${n} rows: at least as many parameters as rows`) }; }
  const screening = o.screenIter > 0 && o.screenIter < o.maxIter;
  const common = { nComponents: k, model, regCovar: o.regCovar, tol, maxIter: screening ? o.screenIter : o.maxIter, ...(o.executor ? { executor: o.executor } : {}) };
  const fits: { fit: GaussianMixtureResult; start: 'hierarchical' | 'k-means++' }[] = [];
  const partition = hierarchy.partitions[k - 1];
  if (partition) { fits.push({ fit: fitGaussianMixture(X, { ...common, respInit: startResponsibilities(X, hierarchy, partition, k, model, o.regCovar) }), start: 'hierarchical' }); }
  if (o.nInit > 0 || fits.length === 0) {
    fits.push({ fit: fitGaussianMixture(X, { ...common, respInit: kmeansStart(k) }), start: 'k-means++' });
  }
  let kept = fits[0]!;
  for (const f of fits) { if (f.fit.lowerBound > kept.fit.lowerBound) { kept = f; } }
  if (screening && !kept.fit.converged) {
    kept = { ...kept, fit: fitGaussianMixture(X, { ...common, maxIter: o.maxIter - o.screenIter, modelInit: kept.fit.model }) };
  }
  const { fit } = kept;
  const startsAgreed = fits.every(f => Math.abs(f.fit.lowerBound - fit.lowerBound) <= 1e-6 * Math.max(1, Math.abs(fit.lowerBound)));
  const cell: ModelSearchCell = {
    model, k, nParameters, status: 'fitted', ...score(fit, nParameters, n), start: kept.start, startsAgreed,
    converged: fit.converged, collapsedComponents: fit.collapsedComponents,
  };
  if (!Number.isFinite(cell.logLikelihood)) { return { cell: { ...cell, status: 'refused', reason: 'the log-likelihood is not finite' } }; }
  if (fit.collapsedComponents.length > 0) {
    cell.status = 'degenerate';
    cell.reason = `component${fit.collapsedComponents.length > 1 ? 's' : ''} ${fit.collapsedComponents.map(c => c + 1).join(', ')} singular: `
      + 'its covariance is held up only by regCovar';
  }
  return { cell, fitted: fit.model };
}

function score(fit: GaussianMixtureResult, nParameters: number, n: number): Pick<ModelSearchCell, 'logLikelihood' | 'bic' | 'bicSklearn' | 'icl'> {
  const bic = 2 * fit.logLikelihood - nParameters * Math.log(n);
  return { logLikelihood: fit.logLikelihood, bic, bicSklearn: -bic, icl: bic + 2 * classificationLogLikelihood(fit.resp, n, fit.model.nComponents) };
}

/**
 * Responsibilities (n × k) to start EM from the hierarchical partition at k: one-hot when every
 * row was agglomerated, else one M-step of the model from the sample's partition and one E-step
 * over all rows.
 */
function startResponsibilities(
  X: DataMatrix, hierarchy: HierarchicalPartitions, partition: Int32Array, k: number, model: MixtureModelName, regCovar: number,
): Float64Array {
  const { nSamples: n, nFeatures: d } = X;
  const m = hierarchy.rows.length;
  const oneHot = new Float64Array(m * k);
  for (let r = 0; r < m; r++) { oneHot[r * k + partition[r]!] = 1; }
  if (m === n) { return oneHot; }
  const sample = new Float64Array(m * d);
  hierarchy.rows.forEach((i, r) => { sample.set(X.data.subarray(i * d, i * d + d), r * d); });
  const start = fitGaussianMixture(createDataMatrix(sample, m, d), { nComponents: k, model, regCovar, respInit: oneHot, maxIter: 0 });
  return predictProba(start.model, X);
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
