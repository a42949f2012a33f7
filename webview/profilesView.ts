/**
 * The profiles tab: what each cluster is. A heat table of cluster means (rows: clusters; columns:
 * the file's numeric columns; colour: difference from the overall mean in σ), the dominant values
 * of text columns, and one sentence per cluster naming what sets it apart.
 */
import type { FitSnapshot } from '../src/shared/protocol';
import { h } from './dom';
import { formatPercent, numberFormatter } from './format';
import { maxOverlayAlpha, parseColour, TEXT_CONTRAST } from './contrast';
import { clusterSwatch, withAlpha } from './palette';
import type { PanelView } from './panelView';
import { describeCluster, profileZ } from './profiles';
import type { ViewState } from './store';
import { showUncertainty } from './uncertaintyTable';

const ABOVE = '#E69F00';
const BELOW = '#0072B2';

export class ProfilesView implements PanelView {
  readonly id = 'profiles';
  readonly label = 'Profiles';
  readonly element: HTMLElement;
  private readonly sentences = h('ul', { class: 'profile-sentences', id: 'profile-sentences' });
  private readonly heat = h('table', { class: 'heat', id: 'profile-table' });
  private readonly text = h('table', { class: 'heat text', id: 'profile-text' });
  private readonly note = h('p', { class: 'note', id: 'profile-note' });
  private readonly missing = h('table', { class: 'heat text', id: 'profile-missing' });
  private readonly uncertainty = h('table', { class: 'heat text', id: 'profile-uncertainty' });
  private readonly uncertaintyNote = h('p', { class: 'note', id: 'profile-uncertainty-note' });
  private drawn: FitSnapshot | undefined;

  constructor() {
    this.element = h('section', { class: 'profiles' },
      this.sentences,
      h('div', { class: 'heat-scroll' }, this.heat),
      this.note,
      h('div', { class: 'heat-scroll' }, this.text),
      h('div', { class: 'heat-scroll' }, this.missing),
      h('div', { class: 'heat-scroll' }, this.uncertainty),
      this.uncertaintyNote);
  }

  /** The colour theme changed: the swatches are built again, in the new cluster colours. */
  retheme(): void {
    this.drawn = undefined;
  }

  update(state: ViewState, visible: boolean): void {
    const fit = state.fit;
    if (!fit || !visible || fit === this.drawn) { return; }
    this.drawn = fit;
    const { profiles, nComponents: k } = fit;
    this.sentences.replaceChildren(...Array.from({ length: k }, (_, c) =>
      h('li', {}, clusterSwatch(c), ' ', describeCluster(profiles, c))));
    const numeric = profiles.columns.flatMap(c => (c.kind === 'numeric' && Number.isFinite(c.overallMean) ? [c] : []));
    const zs = Array.from({ length: k }, (_, c) => profileZ(profiles, c));
    // One precision per column, set by its means and spread: a mean of 5.551e-17 beside 2.3 is 0.000.
    const formats = numeric.map(c => numberFormatter([...c.means, c.overallMean, c.overallStd]));
    const gmm = fit.algorithm === 'gmm';
    const limits = heatAlphaLimits();
    this.note.textContent = `Cells: the mean of the rows labelled with the cluster, in the file's units${
      gmm ? ' (the table beside the scatter plot shows the mixture\'s means, which weigh every row by its probability of the cluster)' : ''
    }; colour: how far it lies from the overall mean, in standard deviations (orange above, blue below). All rows and all columns of the file, not only the fitted ones.`;
    this.heat.replaceChildren(
      h('caption', { title: MEAN_OF_LABELLED_TITLE(gmm) }, 'Mean of the rows labelled with each cluster, by column'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Cluster'),
        h('th', { scope: 'col', title: 'Rows whose most probable cluster is this one, and the model\'s weight of the cluster' }, gmm ? 'Rows labelled (weight)' : 'Rows labelled (share)'),
        ...numeric.map(c => h('th', { scope: 'col', title: `${c.name}: mean of the rows labelled` }, c.name)))),
      h('tbody', {},
        ...Array.from({ length: k }, (_, c) => h('tr', {},
          h('th', { scope: 'row' }, clusterSwatch(c), ` ${c + 1}`),
          h('td', {}, `${profiles.sizes[c].toLocaleString()} (${formatPercent(fit.weights[c])})`),
          ...zs[c].map(({ z, mean }, j) => heatCell(formats[j](mean), z, limits)))),
        h('tr', { class: 'overall' }, h('th', { scope: 'row' }, 'All'), h('td', {}, profiledRows(fit.nSamples, profiles.sizes).toLocaleString()),
          ...numeric.map((c, j) => h('td', {}, formats[j](c.overallMean))))));
    const text = profiles.columns.filter(c => c.kind === 'text');
    this.text.hidden = text.length === 0;
    this.text.replaceChildren(
      h('caption', {}, 'Most frequent values of the text columns'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Cluster'), ...text.map(c => h('th', { scope: 'col' }, c.name)))),
      h('tbody', {}, ...Array.from({ length: k }, (_, c) => h('tr', {},
        h('th', { scope: 'row' }, clusterSwatch(c), ` ${c + 1}`),
        ...text.map(column => h('td', {}, column.kind === 'text'
          ? column.top[c].map(t => `${t.value} ${formatPercent(t.share, 0)}`).join(', ')
          : ''))))));
    this.showMissing(fit);
    showUncertainty(this.uncertainty, this.uncertaintyNote, fit);
  }

  /**
   * Per cluster, how many of its rows have no value in each column that has gaps: with missing
   * cells modelled, rows are labelled whatever they lack, and a cluster made of rows that lack a
   * measurement is worth knowing about. Hidden when no labelled row lacks anything.
   */
  private showMissing(fit: FitSnapshot): void {
    const { profiles, nComponents: k } = fit;
    const gappy = profiles.columns.filter(c => c.missing !== undefined && c.missing.some(n => n > 0));
    this.missing.hidden = gappy.length === 0;
    this.missing.replaceChildren(
      h('caption', {}, 'Missing values: rows of each cluster with no value in the column'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Cluster'), ...gappy.map(c => h('th', { scope: 'col' }, c.name)))),
      h('tbody', {}, ...Array.from({ length: k }, (_, c) => h('tr', {},
        h('th', { scope: 'row' }, clusterSwatch(c), ` ${c + 1}`),
        ...gappy.map(column => {
          const n = column.missing![c]!;
          const size = profiles.sizes[c]!;
          return h('td', {}, n === 0 ? '—' : `${n.toLocaleString()} (${formatPercent(size > 0 ? n / size : 0, 0)})`);
        })))));
  }
}

/** Why these means differ from the ones beside the scatter plot. */
const MEAN_OF_LABELLED_TITLE = (gmm: boolean) => (gmm
  ? 'Each row counts for the one cluster it is labelled with (its most probable). The table beside the scatter plot shows the '
    + 'mixture\'s own means, where every row counts by its probability of each cluster: the two differ where clusters overlap.'
  : 'Each row counts for the cluster k-means assigned it to, over every numeric column of the file.');

/**
 * The strongest tint of each heat colour that keeps the theme's text at 4.5:1 on it (WCAG AA): on
 * a dark theme a strong orange under light text would not.
 */
function heatAlphaLimits(): { above: number; below: number } {
  const style = getComputedStyle(document.body);
  const text = parseColour(style.color) ?? [204, 204, 204];
  const background = parseColour(getComputedStyle(document.documentElement).getPropertyValue('--vscode-editor-background'))
    ?? parseColour(style.backgroundColor) ?? [255, 255, 255];
  return {
    above: maxOverlayAlpha(parseColour(ABOVE)!, background, text, TEXT_CONTRAST + 0.1, MAX_HEAT_ALPHA),
    below: maxOverlayAlpha(parseColour(BELOW)!, background, text, TEXT_CONTRAST + 0.1, MAX_HEAT_ALPHA),
  };
}

/** The tint of |z| = 2 or more. */
const MAX_HEAT_ALPHA = 0.6;

function heatCell(text: string, z: number, limits: { above: number; below: number }): HTMLElement {
  const cell = h('td', { title: `${z >= 0 ? '+' : '−'}${Math.abs(z).toFixed(2)} σ from the overall mean` }, text);
  // Colour through the CSSOM (the CSP refuses style attributes); |z| of 2 or more is the strongest.
  const strongest = z >= 0 ? limits.above : limits.below;
  cell.style.backgroundColor = withAlpha(z >= 0 ? ABOVE : BELOW, (Math.min(Math.abs(z), 2) / 2) * strongest);
  if (Math.abs(z) >= 1) { cell.classList.add('extreme'); }
  return cell;
}

/**
 * The rows the profiles count: the fitted rows, or, once a sampled file's labelling pass is over
 * (largeFile.ts), every labelled row of the file, which outnumber the fitted sample. Noise rows
 * (DBSCAN, HDBSCAN) are fitted but in no cluster, so the clusters' rows may also be fewer.
 */
export function profiledRows(nSamples: number, sizes: ArrayLike<number>): number {
  let labelled = 0;
  for (let c = 0; c < sizes.length; c++) { labelled += sizes[c]!; }
  return Math.max(nSamples, labelled);
}
