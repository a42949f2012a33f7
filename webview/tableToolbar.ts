/**
 * The probability table's toolbar: which clusters to show, "certainty below (%)", "go to row", the
 * "rows that disagree with <column>" chip the agreement view sets, and the row count and notices.
 * It reads and shows the user's choices; the table decides what they mean.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-multi-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { VscodeMultiSelect } from '@vscode-elements/elements/dist/vscode-multi-select/vscode-multi-select.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import { h, icon } from './dom';
import type { SharedTableFilter } from './store';

export interface ToolbarActions {
  /** The clusters or the certainty limit changed (typing settles for 250 ms first). */
  filter(): void;
  /** Go to the row number typed (1-based); undefined when what was typed is not a row number. */
  goTo(row: number | undefined): void;
  /** The disagreement chip's close button. */
  clearDisagree(): void;
}

export class TableToolbar {
  readonly element: HTMLElement;
  /** Says why "go to row" found nothing, or is empty. */
  readonly notice = h('span', { class: 'ptable-notice', id: 'table-notice', role: 'status' });
  private readonly clusterFilter = h('vscode-multi-select', { id: 'table-clusters', 'aria-label': 'Show clusters' }) as VscodeMultiSelect;
  private readonly certaintyField = h('vscode-textfield', { id: 'table-certainty', type: 'number', min: 0, max: 100, step: 5, size: 5, placeholder: 'any' }) as VscodeTextfield;
  private readonly gotoField = h('vscode-textfield', { id: 'table-goto', type: 'number', min: 1, size: 9, placeholder: 'row' }) as VscodeTextfield;
  private readonly count = h('span', { class: 'ptable-count', id: 'table-count', role: 'status' });
  /** The "rows that disagree with <column>" filter the agreement view sets, with its clear button. */
  private readonly disagreeText = h('span', { id: 'table-disagree-text' });
  private readonly disagreeChip = h('span', { class: 'ptable-disagree', id: 'table-disagree', hidden: true }, this.disagreeText);

  constructor(actions: ToolbarActions) {
    const certaintyLabel = h('vscode-label', { for: 'table-certainty' }, 'Certainty below (%)');
    const gotoButton = h('vscode-button', { id: 'table-goto-button', secondary: true, title: 'Show this row' }, icon('arrow-right'));
    this.element = h('div', { class: 'ptable-toolbar' },
      h('div', { class: 'field' }, h('vscode-label', { for: 'table-clusters' }, 'Clusters (none = all)'), this.clusterFilter),
      h('div', { class: 'field' }, certaintyLabel, this.certaintyField),
      h('div', { class: 'field' }, h('vscode-label', { for: 'table-goto' }, 'Go to row'),
        h('div', { class: 'ptable-goto' }, this.gotoField, gotoButton)),
      this.disagreeChip,
      h('div', { class: 'ptable-status' }, this.count, this.notice));

    this.clusterFilter.addEventListener('change', () => actions.filter());
    let typing: ReturnType<typeof setTimeout> | undefined;
    this.certaintyField.addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(() => actions.filter(), 250); });
    this.certaintyField.addEventListener('change', () => { clearTimeout(typing); actions.filter(); });
    const goTo = () => {
      const row = Number.parseInt(this.gotoField.value, 10);
      actions.goTo(Number.isInteger(row) && row >= 1 ? row : undefined);
    };
    this.gotoField.addEventListener('keydown', event => { if (event.key === 'Enter') { event.preventDefault(); goTo(); } });
    gotoButton.addEventListener('click', goTo);
    const clearDisagree = h('vscode-button', { id: 'table-disagree-clear', secondary: true, title: 'Show all rows again' }, icon('close'));
    clearDisagree.addEventListener('click', () => actions.clearDisagree());
    this.disagreeChip.append(clearDisagree);
  }

  /** One option per cluster of a fit with k clusters, those in `selected` chosen. */
  setClusters(k: number, selected: readonly number[] | null): void {
    this.clusterFilter.replaceChildren(...Array.from({ length: k }, (_, c) =>
      h('vscode-option', { value: String(c), selected: selected?.includes(c) ?? false }, `Cluster ${c + 1}`)));
  }

  /** The clusters chosen (null: none, so all) and the certainty limit typed (null: none, or not a percentage, which is marked invalid). */
  readFilter(): { clusters: number[] | null; certaintyBelow: number | null } {
    const clusters = this.clusterFilter.value.map(Number).filter(c => Number.isInteger(c));
    const text = this.certaintyField.value.trim();
    const percent = text === '' ? NaN : Number(text);
    const valid = text === '' || (Number.isFinite(percent) && percent >= 0 && percent <= 100);
    this.certaintyField.toggleAttribute('invalid', !valid);
    return { clusters: clusters.length > 0 ? clusters : null, certaintyBelow: valid && text !== '' ? percent / 100 : null };
  }

  /** Shows a filter another view set: the certainty limit (unless it is what is typed) and the disagreement chip. */
  showShared(shared: SharedTableFilter): void {
    const typed = this.certaintyField.value.trim();
    if ((typed === '' ? null : Number(typed) / 100) !== shared.certaintyBelow) {
      this.certaintyField.value = shared.certaintyBelow === null ? '' : String(Math.round(shared.certaintyBelow * 1000) / 10);
      this.certaintyField.toggleAttribute('invalid', false);
    }
    this.disagreeChip.hidden = !shared.disagreeWith;
    this.disagreeText.textContent = shared.disagreeWith ? `Rows not in their cluster's most frequent ${shared.disagreeWith}` : '';
  }

  /** Disables the filters, with `why` as their tooltip (a file too large to filter); undefined enables them. */
  disableFilters(why: string | undefined): void {
    for (const field of [this.clusterFilter, this.certaintyField]) {
      field.toggleAttribute('disabled', why !== undefined);
      if (why === undefined) { field.removeAttribute('title'); } else { field.title = why; }
    }
  }

  /** "n rows", or "m of n rows" when filtered; null total: still loading. */
  showCount(total: number | null, all: number, filtered: boolean): void {
    this.count.textContent = total === null ? 'Loading rows…'
      : filtered ? `${total.toLocaleString()} of ${all.toLocaleString()} rows` : `${all.toLocaleString()} rows`;
  }
}
