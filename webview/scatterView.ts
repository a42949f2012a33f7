/** The scatter tab: plane picker, the plot with ellipses, and the clusters table beside it. */
import type { FitSnapshot } from '../src/shared/protocol';
import { h } from './dom';
import type { PanelView, ViewContext } from './panelView';
import { projectFit } from './plane';
import { ProjectionPicker } from './projectionPicker';
import { ScatterChart } from './scatterChart';
import type { ViewState } from './store';
import { SummaryTable } from './summaryTable';

export class ScatterView implements PanelView {
  readonly id = 'scatter';
  readonly label = 'Scatter';
  readonly element: HTMLElement;
  readonly chart: ScatterChart;
  private readonly canvas = h('canvas', { id: 'scatter', role: 'img', 'aria-label': 'Scatter plot of the rows coloured by cluster' });
  private readonly note = h('p', { class: 'note', id: 'sample-note' });
  private readonly summary = new SummaryTable();
  private readonly picker: ProjectionPicker;
  private drawn: { fit: FitSnapshot; projection: unknown; showEllipses: boolean } | undefined;

  constructor(context: ViewContext) {
    this.chart = new ScatterChart(this.canvas);
    this.picker = new ProjectionPicker({
      setProjection: projection => context.dispatch({ type: 'setProjection', projection }),
      setShowEllipses: show => context.dispatch({ type: 'setShowEllipses', show }),
    });
    this.element = h('section', { class: 'results' },
      h('div', { class: 'plot-column' }, this.picker.element, h('div', { class: 'plot' }, this.canvas), this.note),
      h('aside', { class: 'side' }, this.summary.element));
  }

  update(state: ViewState, visible: boolean): void {
    const { fit } = state;
    if (!fit || !visible) { return; }
    this.picker.update(fit, state.projection, state.showEllipses);
    const d = this.drawn;
    if (!d || d.fit !== fit || d.projection !== state.projection || d.showEllipses !== state.showEllipses) {
      this.chart.draw(fit, projectFit(fit, state.projection), state.showEllipses);
      this.summary.update(fit);
      this.drawn = { fit, projection: state.projection, showEllipses: state.showEllipses };
      const drawnRows = fit.sample.labels.length;
      this.note.textContent = drawnRows < fit.nSamples
        ? `Showing ${drawnRows.toLocaleString()} of ${fit.nSamples.toLocaleString()} rows (a sample stratified by cluster); ellipses and statistics use all rows.`
        : '';
    }
  }
}
