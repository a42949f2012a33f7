/**
 * How the panel names each method and says what a spectral, DBSCAN or HDBSCAN fit found. Pure
 * (no DOM): the status line, the cancel notice and the convergence tab use it, and tests read it.
 */
import type { Algorithm, FitSnapshot } from '../src/shared/protocol';
import { formatCount, formatNumber } from './format';
import { mixtureModelName } from './mixtureModels';

export const METHOD_LABELS: Record<Algorithm, string> = {
  gmm: 'Gaussian mixture', kmeans: 'k-means', spectral: 'Spectral clustering', dbscan: 'DBSCAN', hdbscan: 'HDBSCAN',
};

/** "Gaussian mixture VVV (full)", "Gaussian mixture VEV (variable volume, …)", "k-means", "DBSCAN"… */
export function methodName(fit: Pick<FitSnapshot, 'algorithm' | 'covarianceType' | 'options' | 'columns'>): string {
  return fit.algorithm === 'gmm' ? `Gaussian mixture ${mixtureModelName(fit)}` : METHOD_LABELS[fit.algorithm];
}

/** The settings a density fit ran with, data-derived ones filled in: "eps 0.2 (from the k-distance knee), min samples 5". */
export function describeDensitySettings(fit: FitSnapshot): string {
  const density = fit.density;
  if (!density) { return ''; }
  const { settings } = density;
  switch (fit.algorithm) {
    case 'spectral': return `${settings.nNeighbors} neighbours`;
    case 'dbscan': return `eps ${formatNumber(settings.eps)}${fit.options.eps ? '' : ' (from the k-distance knee)'}, min samples ${settings.minSamples}`;
    case 'hdbscan': return `min cluster size ${settings.minClusterSize}, min samples ${settings.minSamples}`;
    default: return '';
  }
}

/** "DBSCAN (eps 0.2, min samples 5): 3 clusters, 7 noise rows of 300" */
export function describeDensityFit(fit: FitSnapshot): string {
  const noise = fit.density?.nNoise ?? 0;
  const found = formatCount(fit.nComponents, 'cluster');
  const noiseText = fit.algorithm === 'spectral' ? '' : `, ${formatCount(noise, 'noise row')}`;
  return `${methodName(fit)} (${describeDensitySettings(fit)}): ${found}${noiseText} of ${formatCount(fit.nSamples, 'row')}`;
}
