/**
 * What the host remembers of each panel so that "Reload Window" can bring it back: the file it
 * shows, the options of its last fit, its last finished "Compare k" and "Compare methods". Kept by the host (VS Code's
 * workspaceState), keyed by a panel id the webview stores: the webview's own state is untrusted
 * input and never names a file to read. No vscode here (a Memento-like store is passed in):
 * unit-tested.
 */
import { type FitOptions, isFitOptions, MAX_COMPARE_K } from '../../shared/protocol';

/** The little of vscode.Memento this needs. */
export interface KeyValueStore {
  get(key: string): unknown;
  update(key: string, value: unknown): Thenable<void>;
}

/** A finished comparison to run again on restore (it is seeded: the same request gives the same models). */
export interface RememberedComparison {
  kMax: number;
  allCovarianceTypes: boolean;
  /** The options of the fit it was started from. */
  options: FitOptions;
}

/**
 * A finished "Compare methods" to run again on restore: its request is built from the fit it was
 * started from (k, the sampled rows, each method's settings), and every method in it is seeded, so
 * the same fit gives the same comparison. Its results are not stored: they hold rows of the file.
 */
export interface RememberedMethodComparison {
  /** The options of the fit it was started from. */
  options: FitOptions;
}

export interface RememberedPanel {
  uri: string;
  options: FitOptions | null;
  compare: RememberedComparison | null;
  methods: RememberedMethodComparison | null;
  /** When it was last written (ms since the epoch): the oldest are forgotten first. */
  touched: number;
}

const KEY = 'clusterLens.panels';
/**
 * Panels remembered at most. VS Code does not tell an extension which panels a reload will bring
 * back, and closing a window may or may not dispose its panels first, so records are not deleted on
 * close: the oldest are dropped instead.
 */
export const MAX_REMEMBERED_PANELS = 30;

export function makePanelId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}

export class PanelMemory {
  constructor(private readonly store: KeyValueStore, private readonly now: () => number = Date.now) {}

  /** The record of `panelId`, or undefined when the host never opened that panel (or forgot it). */
  recall(panelId: string): RememberedPanel | undefined {
    const records = this.all();
    return Object.hasOwn(records, panelId) ? records[panelId] : undefined;
  }

  /** Writes (part of) a panel's record; the oldest records beyond the limit are dropped. */
  async remember(panelId: string, change: Partial<Omit<RememberedPanel, 'touched'>> & { uri: string }): Promise<void> {
    const records = this.all();
    const before = Object.hasOwn(records, panelId) ? records[panelId] : undefined;
    records[panelId] = { options: null, compare: null, methods: null, ...before, ...change, touched: this.now() };
    const kept = Object.entries(records).sort(([, a], [, b]) => b.touched - a.touched).slice(0, MAX_REMEMBERED_PANELS);
    await this.store.update(KEY, Object.fromEntries(kept));
  }

  /** Every valid record; anything malformed (an older version's, a damaged store) is left out. */
  private all(): Record<string, RememberedPanel> {
    const raw = this.store.get(KEY);
    const out: Record<string, RememberedPanel> = {};
    if (typeof raw !== 'object' || raw === null) { return out; }
    for (const [id, value] of Object.entries(raw as Record<string, unknown>)) {
      const record = validRecord(value);
      if (record) { out[id] = record; }
    }
    return out;
  }
}

function validRecord(value: unknown): RememberedPanel | undefined {
  if (typeof value !== 'object' || value === null) { return undefined; }
  const { uri, options, compare, methods, touched } = value as Record<string, unknown>;
  if (typeof uri !== 'string' || typeof touched !== 'number') { return undefined; }
  if (options !== null && !isFitOptions(options)) { return undefined; }
  return { uri, options, touched, compare: validComparison(compare) ?? null, methods: validMethodComparison(methods) ?? null };
}

function validMethodComparison(value: unknown): RememberedMethodComparison | undefined {
  if (typeof value !== 'object' || value === null) { return undefined; }
  const { options } = value as Record<string, unknown>;
  return isFitOptions(options) ? { options } : undefined;
}

function validComparison(value: unknown): RememberedComparison | undefined {
  if (typeof value !== 'object' || value === null) { return undefined; }
  const { kMax, allCovarianceTypes, options } = value as Record<string, unknown>;
  if (typeof kMax !== 'number' || !Number.isInteger(kMax) || kMax < 2 || kMax > MAX_COMPARE_K) { return undefined; }
  if (typeof allCovarianceTypes !== 'boolean' || !isFitOptions(options)) { return undefined; }
  return { kMax, allCovarianceTypes, options };
}

/**
 * Whether a remembered comparison belongs with the fit a restored panel shows: the same rows,
 * columns and settings; only k (and, when all covariance types were compared, the type) may differ,
 * since opening a compared model changes just those.
 */
export function comparisonApplies(compare: RememberedComparison, fit: FitOptions): boolean {
  const a = compare.options;
  return a.algorithm === fit.algorithm && a.standardize === fit.standardize && a.nInit === fit.nInit
    && a.maxIter === fit.maxIter && a.tol === fit.tol && a.seed === fit.seed && a.missing === fit.missing
    && a.columns.length === fit.columns.length && a.columns.every((c, i) => c === fit.columns[i])
    && (compare.allCovarianceTypes || a.covarianceType === fit.covarianceType);
}

/**
 * Whether a remembered "Compare methods" belongs with the fit a restored panel shows: only the very
 * fit it was started from, every option alike (its k, its method and that method's own settings all
 * shape the request). A method opened from the comparison is another fit, so after it the
 * comparison is not run again: the one it came from is no longer there to build it from.
 */
export function methodComparisonApplies(methods: RememberedMethodComparison, fit: FitOptions): boolean {
  return sameFitOptions(methods.options, fit);
}

function sameFitOptions(a: FitOptions, b: FitOptions): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof FitOptions)[]);
  for (const key of keys) {
    const x = a[key];
    const y = b[key];
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length || x.some((c, i) => c !== y[i])) { return false; }
    } else if (x !== y) {
      return false;
    }
  }
  return true;
}
