/** Chooses the plane of the scatter plot: the first two principal components, or any two columns. */
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { FitSnapshot } from '../src/shared/protocol';
import { h } from './dom';
import type { Projection } from './store';

export interface ProjectionCallbacks {
  setProjection(projection: Projection): void;
  setShowEllipses(show: boolean): void;
}

const PCA = 'pca';

export class ProjectionPicker {
  readonly element: HTMLElement;
  private readonly xSelect = h('vscode-single-select', { id: 'x-axis', 'aria-label': 'Horizontal axis' }) as VscodeSingleSelect;
  private readonly ySelect = h('vscode-single-select', { id: 'y-axis', 'aria-label': 'Vertical axis' }) as VscodeSingleSelect;
  private readonly ellipses = h('vscode-checkbox', { id: 'show-ellipses', label: 'Ellipses (1, 2, 3 σ)' }) as VscodeCheckbox;
  private columnsKey = '';

  constructor(private readonly callbacks: ProjectionCallbacks) {
    this.element = h('div', { class: 'projection' },
      h('vscode-label', { for: 'x-axis' }, 'x'), this.xSelect,
      h('vscode-label', { for: 'y-axis' }, 'y'), this.ySelect,
      this.ellipses);
    const changed = (axis: 'x' | 'y') => () => {
      const value = (axis === 'x' ? this.xSelect : this.ySelect).value;
      if (value === PCA) { this.callbacks.setProjection({ kind: 'pca' }); return; }
      const x = this.xSelect.value === PCA ? 0 : Number(this.xSelect.value);
      const y = this.ySelect.value === PCA ? 1 : Number(this.ySelect.value);
      this.callbacks.setProjection({ kind: 'columns', x, y });
    };
    this.xSelect.addEventListener('change', changed('x'));
    this.ySelect.addEventListener('change', changed('y'));
    this.ellipses.addEventListener('change', () => this.callbacks.setShowEllipses(this.ellipses.checked));
  }

  update(fit: FitSnapshot, projection: Projection, showEllipses: boolean): void {
    const key = fit.columns.join('\u0000');
    if (key !== this.columnsKey) {
      this.columnsKey = key;
      for (const [select, pcaLabel] of [[this.xSelect, 'PC1'], [this.ySelect, 'PC2']] as const) {
        select.replaceChildren(
          ...(fit.pca ? [h('vscode-option', { value: PCA }, `${pcaLabel} (principal component)`)] : []),
          ...fit.columns.map((name, j) => h('vscode-option', { value: String(j) }, name)));
      }
    }
    this.xSelect.value = projection.kind === 'pca' ? PCA : String(projection.x);
    this.ySelect.value = projection.kind === 'pca' ? PCA : String(projection.y);
    // k-means and the density methods have no covariances: the box is off and says why, rather
    // than ticked over a plot that draws none.
    const ellipses = fit.covariances !== null;
    this.ellipses.checked = showEllipses && ellipses;
    this.ellipses.toggleAttribute('disabled', !ellipses);
    this.ellipses.title = ellipses ? 'Each cluster\'s covariance ellipse at 1, 2 and 3 standard deviations'
      : `${fit.algorithm === 'kmeans' ? 'k-means' : fit.algorithm === 'spectral' ? 'Spectral clustering' : fit.algorithm.toUpperCase()} fits no covariances: there is no ellipse to draw`;
  }
}
