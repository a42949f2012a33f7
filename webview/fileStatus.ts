/**
 * The panel's calm states around a file: how far it has been read, a cancelled read or fit, and a
 * file that changed on disk since it was read. Texts are pure functions (unit-tested); the
 * elements are built here so main.ts only places them.
 */
import type { ViewState } from './store';
import { h, icon } from './dom';
import { METHOD_LABELS } from './methodText';

/** "Reading the file… 45% (12.3 MB of 27.5 MB)"; the size alone before the first bytes; the bytes alone when the size is unknown. */
export function describeReading(reading: ViewState['reading']): string {
  if (!reading) { return 'Reading the file…'; }
  const { bytesRead, totalBytes } = reading;
  if (bytesRead === 0) { return totalBytes ? `Reading the file… (${formatBytes(totalBytes)})` : 'Reading the file…'; }
  if (totalBytes && totalBytes > 0) {
    const percent = Math.min(100, Math.floor((100 * bytesRead) / totalBytes));
    return `Reading the file… ${percent}% (${formatBytes(bytesRead)} of ${formatBytes(totalBytes)})`;
  }
  return `Reading the file… ${formatBytes(bytesRead)}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) { return `${bytes} bytes`; }
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

/** The notice of a cancelled read or fit, or undefined when there is none. */
export function noticeText(state: Pick<ViewState, 'notice' | 'fit'>): string | undefined {
  if (!state.notice) { return undefined; }
  if (state.notice.kind === 'readCancelled') { return 'Reading was cancelled: nothing was loaded. Read the file when you are ready.'; }
  const fit = state.fit;
  if (!fit) { return 'Fit cancelled. Choose the options and press Fit.'; }
  const model = fit.algorithm === 'gmm' ? fit.covarianceType : METHOD_LABELS[fit.algorithm];
  return `Cancelled: showing the previous fit (k = ${fit.nComponents}, ${model}), with its settings back in the controls.`;
}

/** What to say when the file changed on disk since it was read. */
export function fileChangeText(change: ViewState['fileChange'], fileName: string | undefined): string | undefined {
  if (!change) { return undefined; }
  const name = fileName ?? 'The file';
  return change.deleted
    ? `${name} was deleted or moved since it was read: the panel shows it as it was.`
    : `${name} changed on disk since it was read.`;
}

export interface FileStatusActions {
  reread(): void;
  cancel(): void;
}

/**
 * The status line's content while the file is read: ring, text, a bar, and Cancel. Built once and
 * updated in place, so a click on Cancel is not lost to a progress update replacing the button.
 */
export class ReadingStatus {
  readonly nodes: Node[];
  private readonly text = h('span', { id: 'read-text' });
  private readonly bar = h('progress', { id: 'read-progress', class: 'read-progress', 'aria-label': 'Part of the file read' }) as HTMLProgressElement;

  constructor(actions: FileStatusActions) {
    const cancel = h('vscode-button', { id: 'cancel-read', secondary: true }, icon('debug-stop'), ' Cancel');
    cancel.addEventListener('click', () => actions.cancel());
    this.nodes = [h('vscode-progress-ring', { class: 'ring' }), this.text, this.bar, cancel];
  }

  update(reading: ViewState['reading']): void {
    this.text.textContent = describeReading(reading);
    if (reading?.totalBytes) {
      this.bar.max = reading.totalBytes;
      this.bar.value = Math.min(reading.bytesRead, reading.totalBytes);
    } else {
      // indeterminate until the size is known
      this.bar.removeAttribute('value');
    }
  }
}

/**
 * The calm notice (cancelled read or fit) and the changed-file banner, each with its button; empty
 * when there is nothing to say.
 */
export function noticeElements(state: ViewState, actions: FileStatusActions): { notice: Node[]; banner: Node[] } {
  const notice: Node[] = [];
  const text = noticeText(state);
  if (text) {
    notice.push(icon('info'), h('span', { id: 'notice-text' }, text));
    if (state.notice?.kind === 'readCancelled') { notice.push(button('reread', 'Read the file', actions.reread)); }
  }
  const banner: Node[] = [];
  const change = fileChangeText(state.fileChange, state.dataset?.fileName ?? state.fileName);
  if (change) {
    banner.push(icon('info'), h('span', { id: 'file-changed-text' }, change));
    if (!state.fileChange?.deleted) { banner.push(button('reread-changed', 'Read it again', actions.reread)); }
  }
  return { notice, banner };
}

function button(id: string, label: string, onClick: () => void): HTMLElement {
  const element = h('vscode-button', { id, secondary: true }, icon('refresh'), ` ${label}`);
  element.addEventListener('click', onClick);
  return element;
}
