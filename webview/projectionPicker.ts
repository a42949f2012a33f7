/** Chooses the plane of the scatter plot: the first two principal components, or any two columns. */
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { FitSnapshot } from '../src/shared/protocol';
import { h } from './dom';
import { hasEmbedding } from './plane';
import type { Projection } from './store';

export interface ProjectionCallbacks {
  setProjection(projection: Projection): void;
  setShowEllipses(show: boolean): void;
}

const PCA = 'pca';
const SPECTRAL = 'spectral';

export class ProjectionPicker {
  readonly element: HTMLElement;
  private readonly xSelect = h('vscode-single-select', { id: 'x-axis', 'aria-label': 'Horizontal axis' }) as VscodeSingleSelect;
  private readonly ySelect = h('vscode-single-select', { id: 'y-axis', 'aria-label': 'Vertical axis' }) as VscodeSingleSelect;
  private readonly ellipses = h('vscode-checkbox', { id: 'show-ellipses', label: 'Ellipses (1, 2, 3 σ)' }) as VscodeCheckbox;
  private columnsKey = '';
  private columnCount = 1;

  constructor(private readonly callbacks: ProjectionCallbacks) {
    this.element = h('div', { class: 'projection' },
      h('vscode-label', { for: 'x-axis' }, 'x'), this.xSelect,
      h('vscode-label', { for: 'y-axis' }, 'y'), this.ySelect,
      this.ellipses);
    const changed = (axis: 'x' | 'y') => () => {
      const value = (axis === 'x' ? this.xSelect : this.ySelect).value;
      if (value === PCA) { this.callbacks.setProjection({ kind: 'pca' }); return; }
      if (value === SPECTRAL) { this.callbacks.setProjection({ kind: 'spectral' }); return; }
      const column = (v: string, fallback: number) => (v === PCA || v === SPECTRAL ? fallback : Number(v));
      const x = column(this.xSelect.value, 0);
      const y = column(this.ySelect.value, Math.min(1, this.columnCount - 1));
      this.callbacks.setProjection({ kind: 'columns', x, y });
    };
    this.xSelect.addEventListener('change', changed('x'));
    this.ySelect.addEventListener('change', changed('y'));
    this.ellipses.addEventListener('change', () => this.callbacks.setShowEllipses(this.ellipses.checked));
  }

  update(fit: FitSnapshot, projection: Projection, showEllipses: boolean): void {
    const spectral = hasEmbedding(fit);
    const oneAxis = spectral && Number.isNaN(fit.sample.embedding![1]);
    const key = `${fit.columns.join('\u0000')}|${spectral ? (oneAxis ? 1 : 2) : 0}`;
    this.columnCount = fit.columns.length;
    const optionsChanged = key !== this.columnsKey;
    if (optionsChanged) {
      this.columnsKey = key;
      for (const [select, pcaLabel, eigen] of [[this.xSelect, 'PC1', 'Eigenvector 2'], [this.ySelect, 'PC2', oneAxis ? 'Cluster (k = 2: one eigenvector)' : 'Eigenvector 3']] as const) {
        select.replaceChildren(
          ...(fit.pca ? [h('vscode-option', { value: PCA }, `${pcaLabel} (principal component)`)] : []),
          // spectral clustering's own plane: where its k-means found the clusters
          ...(spectral ? [h('vscode-option', { value: SPECTRAL }, `${eigen} (spectral embedding)`)] : []),
          ...fit.columns.map((name, j) => h('vscode-option', { value: String(j) }, name)));
      }
    }
    const shown = projection.kind === 'spectral' && !spectral ? { kind: 'pca' as const } : projection;
    const x = shown.kind === 'columns' ? String(shown.x) : shown.kind === 'spectral' ? SPECTRAL : PCA;
    const y = shown.kind === 'columns' ? String(shown.y) : shown.kind === 'spectral' ? SPECTRAL : PCA;
    this.xSelect.value = x;
    this.ySelect.value = y;
    // new options reach the select when its slot changes, after this: the value is set again then
    if (optionsChanged) { requestAnimationFrame(() => { this.xSelect.value = x; this.ySelect.value = y; }); }
    // k-means and the density methods have no covariances: the box is off and says why, rather
    // than ticked over a plot that draws none.
    const ellipses = fit.covariances !== null;
    this.ellipses.checked = showEllipses && ellipses;
    this.ellipses.toggleAttribute('disabled', !ellipses);
    this.ellipses.title = ellipses ? 'Each cluster\'s covariance ellipse at 1, 2 and 3 standard deviations'
      : `${fit.algorithm === 'kmeans' ? 'k-means' : fit.algorithm === 'spectral' ? 'Spectral clustering' : fit.algorithm.toUpperCase()} fits no covariances: there is no ellipse to draw`;
  }
}
