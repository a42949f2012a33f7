/** Turns a finished fit into the snapshot the webview draws itself from. No vscode here: tests use it. */
import { cautionFor } from '../core/fitFeasibility';
import { fitPca, type PcaModel } from '../core/pca';
import { Random } from '../core/random';
import { sampleStratified } from '../core/sampling';
import type { FitResult } from '../core/clusterFit';
import type { Dataset } from '../data/csvReader';
import type { FeatureSelection } from '../data/featureMatrix';
import type { FitOptions, FitSnapshot } from '../shared/protocol';
import { computeClusterProfiles } from './clusterProfiles';
import type { RanIn } from './computeClient';

const MAX_REPLAY_NUMBERS = 400_000;

/**
 * What the webview needs of a finished fit: the model, its scores, the PCA plane of all fitted
 * rows, and a drawable sample of at most `maxPoints` rows, stratified by cluster.
 */
export function buildSnapshot(
  fitId: number, options: FitOptions, dataset: Dataset, selection: FeatureSelection, result: FitResult, ranIn: RanIn, maxPoints: number,
): FitSnapshot {
  const { matrix } = selection;
  const k = result.nComponents;
  const d = matrix.nFeatures;
  // noise (−1, DBSCAN and HDBSCAN) is a stratum of its own, drawn like a cluster
  const noisy = (result.density?.nNoise ?? 0) > 0;
  const strata = noisy ? result.labels.map(label => (label < 0 ? k : label)) : result.labels;
  const drawn = sampleStratified(strata, noisy ? k + 1 : k, maxPoints, new Random(options.seed));
  const m = drawn.length;
  const values = new Float64Array(m * d);
  const labels = new Int32Array(m);
  const certainty = new Float32Array(m);
  const rowIndex = new Int32Array(m);
  const probabilities = new Float32Array(m * k);
  for (let s = 0; s < m; s++) {
    const i = drawn[s];
    values.set(matrix.data.subarray(i * d, (i + 1) * d), s * d);
    labels[s] = result.labels[i];
    rowIndex[s] = selection.rowIndex[i];
    let best = 0;
    for (let c = 0; c < k; c++) { best = Math.max(best, result.resp[i * k + c]); }
    probabilities.set(result.resp.subarray(i * k, (i + 1) * k), s * k);
    certainty[s] = best;
  }
  return {
    fitId,
    options,
    algorithm: result.algorithm,
    covarianceType: result.covarianceType,
    nComponents: k,
    columns: selection.columns,
    nSamples: result.nSamples,
    droppedRows: selection.droppedRows,
    ranIn,
    seconds: result.seconds,
    converged: result.converged,
    nIter: result.nIter,
    weights: result.weights,
    means: result.means,
    covariances: result.covariances,
    logLikelihood: result.logLikelihood,
    bic: result.bic,
    aic: result.aic,
    inertia: result.inertia,
    histories: result.histories,
    bestRestart: result.bestRestart,
    restarts: result.restarts && {
      nStarts: result.restarts.nStarts, bestStart: result.restarts.bestStart, comparedOnRows: result.restarts.comparedOnRows,
      disagree: result.restarts.disagree, sentence: result.restarts.sentence,
    },
    // PCA of the z-scored columns: on raw columns the one with the largest unit (grams) would be PC1 alone.
    // The replay crosses to the webview only while it is small: 400k doubles is 3.2 MB.
    replay: result.replay && result.replay.covariances.length <= MAX_REPLAY_NUMBERS ? result.replay : null,
    caution: cautionFor({ ...result, nFeatures: d }),
    density: result.density ?? null,
    profiles: computeClusterProfiles(dataset, result.labels, selection.rowIndex, k),
    pca: d >= 2 ? pickPca(fitPca(matrix, 2, { standardize: true })) : null,
    sample: { rowIndex, values, labels, certainty, probabilities },
  };
}

function pickPca(pca: PcaModel): NonNullable<FitSnapshot['pca']> {
  return { mean: pca.mean, components: pca.components, explainedVarianceRatio: pca.explainedVarianceRatio };
}
