/**
 * The clusters as a table beside the scatter: one column per cluster (colour, weight, rows) and
 * one row per fitted column with the cluster means, so its width grows with k, not with the
 * file's columns. It is also the scatter plot's text alternative, readable by a screen reader.
 *
 * Its means are the MODEL's (a mixture's are weighted by each row's probability of the cluster,
 * k-means' are its centroids); the Profiles tab shows the plain mean of the rows labelled with
 * each cluster. The headers say which is which, since the two differ where clusters overlap.
 */
import type { FitSnapshot } from '../src/shared/protocol';
import { h } from './dom';
import { formatCount, formatPercent, numberFormatter } from './format';
import { clusterSwatch } from './palette';

/** What the model's means are, in a header and its tooltip. */
export function modelMeanLabel(algorithm: FitSnapshot['algorithm']): { text: string; title: string } {
  return algorithm === 'gmm'
    ? {
      text: 'mean (model, probability-weighted)',
      title: 'The mixture\'s mean of each cluster: every row counts by its probability of belonging to the cluster. '
        + 'The Profiles tab shows the plain mean of the rows labelled with each cluster, which differs where clusters overlap.',
    }
    : {
      text: 'centroid (mean of rows labelled)',
      title: 'k-means\' centroid of each cluster: the mean of the rows assigned to it. '
        + 'The Profiles tab shows the same kind of mean for every numeric column of the file.',
    };
}

export class SummaryTable {
  readonly element = h('table', { class: 'summary', id: 'cluster-summary' });

  update(fit: FitSnapshot): void {
    const d = fit.columns.length;
    const k = fit.nComponents;
    const clusters = Array.from({ length: k }, (_, c) => c);
    const meanLabel = modelMeanLabel(fit.algorithm);
    const weightTitle = fit.algorithm === 'gmm'
      ? 'The mixture weight: the share of the rows\' probability that falls to the cluster'
      : 'The share of the rows assigned to the cluster';
    this.element.replaceChildren(
      h('caption', {}, h('span', {}, `${formatCount(k, 'cluster')}: weight, rows and ${fit.algorithm === 'gmm' ? 'model mean' : 'centroid'} of each fitted column`)),
      h('thead', {}, h('tr', {}, h('td', {}), ...clusters.map(c => h('th', { scope: 'col' }, clusterSwatch(c), ` ${c + 1}`)))),
      h('tbody', {},
        h('tr', {}, h('th', { scope: 'row', title: weightTitle }, 'weight'), ...clusters.map(c => h('td', {}, formatPercent(fit.weights[c])))),
        h('tr', {}, h('th', { scope: 'row', title: 'Rows whose most probable cluster is this one' }, 'rows labelled'),
          ...clusters.map(c => h('td', {}, fit.profiles.sizes[c].toLocaleString())))),
      h('tbody', {},
        h('tr', { class: 'group' }, h('th', { scope: 'rowgroup', colspan: k + 1, title: meanLabel.title, id: 'summary-mean-label' }, h('span', {}, meanLabel.text))),
        ...fit.columns.map((name, j) => {
          const means = clusters.map(c => fit.means[c * d + j]);
          // The column's spread sets the precision, so a mean of 5.551e-17 beside 2.3 shows as 0.000.
          const profile = fit.profiles.columns.find(column => column.name === name);
          const spread = profile?.kind === 'numeric' ? [profile.overallStd, profile.overallMean] : [];
          const format = numberFormatter([...means, ...spread]);
          return h('tr', {},
            h('th', { scope: 'row', title: name }, name),
            ...means.map(mean => h('td', {}, format(mean))));
        })));
  }
}
