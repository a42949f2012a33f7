/**
 * One tab of the panel (scatter, convergence, table, profiles, compare k). Views are independent:
 * each gets the shared state after every change and the host messages addressed to it, and keeps
 * its own UI state (sort order, scroll position, zoom) to itself.
 */
import type { HostMessage, WebviewMessage } from '../src/shared/protocol';
import type { ViewEvent, ViewState } from './store';

export interface ViewContext {
  /** Sends a request to the extension host. */
  post(message: WebviewMessage): void;
  /** Changes the shared state (e.g. the rows selected, which every view shows). */
  dispatch(event: ViewEvent): void;
}

export interface PanelView {
  readonly id: string;
  readonly label: string;
  readonly element: HTMLElement;
  /** Called after every change of the shared state; `visible` says whether its tab is showing. */
  update(state: ViewState, visible: boolean): void;
  /** Host messages that concern only this view (e.g. pages of table rows). */
  receive?(message: HostMessage): void;
  /** The colour theme changed: canvas charts must be drawn again with the new colours. */
  retheme?(): void;
}
