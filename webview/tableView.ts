/**
 * The probability table: one row per data row (row number, cluster, certainty, p(cluster 1..k),
 * then the file's columns), over the whole file however long. The host holds the rows and sends
 * them a page at a time (requestRows / didProvideRows); this view draws only the rows in view,
 * recycling a small pool of row elements, and keeps the pages of the current order in a cache.
 *
 * Sorting (header click), filtering (clusters, certainty below x) and "go to row" are asked of the
 * host; selection (click, shift/ctrl-click, arrows, PageUp/PageDown, Home/End) is the shared
 * `selectedRows`, which the scatter highlights, and a selection made elsewhere scrolls here.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-multi-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { VscodeMultiSelect } from '@vscode-elements/elements/dist/vscode-multi-select/vscode-multi-select.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import type { DatasetSummary, FitSnapshot, HostMessage } from '../src/shared/protocol';
import {
  type DidProvideRowsMessage, MAX_TABLE_PAGE, type TableFilter, type TableSort, type TableSortKey, tableOrderKey,
} from '../src/shared/tableProtocol';
import { h, icon } from './dom';
import { formatPercent } from './format';
import { clusterColour } from './palette';
import type { PanelView, ViewContext } from './panelView';
import type { SharedTableFilter, ViewState } from './store';
import {
  moveCursor, NAVIGATION_KEYS, type NavigationKey, PAGE_SIZE, pagesFor, revealTop, ROW_HEIGHT, rowsPerViewport,
  rowWindow, type ScrollGeometry, scrollTopFor, selectionRange, spacerHeight, virtualTop,
} from './tableWindow';

type ColumnKind = 'row' | 'cluster' | 'certainty' | 'probability' | 'numeric' | 'text';

interface TableColumn {
  label: string;
  title: string;
  kind: ColumnKind;
  sortKey: TableSortKey;
  /** px */
  width: number;
  /** probability: the cluster; numeric/text: the dataset column */
  index: number;
}

type Page = Omit<DidProvideRowsMessage, 'type' | 'requestId' | 'fitId'>;

/** One recycled row element and what it shows now. */
interface RowSlot {
  element: HTMLElement;
  texts: Text[];
  swatch: HTMLElement;
  /** position in the order it shows, −1 = none */
  index: number;
  /** order key + whether its page was loaded, to know when its cells must be refilled */
  content: string;
  top: number;
  selected: boolean;
  cursor: boolean;
}

type Pending =
  | { kind: 'page'; orderKey: string; page: number }
  | { kind: 'locate'; orderKey: string; purpose: 'goto' | 'reveal' };

/** Pages kept per order (200 rows each): enough to scroll back without asking again, bounded. */
const MAX_CACHED_PAGES = 300;
const EMPTY_FILTER: TableFilter = { clusters: null, certaintyBelow: null };

export interface TableInspection {
  fitId: number | null;
  orderKey: string;
  total: number | null;
  scrollTop: number;
  spacerHeight: number;
  /** Row elements in the DOM (the recycled pool), shown or not. */
  domRows: number;
  /** Rows drawn now, top to bottom: position, dataset row (−1 while its page loads) and cell texts. */
  rows: { index: number; row: number; cells: string[]; selected: boolean }[];
  cursor: number | null;
  selectedRows: readonly number[];
  requestsSent: number;
  message: string;
}

export class TableView implements PanelView {
  readonly id = 'table';
  readonly label = 'Table';
  readonly element: HTMLElement;

  private readonly scroller = h('div', { class: 'ptable-scroller', id: 'table-grid', role: 'grid', tabindex: 0, 'aria-label': 'Rows with their cluster and probabilities', 'aria-multiselectable': 'true' });
  private readonly header = h('div', { class: 'ptable-row ptable-header', role: 'row', 'aria-rowindex': 1 });
  private readonly spacer = h('div', { class: 'ptable-spacer', role: 'rowgroup' });
  private readonly clusterFilter = h('vscode-multi-select', { id: 'table-clusters', 'aria-label': 'Show clusters' }) as VscodeMultiSelect;
  private readonly certaintyField = h('vscode-textfield', { id: 'table-certainty', type: 'number', min: 0, max: 100, step: 5, size: 5, placeholder: 'any' }) as VscodeTextfield;
  private readonly gotoField = h('vscode-textfield', { id: 'table-goto', type: 'number', min: 1, size: 9, placeholder: 'row' }) as VscodeTextfield;
  private readonly count = h('span', { class: 'ptable-count', id: 'table-count', role: 'status' });
  private readonly notice = h('span', { class: 'ptable-notice', id: 'table-notice', role: 'status' });
  /** The "rows that disagree with <column>" filter the agreement view sets, with its clear button. */
  private readonly disagreeText = h('span', { id: 'table-disagree-text' });
  private readonly disagreeChip = h('span', { class: 'ptable-disagree', id: 'table-disagree', hidden: true }, this.disagreeText);
  /** The filters shared with other views (store.tableFilter), as last taken. */
  private shared: SharedTableFilter | undefined;

  private fit: FitSnapshot | undefined;
  private dataset: DatasetSummary | undefined;
  private columns: TableColumn[] = [];
  private sort: TableSort = { key: 'row', descending: false };
  private filter: TableFilter = EMPTY_FILTER;
  private orderKey = '';
  private total: number | null = null;
  private readonly pages = new Map<number, Page>();
  private readonly inflight = new Set<number>();
  private readonly pending = new Map<number, Pending>();
  private nextRequestId = 1;
  private requestsSent = 0;

  private pool: RowSlot[] = [];
  private visible = false;
  private viewport = 0;
  /** The unscaled top the view set itself, while the scrollTop it set stands (scaled tables round scrollTop). */
  private pinned: { scrollTop: number; top: number } | undefined;
  private frame = 0;
  private firstDrawn = false;
  /** A position to scroll to once the tab shows (a hidden element cannot scroll). */
  private revealWhenShown: { index: number; align: 'nearest' | 'center' } | undefined;

  private selectedRows: readonly number[] = [];
  private selected = new Set<number>();
  /** The selection this view dispatched last: a different one came from elsewhere and is revealed. */
  private dispatched: readonly number[] | undefined;
  private cursor: number | null = null;
  private anchor: number | null = null;
  /** A selection waiting for pages to arrive: positions from..to, added to `base`. */
  private waiting: { from: number; to: number; base: readonly number[]; orderKey: string } | undefined;

  constructor(private readonly context: ViewContext) {
    this.scroller.append(this.header, this.spacer);
    const certaintyLabel = h('vscode-label', { for: 'table-certainty' }, 'Certainty below (%)');
    const gotoButton = h('vscode-button', { id: 'table-goto-button', secondary: true, title: 'Show this row' }, icon('arrow-right'));
    this.element = h('section', { class: 'ptable' },
      h('div', { class: 'ptable-toolbar' },
        h('div', { class: 'field' }, h('vscode-label', { for: 'table-clusters' }, 'Clusters (none = all)'), this.clusterFilter),
        h('div', { class: 'field' }, certaintyLabel, this.certaintyField),
        h('div', { class: 'field' }, h('vscode-label', { for: 'table-goto' }, 'Go to row'),
          h('div', { class: 'ptable-goto' }, this.gotoField, gotoButton)),
        this.disagreeChip,
        h('div', { class: 'ptable-status' }, this.count, this.notice)),
      this.scroller);

    this.scroller.addEventListener('scroll', () => this.render());
    this.scroller.addEventListener('keydown', event => this.onKey(event));
    this.scroller.addEventListener('click', event => this.onClick(event));
    this.header.addEventListener('click', event => this.onHeaderClick(event));
    this.clusterFilter.addEventListener('change', () => this.readFilters());
    let typing: ReturnType<typeof setTimeout> | undefined;
    this.certaintyField.addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(() => this.readFilters(), 250); });
    this.certaintyField.addEventListener('change', () => { clearTimeout(typing); this.readFilters(); });
    this.gotoField.addEventListener('keydown', event => { if (event.key === 'Enter') { event.preventDefault(); this.goToRow(); } });
    gotoButton.addEventListener('click', () => this.goToRow());
    const clearDisagree = h('vscode-button', { id: 'table-disagree-clear', secondary: true, title: 'Show all rows again' }, icon('close'));
    clearDisagree.addEventListener('click', () => this.context.dispatch({ type: 'setTableFilter', filter: { disagreeWith: null } }));
    this.disagreeChip.append(clearDisagree);
    new ResizeObserver(() => { this.measure(); this.render(); }).observe(this.scroller);

    // Read-only view of what the table shows, for the webview tests and the benchmark.
    Object.defineProperty(window, 'clusterLensTable', { configurable: true, value: () => this.inspect() });
  }

  /** The colour theme changed: rows are written again, with the new cluster colours. */
  retheme(): void {
    for (const slot of this.pool) { slot.content = ''; }
  }

  update(state: ViewState, visible: boolean): void {
    if (state.fit !== this.fit || state.dataset !== this.dataset) { this.setFit(state.fit, state.dataset); }
    if (state.tableFilter !== this.shared) { this.takeSharedFilter(state.tableFilter); }
    if (state.selectedRows !== this.selectedRows) { this.setSelection(state.selectedRows); }
    const shown = visible && this.fit !== undefined;
    if (shown && !this.visible) {
      this.visible = true;
      this.measure();
      const later = this.revealWhenShown;
      this.revealWhenShown = undefined;
      if (later) { this.reveal(later.index, later.align); }
    }
    this.visible = shown;
    if (shown) { this.render(); }
  }

  receive(message: HostMessage): void {
    if (message.type !== 'didProvideRows' && message.type !== 'didLocateRow') { return; }
    const pending = this.pending.get(message.requestId);
    this.pending.delete(message.requestId);
    // Replies for another fit or an order the user has left are stale.
    if (!pending || !this.fit || message.fitId !== this.fit.fitId || pending.orderKey !== this.orderKey) { return; }
    if (message.type === 'didProvideRows' && pending.kind === 'page') {
      this.inflight.delete(pending.page);
      this.pages.set(pending.page, message);
      this.evictPages(pending.page);
      this.setTotal(message.total);
      this.completeWaitingSelection();
      this.scheduleRender();
    } else if (message.type === 'didLocateRow' && pending.kind === 'locate') {
      this.setTotal(message.total);
      if (message.index === null) {
        this.notice.textContent = message.row >= (this.dataset?.nRows ?? 0)
          ? `There is no row ${(message.row + 1).toLocaleString()}.`
          : `Row ${(message.row + 1).toLocaleString()} is hidden by the filter.`;
        return;
      }
      this.notice.textContent = '';
      this.cursor = message.index;
      this.anchor = message.index;
      this.reveal(message.index, 'center');
      if (pending.purpose === 'goto') { this.dispatchSelection([message.row]); }
      this.scheduleRender();
    }
  }

  // ---- data -------------------------------------------------------------------------------

  private setFit(fit: FitSnapshot | undefined, dataset: DatasetSummary | undefined): void {
    const sameFit = fit?.fitId === this.fit?.fitId;
    this.fit = fit;
    this.dataset = dataset;
    if (!fit || !dataset) { return; }
    if (sameFit && this.columns.length > 0) { return; }
    const k = fit.nComponents;
    this.columns = [
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
    // The last column takes what width is left.
    const template = this.columns.map((c, i) => (i === this.columns.length - 1 ? `minmax(${c.width}px, 1fr)` : `${c.width}px`)).join(' ');
    const width = this.columns.reduce((sum, c) => sum + c.width, 0);
    this.scroller.style.setProperty('--ptable-columns', template);
    this.scroller.style.setProperty('--ptable-width', `${width}px`);
    this.scroller.setAttribute('aria-colcount', String(this.columns.length));
    // A clusters filter or probability sort beyond the new k would not mean anything.
    const sortsByGoneCluster = typeof this.sort.key === 'object' && 'probability' in this.sort.key && this.sort.key.probability >= k;
    const sortsByGoneColumn = typeof this.sort.key === 'object' && 'column' in this.sort.key
      && !dataset.columns.some(c => typeof this.sort.key === 'object' && 'column' in this.sort.key && c.name === this.sort.key.column);
    if (sortsByGoneCluster || sortsByGoneColumn) { this.sort = { key: 'row', descending: false }; }
    this.filter = { ...this.filter, clusters: this.filter.clusters?.filter(c => c < k) ?? null };
    if (this.filter.clusters?.length === 0) { this.filter = { ...this.filter, clusters: null }; }
    this.clusterFilter.replaceChildren(...Array.from({ length: k }, (_, c) =>
      h('vscode-option', { value: String(c), selected: this.filter.clusters?.includes(c) ?? false }, `Cluster ${c + 1}`)));
    this.buildHeader();
    for (const slot of this.pool) { slot.element.remove(); }
    this.pool = [];
    this.firstDrawn = false;
    this.resetOrder(true);
  }

  /** A new order (fit, sort or filter): forget its pages, ask again, back to the top. */
  private resetOrder(toTop: boolean): void {
    if (!this.fit) { return; }
    this.orderKey = tableOrderKey(this.fit.fitId, this.sort, this.filter);
    this.pages.clear();
    this.inflight.clear();
    this.waiting = undefined;
    this.total = null;
    this.cursor = null;
    this.anchor = null;
    this.notice.textContent = '';
    this.updateCount();
    if (toTop) {
      this.pinned = undefined;
      this.scroller.scrollTop = 0;
    }
    this.requestPage(0);
    // Where the selected row is now (the selection outlives sorting and filtering).
    if (this.selectedRows.length > 0) { this.locate(this.selectedRows[0], 'reveal'); }
    this.scheduleRender();
  }

  private requestPage(page: number): void {
    if (!this.fit || this.pages.has(page) || this.inflight.has(page)) { return; }
    if (this.total !== null && page * PAGE_SIZE >= this.total) { return; }
    const requestId = this.nextRequestId++;
    this.inflight.add(page);
    this.pending.set(requestId, { kind: 'page', orderKey: this.orderKey, page });
    this.requestsSent++;
    this.context.post({
      type: 'requestRows', requestId, fitId: this.fit.fitId, offset: page * PAGE_SIZE, limit: Math.min(PAGE_SIZE, MAX_TABLE_PAGE),
      sort: this.sort, filter: this.filter,
    });
  }

  private locate(row: number, purpose: 'goto' | 'reveal'): void {
    if (!this.fit) { return; }
    const requestId = this.nextRequestId++;
    this.pending.set(requestId, { kind: 'locate', orderKey: this.orderKey, purpose });
    this.requestsSent++;
    this.context.post({ type: 'locateRow', requestId, fitId: this.fit.fitId, row, sort: this.sort, filter: this.filter });
  }

  /** Keeps the pages nearest the one just loaded. */
  private evictPages(near: number): void {
    if (this.pages.size <= MAX_CACHED_PAGES) { return; }
    const far = [...this.pages.keys()].sort((a, b) => Math.abs(b - near) - Math.abs(a - near));
    for (const page of far.slice(0, this.pages.size - MAX_CACHED_PAGES)) { this.pages.delete(page); }
  }

  private setTotal(total: number): void {
    if (this.total === total) { return; }
    this.total = total;
    this.scroller.setAttribute('aria-rowcount', String(total + 1));
    this.spacer.style.height = `${spacerHeight(this.geometry())}px`;
    this.updateCount();
  }

  private updateCount(): void {
    const all = this.dataset?.nRows ?? 0;
    const filtered = this.filter.clusters !== null || this.filter.certaintyBelow !== null || Boolean(this.filter.disagreeWith);
    this.count.textContent = this.total === null ? 'Loading rows…'
      : filtered ? `${this.total.toLocaleString()} of ${all.toLocaleString()} rows` : `${all.toLocaleString()} rows`;
  }

  /** The dataset row at a position of the current order, if its page is here. */
  private rowAt(index: number): { page: Page; i: number } | undefined {
    const page = this.pages.get(Math.floor(index / PAGE_SIZE));
    const i = index - (page?.offset ?? 0);
    return page && i >= 0 && i < page.rows.length ? { page, i } : undefined;
  }

  // ---- drawing ----------------------------------------------------------------------------

  private geometry(): ScrollGeometry {
    return { total: this.total ?? 0, rowHeight: ROW_HEIGHT, viewport: this.viewport };
  }

  private measure(): void {
    this.viewport = Math.max(0, this.scroller.clientHeight - this.header.offsetHeight);
  }

  private scheduleRender(): void {
    if (this.frame || !this.visible) { return; }
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.render(); });
  }

  private currentTop(g: ScrollGeometry): number {
    const scrollTop = this.scroller.scrollTop;
    if (this.pinned && Math.abs(this.pinned.scrollTop - scrollTop) < 1) { return this.pinned.top; }
    this.pinned = undefined;
    return virtualTop(scrollTop, g);
  }

  private render(): void {
    if (!this.visible || !this.fit) { return; }
    if (this.viewport === 0) { this.measure(); }
    const g = this.geometry();
    const scrollTop = this.scroller.scrollTop;
    const win = rowWindow(scrollTop, this.currentTop(g), g);
    for (const page of pagesFor(win.first, win.last)) { this.requestPage(page); }
    // Ask for the next page a little before it scrolls into view.
    if (this.total !== null && win.last > 0) {
      this.requestPage(Math.floor(Math.min(this.total - 1, win.last + PAGE_SIZE / 4) / PAGE_SIZE));
      this.requestPage(Math.floor(Math.max(0, win.first - PAGE_SIZE / 4) / PAGE_SIZE));
    }
    const need = win.last - win.first;
    if (need > this.pool.length) { this.growPool(need); }
    const size = this.pool.length;
    const used = new Set<RowSlot>();
    let drewData = false;
    for (let index = win.first; index < win.last; index++) {
      const slot = this.pool[index % size];
      used.add(slot);
      const at = this.rowAt(index);
      drewData ||= at !== undefined;
      this.fillSlot(slot, index, at);
      const top = index * ROW_HEIGHT + win.shift;
      if (slot.top !== top) {
        slot.top = top;
        slot.element.style.transform = `translateY(${top}px)`;
      }
      if (slot.element.hidden) { slot.element.hidden = false; }
    }
    for (const slot of this.pool) {
      if (!used.has(slot) && !slot.element.hidden) { slot.element.hidden = true; slot.index = -1; slot.content = ''; }
    }
    const cursorSlot = this.cursor !== null && this.cursor >= win.first && this.cursor < win.last ? this.pool[this.cursor % size] : undefined;
    if (cursorSlot) { this.scroller.setAttribute('aria-activedescendant', cursorSlot.element.id); } else { this.scroller.removeAttribute('aria-activedescendant'); }
    if (drewData && !this.firstDrawn) {
      this.firstDrawn = true;
      performance.mark('cluster-lens-table-first-draw');
    }
  }

  private growPool(size: number): void {
    const old = this.pool;
    for (let s = old.length; s < size; s++) {
      const texts: Text[] = [];
      const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
      const cells = this.columns.map((column, c) => {
        const text = document.createTextNode('');
        texts.push(text);
        const cell = h('div', { class: `ptable-cell ${column.kind}`, role: 'gridcell', 'aria-colindex': c + 1 });
        if (column.kind === 'cluster') { cell.append(swatch); }
        cell.append(text);
        return cell;
      });
      const element = h('div', { class: 'ptable-row', role: 'row', id: `table-row-${s}`, hidden: true }, ...cells);
      this.spacer.append(element);
      old.push({ element, texts, swatch, index: -1, content: '', top: NaN, selected: false, cursor: false });
    }
    // Positions map to slots by index mod pool size: a new size reassigns every slot.
    for (const slot of old) { slot.index = -1; slot.content = ''; }
  }

  private fillSlot(slot: RowSlot, index: number, at: { page: Page; i: number } | undefined): void {
    const content = `${this.orderKey}#${index}#${at ? 1 : 0}`;
    const row = at ? at.page.rows[at.i] : -1;
    if (slot.content !== content) {
      slot.content = content;
      slot.index = index;
      slot.element.setAttribute('aria-rowindex', String(index + 2));
      slot.element.classList.toggle('odd', index % 2 === 1);
      slot.element.classList.toggle('loading', !at);
      if (at) {
        this.writeCells(slot, at.page, at.i);
        slot.element.dataset.row = String(row);
      } else {
        for (const text of slot.texts) { text.data = ''; }
        slot.swatch.hidden = true;
        delete slot.element.dataset.row;
      }
    }
    const selected = row >= 0 && this.selected.has(row);
    if (selected !== slot.selected) {
      slot.selected = selected;
      slot.element.classList.toggle('selected', selected);
      slot.element.setAttribute('aria-selected', String(selected));
    }
    const cursor = index === this.cursor;
    if (cursor !== slot.cursor) {
      slot.cursor = cursor;
      slot.element.classList.toggle('cursor', cursor);
    }
  }

  private writeCells(slot: RowSlot, page: Page, i: number): void {
    const k = page.nComponents;
    const cluster = page.clusters[i];
    const certainty = page.certainty[i];
    this.columns.forEach((column, c) => {
      let text: string;
      switch (column.kind) {
        case 'row': text = String(page.rows[i] + 1); break;
        case 'cluster': text = cluster < 0 ? '—' : String(cluster + 1); break;
        case 'certainty': text = Number.isNaN(certainty) ? '—' : formatPercent(certainty); break;
        case 'probability': {
          const p = column.index < k ? page.probabilities[i * k + column.index] : NaN;
          text = Number.isNaN(p) ? '—' : formatPercent(p);
          break;
        }
        default: {
          text = column.index < page.nColumns ? page.cells[i * page.nColumns + column.index] : '';
          // A cell the file left empty and the fit modelled: its conditional expectation, marked as such.
          const estimate = text === '' && column.index < page.nColumns ? page.imputedCells?.[i * page.nColumns + column.index] : undefined;
          if (estimate) { text = `≈ ${estimate}`; }
          markImputed(slot.texts[c].parentElement, estimate !== undefined && estimate !== '');
        }
      }
      if (slot.texts[c].data !== text) { slot.texts[c].data = text; }
    });
    slot.swatch.hidden = cluster < 0;
    if (cluster >= 0) { slot.swatch.style.background = clusterColour(cluster); }
    slot.element.classList.toggle('uncertain', !Number.isNaN(certainty) && certainty < 0.8);
  }

  private buildHeader(): void {
    this.header.replaceChildren(...this.columns.map((column, c) => {
      const button = h('button', { class: 'ptable-sort', type: 'button', title: `${column.title}. Click to sort.`, 'data-column': c },
        h('span', { class: 'ptable-label' }, column.label), h('span', { class: 'ptable-arrow codicon', 'aria-hidden': 'true' }));
      return h('div', { class: `ptable-cell ptable-th ${column.kind}`, role: 'columnheader', 'aria-colindex': c + 1, 'aria-sort': 'none' }, button);
    }));
    this.showSort();
  }

  private showSort(): void {
    const current = JSON.stringify(this.sort.key);
    [...this.header.children].forEach((cell, c) => {
      const active = JSON.stringify(this.columns[c]?.sortKey) === current;
      cell.setAttribute('aria-sort', active ? (this.sort.descending ? 'descending' : 'ascending') : 'none');
      const arrow = cell.querySelector('.ptable-arrow');
      arrow?.classList.toggle('codicon-arrow-up', active && !this.sort.descending);
      arrow?.classList.toggle('codicon-arrow-down', active && this.sort.descending);
    });
  }

  // ---- user actions -----------------------------------------------------------------------

  private onHeaderClick(event: MouseEvent): void {
    const button = (event.target as HTMLElement).closest<HTMLElement>('.ptable-sort');
    const column = button ? this.columns[Number(button.dataset.column)] : undefined;
    if (!column) { return; }
    const same = JSON.stringify(column.sortKey) === JSON.stringify(this.sort.key);
    this.sort = { key: column.sortKey, descending: same ? !this.sort.descending : false };
    this.showSort();
    this.resetOrder(true);
  }

  private readFilters(): void {
    const clusters = this.clusterFilter.value.map(Number).filter(c => Number.isInteger(c));
    const text = this.certaintyField.value.trim();
    const percent = text === '' ? NaN : Number(text);
    const valid = text === '' || (Number.isFinite(percent) && percent >= 0 && percent <= 100);
    this.certaintyField.toggleAttribute('invalid', !valid);
    const filter: TableFilter = {
      clusters: clusters.length > 0 ? clusters : null,
      certaintyBelow: valid && text !== '' ? percent / 100 : null,
      disagreeWith: this.filter.disagreeWith ?? null,
    };
    if (this.fit && tableOrderKey(this.fit.fitId, this.sort, filter) === this.orderKey) { return; }
    this.filter = filter;
    this.resetOrder(true);
    // Other views draw the certainty filter (the uncertainty curve).
    if (filter.certaintyBelow !== this.shared?.certaintyBelow) { this.context.dispatch({ type: 'setTableFilter', filter: { certaintyBelow: filter.certaintyBelow } }); }
  }

  /** Another view set a shared filter (or this view's own edit came back): show it, and filter by it. */
  private takeSharedFilter(shared: SharedTableFilter): void {
    this.shared = shared;
    const typed = this.certaintyField.value.trim();
    if ((typed === '' ? null : Number(typed) / 100) !== shared.certaintyBelow) {
      this.certaintyField.value = shared.certaintyBelow === null ? '' : String(Math.round(shared.certaintyBelow * 1000) / 10);
      this.certaintyField.toggleAttribute('invalid', false);
    }
    this.disagreeChip.hidden = !shared.disagreeWith;
    this.disagreeText.textContent = shared.disagreeWith ? `Rows not in their cluster's most frequent ${shared.disagreeWith}` : '';
    const filter: TableFilter = { ...this.filter, certaintyBelow: shared.certaintyBelow, disagreeWith: shared.disagreeWith };
    this.filter = filter;
    if (this.fit && tableOrderKey(this.fit.fitId, this.sort, filter) !== this.orderKey) { this.resetOrder(true); }
  }

  private goToRow(): void {
    const row = Number.parseInt(this.gotoField.value, 10);
    if (!Number.isInteger(row) || row < 1) {
      this.notice.textContent = 'Type a row number (1 = first data row).';
      return;
    }
    this.locate(row - 1, 'goto');
  }

  private onClick(event: MouseEvent): void {
    const rowElement = (event.target as HTMLElement).closest<HTMLElement>('.ptable-row');
    if (!rowElement || rowElement === this.header) { return; }
    const slot = this.pool.find(s => s.element === rowElement);
    if (!slot || slot.index < 0) { return; }
    const index = slot.index;
    const at = this.rowAt(index);
    if (!at) { return; }
    const row = at.page.rows[at.i];
    this.scroller.focus({ preventScroll: true });
    if (event.shiftKey && this.anchor !== null) {
      this.cursor = index;
      this.selectPositions(this.anchor, index, event.ctrlKey || event.metaKey ? this.selectedRows : []);
    } else if (event.ctrlKey || event.metaKey) {
      this.cursor = index;
      this.anchor = index;
      this.dispatchSelection(this.selected.has(row) ? this.selectedRows.filter(r => r !== row) : [...this.selectedRows, row]);
    } else {
      this.cursor = index;
      this.anchor = index;
      this.dispatchSelection([row]);
    }
    this.render();
  }

  private onKey(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      if (this.selectedRows.length > 0) { this.dispatchSelection([]); }
      return;
    }
    if (!NAVIGATION_KEYS.includes(event.key) || this.total === null) { return; }
    event.preventDefault();
    const next = moveCursor(this.cursor, event.key as NavigationKey, this.total, rowsPerViewport(this.geometry()));
    if (next === null) { return; }
    this.cursor = next;
    if (event.shiftKey) {
      this.anchor ??= next;
      this.selectPositions(this.anchor, next, []);
    } else {
      this.anchor = next;
      this.selectPositions(next, next, []);
    }
    this.reveal(next, 'nearest');
    this.render();
  }

  /** Selects positions anchor..focus (plus `base`), once their pages are here. */
  private selectPositions(anchor: number, focus: number, base: readonly number[]): void {
    const [from, to] = selectionRange(anchor, focus);
    this.waiting = { from, to, base, orderKey: this.orderKey };
    for (const page of pagesFor(from, to + 1)) { this.requestPage(page); }
    this.completeWaitingSelection();
  }

  private completeWaitingSelection(): void {
    const w = this.waiting;
    if (!w || w.orderKey !== this.orderKey) { return; }
    const rows: number[] = [...w.base];
    const seen = new Set(rows);
    for (let index = w.from; index <= w.to; index++) {
      const at = this.rowAt(index);
      if (!at) { return; }
      const row = at.page.rows[at.i];
      if (!seen.has(row)) { rows.push(row); seen.add(row); }
    }
    this.waiting = undefined;
    this.dispatchSelection(rows);
  }

  private dispatchSelection(rows: readonly number[]): void {
    this.dispatched = rows;
    this.context.dispatch({ type: 'select', rows });
  }

  /** A selection from the store: mark it; if it came from elsewhere, scroll to its first row. */
  private setSelection(rows: readonly number[]): void {
    this.selectedRows = rows;
    this.selected = new Set(rows);
    if (rows === this.dispatched || rows.length === 0 || !this.fit) { return; }
    for (const [, page] of this.pages) {
      const i = page.rows.indexOf(rows[0]);
      if (i >= 0) {
        this.cursor = this.anchor = page.offset + i;
        this.reveal(page.offset + i, 'center');
        return;
      }
    }
    this.locate(rows[0], 'reveal');
  }

  /** Scrolls so position `index` shows (unscaled offsets pinned, so a scaled scrollTop's rounding is undone). */
  private reveal(index: number, align: 'nearest' | 'center'): void {
    if (this.total === null) { return; }
    if (!this.visible) {
      this.revealWhenShown = { index, align };
      return;
    }
    if (this.viewport === 0) { this.measure(); }
    const g = this.geometry();
    const top = this.currentTop(g);
    const target = revealTop(index, top, g, align === 'center' && this.isShown(index, top) ? 'nearest' : align);
    if (target === top) { return; }
    this.scroller.scrollTop = scrollTopFor(target, g);
    this.pinned = { scrollTop: this.scroller.scrollTop, top: target };
    this.scheduleRender();
  }

  private isShown(index: number, top: number): boolean {
    const y = index * ROW_HEIGHT;
    return y >= top && y + ROW_HEIGHT <= top + this.viewport;
  }

  private inspect(): TableInspection {
    const rows = this.pool
      .filter(s => !s.element.hidden && s.index >= 0)
      .sort((a, b) => a.index - b.index)
      .map(s => ({
        index: s.index, row: s.element.dataset.row === undefined ? -1 : Number(s.element.dataset.row),
        cells: s.texts.map(t => t.data), selected: s.selected,
      }));
    return {
      fitId: this.fit?.fitId ?? null, orderKey: this.orderKey, total: this.total, scrollTop: this.scroller.scrollTop,
      spacerHeight: this.spacer.offsetHeight, domRows: this.spacer.querySelectorAll('.ptable-row').length, rows,
      cursor: this.cursor, selectedRows: this.selectedRows, requestsSent: this.requestsSent, message: this.notice.textContent ?? '',
    };
  }
}

const IMPUTED_TITLE = 'Missing in the file: its conditional expectation under the fitted mixture (what Export writes as imputed_<column>)';

/** Marks a cell as showing an estimate, not a value of the file (styled apart, explained on hover). */
function markImputed(cell: HTMLElement | null, imputed: boolean): void {
  if (!cell || cell.classList.contains('imputed') === imputed) { return; }
  cell.classList.toggle('imputed', imputed);
  if (imputed) { cell.title = IMPUTED_TITLE; } else { cell.removeAttribute('title'); }
}
