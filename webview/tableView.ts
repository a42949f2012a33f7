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
import type { DatasetSummary, FitSnapshot, HostMessage } from '../src/shared/protocol';
import { type TableFilter, type TableSort, tableOrderKey } from '../src/shared/tableProtocol';
import { h } from './dom';
import type { PanelView, ViewContext } from './panelView';
import type { SharedTableFilter, ViewState } from './store';
import { buildHeader, layOutColumns, showSort, type TableColumn, tableColumns } from './tableColumns';
import { TablePageCache } from './tablePageCache';
import { TableRowPool } from './tableRowPool';
import { TableToolbar } from './tableToolbar';
import { whyNoOrdering } from './streamedOrdering';
import {
  moveCursor, NAVIGATION_KEYS, type NavigationKey, PAGE_SIZE, pagesFor, revealTop, ROW_HEIGHT, rowsPerViewport,
  rowWindow, type ScrollGeometry, scrollTopFor, selectionRange, spacerHeight, virtualTop,
} from './tableWindow';

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
  /** The filters shared with other views (store.tableFilter), as last taken. */
  private shared: SharedTableFilter | undefined;

  private fit: FitSnapshot | undefined;
  private dataset: DatasetSummary | undefined;
  private columns: TableColumn[] = [];
  private sort: TableSort = { key: 'row', descending: false };
  private filter: TableFilter = EMPTY_FILTER;
  /** Pages of the current order: a request carries the sort and filter the table has when it is sent. */
  private readonly pages = new TablePageCache(
    () => (this.fit ? { fitId: this.fit.fitId, sort: this.sort, filter: this.filter } : undefined), message => this.context.post(message));
  private readonly pool = new TableRowPool(this.spacer);
  private readonly toolbar = new TableToolbar({
    filter: () => this.readFilters(),
    goTo: row => this.goToRow(row),
    clearDisagree: () => this.context.dispatch({ type: 'setTableFilter', filter: { disagreeWith: null } }),
  });
  private readonly notice = this.toolbar.notice;
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
    this.element = h('section', { class: 'ptable' }, this.toolbar.element, this.scroller);

    this.scroller.addEventListener('scroll', () => this.render());
    this.scroller.addEventListener('keydown', event => this.onKey(event));
    this.scroller.addEventListener('click', event => this.onClick(event));
    this.header.addEventListener('click', event => this.onHeaderClick(event));
    new ResizeObserver(() => { this.measure(); this.render(); }).observe(this.scroller);

    // Read-only view of what the table shows, for the webview tests and the benchmark.
    Object.defineProperty(window, 'clusterLensTable', { configurable: true, value: () => this.inspect() });
  }

  /** The colour theme changed: rows are written again, with the new cluster colours. */
  retheme(): void {
    this.pool.invalidate();
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
    const reply = this.pages.take(message);
    if (reply?.kind === 'page' && message.type === 'didProvideRows' && message.unordered !== undefined) {
      this.showInFileOrder(message.unordered);
      return;
    }
    if (reply?.kind === 'page') {
      this.setTotal(reply.total);
      this.completeWaitingSelection();
      this.scheduleRender();
    } else if (reply?.kind === 'locate') {
      this.setTotal(reply.total);
      if (reply.index === null) {
        this.notice.textContent = reply.row >= (this.dataset?.nRows ?? 0)
          ? `There is no row ${(reply.row + 1).toLocaleString()}.`
          : `Row ${(reply.row + 1).toLocaleString()} is hidden by the filter.`;
        return;
      }
      this.notice.textContent = '';
      this.cursor = reply.index;
      this.anchor = reply.index;
      this.reveal(reply.index, 'center');
      if (reply.purpose === 'goto') { this.dispatchSelection([reply.row]); }
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
    this.columns = tableColumns(fit, dataset);
    layOutColumns(this.scroller, this.columns);
    // A clusters filter or probability sort beyond the new k would not mean anything.
    const sortsByGoneCluster = typeof this.sort.key === 'object' && 'probability' in this.sort.key && this.sort.key.probability >= k;
    const sortsByGoneColumn = typeof this.sort.key === 'object' && 'column' in this.sort.key
      && !dataset.columns.some(c => typeof this.sort.key === 'object' && 'column' in this.sort.key && c.name === this.sort.key.column);
    if (sortsByGoneCluster || sortsByGoneColumn) { this.sort = { key: 'row', descending: false }; }
    this.filter = { ...this.filter, clusters: this.filter.clusters?.filter(c => c < k) ?? null };
    if (this.filter.clusters?.length === 0) { this.filter = { ...this.filter, clusters: null }; }
    this.toolbar.setClusters(k, this.filter.clusters);
    buildHeader(this.header, this.columns, this.sort);
    this.disableOrdering(whyNoOrdering(dataset));
    this.pool.clear();
    this.firstDrawn = false;
    this.resetOrder(true);
  }

  /**
   * A file too large to hold whose order could not be built (the user cancelled the streaming pass,
   * or it failed): the table goes back to file order, unfiltered, and says why.
   */
  private showInFileOrder(why: string): void {
    this.sort = { key: 'row', descending: false };
    this.filter = { clusters: null, certaintyBelow: null, disagreeWith: null };
    showSort(this.header, this.columns, this.sort);
    this.toolbar.setClusters(this.fit?.nComponents ?? 0, null);
    this.toolbar.showShared({ certaintyBelow: null, disagreeWith: null });
    if (this.shared?.certaintyBelow !== null || this.shared?.disagreeWith) { this.context.dispatch({ type: 'setTableFilter', filter: { certaintyBelow: null, disagreeWith: null } }); }
    this.resetOrder(true);
    this.notice.textContent = why;
  }

  /** Past the memory bound of a sampled file's orders: every sort button but the row number's, and the filters, disabled with `why`. */
  private disableOrdering(why: string | undefined): void {
    this.header.querySelectorAll<HTMLButtonElement>('.ptable-sort').forEach(button => {
      const column = this.columns[Number(button.dataset.column)];
      if (!why || column?.sortKey === 'row') { return; }
      button.disabled = true;
      button.title = why;
    });
    this.toolbar.disableFilters(why);
  }

  /** A new order (fit, sort or filter): forget its pages, ask again, back to the top. */
  private resetOrder(toTop: boolean): void {
    if (!this.fit) { return; }
    this.pages.reset({ fitId: this.fit.fitId, sort: this.sort, filter: this.filter });
    this.waiting = undefined;
    this.cursor = null;
    this.anchor = null;
    this.notice.textContent = '';
    this.updateCount();
    if (toTop) {
      this.pinned = undefined;
      this.scroller.scrollTop = 0;
    }
    this.pages.requestPage(0);
    // Where the selected row is now (the selection outlives sorting and filtering).
    if (this.selectedRows.length > 0) { this.pages.locate(this.selectedRows[0], 'reveal'); }
    this.scheduleRender();
  }

  private setTotal(total: number): void {
    if (this.pages.total === total) { return; }
    this.pages.total = total;
    this.scroller.setAttribute('aria-rowcount', String(total + 1));
    this.spacer.style.height = `${spacerHeight(this.geometry())}px`;
    this.updateCount();
  }

  private updateCount(): void {
    const all = this.dataset?.nRows ?? 0;
    const filtered = this.filter.clusters !== null || this.filter.certaintyBelow !== null || Boolean(this.filter.disagreeWith);
    this.toolbar.showCount(this.pages.total, all, filtered);
  }

  // ---- drawing ----------------------------------------------------------------------------

  private geometry(): ScrollGeometry {
    return { total: this.pages.total ?? 0, rowHeight: ROW_HEIGHT, viewport: this.viewport };
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
    for (const page of pagesFor(win.first, win.last)) { this.pages.requestPage(page); }
    // Ask for the next page a little before it scrolls into view.
    const total = this.pages.total;
    if (total !== null && win.last > 0) {
      this.pages.requestPage(Math.floor(Math.min(total - 1, win.last + PAGE_SIZE / 4) / PAGE_SIZE));
      this.pages.requestPage(Math.floor(Math.max(0, win.first - PAGE_SIZE / 4) / PAGE_SIZE));
    }
    const { drewData, cursorElement } = this.pool.draw(win, this.columns, this.pages, this.selected, this.cursor);
    if (cursorElement) { this.scroller.setAttribute('aria-activedescendant', cursorElement.id); } else { this.scroller.removeAttribute('aria-activedescendant'); }
    if (drewData && !this.firstDrawn) {
      this.firstDrawn = true;
      performance.mark('cluster-lens-table-first-draw');
    }
  }

  // ---- user actions -----------------------------------------------------------------------

  private onHeaderClick(event: MouseEvent): void {
    const button = (event.target as HTMLElement).closest<HTMLElement>('.ptable-sort');
    const column = button ? this.columns[Number(button.dataset.column)] : undefined;
    if (!column) { return; }
    const same = JSON.stringify(column.sortKey) === JSON.stringify(this.sort.key);
    this.sort = { key: column.sortKey, descending: same ? !this.sort.descending : false };
    showSort(this.header, this.columns, this.sort);
    this.resetOrder(true);
  }

  private readFilters(): void {
    const filter: TableFilter = { ...this.toolbar.readFilter(), disagreeWith: this.filter.disagreeWith ?? null };
    if (this.fit && tableOrderKey(this.fit.fitId, this.sort, filter) === this.pages.orderKey) { return; }
    this.filter = filter;
    this.resetOrder(true);
    // Other views draw the certainty filter (the uncertainty curve).
    if (filter.certaintyBelow !== this.shared?.certaintyBelow) { this.context.dispatch({ type: 'setTableFilter', filter: { certaintyBelow: filter.certaintyBelow } }); }
  }

  /** Another view set a shared filter (or this view's own edit came back): show it, and filter by it. */
  private takeSharedFilter(shared: SharedTableFilter): void {
    this.shared = shared;
    this.toolbar.showShared(shared);
    const filter: TableFilter = { ...this.filter, certaintyBelow: shared.certaintyBelow, disagreeWith: shared.disagreeWith };
    this.filter = filter;
    if (this.fit && tableOrderKey(this.fit.fitId, this.sort, filter) !== this.pages.orderKey) { this.resetOrder(true); }
  }

  private goToRow(row: number | undefined): void {
    if (row === undefined) {
      this.notice.textContent = 'Type a row number (1 = first data row).';
      return;
    }
    this.pages.locate(row - 1, 'goto');
  }

  private onClick(event: MouseEvent): void {
    const rowElement = (event.target as HTMLElement).closest<HTMLElement>('.ptable-row');
    if (!rowElement || rowElement === this.header) { return; }
    const slot = this.pool.slots.find(s => s.element === rowElement);
    if (!slot || slot.index < 0) { return; }
    const index = slot.index;
    const at = this.pages.rowAt(index);
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
    const total = this.pages.total;
    if (!NAVIGATION_KEYS.includes(event.key) || total === null) { return; }
    event.preventDefault();
    const next = moveCursor(this.cursor, event.key as NavigationKey, total, rowsPerViewport(this.geometry()));
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
    this.waiting = { from, to, base, orderKey: this.pages.orderKey };
    for (const page of pagesFor(from, to + 1)) { this.pages.requestPage(page); }
    this.completeWaitingSelection();
  }

  private completeWaitingSelection(): void {
    const w = this.waiting;
    if (!w || w.orderKey !== this.pages.orderKey) { return; }
    const rows: number[] = [...w.base];
    const seen = new Set(rows);
    for (let index = w.from; index <= w.to; index++) {
      const at = this.pages.rowAt(index);
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
    const index = this.pages.indexOfRow(rows[0]);
    if (index !== undefined) {
      this.cursor = this.anchor = index;
      this.reveal(index, 'center');
      return;
    }
    this.pages.locate(rows[0], 'reveal');
  }

  /** Scrolls so position `index` shows (unscaled offsets pinned, so a scaled scrollTop's rounding is undone). */
  private reveal(index: number, align: 'nearest' | 'center'): void {
    if (this.pages.total === null) { return; }
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
    return {
      fitId: this.fit?.fitId ?? null, orderKey: this.pages.orderKey, total: this.pages.total, scrollTop: this.scroller.scrollTop,
      spacerHeight: this.spacer.offsetHeight, domRows: this.spacer.querySelectorAll('.ptable-row').length, rows: this.pool.shownRows(),
      cursor: this.cursor, selectedRows: this.selectedRows, requestsSent: this.pages.requestsSent, message: this.notice.textContent ?? '',
    };
  }
}
