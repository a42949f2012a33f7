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
import { OneColumnChart } from './oneColumnChart';
import { PictureToggles } from './pictureToggles';
import { PredictPanel } from './predictPanel';
import { regionsAreExact } from './voronoiPlugin';
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
  private drawn: { fit: FitSnapshot; projection: unknown; showEllipses: boolean; pictures: string; sizeByUncertainty?: boolean } | undefined;
  // One fitted column: a histogram with the density curves instead of the strip of points.
  private readonly oneColumnCanvas = h('canvas', {
    id: 'one-column', role: 'img', 'aria-label': 'Histogram of the fitted column with each cluster\'s density curve and the mixture\'s, the rows as a rug coloured by cluster',
  });
  private readonly oneColumnPlot = h('div', { class: 'plot', hidden: true }, this.oneColumnCanvas);
  private readonly oneColumn = new OneColumnChart(this.oneColumnCanvas);
  private readonly toggles: PictureToggles;
  private readonly predict = new PredictPanel();
  private readonly regionsNote = h('p', { class: 'note', id: 'regions-note' });
  private readonly uncertaintyToggle: UncertaintyToggle;
  private selected: readonly number[] = [];
  private readonly scatterPlot: HTMLElement;

  constructor(context: ViewContext) {
    this.chart = new ScatterChart(this.canvas, {
      select: (rows, extend) => context.dispatch({ type: 'select', rows: extend ? [...new Set([...this.selected, ...rows])] : rows }),
    });
    this.picker = new ProjectionPicker({
      setProjection: projection => context.dispatch({ type: 'setProjection', projection }),
      setShowEllipses: show => context.dispatch({ type: 'setShowEllipses', show }),
    });
    this.toggles = new PictureToggles({
      setShowContours: show => context.dispatch({ type: 'setShowContours', show }),
      setShowRegions: show => context.dispatch({ type: 'setShowRegions', show }),
    });
    this.predict.attachHover(this.canvas);
    this.uncertaintyToggle = new UncertaintyToggle(on => context.dispatch({ type: 'setSizeByUncertainty', on }));
    const savePng = h('vscode-button', { id: 'save-scatter-png', secondary: true, title: 'Save the scatter plot as a PNG image' }, icon('file-media'), ' PNG');
    savePng.addEventListener('click', () => {
      const oneColumn = !this.oneColumnPlot.hidden;
      void canvasToPng(oneColumn ? this.oneColumnCanvas : this.canvas).then(png => context.post({ type: 'saveImage', name: oneColumn ? 'histogram' : 'scatter', png }));
    });
    const scatterPlot = h('div', { class: 'plot' }, this.canvas);
    this.scatterPlot = scatterPlot;
    this.element = h('section', { class: 'results' },
      h('div', { class: 'plot-column' }, h('div', { class: 'plot-toolbar' }, h('div', { class: 'projection-row' }, this.picker.element, this.toggles.element, this.uncertaintyToggle.element), savePng),
        scatterPlot, this.oneColumnPlot, this.predict.hoverReadout, this.note, this.regionsNote),
      h('aside', { class: 'side' }, this.summary.element, this.predict.element));
  }

  retheme(): void {
    this.drawn = undefined;
  }

  update(state: ViewState, visible: boolean): void {
    const { fit } = state;
    if (!fit || !visible) { return; }
    this.picker.update(fit, state.projection, state.showEllipses);
    this.toggles.update(fit, state.projection, state.showContours, state.showRegions);
    const d = this.drawn;
    this.uncertaintyToggle.update(fit, state.sizeByUncertainty);
    const pictures = `${state.showContours} ${state.showRegions}`;
    if (!d || d.fit !== fit || d.projection !== state.projection || d.showEllipses !== state.showEllipses || d.pictures !== pictures || d.sizeByUncertainty !== state.sizeByUncertainty) {
      const oneColumn = fit.columns.length === 1;
      const plane = projectFit(fit, state.projection);
      this.scatterPlot.hidden = oneColumn;
      // the plane's axes and ellipses mean nothing on a histogram
      this.picker.element.hidden = oneColumn;
      this.oneColumnPlot.hidden = !oneColumn;
      if (oneColumn) { this.chart.destroy(); this.oneColumn.draw(fit); } else {
        this.oneColumn.destroy();
        this.chart.draw(fit, plane, state.showEllipses, { contours: state.showContours, regions: state.showRegions }, state.sizeByUncertainty);
      }
      this.predict.setPlane(oneColumn ? undefined : plane);
      this.predict.update(fit, state.selectedRows);
      const regions = !oneColumn && fit.algorithm === 'kmeans' && state.showRegions && plane.axes !== undefined;
      this.regionsNote.textContent = !regions ? ''
        : regionsAreExact(fit, plane) ? 'Shaded: each centroid\'s cell, where k-means puts a new row (exact: these are the two fitted columns). Dashed: each cluster\'s radius, its farthest drawn row.'
        : `Shaded: the nearest-centroid cells on this plane alone (its cut: k-means measures all ${fit.columns.length} columns, so rows near a border may sit in another cluster). Dashed: each cluster's radius on this plane, its farthest drawn row.`;
      this.summary.update(fit);
      this.element.classList.toggle('many-clusters', fit.nComponents >= MANY_CLUSTERS);
      this.drawn = { fit, projection: state.projection, showEllipses: state.showEllipses, pictures, sizeByUncertainty: state.sizeByUncertainty };
      const drawnRows = fit.sample.labels.length;
      this.note.textContent = drawnRows < fit.nSamples
        ? `Showing ${drawnRows.toLocaleString()} of ${fit.nSamples.toLocaleString()} rows (a sample stratified by cluster); ellipses and statistics use all rows.`
        : '';
    }
    if (this.selected !== state.selectedRows) {
      this.selected = state.selectedRows;
      this.predict.update(fit, state.selectedRows);
      this.chart.showSelection(state.selectedRows);
    }
  }
}
