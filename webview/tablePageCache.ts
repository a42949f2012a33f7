/**
 * The probability table's pages of the current order (fit, sort, filter): which the host was asked
 * for, which arrived, and where a row was asked to be found. The host holds the rows; this keeps at
 * most MAX_CACHED_PAGES pages (the nearest to the last one loaded) and drops replies for an order
 * the user has left.
 */
import type { HostMessage, WebviewMessage } from '../src/shared/protocol';
import { type DidProvideRowsMessage, MAX_TABLE_PAGE, type TableFilter, type TableSort, tableOrderKey } from '../src/shared/tableProtocol';
import { PAGE_SIZE } from './tableWindow';

export type Page = Omit<DidProvideRowsMessage, 'type' | 'requestId' | 'fitId'>;

/** The order the table shows now; undefined before a fit. */
export interface TableOrder { fitId: number; sort: TableSort; filter: TableFilter }

export type LocatePurpose = 'goto' | 'reveal';

type Pending =
  | { kind: 'page'; orderKey: string; page: number }
  | { kind: 'locate'; orderKey: string; purpose: LocatePurpose };

/** What a reply brought: a page of the current order, or where a row stands in it. */
export type TableReply =
  | { kind: 'page'; total: number }
  | { kind: 'locate'; purpose: LocatePurpose; row: number; index: number | null; total: number };

/** Pages kept per order (200 rows each): enough to scroll back without asking again, bounded. */
const MAX_CACHED_PAGES = 300;

export class TablePageCache {
  orderKey = '';
  /** Rows in the current order; null until the host says. */
  total: number | null = null;
  requestsSent = 0;
  private readonly pages = new Map<number, Page>();
  private readonly inflight = new Set<number>();
  private readonly pending = new Map<number, Pending>();
  private nextRequestId = 1;

  /** `order` is read at every request, so a request carries the sort and filter the table has then. */
  constructor(private readonly order: () => TableOrder | undefined, private readonly post: (message: WebviewMessage) => void) {}

  /** A new order: forget its pages (replies for the old one are dropped when they come). */
  reset(order: TableOrder): void {
    this.orderKey = tableOrderKey(order.fitId, order.sort, order.filter);
    this.pages.clear();
    this.inflight.clear();
    this.total = null;
  }

  requestPage(page: number): void {
    const order = this.order();
    if (!order || this.pages.has(page) || this.inflight.has(page)) { return; }
    if (this.total !== null && page * PAGE_SIZE >= this.total) { return; }
    const requestId = this.nextRequestId++;
    this.inflight.add(page);
    this.pending.set(requestId, { kind: 'page', orderKey: this.orderKey, page });
    this.requestsSent++;
    this.post({
      type: 'requestRows', requestId, fitId: order.fitId, offset: page * PAGE_SIZE, limit: Math.min(PAGE_SIZE, MAX_TABLE_PAGE),
      sort: order.sort, filter: order.filter,
    });
  }

  /** Asks where dataset row `row` stands in the current order. */
  locate(row: number, purpose: LocatePurpose): void {
    const order = this.order();
    if (!order) { return; }
    const requestId = this.nextRequestId++;
    this.pending.set(requestId, { kind: 'locate', orderKey: this.orderKey, purpose });
    this.requestsSent++;
    this.post({ type: 'locateRow', requestId, fitId: order.fitId, row, sort: order.sort, filter: order.filter });
  }

  /** Takes a reply of the host; undefined when it is stale (another fit, an order left) or not the table's. */
  take(message: HostMessage): TableReply | undefined {
    if (message.type !== 'didProvideRows' && message.type !== 'didLocateRow') { return undefined; }
    const pending = this.pending.get(message.requestId);
    this.pending.delete(message.requestId);
    const order = this.order();
    if (!pending || !order || message.fitId !== order.fitId || pending.orderKey !== this.orderKey) { return undefined; }
    if (message.type === 'didProvideRows' && pending.kind === 'page') {
      this.inflight.delete(pending.page);
      this.pages.set(pending.page, message);
      this.evictPages(pending.page);
      return { kind: 'page', total: message.total };
    }
    if (message.type === 'didLocateRow' && pending.kind === 'locate') {
      return { kind: 'locate', purpose: pending.purpose, row: message.row, index: message.index, total: message.total };
    }
    return undefined;
  }

  /** The dataset row at a position of the current order, if its page is here. */
  rowAt(index: number): { page: Page; i: number } | undefined {
    const page = this.pages.get(Math.floor(index / PAGE_SIZE));
    const i = index - (page?.offset ?? 0);
    return page && i >= 0 && i < page.rows.length ? { page, i } : undefined;
  }

  /** Where dataset row `row` stands, if a page here holds it. */
  indexOfRow(row: number): number | undefined {
    for (const [, page] of this.pages) {
      const i = page.rows.indexOf(row);
      if (i >= 0) { return page.offset + i; }
    }
    return undefined;
  }

  /** Keeps the pages nearest the one just loaded. */
  private evictPages(near: number): void {
    if (this.pages.size <= MAX_CACHED_PAGES) { return; }
    const far = [...this.pages.keys()].sort((a, b) => Math.abs(b - near) - Math.abs(a - near));
    for (const page of far.slice(0, this.pages.size - MAX_CACHED_PAGES)) { this.pages.delete(page); }
  }
}
