/**
 * The clusters as a table beside the scatter: one column per cluster (colour, weight, rows) and
 * one row per fitted column with the cluster means, so its width grows with k, not with the
 * file's columns. It is also the scatter plot's text alternative, readable by a screen reader.
 */
import type { FitSnapshot } from '../src/shared/protocol';
import { h } from './dom';
import { formatMean, formatPercent } from './format';
import { clusterSwatch } from './palette';

export class SummaryTable {
  readonly element = h('table', { class: 'summary', id: 'cluster-summary' });

  update(fit: FitSnapshot): void {
    const d = fit.columns.length;
    const k = fit.nComponents;
    const clusters = Array.from({ length: k }, (_, c) => c);
    this.element.replaceChildren(
      h('caption', {}, `${k} clusters: weight, rows and mean of each fitted column`),
      h('thead', {}, h('tr', {}, h('td', {}), ...clusters.map(c => h('th', { scope: 'col' }, clusterSwatch(c), ` ${c + 1}`)))),
      h('tbody', {},
        h('tr', {}, h('th', { scope: 'row' }, 'weight'), ...clusters.map(c => h('td', {}, formatPercent(fit.weights[c])))),
        h('tr', {}, h('th', { scope: 'row' }, 'rows'), ...clusters.map(c => h('td', {}, fit.profiles.sizes[c].toLocaleString()))),
        ...fit.columns.map((name, j) => h('tr', {},
          h('th', { scope: 'row', title: name }, name),
          ...clusters.map(c => h('td', {}, formatMean(fit.means[c * d + j])))))));
  }
}
