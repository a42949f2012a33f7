/**
 * The controls of a run in the worker (Compare k, Compare methods, Find best model): the run's own
 * fields, a run button, a cancel button, and a progress bar with its line of text. Enter in a field
 * runs too. Ids are `<prefix>-run`, `<prefix>-cancel`, `<prefix>-progress`, `<prefix>-progress-text`,
 * and `<prefix>-sample`: the line that says a run covers the sample of a file too large to read whole.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import type { VscodeProgressBar } from '@vscode-elements/elements/dist/vscode-progress-bar/vscode-progress-bar.js';
import { h, icon } from './dom';
import type { ViewState } from './store';

export interface RunControlsSpec {
  idPrefix: string;
  /** What the run is called ("Compare methods"): the form's label, and the progress bar's. */
  name: string;
  /** The run button: its codicon and its text. */
  runIcon: string;
  runText: string;
  /** The run's own fields, before the buttons. */
  fields?: HTMLElement[];
  /** The run button or Enter; called only while the button is enabled. */
  onRun(): void;
  onCancel(): void;
}

export class RunControls {
  readonly element: HTMLFormElement;
  private readonly runButton: HTMLElement;
  private readonly cancelButton: HTMLElement;
  private readonly progressBar: VscodeProgressBar;
  private readonly progressLabel: HTMLElement;
  private readonly sampleNote: HTMLElement;

  constructor(spec: RunControlsSpec) {
    const id = spec.idPrefix;
    this.runButton = h('vscode-button', { id: `${id}-run` }, icon(spec.runIcon), ` ${spec.runText}`);
    this.cancelButton = h('vscode-button', { id: `${id}-cancel`, secondary: true }, icon('debug-stop'), ' Cancel');
    this.progressBar = h('vscode-progress-bar', { id: `${id}-progress`, 'aria-label': `${spec.name} progress` }) as VscodeProgressBar;
    this.progressLabel = h('span', { id: `${id}-progress-text`, role: 'status' });
    this.sampleNote = h('p', { class: 'note run-sample', id: `${id}-sample`, hidden: true });
    this.element = h('form', { class: 'compare-controls', 'aria-label': spec.name },
      ...(spec.fields ?? []),
      h('div', { class: 'buttons' }, this.runButton, this.cancelButton),
      h('div', { class: 'compare-progress' }, this.progressBar, this.progressLabel),
      this.sampleNote);
    const run = () => { if (this.canRun) { spec.onRun(); } };
    this.runButton.addEventListener('click', run);
    this.cancelButton.addEventListener('click', () => spec.onCancel());
    this.element.addEventListener('submit', event => { event.preventDefault(); run(); });
  }

  /** Whether the run button is enabled (a run may start now). */
  get canRun(): boolean {
    return !this.runButton.hasAttribute('disabled');
  }

  /**
   * Enables run and cancel: a run may start on a fit, when none is running and no fit is under
   * way; `why`, when given, is why it may not (the run button's tooltip says so).
   */
  showState(state: Pick<ViewState, 'fit' | 'phase'> & Partial<Pick<ViewState, 'dataset'>>, running: boolean, why?: string): void {
    const canRun = Boolean(state.fit) && !running && state.phase !== 'fitting' && why === undefined;
    this.runButton.toggleAttribute('disabled', !canRun);
    this.runButton.title = why ?? '';
    this.cancelButton.toggleAttribute('disabled', !running);
    this.progressBar.hidden = !running;
    const text = sampleRunText(state.dataset?.sample);
    this.sampleNote.hidden = text === undefined;
    this.sampleNote.textContent = text ?? '';
  }

  /** How far the run is (steps done of max, in words); undefined: no run, no text. */
  showProgress(progress: { max: number; value: number; text: string } | undefined): void {
    if (!progress) {
      this.progressLabel.textContent = '';
      return;
    }
    this.progressBar.max = progress.max;
    this.progressBar.value = progress.value;
    this.progressLabel.textContent = progress.text;
  }
}

/**
 * The one line a run on a sampled file carries: its models are fitted on the sample the fit used
 * (each of them on all rows would mean a streaming pass per model and per EM iteration), so the
 * view must not let them pass for fits of the whole file. Undefined where the file was read whole.
 */
export function sampleRunText(sample: { rows: number; rowsInFile: number } | undefined): string | undefined {
  if (!sample || sample.rows >= sample.rowsInFile) { return undefined; }
  const n = (x: number) => x.toLocaleString('en-US');
  return `Runs on the fit's sample of ${n(sample.rows)} rows, not on all ${n(sample.rowsInFile)} rows of the file (too large to read whole).`;
}
