/**
 * The probability table's row elements: a small pool recycled as the table scrolls (position i
 * is drawn by slot i mod pool size), each rewritten only when what it shows changes.
 */
import { h } from './dom';
import { clusterColour } from './palette';
import { cellText, type TableColumn } from './tableColumns';
import type { Page, TablePageCache } from './tablePageCache';
import { ROW_HEIGHT } from './tableWindow';

/** One recycled row element and what it shows now. */
export interface RowSlot {
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

const IMPUTED_TITLE = 'Missing in the file: its conditional expectation under the fitted mixture (what Export writes as imputed_<column>)';

export class TableRowPool {
  slots: RowSlot[] = [];

  constructor(private readonly spacer: HTMLElement) {}

  /** New columns: every row element goes. */
  clear(): void {
    for (const slot of this.slots) { slot.element.remove(); }
    this.slots = [];
  }

  /** Rows must be written again (the colour theme changed). */
  invalidate(): void {
    for (const slot of this.slots) { slot.content = ''; }
  }

  private grow(size: number, columns: readonly TableColumn[]): void {
    const old = this.slots;
    for (let s = old.length; s < size; s++) {
      const texts: Text[] = [];
      const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
      const cells = columns.map((column, c) => {
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

  /**
   * Draws positions first..last−1 of the current order (`shift` px down), each in slot index mod
   * pool size (the pool grows to fit), and hides the other slots. Says whether any row had its
   * page here yet, and which element shows the cursor, if one does.
   */
  draw(
    win: { first: number; last: number; shift: number }, columns: readonly TableColumn[], pages: TablePageCache,
    selectedRows: ReadonlySet<number>, cursor: number | null,
  ): { drewData: boolean; cursorElement: HTMLElement | undefined } {
    const need = win.last - win.first;
    if (need > this.slots.length) { this.grow(need, columns); }
    const slots = this.slots;
    const size = slots.length;
    const used = new Set<RowSlot>();
    let drewData = false;
    for (let index = win.first; index < win.last; index++) {
      const slot = slots[index % size];
      used.add(slot);
      const at = pages.rowAt(index);
      drewData ||= at !== undefined;
      this.fill(slot, columns, pages.orderKey, index, at, selectedRows, index === cursor);
      const top = index * ROW_HEIGHT + win.shift;
      if (slot.top !== top) {
        slot.top = top;
        slot.element.style.transform = `translateY(${top}px)`;
      }
      if (slot.element.hidden) { slot.element.hidden = false; }
    }
    for (const slot of slots) {
      if (!used.has(slot) && !slot.element.hidden) { slot.element.hidden = true; slot.index = -1; slot.content = ''; }
    }
    const cursorSlot = cursor !== null && cursor >= win.first && cursor < win.last ? slots[cursor % size] : undefined;
    return { drewData, cursorElement: cursorSlot?.element };
  }

  /** Shows position `index` of the order `orderKey` in a slot: its row once its page is here, a blank loading row before. */
  private fill(slot: RowSlot, columns: readonly TableColumn[], orderKey: string, index: number, at: { page: Page; i: number } | undefined, selectedRows: ReadonlySet<number>, cursor: boolean): void {
    const content = `${orderKey}#${index}#${at ? 1 : 0}`;
    const row = at ? at.page.rows[at.i] : -1;
    if (slot.content !== content) {
      slot.content = content;
      slot.index = index;
      slot.element.setAttribute('aria-rowindex', String(index + 2));
      slot.element.classList.toggle('odd', index % 2 === 1);
      slot.element.classList.toggle('loading', !at);
      if (at) {
        writeCells(slot, columns, at.page, at.i);
        slot.element.dataset.row = String(row);
      } else {
        for (const text of slot.texts) { text.data = ''; }
        slot.swatch.hidden = true;
        delete slot.element.dataset.row;
      }
    }
    const selected = row >= 0 && selectedRows.has(row);
    if (selected !== slot.selected) {
      slot.selected = selected;
      slot.element.classList.toggle('selected', selected);
      slot.element.setAttribute('aria-selected', String(selected));
    }
    if (cursor !== slot.cursor) {
      slot.cursor = cursor;
      slot.element.classList.toggle('cursor', cursor);
    }
  }

  /** Rows drawn now, top to bottom: position, dataset row (−1 while its page loads) and cell texts. */
  shownRows(): { index: number; row: number; cells: string[]; selected: boolean }[] {
    return this.slots
      .filter(s => !s.element.hidden && s.index >= 0)
      .sort((a, b) => a.index - b.index)
      .map(s => ({
        index: s.index, row: s.element.dataset.row === undefined ? -1 : Number(s.element.dataset.row),
        cells: s.texts.map(t => t.data), selected: s.selected,
      }));
  }
}

function writeCells(slot: RowSlot, columns: readonly TableColumn[], page: Page, i: number): void {
  const cluster = page.clusters[i];
  const certainty = page.certainty[i];
  columns.forEach((column, c) => {
    const { text, estimate } = cellText(column, page, i);
    // A cell the file left empty and the fit modelled: its conditional expectation, marked as such.
    if (column.kind === 'numeric' || column.kind === 'text') { markImputed(slot.texts[c].parentElement, estimate !== undefined && estimate !== ''); }
    if (slot.texts[c].data !== text) { slot.texts[c].data = text; }
  });
  slot.swatch.hidden = cluster < 0;
  if (cluster >= 0) { slot.swatch.style.background = clusterColour(cluster); }
  slot.element.classList.toggle('uncertain', !Number.isNaN(certainty) && certainty < 0.8);
}

/** Marks a cell as showing an estimate, not a value of the file (styled apart, explained on hover). */
function markImputed(cell: HTMLElement | null, imputed: boolean): void {
  if (!cell || cell.classList.contains('imputed') === imputed) { return; }
  cell.classList.toggle('imputed', imputed);
  if (imputed) { cell.title = IMPUTED_TITLE; } else { cell.removeAttribute('title'); }
}
