/**
 * The "Compare methods" tab: the Gaussian mixture, k-means, spectral clustering and HDBSCAN fitted
 * on the current fit's columns (in the worker, with progress and cancel), shown as small multiples
 * on the scatter plot's plane with shared axes, the agreement (adjusted Rand index) between every
 * pair as a small matrix, and each method's silhouette. Clicking a method opens it as the fit.
 */
import type { FitSnapshot, HostMessage } from '../src/shared/protocol';
import type { ComparedMethod } from '../src/shared/methodsProtocol';
import { agreementMatrix, type CompareMethodsRun, describeAgreement, formatAri, reduceCompareMethods, SAME_CLUSTERS_ARI } from './compareMethodsModel';
import { h } from './dom';
import { formatCount, formatNumber } from './format';
import { METHOD_LABELS } from './methodText';
import { MethodMultiple, type MethodMultipleInspection } from './methodMultiple';
import type { PanelView, ViewContext } from './panelView';
import { type Plane, projectFit } from './plane';
import { RunControls } from './runControls';
import type { Projection, ViewState } from './store';

export interface CompareMethodsInspection {
  status: CompareMethodsRun['status'] | 'none';
  verdict: string;
  multiples: ({ algorithm: string; nClusters: number; silhouette: number | null; current: boolean; error: string | null } & MethodMultipleInspection)[];
  /** the agreement matrix as shown (rows and columns in the run's order) */
  agreement: string[][];
}

interface Multiple {
  element: HTMLButtonElement;
  caption: HTMLElement;
  chart: MethodMultiple;
  drawn: { method: ComparedMethod; planeKey: string } | undefined;
}

export class CompareMethodsView implements PanelView {
  readonly id = 'compare-methods';
  readonly label = 'Methods'; // short: ten tabs share an 800 px editor's width
  readonly element: HTMLElement;
  private readonly controls = new RunControls({
    idPrefix: 'compare-methods', name: 'Compare methods', runIcon: 'play', runText: 'Compare methods',
    onRun: () => this.context.post({ type: 'compareMethods' }),
    onCancel: () => this.context.post({ type: 'cancelCompareMethods' }),
  });
  private readonly about = h('p', { class: 'note', id: 'compare-methods-about' });
  private readonly stale = h('p', { class: 'warning', id: 'compare-methods-stale', role: 'status' });
  private readonly verdict = h('p', { class: 'compare-verdict', id: 'compare-methods-verdict' });
  private readonly multiplesHead = h('p', { class: 'note' });
  private readonly grid = h('div', { class: 'compare-multiples methods-multiples', id: 'compare-methods-multiples', role: 'list' });
  private readonly table = h('table', { class: 'summary compare-table agreement-table', id: 'compare-methods-agreement' });
  private readonly silhouetteNote = h('p', { class: 'note', id: 'compare-methods-silhouette-note' });
  private readonly results = h('div', { class: 'compare-results' });
  private readonly multiples = new Map<number, Multiple>();
  private run: CompareMethodsRun | undefined;
  private state: ViewState | undefined;
  private rendered: { run: CompareMethodsRun | undefined; state: ViewState | undefined } | undefined;

  constructor(private readonly context: ViewContext) {
    this.results.append(this.verdict, this.multiplesHead, this.grid,
      h('div', { class: 'compare-table-box' }, this.table), this.silhouetteNote);
    this.element = h('section', { class: 'compare compare-methods' }, this.controls.element, this.about, this.stale, this.results);
    // Read-only view of what is drawn, for the webview tests.
    Object.defineProperty(window, 'clusterLensCompareMethodsInspect', { value: () => this.inspect(), configurable: true });
  }

  receive(message: HostMessage): void {
    const next = reduceCompareMethods(this.run, message);
    if (next === this.run) { return; }
    if (message.type === 'didStartCompareMethods' || !next) { this.clearMultiples(); }
    this.run = next;
  }

  retheme(): void {
    for (const multiple of this.multiples.values()) { multiple.drawn = undefined; }
    this.rendered = undefined;
  }

  update(state: ViewState, visible: boolean): void {
    this.state = state;
    this.updateControls(state);
    if (visible) { this.render(); }
  }

  private updateControls(state: ViewState): void {
    const running = this.run?.status === 'running';
    const fit = state.fit;
    this.controls.showState(state, running);
    const run = this.run;
    const next = run?.methods[run.results.length];
    this.controls.showProgress(run && {
      max: run.methods.length,
      value: run.status === 'done' ? run.methods.length : run.results.length,
      text: run.status === 'running'
        ? `${run.results.length} of ${run.methods.length} fitted${next ? `; fitting ${METHOD_LABELS[next.algorithm]}…` : ''}`
        : run.status === 'done' ? `${run.methods.length} methods fitted in ${run.results.reduce((s, r) => s + r.seconds, 0).toFixed(2)} s`
          : run.status === 'cancelled' ? `Cancelled after ${formatCount(run.results.length, 'method')}.` : `Failed: ${run.error ?? ''}`,
    });
    if (!run && fit) {
      // DBSCAN and HDBSCAN: the number of clusters they found (methodComparison.ts in the host chooses the same)
      const k = Math.max(2, fit.nComponents);
      this.about.textContent = `Fits the Gaussian mixture, k-means and spectral clustering with k = ${k}, and HDBSCAN (which finds its own number of clusters), `
        + `on the same ${formatCount(fit.columns.length, 'column')} (${fit.options.standardize ? 'standardised' : 'raw units'}), and shows them side by side `
        + 'with how far they agree. Where the methods that follow shapes (spectral, HDBSCAN) agree with each other and not with the ellipses, the clusters are not round.';
    }
  }

  /** Opens a compared method as the current fit: its options, seeded, give the same clustering. */
  private open(index: number): void {
    const options = this.run?.methods[index];
    if (!options) { return; }
    this.context.dispatch({ type: 'setOptions', options });
    this.context.post({ type: 'fit', options });
    this.context.dispatch({ type: 'showView', id: 'scatter' });
  }

  private render(): void {
    const { run, state } = this;
    if (this.rendered && this.rendered.run === run && this.rendered.state === state) { return; }
    this.rendered = { run, state };
    this.results.hidden = !run;
    this.stale.hidden = true;
    if (!run || !state?.fit) { return; }
    const fit = state.fit;
    const columns = run.methods[0]!.columns;
    const sameColumns = sameList(fit.columns, columns);
    this.stale.hidden = sameColumns && fit.options.standardize === run.methods[0]!.standardize;
    this.stale.textContent = this.stale.hidden ? '' : 'The current fit has other columns or scaling: these methods describe the fit compared. Compare again to compare the current one.';
    const k = run.methods[0]!.nComponents;
    this.about.textContent = `The Gaussian mixture, k-means and spectral clustering with k = ${k}, and HDBSCAN, on ${formatCount(columns.length, 'column')} `
      + `(${run.methods[0]!.standardize ? 'standardised' : 'raw units'}, seed ${run.methods[0]!.seed})${
        run.droppedRows > 0 ? `; ${formatCount(run.droppedRows, 'row')} with a missing cell left out of all four` : ''}. Click a plot to open that method as the fit.`;
    this.verdict.textContent = describeAgreement(run);
    this.renderMultiples(run, state, fit, sameColumns);
    this.renderAgreement(run);
    this.silhouetteNote.textContent = 'Silhouette: how much closer each row is to its own cluster than to the next (−1 … 1, higher is better), '
      + 'in the clustered units, HDBSCAN\'s noise left out. It favours round, well-separated clusters, so on shapes like two moons it ranks the '
      + 'round (wrong) answer higher: trust the plots and the agreement there.';
  }

  private renderMultiples(run: CompareMethodsRun, state: ViewState, fit: FitSnapshot, sameColumns: boolean): void {
    const columns = run.methods[0]!.columns;
    // the spectral plane is one fit's own: the methods share the PCA plane then
    const projection: Projection = sameColumns && state.projection.kind !== 'spectral' ? state.projection
      : sameColumns && fit.pca ? { kind: 'pca' } : { kind: 'columns', x: 0, y: Math.min(1, columns.length - 1) };
    const pca = sameColumns ? fit.pca : null;
    const planeKey = `${JSON.stringify(projection)}|${sameColumns ? fit.fitId : -1}`;
    const planeOf = (method: ComparedMethod | undefined): Plane => projectFit(asSnapshot(fit, run, method, pca), projection);
    // every multiple shows the same rows: one pair of ranges for all, from the rows alone
    const rowsPlane = planeOf(undefined);
    const xRange = paddedRange(rowsPlane.points, 0);
    const yRange = paddedRange(rowsPlane.points, 1);
    const m = run.sample.rowIndex.length;
    this.multiplesHead.textContent = `One plot per method on the scatter plot's plane (${rowsPlane.xLabel} × ${rowsPlane.yLabel}), the same ${
      m.toLocaleString()} rows and axes in each${run.results.some(r => r.nNoise > 0) ? '; noise in grey' : ''}; the mixture with its ellipses at 1 and 2 σ.`;
    run.methods.forEach((options, index) => {
      let multiple = this.multiples.get(index);
      if (!multiple) {
        const canvas = h('canvas', { 'aria-hidden': 'true' });
        const caption = h('span', { class: 'compare-multiple-caption' });
        const element = h('button', { type: 'button', class: 'compare-multiple', role: 'listitem' }, h('span', { class: 'compare-multiple-plot' }, canvas), caption);
        multiple = { element, caption, chart: new MethodMultiple(canvas), drawn: undefined };
        element.addEventListener('click', () => this.open(index));
        this.multiples.set(index, multiple);
        this.grid.append(element);
      }
      const method = run.results.find(r => r.index === index);
      const name = METHOD_LABELS[options.algorithm];
      const current = isCurrent(fit, options);
      multiple.element.classList.toggle('current', current);
      multiple.element.dataset.algorithm = options.algorithm;
      multiple.element.toggleAttribute('disabled', method === undefined || method.error !== null);
      if (!method) {
        multiple.caption.replaceChildren(h('strong', {}, name), run.status === 'running' ? ' · waiting…' : ' · not fitted');
        multiple.element.setAttribute('aria-label', `${name}: not fitted yet.`);
        return;
      }
      if (method.error !== null) {
        multiple.caption.replaceChildren(h('strong', {}, name), ' · could not run: ', method.error);
        multiple.element.setAttribute('aria-label', `${name} could not run: ${method.error}`);
        multiple.chart.destroy();
        return;
      }
      const found = options.algorithm === 'hdbscan' ? `${formatCount(method.nClusters, 'cluster')}, ${formatCount(method.nNoise, 'noise row')}` : `k = ${method.nClusters}`;
      const score = method.silhouette === null ? 'silhouette —' : `silhouette ${formatNumber(method.silhouette, 2)}`;
      multiple.caption.replaceChildren(h('strong', {}, name), ` · ${found} · ${score} · ${method.seconds.toFixed(2)} s`, current ? ' · current' : '');
      multiple.element.setAttribute('aria-label', `${name}: ${found}, ${score}${current ? ', the current fit' : ''}. Open as the current fit.`);
      if (!multiple.drawn || multiple.drawn.method !== method || multiple.drawn.planeKey !== planeKey) {
        multiple.chart.draw(method.labels, method.nClusters, planeOf(method), xRange, yRange);
        multiple.drawn = { method, planeKey };
      }
    });
  }

  /** The agreement between every pair (ARI on all rows), as a small matrix; cells tinted by agreement. */
  private renderAgreement(run: CompareMethodsRun): void {
    const matrix = agreementMatrix(run);
    const names = run.methods.map(o => METHOD_LABELS[o.algorithm]);
    const silhouettes = run.methods.map((_, i) => run.results.find(r => r.index === i)?.silhouette);
    this.table.replaceChildren(
      h('caption', {}, 'Agreement between every pair (adjusted Rand index on all rows: 1 the same clusters, 0 no more than chance)'),
      h('thead', {}, h('tr', {}, h('td', {}), ...names.map(name => h('th', { scope: 'col' }, name)), h('th', { scope: 'col' }, 'Silhouette'))),
      h('tbody', {}, ...matrix.map((row, i) => h('tr', {},
        h('th', { scope: 'row' }, names[i]!),
        ...row.map((ari, j) => {
          const cell = h('td', { class: i === j ? 'diagonal' : ari >= SAME_CLUSTERS_ARI ? 'agree' : undefined }, formatAri(ari));
          // the tint says the number at a glance; the number is the text
          if (!Number.isNaN(ari) && i !== j) { cell.style.setProperty('--agreement', String(Math.max(0, Math.min(1, ari)))); }
          return cell;
        }),
        h('td', {}, silhouettes[i] === undefined || silhouettes[i] === null ? '—' : formatNumber(silhouettes[i], 2))))));
  }

  private clearMultiples(): void {
    for (const multiple of this.multiples.values()) { multiple.chart.destroy(); multiple.element.remove(); }
    this.multiples.clear();
    this.rendered = undefined;
  }

  inspect(): CompareMethodsInspection {
    const run = this.run;
    const fit = this.state?.fit;
    return {
      status: run?.status ?? 'none',
      verdict: this.verdict.textContent ?? '',
      multiples: run ? run.methods.map((options, index) => {
        const method = run.results.find(r => r.index === index);
        return {
          algorithm: options.algorithm, nClusters: method?.nClusters ?? 0, silhouette: method?.silhouette ?? null,
          current: fit !== undefined && isCurrent(fit, options), error: method?.error ?? null,
          ...(this.multiples.get(index)?.chart.inspect() ?? { perCluster: [], noise: 0, ellipses: 0 }),
        };
      }) : [],
      agreement: [...this.table.querySelectorAll('tbody tr')].map(tr => [...tr.querySelectorAll('td')].map(td => td.textContent ?? '')),
    };
  }
}

/**
 * The run's sample dressed as a snapshot, so projectFit puts it (and a method's means and the
 * mixture's covariances) on the main plot's plane; without a method, the rows alone.
 */
function asSnapshot(base: FitSnapshot, run: CompareMethodsRun, method: ComparedMethod | undefined, pca: FitSnapshot['pca']): FitSnapshot {
  const m = run.sample.rowIndex.length;
  const k = method?.nClusters ?? 0;
  const columns = run.methods[0]!.columns;
  return {
    ...base,
    fitId: -1, algorithm: method?.algorithm ?? 'kmeans', nComponents: k, columns, nSamples: m,
    weights: new Float64Array(k), means: method?.means ?? new Float64Array(0), covariances: method?.covariances ?? null, pca,
    sample: {
      ...base.sample,
      rowIndex: run.sample.rowIndex, values: run.sample.values, labels: method?.labels ?? new Int32Array(m),
      certainty: new Float32Array(m).fill(1), probabilities: new Float32Array(m * k), imputed: undefined, embedding: undefined,
    },
  };
}

/** Whether the current fit is this method with these options (what opening it would fit). */
function isCurrent(fit: FitSnapshot, options: FitSnapshot['options']): boolean {
  const o = fit.options;
  return fit.appliedModel === undefined && o.algorithm === options.algorithm && o.nComponents === options.nComponents && sameList(o.columns, options.columns)
    && o.standardize === options.standardize && o.seed === options.seed
    && (options.algorithm !== 'gmm' || o.covarianceType === options.covarianceType)
    && (options.algorithm !== 'hdbscan' || (o.minClusterSize === options.minClusterSize && o.minSamples === options.minSamples));
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function paddedRange(points: Float64Array, axis: 0 | 1): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = axis; i < points.length; i += 2) { lo = Math.min(lo, points[i]!); hi = Math.max(hi, points[i]!); }
  if (!Number.isFinite(lo)) { return [0, 1]; }
  const pad = hi > lo ? 0.06 * (hi - lo) : 1;
  return [lo - pad, hi + pad];
}
