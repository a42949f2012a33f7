/**
 * The fit controls (columns, algorithm, k, covariance type, standardise, restarts, seed) and the
 * Fit / Cancel buttons, built from @vscode-elements so they look and behave like VS Code's own.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-multi-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.js';
import type { VscodeMultiSelect } from '@vscode-elements/elements/dist/vscode-multi-select/vscode-multi-select.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import type { Algorithm, AlgorithmDefaults, DatasetSummary, FitOptions } from '../src/shared/protocol';
import { h, icon } from './dom';
import { chosenModel, MULTIVARIATE_MODELS, pickerEntries, withModel } from './mixtureModels';

/** scikit-learn's defaults, for a host that did not send the user's settings. */
const FALLBACK_DEFAULTS: AlgorithmDefaults = {
  gmm: { nInit: 1, maxIter: 100, tol: 1e-3 },
  kmeans: { nInit: 10, maxIter: 300, tol: 1e-4 },
};

/** The fields that belong to one algorithm, as the user typed them. */
interface AlgorithmFields { nInit: string; maxIter: string; tol: string }

export interface ControlsCallbacks {
  fit(options: FitOptions): void;
  cancel(): void;
  export(what: 'labelled' | 'model'): void;
}

function field(id: string, label: string, control: HTMLElement): HTMLElement {
  control.id = id;
  return h('div', { class: 'field' }, h('vscode-label', { for: id }, label), control);
}

function option(value: string, label: string, selected: boolean, note?: string): HTMLElement {
  return h('vscode-option', { value, selected, title: note, description: note }, label);
}

/** At most this many left-out columns are named in the note under the picker (each option has its own tooltip). */
const NAMED_LEFT_OUT = 6;

export class Controls {
  readonly element: HTMLElement;
  private readonly columns = h('vscode-multi-select', { 'aria-label': 'Columns to cluster', 'aria-describedby': 'columns-note' }) as VscodeMultiSelect;
  /** Which numeric columns were not preselected, and why. */
  private readonly columnsNote = h('div', { class: 'note columns-note', id: 'columns-note' });
  private readonly algorithm = h('vscode-single-select') as VscodeSingleSelect;
  private readonly k = h('vscode-textfield', { type: 'number', min: 1, max: 100, size: 4 }) as VscodeTextfield;
  /** mclust's 14 models (scikit-learn's four named beside theirs): webview/mixtureModels.ts */
  private readonly covariance = h('vscode-single-select', { title: 'Covariance model Σₖ = λₖ Dₖ Aₖ Dₖᵀ: volume λ, shape A, orientation D Equal, Variable or the Identity (mclust\'s names)' }) as VscodeSingleSelect;
  private readonly standardize = h('vscode-checkbox', { label: 'Standardise' }) as VscodeCheckbox;
  private readonly nInit = h('vscode-textfield', { type: 'number', min: 1, max: 1000, size: 4 }) as VscodeTextfield;
  private readonly seed = h('vscode-textfield', { type: 'number', min: 0, size: 6 }) as VscodeTextfield;
  private readonly maxIter = h('vscode-textfield', { type: 'number', min: 1, size: 5 }) as VscodeTextfield;
  private readonly tol = h('vscode-textfield', { size: 7, title: 'Convergence threshold: EM stops when the lower bound gains less than this per iteration' }) as VscodeTextfield;
  private readonly missing = h('vscode-single-select', { title: 'Rows with a missing value in a chosen column' }) as VscodeSingleSelect;
  // spectral, DBSCAN and HDBSCAN's own settings; an empty field means "from the data" (core/densityFit.ts)
  private readonly nNeighbors = h('vscode-textfield', { type: 'number', min: 2, max: 1000, size: 4, title: 'Neighbours per row in the graph whose eigenvectors are clustered' }) as VscodeTextfield;
  private readonly eps = h('vscode-textfield', { size: 7, placeholder: 'from data', title: 'Neighbourhood radius, in the fitted units (z-scores when standardised). Empty: the knee of the k-distance curve (Convergence shows it)' }) as VscodeTextfield;
  private readonly minSamples = h('vscode-textfield', { type: 'number', min: 1, size: 4, placeholder: 'auto', title: 'Rows within reach that make a row a core row, itself included. Empty: DBSCAN 2 × columns (at least 5), HDBSCAN the min cluster size' }) as VscodeTextfield;
  private readonly minClusterSize = h('vscode-textfield', { type: 'number', min: 2, size: 5, placeholder: 'auto', title: 'The fewest rows a cluster may have. Empty: 1 % of the rows, between 5 and 100' }) as VscodeTextfield;
  /** The field (label and control) of each setting, shown only for the methods it belongs to. */
  private readonly fields = new Map<string, HTMLElement>();
  private readonly fitButton = h('vscode-button', { id: 'fit' }, icon('play'), ' Fit');
  private readonly cancelButton = h('vscode-button', { id: 'cancel', secondary: true }, icon('debug-stop'), ' Cancel');
  private readonly exportCsvButton = h('vscode-button', { id: 'export-csv', secondary: true, title: 'Export the file with cluster and probability columns' }, icon('save-as'), ' Labelled CSV');
  private readonly exportModelButton = h('vscode-button', { id: 'export-model', secondary: true, title: 'Save the model as JSON' }, icon('json'), ' Model');
  private current: FitOptions | undefined;
  /** Restarts, iterations and tolerance of each algorithm: switching shows the other's, switching back restores these. */
  private readonly perAlgorithm: Partial<Record<Algorithm, AlgorithmFields>> = {};
  private defaults: AlgorithmDefaults = FALLBACK_DEFAULTS;
  /** The algorithm whose values the fields show. */
  private shownAlgorithm: Algorithm | undefined;
  private fitting = false;
  private datasetKey = '';

  constructor(private readonly callbacks: ControlsCallbacks) {
    const own = (id: string, label: string, control: HTMLElement) => { const f = field(id, label, control); this.fields.set(id, f); return f; };
    this.element = h('form', { class: 'controls', 'aria-label': 'Fit options' },
      field('columns', 'Columns', this.columns),
      field('algorithm', 'Algorithm', this.algorithm),
      own('k', 'Clusters (k)', this.k),
      own('covariance', 'Covariance model', this.covariance),
      own('n-neighbors', 'Neighbours', this.nNeighbors),
      own('eps', 'eps', this.eps),
      own('min-cluster-size', 'Min cluster size', this.minClusterSize),
      own('min-samples', 'Min samples', this.minSamples),
      own('n-init', 'Restarts', this.nInit),
      field('seed', 'Seed', this.seed),
      own('max-iter', 'Max iterations', this.maxIter),
      own('tol', 'Tolerance', this.tol),
      field('missing', 'Missing values', this.missing),
      h('div', { class: 'field checkbox' }, this.standardize),
      h('div', { class: 'buttons' }, this.fitButton, this.cancelButton),
      h('div', { class: 'buttons export' }, this.exportCsvButton, this.exportModelButton),
      this.columnsNote,
    );
    for (const [value, label, note] of [
      ['gmm', 'Gaussian mixture', undefined], ['kmeans', 'k-means', undefined],
      ['spectral', 'Spectral clustering', 'Non-convex shapes (two moons, rings): k-means on a neighbour graph\'s eigenvectors'],
      ['dbscan', 'DBSCAN', 'Finds k itself from a radius eps; rows in no dense region are noise'],
      ['hdbscan', 'HDBSCAN', 'Finds k itself over all densities; noise, and a membership strength per row'],
    ] as const) {
      this.algorithm.append(option(value, label, false, note));
    }
    for (const entry of pickerEntries()) { this.covariance.append(option(entry.model, entry.label, false, entry.description)); }
    for (const [value, label] of [['model', 'Model them (mixtures)'], ['drop', 'Leave rows out'], ['impute', 'Use column mean']] as const) { this.missing.append(option(value, label, false)); }
    this.algorithm.addEventListener('change', () => { this.switchAlgorithm(this.algorithm.value as Algorithm); this.syncEnabled(); });
    this.columns.addEventListener('change', () => this.syncEnabled());
    this.fitButton.addEventListener('click', () => this.submit());
    this.cancelButton.addEventListener('click', () => this.callbacks.cancel());
    this.exportCsvButton.addEventListener('click', () => this.callbacks.export('labelled'));
    this.exportModelButton.addEventListener('click', () => this.callbacks.export('model'));
    this.element.addEventListener('submit', event => { event.preventDefault(); this.submit(); });
  }

  /** Shows a dataset's columns and the options of the current fit; keeps the user's edits otherwise. */
  update(dataset: DatasetSummary, options: FitOptions, fitting: boolean, hasFit: boolean, defaults?: AlgorithmDefaults): void {
    if (defaults) { this.defaults = defaults; }
    const key = dataset.fileName + '\u0000' + dataset.columns.map(c => c.name).join('\u0000');
    if (key !== this.datasetKey) {
      this.datasetKey = key;
      // A set, not a search per column: a wide file has tens of thousands.
      const chosen = new Set(options.columns);
      const numeric = dataset.columns.filter(c => c.kind === 'numeric');
      this.columns.replaceChildren(...numeric
        .map(c => option(c.name, c.idLike ? `${c.name} (id)` : c.name, chosen.has(c.name), c.leftOut === undefined ? undefined : `Not preselected: ${c.leftOut}`)));
      this.showLeftOut(numeric.filter(c => c.leftOut !== undefined && !chosen.has(c.name)));
    }
    if (this.current !== options) {
      this.current = options;
      this.columns.value = options.columns;
      this.algorithm.value = options.algorithm;
      this.k.value = String(options.nComponents);
      this.covariance.value = chosenModel(options);
      this.standardize.checked = options.standardize;
      this.nInit.value = String(options.nInit);
      this.seed.value = String(options.seed);
      this.maxIter.value = String(options.maxIter);
      this.tol.value = String(options.tol);
      this.missing.value = options.missing;
      this.nNeighbors.value = String(options.nNeighbors ?? 10);
      this.eps.value = options.eps ? String(options.eps) : '';
      this.minSamples.value = options.minSamples === undefined ? '' : String(options.minSamples);
      this.minClusterSize.value = options.minClusterSize === undefined ? '' : String(options.minClusterSize);
      this.shownAlgorithm = options.algorithm;
      this.perAlgorithm[options.algorithm] = this.readAlgorithmFields();
    }
    this.fitting = fitting;
    this.cancelButton.toggleAttribute('disabled', !fitting);
    this.exportCsvButton.toggleAttribute('disabled', !hasFit || fitting);
    // spectral clustering: nothing that labels a new row without fitting again (core/densityFit.ts whyNotPortable);
    // DBSCAN and HDBSCAN are saved with their (core) rows, within a bound the host explains if it is passed
    const portable = options.algorithm !== 'spectral';
    this.exportModelButton.toggleAttribute('disabled', !hasFit || fitting || !portable);
    this.exportModelButton.title = portable
      ? (options.algorithm === 'dbscan' || options.algorithm === 'hdbscan' ? 'Save the model as JSON (with the rows it labels new rows by)' : 'Save the model as JSON')
      : 'Spectral clustering cannot be saved as a model for new rows: its clusters are k-means on the eigenvectors of this file\'s neighbour graph, '
        + 'and a new row has no place in that graph without fitting again. Export the labelled CSV instead.';
    this.syncEnabled();
  }

  /** One line per left-out column (name: reason), as text; the rest counted. */
  private showLeftOut(leftOut: DatasetSummary['columns']): void {
    const lines = leftOut.slice(0, NAMED_LEFT_OUT).map(c => h('div', { class: 'left-out', title: `${c.name}: ${c.leftOut}` }, h('strong', {}, c.name), `: ${c.leftOut}`));
    const more = leftOut.length > NAMED_LEFT_OUT ? h('div', {}, `and ${leftOut.length - NAMED_LEFT_OUT} more (hover over a column in the list for its reason)`) : undefined;
    this.columnsNote.replaceChildren(...(leftOut.length > 0 ? [h('div', {}, 'Columns not preselected (tick one in Columns to use it anyway):'), ...lines] : []), ...(more ? [more] : []));
    this.columnsNote.hidden = leftOut.length === 0;
  }

  private readAlgorithmFields(): AlgorithmFields {
    return { nInit: this.nInit.value, maxIter: this.maxIter.value, tol: this.tol.value };
  }

  /** Keeps what the fields say for the algorithm left, and shows the chosen one's own values. */
  private switchAlgorithm(algorithm: Algorithm): void {
    if (algorithm === this.shownAlgorithm) { return; }
    if (this.shownAlgorithm) { this.perAlgorithm[this.shownAlgorithm] = this.readAlgorithmFields(); }
    const own = this.perAlgorithm[algorithm];
    const fallback = this.defaultsOf(algorithm);
    this.nInit.value = own?.nInit ?? String(fallback.nInit);
    this.maxIter.value = own?.maxIter ?? String(fallback.maxIter);
    this.tol.value = own?.tol ?? String(fallback.tol);
    this.shownAlgorithm = algorithm;
  }

  /** Spectral clustering's restarts are k-means' on its embedding: it starts from k-means' values. */
  private defaultsOf(algorithm: Algorithm): AlgorithmDefaults['gmm'] {
    return algorithm === 'gmm' ? this.defaults.gmm : this.defaults.kmeans;
  }

  private syncEnabled(): void {
    const algorithm = this.algorithm.value as Algorithm;
    this.covariance.toggleAttribute('disabled', algorithm !== 'gmm');
    for (const [id, element] of this.fields) { element.hidden = !FIELDS_OF[algorithm].includes(id); }
    const noColumns = this.columns.value.length === 0;
    this.fitButton.toggleAttribute('disabled', this.fitting || noColumns);
    this.fitButton.title = noColumns ? 'Choose at least one numeric column' : 'Fit the model with these options';
  }

  private submit(): void {
    if (!this.current) { return; }
    const algorithm = this.algorithm.value as Algorithm;
    // The fields already show this algorithm's restarts, iterations and tolerance (switchAlgorithm).
    const own = algorithm === this.current.algorithm ? this.current : this.defaultsOf(algorithm);
    const options: FitOptions = {
      ...this.current,
      algorithm,
      columns: [...this.columns.value],
      nComponents: clampInt(this.k.value, 1, 100, this.current.nComponents),
      standardize: this.standardize.checked,
      nInit: clampInt(this.nInit.value, 1, 1000, own.nInit),
      seed: clampInt(this.seed.value, 0, 2 ** 32 - 1, this.current.seed),
      maxIter: clampInt(this.maxIter.value, 1, 100_000, own.maxIter),
      tol: clampNumber(this.tol.value, 0, 1e6, own.tol),
      missing: this.missing.value === 'impute' ? 'impute' : this.missing.value === 'model' ? 'model' : 'drop',
      nNeighbors: algorithm === 'spectral' ? clampInt(this.nNeighbors.value, 2, 1000, 10) : this.current.nNeighbors,
      eps: algorithm === 'dbscan' ? optionalNumber(this.eps.value, 0, 1e300) : this.current.eps,
      minSamples: algorithm === 'dbscan' || algorithm === 'hdbscan' ? optionalInt(this.minSamples.value, 1, 10_000) : this.current.minSamples,
      minClusterSize: algorithm === 'hdbscan' ? optionalInt(this.minClusterSize.value, 2, 100_000) : this.current.minClusterSize,
    };
    // an absent setting is taken from the data: not sent as undefined keys
    for (const key of ['nNeighbors', 'eps', 'minSamples', 'minClusterSize'] as const) { if (options[key] === undefined) { delete options[key]; } }
    const model = MULTIVARIATE_MODELS.find(m => m === this.covariance.value) ?? chosenModel(this.current);
    this.callbacks.fit(algorithm === 'gmm' ? withModel(options, model) : options);
  }
}

/** The settings shown for each method (the others' fields are hidden). */
const FIELDS_OF: Record<Algorithm, readonly string[]> = {
  gmm: ['k', 'covariance', 'n-init', 'max-iter', 'tol'],
  kmeans: ['k', 'covariance', 'n-init', 'max-iter', 'tol'],
  spectral: ['k', 'n-neighbors', 'n-init'],
  dbscan: ['eps', 'min-samples'],
  hdbscan: ['min-cluster-size', 'min-samples'],
};

/** An empty field is "from the data": undefined. */
function optionalNumber(text: string, min: number, max: number): number | undefined {
  const value = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(value) && value > min ? Math.min(max, value) : undefined;
}

function optionalInt(text: string, min: number, max: number): number | undefined {
  const value = Number.parseInt(text, 10);
  return Number.isFinite(value) ? Math.max(min, Math.min(max, value)) : undefined;
}

function clampNumber(text: string, min: number, max: number, fallback: number): number {
  const value = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(value) ? Math.max(min, Math.min(max, value)) : fallback;
}

function clampInt(text: string, min: number, max: number, fallback: number): number {
  const value = Number.parseInt(text, 10);
  return Number.isFinite(value) ? Math.max(min, Math.min(max, value)) : fallback;
}
