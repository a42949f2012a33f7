/**
 * The profiles' table of a mixture's classification uncertainty: per cluster, the mean and the
 * largest 1 − max p of its rows and how many exceed the threshold (mclust's `uncertainty`), with a
 * sentence naming the least certain cluster. Hidden for methods without probabilities.
 */
import type { FitSnapshot } from '../src/shared/protocol';
import { h } from './dom';
import { formatPercent } from './format';
import { clusterSwatch } from './palette';

/** Fills `table` and `note` for the fit (both hidden when the fit has no uncertainty). */
export function showUncertainty(table: HTMLTableElement, note: HTMLElement, fit: FitSnapshot): void {
  const u = fit.uncertainty;
  table.hidden = note.hidden = !u;
  if (!u) { table.replaceChildren(); note.textContent = ''; return; }
  const k = fit.nComponents;
  const sizes = fit.profiles.sizes;
  const threshold = u.threshold.toFixed(1);
  table.replaceChildren(
    h('caption', {}, `Uncertainty of each row's cluster: 1 − its largest membership probability (0: certain; above ${threshold}: doubtful)`),
    h('thead', {}, h('tr', {}, ...['Cluster', 'Rows', 'Mean uncertainty', 'Largest', `Rows above ${threshold}`].map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...Array.from({ length: k }, (_, c) => h('tr', {},
      h('th', { scope: 'row' }, clusterSwatch(c), ` ${c + 1}`),
      h('td', {}, sizes[c]!.toLocaleString()),
      h('td', {}, Number.isFinite(u.mean[c]!) ? u.mean[c]!.toFixed(3) : '—'),
      h('td', {}, u.max[c]!.toFixed(3)),
      h('td', { class: u.above[c]! > 0 ? 'extreme' : undefined }, `${u.above[c]!.toLocaleString()} (${formatPercent(sizes[c]! > 0 ? u.above[c]! / sizes[c]! : 0, 0)})`)))));
  let worst = -1;
  for (let c = 0; c < k; c++) { if (Number.isFinite(u.mean[c]!) && (worst < 0 || u.mean[c]! > u.mean[worst]!)) { worst = c; } }
  const doubtful = u.above.reduce((s, n) => s + n, 0);
  note.textContent = worst < 0 ? '' : `${doubtful.toLocaleString()} of ${fit.nSamples.toLocaleString()} rows (${formatPercent(fit.nSamples > 0 ? doubtful / fit.nSamples : 0)}) `
    + `have an uncertainty above ${threshold}; cluster ${worst + 1} is the least certain (mean ${u.mean[worst]!.toFixed(3)}): `
    + 'its rows lie where it overlaps another cluster.';
}
