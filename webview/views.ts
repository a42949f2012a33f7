/** The panel's tabs, in order. */
import type { PanelView, ViewContext } from './panelView';
import { ScatterView } from './scatterView';

export function createViews(context: ViewContext): PanelView[] {
  return [
    new ScatterView(context),
  ];
}
