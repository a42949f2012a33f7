/** The scatter tab: plane picker, the plot with ellipses, and the clusters table beside it. */
import type { FitSnapshot } from '../src/shared/protocol';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { canvasToPng } from './canvasImage';
import { h, icon } from './dom';
import type { PanelView, ViewContext } from './panelView';
import { projectFit } from './plane';
import { ProjectionPicker } from './projectionPicker';
import { ScatterChart } from './scatterChart';
import type { ViewState } from './store';
import { SummaryTable } from './summaryTable';
import { UncertaintyToggle } from './uncertaintyToggle';

/** From this many clusters the clusters table is too wide to sit beside the plot: it goes under it. */
const MANY_CLUSTERS = 5;

export class ScatterView implements PanelView {
  readonly id = 'scatter';
  readonly label = 'Scatter';
  readonly element: HTMLElement;
  readonly chart: ScatterChart;
  private readonly canvas = h('canvas', {
    id: 'scatter', role: 'img',
    'aria-label': 'Scatter plot of the rows coloured by cluster. Wheel or + and − zoom, drag or arrow keys pan, double-click or 0 resets; click a point to select its row.',
  });
  private readonly note = h('p', { class: 'note', id: 'sample-note' });
  private readonly summary = new SummaryTable();
  private readonly picker: ProjectionPicker;
  private drawn: { fit: FitSnapshot; projection: unknown; showEllipses: boolean; sizeByUncertainty?: boolean } | undefined;
  private readonly uncertaintyToggle: UncertaintyToggle;
  private selected: readonly number[] = [];

  constructor(context: ViewContext) {
    this.chart = new ScatterChart(this.canvas, {
      select: (rows, extend) => context.dispatch({ type: 'select', rows: extend ? [...new Set([...this.selected, ...rows])] : rows }),
    });
    this.picker = new ProjectionPicker({
      setProjection: projection => context.dispatch({ type: 'setProjection', projection }),
      setShowEllipses: show => context.dispatch({ type: 'setShowEllipses', show }),
    });
    this.uncertaintyToggle = new UncertaintyToggle(on => context.dispatch({ type: 'setSizeByUncertainty', on }));
    const savePng = h('vscode-button', { id: 'save-scatter-png', secondary: true, title: 'Save the scatter plot as a PNG image' }, icon('file-media'), ' PNG');
    savePng.addEventListener('click', () => void canvasToPng(this.canvas).then(png => context.post({ type: 'saveImage', name: 'scatter', png })));
    this.element = h('section', { class: 'results' },
      h('div', { class: 'plot-column' }, h('div', { class: 'plot-toolbar' }, this.picker.element, this.uncertaintyToggle.element, savePng), h('div', { class: 'plot' }, this.canvas), this.note),
      h('aside', { class: 'side' }, this.summary.element));
  }

  retheme(): void {
    this.drawn = undefined;
  }

  update(state: ViewState, visible: boolean): void {
    const { fit } = state;
    if (!fit || !visible) { return; }
    this.picker.update(fit, state.projection, state.showEllipses);
    const d = this.drawn;
    this.uncertaintyToggle.update(fit, state.sizeByUncertainty);
    if (!d || d.fit !== fit || d.projection !== state.projection || d.showEllipses !== state.showEllipses || d.sizeByUncertainty !== state.sizeByUncertainty) {
      this.chart.draw(fit, projectFit(fit, state.projection), state.showEllipses, state.sizeByUncertainty);
      this.summary.update(fit);
      this.element.classList.toggle('many-clusters', fit.nComponents >= MANY_CLUSTERS);
      this.drawn = { fit, projection: state.projection, showEllipses: state.showEllipses, sizeByUncertainty: state.sizeByUncertainty };
      const drawnRows = fit.sample.labels.length;
      this.note.textContent = drawnRows < fit.nSamples
        ? `Showing ${drawnRows.toLocaleString()} of ${fit.nSamples.toLocaleString()} rows (a sample stratified by cluster); ellipses and statistics use all rows.`
        : '';
    }
    if (this.selected !== state.selectedRows) {
      this.selected = state.selectedRows;
      this.chart.showSelection(state.selectedRows);
    }
  }
}
