/**
 * The boxes beside "Ellipses" that turn on the tutorials' pictures of a plane: the mixture's
 * density contours (a mixture), the Voronoi cells and radius circles (k-means). Each shows only
 * for the fits it has a picture of.
 */
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.js';
import type { FitSnapshot } from '../src/shared/protocol';
import { h } from './dom';
import type { Projection } from './store';

export interface PictureToggleCallbacks {
  setShowContours(show: boolean): void;
  setShowRegions(show: boolean): void;
}

export class PictureToggles {
  readonly element: HTMLElement;
  private readonly contours = h('vscode-checkbox', {
    id: 'show-contours', label: 'Contours', title: 'Contour lines of the fitted mixture\'s density on this plane (three decades below its peak)',
  }) as VscodeCheckbox;
  private readonly regions = h('vscode-checkbox', {
    id: 'show-regions', label: 'Cells and radii', title: 'Each centroid\'s Voronoi cell, and a circle through each cluster\'s farthest drawn row',
  }) as VscodeCheckbox;

  constructor(callbacks: PictureToggleCallbacks) {
    this.element = h('div', { class: 'picture-toggles' }, this.contours, this.regions);
    this.contours.addEventListener('change', () => callbacks.setShowContours(this.contours.checked));
    this.regions.addEventListener('change', () => callbacks.setShowRegions(this.regions.checked));
  }

  update(fit: FitSnapshot, projection: Projection, showContours: boolean, showRegions: boolean): void {
    this.contours.hidden = fit.covariances === null || fit.columns.length < 2;
    this.contours.checked = showContours;
    // The cells are k-means' distances on two columns: the PCA plane has no such picture.
    this.regions.hidden = fit.algorithm !== 'kmeans' || fit.columns.length < 2;
    this.regions.checked = showRegions;
    this.regions.toggleAttribute('disabled', projection.kind === 'pca');
    this.regions.title = projection.kind === 'pca'
      ? 'k-means measures distances on the fitted columns: choose two columns for x and y to see its cells'
      : 'Each centroid\'s Voronoi cell, and a circle through each cluster\'s farthest drawn row';
  }
}
