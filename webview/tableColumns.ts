/**
 * The probability table's columns (row number, cluster, certainty, p(cluster 1..k), then the
 * file's columns), their header with its sort buttons, and the text of a cell.
 */
import type { DatasetSummary, FitSnapshot } from '../src/shared/protocol';
import type { TableSort, TableSortKey } from '../src/shared/tableProtocol';
import { h } from './dom';
import { formatPercent } from './format';
import type { Page } from './tablePageCache';

export type ColumnKind = 'row' | 'cluster' | 'certainty' | 'probability' | 'numeric' | 'text';

export interface TableColumn {
  label: string;
  title: string;
  kind: ColumnKind;
  sortKey: TableSortKey;
  /** px */
  width: number;
  /** probability: the cluster; numeric/text: the dataset column */
  index: number;
}

export function tableColumns(fit: FitSnapshot, dataset: DatasetSummary): TableColumn[] {
  const k = fit.nComponents;
  return [
    { label: 'Row', title: 'Row number in the file (1 = first data row)', kind: 'row', sortKey: 'row', width: 84, index: 0 },
    { label: 'Cluster', title: 'Most probable cluster (— = left out of the fit for missing values)', kind: 'cluster', sortKey: 'cluster', width: 76, index: 0 },
    { label: 'Certainty', title: 'Probability of the most probable cluster', kind: 'certainty', sortKey: 'certainty', width: 112, index: 0 },
    ...Array.from({ length: k }, (_, c): TableColumn => (
      { label: `p(${c + 1})`, title: `Probability of cluster ${c + 1}`, kind: 'probability', sortKey: { probability: c }, width: 70, index: c })),
    ...dataset.columns.map((col, j): TableColumn => ({
      label: col.name, title: `${col.name} (${col.kind})`, kind: col.kind, sortKey: { column: col.name },
      // Wide enough for the header (≈ 7.5 px a character, plus padding and the sort arrow), within bounds.
      width: Math.min(260, Math.max(col.kind === 'numeric' ? 112 : 140, Math.ceil(col.name.length * 7.5) + 36)), index: j,
    })),
  ];
}

/** Sizes the grid to the columns: fixed widths, the last column taking what width is left. */
export function layOutColumns(scroller: HTMLElement, columns: readonly TableColumn[]): void {
  const template = columns.map((c, i) => (i === columns.length - 1 ? `minmax(${c.width}px, 1fr)` : `${c.width}px`)).join(' ');
  const width = columns.reduce((sum, c) => sum + c.width, 0);
  scroller.style.setProperty('--ptable-columns', template);
  scroller.style.setProperty('--ptable-width', `${width}px`);
  scroller.setAttribute('aria-colcount', String(columns.length));
}

/** One header cell per column, each a sort button (`data-column` its position). */
export function buildHeader(header: HTMLElement, columns: readonly TableColumn[], sort: TableSort): void {
  header.replaceChildren(...columns.map((column, c) => {
    const button = h('button', { class: 'ptable-sort', type: 'button', title: `${column.title}. Click to sort.`, 'data-column': c },
      h('span', { class: 'ptable-label' }, column.label), h('span', { class: 'ptable-arrow codicon', 'aria-hidden': 'true' }));
    return h('div', { class: `ptable-cell ptable-th ${column.kind}`, role: 'columnheader', 'aria-colindex': c + 1, 'aria-sort': 'none' }, button);
  }));
  showSort(header, columns, sort);
}

/** Marks the column the table is sorted by, and which way. */
export function showSort(header: HTMLElement, columns: readonly TableColumn[], sort: TableSort): void {
  const current = JSON.stringify(sort.key);
  [...header.children].forEach((cell, c) => {
    const active = JSON.stringify(columns[c]?.sortKey) === current;
    cell.setAttribute('aria-sort', active ? (sort.descending ? 'descending' : 'ascending') : 'none');
    const arrow = cell.querySelector('.ptable-arrow');
    arrow?.classList.toggle('codicon-arrow-up', active && !sort.descending);
    arrow?.classList.toggle('codicon-arrow-down', active && sort.descending);
  });
}

/**
 * The text of row i's cell in a column; for a cell the file left empty and the fit modelled, its
 * conditional expectation (`estimate`), shown as "≈ value".
 */
export function cellText(column: TableColumn, page: Page, i: number): { text: string; estimate?: string } {
  const k = page.nComponents;
  switch (column.kind) {
    case 'row': return { text: String(page.rows[i] + 1) };
    case 'cluster': return { text: page.clusters[i] < 0 ? '—' : String(page.clusters[i] + 1) };
    case 'certainty': return { text: Number.isNaN(page.certainty[i]) ? '—' : formatPercent(page.certainty[i]) };
    case 'probability': {
      const p = column.index < k ? page.probabilities[i * k + column.index] : NaN;
      return { text: Number.isNaN(p) ? '—' : formatPercent(p) };
    }
    default: {
      const text = column.index < page.nColumns ? page.cells[i * page.nColumns + column.index] : '';
      const estimate = text === '' && column.index < page.nColumns ? page.imputedCells?.[i * page.nColumns + column.index] : undefined;
      return estimate ? { text: `≈ ${estimate}`, estimate } : { text, estimate };
    }
  }
}
