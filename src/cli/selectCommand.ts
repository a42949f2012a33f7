/**
 * `cluster-lens select`: the command that selects models. Gaussian mixtures over k × covariance type
 * by BIC and AIC, or with --models mclust's models × k by BIC and ICL on every core.
 */
import { searchModelsOnThreads } from '../compute/parallel/modelSearchPool';
import { machineThreads } from '../compute/parallel/pool';
import { assertFitFeasible } from '../core/fitFeasibility';
import type { CovarianceType } from '../core/gmmModel';
import { modelsFor, resolveModelName, type MixtureModelName } from '../core/mixtureModels/covarianceModels';
import { describeTopThree, type ModelSearchCell } from '../core/mixtureModels/modelSearch';
import { number, parseKRange, text, UsageError, type Args } from './args';
import { checkFinite, COVARIANCE_TYPES, fit, fitRequest } from './fitRunner';
import { chooseColumns, load } from './loadInput';
import { describeRows, print, warn } from './output';

/** select FILE: Gaussian mixtures over k × covariance type by BIC and AIC, or (--models) mclust's models. */
export async function selectCommand(args: Args, json: boolean): Promise<number> {
  if (args.flags.has('models')) { return selectModels(args, json); }
  const { dataset, parseSeconds } = await load(args);
  const { selection, account } = await chooseColumns(args, dataset);
  const ks = parseKRange(text(args.flags, 'k') ?? '1..8');
  const types = (text(args.flags, 'covariance') ?? COVARIANCE_TYPES.join(',')).split(',') as CovarianceType[];
  for (const t of types) { if (!COVARIANCE_TYPES.includes(t)) { throw new UsageError(`unknown covariance type "${t}"`); } }
  // every model is checked before the first runs: no k is skipped or changed silently
  for (const covarianceType of types) { for (const k of ks) { assertFitFeasible({ algorithm: 'gmm', nComponents: k, covarianceType, ...selection.matrix }); } }
  await warn(account.warnings);
  const models: { k: number; covarianceType: CovarianceType; bic: number | null; aic: number | null; logLikelihood: number | null; converged: boolean; nIter: number; seconds: number }[] = [];
  for (const covarianceType of types) {
    for (const k of ks) {
      const r = fit({ ...fitRequest(args, selection, k, covarianceType), algorithm: 'gmm' });
      checkFinite(r, selection.matrix.data, `fit with k = ${k}, ${covarianceType} covariance,`);
      models.push({ k, covarianceType, bic: r.bic, aic: r.aic, logLikelihood: r.logLikelihood, converged: r.converged, nIter: r.nIter, seconds: r.seconds });
    }
  }
  const best = (key: 'bic' | 'aic') => models.reduce((a, b) => ((b[key] ?? Infinity) < (a[key] ?? Infinity) ? b : a));
  const report = { columns: selection.columns, leftOutColumns: selection.leftOut ?? [], nSamples: selection.matrix.nSamples, ...describeRows(account, dataset), models, best: { bic: best('bic'), aic: best('aic') }, parseSeconds };
  if (json) { await print(JSON.stringify(report)); return 0; }
  await print(models.map(m => `${m.covarianceType.padEnd(9)} k=${String(m.k).padEnd(3)} BIC ${m.bic?.toFixed(2)}  AIC ${m.aic?.toFixed(2)}`).join('\n'));
  await print(`best by BIC: ${report.best.bic.covarianceType} k=${report.best.bic.k}`);
  return 0;
}

/** select --models: mclust's models × k by BIC (both conventions) and ICL (core/mixtureModels/modelSearch.ts). */
async function selectModels(args: Args, json: boolean): Promise<number> {
  const { dataset, parseSeconds } = await load(args);
  const { selection, account } = await chooseColumns(args, dataset);
  const X = selection.matrix;
  const ks = parseKRange(text(args.flags, 'k') ?? '1..9');
  const raw = text(args.flags, 'models') ?? 'all';
  let models: readonly MixtureModelName[];
  try {
    models = raw === 'all' ? modelsFor(X.nFeatures) : [...new Set(raw.split(',').map(m => resolveModelName(m.trim(), X.nFeatures)))];
  } catch (err) { throw new UsageError((err as Error).message); }
  await warn(account.warnings);
  const started = Date.now();
  // whole cells (model, k) on every core: independent, so the threads never wait on each other
  const search = await searchModelsOnThreads(X, {
    models, kMax: Math.max(...ks),
    nInit: number(args.flags, 'n-init', 1, { integer: true, min: 0 }),
    seed: number(args.flags, 'seed', 0, { integer: true, min: 0 }),
    maxIter: number(args.flags, 'max-iter', 1000, { integer: true, min: 1 }),
    relativeTol: number(args.flags, 'tol', 1e-5, { min: 0 }),
    regCovar: number(args.flags, 'reg-covar', 1e-6, { min: 0 }),
  }, machineThreads());
  const seconds = (Date.now() - started) / 1000;
  const wanted = new Set(ks);
  const keep = (c: ModelSearchCell) => wanted.has(c.k);
  const cells = search.cells.filter(keep);
  const ranking = search.ranking.filter(keep);
  const finite = (v: number) => (Number.isFinite(v) ? v : null);
  const plain = (c: ModelSearchCell) => ({
    model: c.model, k: c.k, nParameters: c.nParameters, status: c.status, reason: c.reason ?? null,
    logLikelihood: finite(c.logLikelihood), bicMclust: finite(c.bic), bicSklearn: finite(c.bicSklearn), icl: finite(c.icl),
    start: c.start ?? null, startsAgreed: c.startsAgreed ?? null, converged: c.converged ?? null,
  });
  const best = ranking[0];
  const bestIcl = search.rankingIcl.filter(keep)[0];
  const atEdge = best !== undefined && ks.length > 1 && (best.k === Math.max(...ks) || (best.k === Math.min(...ks) && best.k > 1));
  const report = {
    columns: selection.columns, leftOutColumns: selection.leftOut ?? [], nSamples: X.nSamples, ...describeRows(account, dataset),
    conventions: { bicMclust: '2 logL − p ln n, larger is better', bicSklearn: '−2 logL + p ln n, smaller is better', icl: 'BIC (mclust) + 2 Σ log max posterior, larger is better' },
    models: cells.map(plain), best: best ? plain(best) : null, bestIcl: bestIcl ? plain(bestIcl) : null,
    bestAtEdge: atEdge, summary: describeTopThree(ranking),
    seconds, parseSeconds,
  };
  if (json) { await print(JSON.stringify(report)); return 0; }
  const cellText = (v: number | null) => (v === null ? '' : v.toFixed(2)).padStart(12);
  await print('model  k   params  BIC mclust (↑)  BIC sklearn (↓)   ICL (↑)');
  await print(report.models.map(m => `${m.model.padEnd(5)} ${String(m.k).padStart(2)}  ${String(m.nParameters).padStart(6)}  `
    + (m.status === 'refused' ? `not fitted: ${m.reason}` : `${cellText(m.bicMclust)}  ${cellText(m.bicSklearn)}  ${cellText(m.icl)}`
      + (m.status === 'degenerate' ? `  (not ranked: ${m.reason})` : ''))).join('\n'));
  await print(report.summary.map((line, i) => `${i + 1}. ${line}`).join('\n'));
  if (bestIcl) { await print(`best by ICL: ${bestIcl.model}, ${bestIcl.k} cluster${bestIcl.k === 1 ? '' : 's'}`); }
  if (atEdge) { await print(`the best k (${best!.k}) is at the edge of the range searched: try a wider --k`); }
  return 0;
}
