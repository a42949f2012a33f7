/**
 * The agreement tab: how the clusters cross a column the user already has (a known class, e.g.
 * penguins' species). The host counts the clusters × values table over all rows
 * (agreementProtocol.ts); the scores are computed here from the table (core/agreement.ts): adjusted
 * Rand index, normalised mutual information, purity. The rows that disagree (their value is not
 * their cluster's most frequent one) are one click away: a filter of the table.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import {
  adjustedRandIndex, type ContingencyTable, majorityClasses, normalizedMutualInformation, purity,
} from '../src/core/agreement';
import type { DidAgreeMessage } from '../src/shared/agreementProtocol';
import type { DatasetSummary, FitSnapshot, HostMessage } from '../src/shared/protocol';
import { h, icon } from './dom';
import { formatNumber, formatPercent } from './format';
import { clusterSwatch } from './palette';
import type { PanelView, ViewContext } from './panelView';
import type { ViewState } from './store';

/** Before each option's column name: the controls' column list has options valued by name too. */
const OPTION_PREFIX = 'agree:';

export interface AgreementScores { ari: number; nmi: number; purity: number; counted: number; disagreeing: number }

/** The three scores of a clusters × values table, and how many counted rows disagree with their cluster's majority. */
export function scoreAgreement(table: ContingencyTable): AgreementScores {
  const majority = majorityClasses(table);
  let counted = 0;
  let agreeing = 0;
  for (let c = 0; c < table.nClusters; c++) {
    for (let j = 0; j < table.nClasses; j++) { counted += table.counts[c * table.nClasses + j]; }
    if (majority[c] >= 0) { agreeing += table.counts[c * table.nClasses + majority[c]]; }
  }
  return { ari: adjustedRandIndex(table), nmi: normalizedMutualInformation(table), purity: purity(table), counted, disagreeing: counted - agreeing };
}

export class AgreementView implements PanelView {
  readonly id = 'agreement';
  readonly label = 'Agreement';
  readonly element: HTMLElement;
  private readonly select = h('vscode-single-select', { id: 'agreement-column', 'aria-label': 'Column to compare the clusters with' }) as VscodeSingleSelect;
  private readonly scores = h('p', { class: 'agreement-scores', id: 'agreement-scores', role: 'status' });
  private readonly table = h('table', { class: 'numbers agreement-table', id: 'agreement-table' });
  private readonly note = h('p', { class: 'note', id: 'agreement-note' });
  private readonly showRows = h('vscode-button', { id: 'agreement-show-rows', title: 'List the rows whose value is not their cluster\'s most frequent one' }, icon('table'), ' Show disagreeing rows');
  private fit: FitSnapshot | undefined;
  private dataset: DatasetSummary | undefined;
  private column: string | undefined;
  private requested: { fitId: number; column: string; requestId: number } | undefined;
  private nextRequestId = 1;
  private visible = false;

  constructor(private readonly context: ViewContext) {
    this.select.addEventListener('change', () => { this.column = this.select.value.slice(OPTION_PREFIX.length); this.request(); });
    this.showRows.addEventListener('click', () => {
      if (!this.column) { return; }
      context.dispatch({ type: 'setTableFilter', filter: { disagreeWith: this.column } });
      context.dispatch({ type: 'showView', id: 'table' });
    });
    this.element = h('section', { class: 'agreement' },
      h('div', { class: 'plot-toolbar' },
        h('div', { class: 'projection' }, h('vscode-label', { for: 'agreement-column' }, 'Compare the clusters with'), this.select),
        this.showRows),
      this.scores, this.table, this.note);
    this.showRows.toggleAttribute('disabled', true);
  }

  update(state: ViewState, visible: boolean): void {
    this.visible = visible;
    if (state.dataset !== this.dataset) { this.setColumns(state.dataset); }
    const newFit = state.fit !== this.fit;
    this.fit = state.fit;
    if (visible && this.fit && (newFit || this.requested?.fitId !== this.fit.fitId)) { this.request(); }
  }

  receive(message: HostMessage): void {
    if (message.type !== 'didAgree' || !this.requested || message.requestId !== this.requested.requestId || message.fitId !== this.fit?.fitId) { return; }
    this.show(message);
  }

  /** Text columns first (the usual known classes), then numeric ones (integers only: the host says if not). */
  private setColumns(dataset: DatasetSummary | undefined): void {
    this.dataset = dataset;
    const columns = dataset?.columns ?? [];
    const text = columns.filter(c => c.kind === 'text');
    const numeric = columns.filter(c => c.kind === 'numeric' && !c.idLike);
    this.select.replaceChildren(
      ...text.map(c => h('vscode-option', { value: OPTION_PREFIX + c.name }, c.name)),
      ...numeric.map(c => h('vscode-option', { value: OPTION_PREFIX + c.name }, `${c.name} (integers)`)));
    const names = [...text, ...numeric].map(c => c.name);
    if (!this.column || !names.includes(this.column)) { this.column = names[0]; }
    if (this.column) { this.select.value = OPTION_PREFIX + this.column; }
  }

  private request(): void {
    if (!this.fit || !this.visible) { return; }
    if (!this.column) {
      this.scores.textContent = 'The file has no other column to compare the clusters with.';
      this.table.replaceChildren();
      return;
    }
    const requestId = this.nextRequestId++;
    this.requested = { fitId: this.fit.fitId, column: this.column, requestId };
    this.scores.textContent = `Counting ${this.column} by cluster…`;
    this.context.post({ type: 'agree', requestId, fitId: this.fit.fitId, column: this.column });
  }

  private show(message: DidAgreeMessage): void {
    const fit = this.fit!;
    if (message.refused !== null) {
      this.scores.textContent = message.refused;
      this.table.replaceChildren();
      this.note.textContent = '';
      this.showRows.toggleAttribute('disabled', true);
      this.element.dataset.drawnFor = String(fit.fitId);
      return;
    }
    const k = message.nComponents;
    const v = message.values.length;
    const contingency: ContingencyTable = { nClusters: k, nClasses: v, counts: message.counts };
    const s = scoreAgreement(contingency);
    const majority = majorityClasses(contingency);
    this.scores.replaceChildren(
      h('span', { id: 'agreement-ari', title: 'Adjusted Rand index: 1 = the same partition, about 0 = no better than chance (Hubert & Arabie 1985)' }, `Adjusted Rand index ${formatNumber(s.ari, 3)}`),
      ' · ',
      h('span', { id: 'agreement-nmi', title: 'Normalised mutual information (arithmetic mean of the entropies, as scikit-learn): 1 = each determines the other, 0 = independent' }, `normalised mutual information ${formatNumber(s.nmi, 3)}`),
      ' · ',
      h('span', { id: 'agreement-purity', title: 'Share of the rows whose value is their cluster\'s most frequent value' }, `purity ${formatPercent(s.purity)}`));
    const colTotals = new Float64Array(v);
    for (let c = 0; c < k; c++) { for (let j = 0; j < v; j++) { colTotals[j] += message.counts[c * v + j]; } }
    this.table.replaceChildren(
      h('caption', {}, `Rows by cluster and ${message.column}`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Cluster'), ...message.values.map(value => h('th', { scope: 'col' }, value)), h('th', { scope: 'col' }, 'Rows'))),
      h('tbody', {}, ...Array.from({ length: k }, (_, c) => {
        let rowTotal = 0;
        for (let j = 0; j < v; j++) { rowTotal += message.counts[c * v + j]; }
        return h('tr', {},
          h('th', { scope: 'row' }, clusterSwatch(c), ` ${c + 1}`),
          ...message.values.map((_, j) => {
            const n = message.counts[c * v + j];
            const cell = h('td', { title: rowTotal > 0 ? `${formatPercent(n / rowTotal)} of cluster ${c + 1}` : '' }, n === 0 ? '·' : n.toLocaleString());
            if (j === majority[c]) { cell.classList.add('majority'); }
            return cell;
          }),
          h('td', {}, rowTotal.toLocaleString()));
      })),
      h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, 'All'), ...Array.from(colTotals, n => h('td', {}, n.toLocaleString())), h('td', {}, s.counted.toLocaleString()))));
    this.note.textContent = [
      `Over all ${s.counted.toLocaleString()} rows with a cluster and a value${message.nUncounted > 0 ? `; ${message.nUncounted.toLocaleString()} rows without one are not counted` : ''}.`,
      `Bold: each cluster's most frequent ${message.column}. ${s.disagreeing.toLocaleString()} rows (${formatPercent(s.counted > 0 ? s.disagreeing / s.counted : 0)}) are not in their cluster's most frequent value.`,
    ].join(' ');
    this.showRows.toggleAttribute('disabled', s.disagreeing === 0);
    this.element.dataset.drawnFor = String(fit.fitId);
  }
}
