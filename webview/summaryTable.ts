/**
 * The clusters as a table: colour, size, weight and mean per column. It is also the scatter
 * plot's text alternative, readable by a screen reader.
 */
import type { FitSnapshot } from '../src/shared/protocol';
import { h } from './dom';
import { clusterColour } from './palette';

export class SummaryTable {
  readonly element = h('table', { class: 'summary', id: 'cluster-summary' });

  update(fit: FitSnapshot): void {
    const d = fit.columns.length;
    const shownColumns = Math.min(d, 8);
    const head = h('tr', {},
      h('th', { scope: 'col' }, 'Cluster'),
      h('th', { scope: 'col' }, 'Weight'),
      ...fit.columns.slice(0, shownColumns).map(name => h('th', { scope: 'col', title: name }, `mean ${name}`)));
    const rows = Array.from({ length: fit.nComponents }, (_, c) => h('tr', {},
      h('th', { scope: 'row' }, swatch(c), ` ${c + 1}`),
      h('td', {}, `${(100 * fit.weights[c]).toFixed(1)}%`),
      ...Array.from({ length: shownColumns }, (_, j) => h('td', {}, formatMean(fit.means[c * d + j])))));
    this.element.replaceChildren(
      h('caption', {}, `${fit.nComponents} clusters${d > shownColumns ? ` (first ${shownColumns} of ${d} columns)` : ''}`),
      h('thead', {}, head), h('tbody', {}, ...rows));
  }
}

function formatMean(value: number): string {
  return Math.abs(value) >= 1000 ? value.toFixed(0) : value.toPrecision(4);
}

/** Colour set through the CSSOM: the CSP refuses style attributes. */
function swatch(cluster: number): HTMLElement {
  const element = h('span', { class: 'swatch', 'aria-hidden': 'true' });
  element.style.backgroundColor = clusterColour(cluster);
  return element;
}
