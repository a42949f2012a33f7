/** The scatter's "Size by uncertainty" box: a mixture's points drawn larger the less certain they are. */
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.js';
import type { FitSnapshot } from '../src/shared/protocol';
import { h } from './dom';

export class UncertaintyToggle {
  readonly element = h('vscode-checkbox', { id: 'size-by-uncertainty', label: 'Size by uncertainty' }) as VscodeCheckbox;

  constructor(set: (on: boolean) => void) {
    this.element.addEventListener('change', () => set(this.element.checked));
  }

  update(fit: FitSnapshot, on: boolean): void {
    // Only a mixture has membership probabilities; k-means is certain everywhere, a density method has strengths.
    const mixture = fit.algorithm === 'gmm';
    this.element.checked = on && mixture;
    this.element.toggleAttribute('disabled', !mixture);
    this.element.title = mixture
      ? 'Draw each point with a radius growing with its uncertainty 1 − max p (mclust\'s uncertainty plot)'
      : 'Only a Gaussian mixture gives membership probabilities to size points by';
  }
}
