// The tasks the pool runs, and how the coordinating thread and its helpers share them: a small
// control block of Int32 in a SharedArrayBuffer (generation, unit counter, done count, the task's
// integers and buffer references), data in SharedArrayBuffers sent once to each helper.

import type { ComponentParameters, CovarianceType } from '../../core/emShapes';
import { emUnit, mergeEmSquareRows, statsView } from '../../core/emUnits';
import { seedPotentialsUnit, seedStartUnit } from '../../core/kmeansPlusPlusUnits';
import { computePrecisionCholFull } from '../../core/linalg';
import { columnSumsUnit, inertiaUnit, lloydMoveUnit, lloydSeededUnit, lloydUnit } from '../../core/lloydUnits';
import { wideKernelBackend, wideSettings, type WideBackend } from '../../core/wideBackends';

export const OP = { EXIT: 0, EM_ACCUMULATE: 1, EM_ESTIMATE: 2, LLOYD: 3, ASSIGN: 4, SEED_START: 5, SEED_POTENTIALS: 6, LLOYD_SEEDED: 7, LLOYD_MOVE: 8, FORGET: 9, INERTIA: 10, COLUMN_SUMS: 11, PRECISION_CHOL: 12, EM_MERGE_SQUARES: 13 } as const;

/** Int32 slots of the control block. */
export const CTL = {
  /** bumped by the coordinator to start a task (helpers Atomics.wait on it) */
  GEN: 0,
  /** next unit to claim (Atomics.add) */
  NEXT: 1,
  /** helpers that finished the current task (the coordinator Atomics.waits on it) */
  DONE: 2,
  /** set by a helper whose task threw */
  ERROR: 3,
  OP: 4, N_ROWS: 5, D: 6, K: 7, COVARIANCE: 8, UNIT_ROWS: 9, N_UNITS: 10, SLOT: 11, FLAG: 12, ROW: 13, N_CANDIDATES: 14,
  /** helpers that started (they count themselves once) */
  READY: 15,
  /** buffer references, 3 ints each (id, element offset, length; id −1: none): data, partials, params, f64, i32, lower, upper */
  REFS: 16,
  /** k-means++: the label the pending row takes */
  PENDING_LABEL: 37,
  /** the wide kernels the coordinator runs (wideModeCode): every thread of a pass must run the same, or the bits would depend on the schedule */
  WIDE_MODE: 38,
  /** EM_ACCUMULATE: the component whose squares the pass leaves out (−1: none; see ChunkExecutor.accumulate) */
  DERIVED_COMPONENT: 39,
  SIZE: 40,
} as const;

const WIDE_BACKENDS: readonly WideBackend[] = ['fused', 'wasm', 'js'];

/** This thread's wide-kernel settings as one int: −1 generic loops, else the index of its backend in WIDE_BACKENDS. */
export function wideModeCode(): number {
  return wideSettings.enabled ? WIDE_BACKENDS.indexOf(wideKernelBackend()) : -1;
}

/** A helper takes the coordinator's wide-kernel settings (from wideModeCode) before it runs a task's units. */
export function applyWideMode(code: number): void {
  wideSettings.enabled = code >= 0;
  if (code >= 0) { wideSettings.backend = WIDE_BACKENDS[code]!; }
}

export const COVARIANCE_CODES: readonly CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];

/**
 * Messages from the coordinator to a helper (on its own MessagePort, read with receiveMessageOnPort):
 * a buffer to know by its id, or "forget every buffer" (the pool lets go of a finished fit's memory).
 */
export type ToHelper = { type: 'buffer'; id: number; buffer: SharedArrayBuffer } | { type: 'forget' };
/** A helper's report of a failed task. */
export type FromHelper = { type: 'error'; message: string };

export interface Task {
  op: number;
  nRows: number;
  d: number;
  k: number;
  unitRows: number;
  nUnits: number;
  /** numbers per unit in partials */
  slot: number;
  flag: boolean;
  row: number;
  data: Float64Array;
  partials: Float64Array;
  /** EM: the component parameters; Lloyd: centers; k-means++: candidates */
  params: ComponentParameters | null;
  shift: Float64Array | null;
  centers: Float64Array | null;
  candidates: Int32Array | null;
  /** resp, distances or closest */
  f64: Float64Array | null;
  /** labels */
  i32: Int32Array | null;
  /** Lloyd's Hamerly bounds (null: none) with their drift and tolerance */
  lower: Float64Array | null;
  /** Lloyd's upper bounds (null: none) */
  upper: Float64Array | null;
  /** later Lloyd passes: the points the sums are about (k × d), each center's drift and the largest of the others' (k) */
  anchors: Float64Array | null;
  drifts: Float64Array | null;
  others: Float64Array | null;
  /** later Lloyd passes: distances between the centers (k × k) */
  separations: Float64Array | null;
  /** seeded Lloyd and k-means++ passes: thresholds of the triangle inequality (see kmeans.ts) */
  prune: Float64Array | null;
  /** seeded Lloyd: gaps between centers */
  gaps: Float64Array | null;
  pendingLabel: number;
  /** EM_ACCUMULATE: the component whose squares are left out (−1: none) */
  derivedComponent: number;
  drift: number;
  tolAbs: number;
  covarianceType: CovarianceType;
}

/** This thread's scratch for the column-wise factorisation (computePrecisionCholFull's fallback). */
let choleskyScratch = new Float64Array(0);

/** Runs unit u of the task (any thread, any order: each unit writes its own slot and rows). */
export function runUnit(t: Task, u: number): void {
  const start = u * t.unitRows;
  const end = Math.min(t.nRows, start + t.unitRows);
  const o = u * t.slot;
  switch (t.op) {
    case OP.EM_ACCUMULATE: {
      // emUnit writes the slot's statistics (the triangles of the wide kernels without zeroing them first)
      const stats = statsView(t.covarianceType, t.k, t.d, t.shift!, t.partials, o);
      t.partials[o] = emUnit(t.params!, t.data, start, end, t.f64!, stats, t.derivedComponent);
      return;
    }
    case OP.EM_ESTIMATE:
      t.partials[o] = emUnit(t.params!, t.data, start, end, t.f64!, null);
      return;
    case OP.LLOYD:
      lloydUnit(t.data, t.d, start, end, t.centers!, t.k, t.i32!, t.f64!, t.flag, true, t.partials, o, t.lower, t.upper, t.drift, t.tolAbs);
      return;
    case OP.ASSIGN:
      lloydUnit(t.data, t.d, start, end, t.centers!, t.k, t.i32!, t.f64!, false, false, t.partials, o);
      return;
    case OP.LLOYD_SEEDED:
      lloydSeededUnit(t.data, t.d, start, end, t.centers!, t.k, t.i32!, t.f64!, t.prune!, t.gaps!, t.lower!, t.upper!, t.tolAbs, t.partials, o);
      return;
    case OP.LLOYD_MOVE:
      lloydMoveUnit(t.data, t.d, start, end, t.centers!, t.anchors!, t.k, t.i32!, t.upper!, t.lower!, t.drifts!, t.others!, t.separations!, t.tolAbs, t.partials, o);
      return;
    case OP.INERTIA:
      t.partials[o] = inertiaUnit(t.data, t.d, start, end, t.centers!, t.i32!);
      return;
    case OP.COLUMN_SUMS:
      columnSumsUnit(t.data, t.d, start, end, t.flag ? t.centers : null, t.partials, o);
      return;
    case OP.SEED_START:
      t.partials[o] = seedStartUnit(t.data, t.d, start, end, t.f64!, t.i32!, t.row);
      return;
    case OP.SEED_POTENTIALS:
      seedPotentialsUnit(t.data, t.d, start, end, t.f64!, t.i32!, t.row, t.pendingLabel, t.candidates!, t.prune!, t.partials, o);
      return;
    case OP.EM_MERGE_SQUARES:
      // unit u: rows [start, end) of the k lower triangles, summed over the pass's t.row units into f64
      mergeEmSquareRows(t.f64!, t.partials, t.slot, t.row, t.k, t.d, start, end, t.derivedComponent);
      return;
    case OP.PRECISION_CHOL:
      // unit u: covariance block u of data (k × d × d) → its factor after the jitter in its slot [jitter, factor (d × d)]
      if (choleskyScratch.length < 2 * t.d * t.d) { choleskyScratch = new Float64Array(2 * t.d * t.d); }
      t.partials[o] = computePrecisionCholFull(t.data, u * t.d * t.d, t.d, t.partials, o + 1, choleskyScratch);
      return;
    default:
      throw new Error(`unknown parallel task ${t.op}`);
  }
}

/** Claims units until none is left. */
export function runClaimedUnits(ctl: Int32Array, t: Task): void {
  for (;;) {
    const u = Atomics.add(ctl, CTL.NEXT, 1);
    if (u >= t.nUnits) { return; }
    runUnit(t, u);
  }
}

/**
 * Layout of the parameters area (Float64) per task:
 * EM: means (k·d), factors, logNorm (k), shift (k·d); Lloyd / assign: centers (k·d), drift, tolAbs;
 * seeded Lloyd: centers (k·d), prune (k), gaps (k), tolAbs; later Lloyd: centers, anchors (k·d), drifts, others (k), separations (k·k), tolAbs; potentials: candidates (nt), prune ((pendingLabel + 1) · (2 + nt)).
 */
export function factorSize(covarianceType: CovarianceType, k: number, d: number): number {
  return covarianceType === 'full' || covarianceType === 'tied' ? k * d * d : k * d;
}

/** A helper's view of the task in the control block, its arrays from the buffers it was sent. */
export function decodeTask(ctl: Int32Array, view: (ref: number, kind: 'f64' | 'i32') => Float64Array | Int32Array | null): Task {
  const op = Atomics.load(ctl, CTL.OP);
  const d = Atomics.load(ctl, CTL.D), k = Atomics.load(ctl, CTL.K);
  const covarianceType = COVARIANCE_CODES[Atomics.load(ctl, CTL.COVARIANCE)]!;
  const paramsArea = view(2, 'f64') as Float64Array;
  const task: Task = {
    op, nRows: Atomics.load(ctl, CTL.N_ROWS), d, k,
    unitRows: Atomics.load(ctl, CTL.UNIT_ROWS), nUnits: Atomics.load(ctl, CTL.N_UNITS), slot: Atomics.load(ctl, CTL.SLOT),
    flag: Atomics.load(ctl, CTL.FLAG) === 1, row: Atomics.load(ctl, CTL.ROW),
    data: view(0, 'f64') as Float64Array, partials: view(1, 'f64') as Float64Array,
    params: null, shift: null, centers: null, candidates: null,
    f64: view(3, 'f64') as Float64Array | null, i32: view(4, 'i32') as Int32Array | null,
    lower: view(5, 'f64') as Float64Array | null, upper: view(6, 'f64') as Float64Array | null, drift: -1, tolAbs: 0, covarianceType,
    anchors: null, drifts: null, others: null, separations: null, prune: null, gaps: null, pendingLabel: Atomics.load(ctl, CTL.PENDING_LABEL),
    derivedComponent: Atomics.load(ctl, CTL.DERIVED_COMPONENT),
  };
  if (op === OP.EM_ACCUMULATE || op === OP.EM_ESTIMATE) {
    const fs = factorSize(covarianceType, k, d);
    let o = 0;
    const means = paramsArea.subarray(o, o += k * d);
    const factors = paramsArea.subarray(o, o += fs);
    const logNorm = paramsArea.subarray(o, o += k);
    task.shift = paramsArea.subarray(o, o + k * d);
    task.params = { covarianceType, nComponents: k, nFeatures: d, means, factors, logNorm };
  } else if (op === OP.INERTIA || op === OP.COLUMN_SUMS) {
    // inertia: the centers (k · d); column sums: the point of the squares (d), when flag
    task.centers = paramsArea.subarray(0, op === OP.INERTIA ? k * d : d);
  } else if (op === OP.LLOYD || op === OP.ASSIGN) {
    task.centers = paramsArea.subarray(0, k * d);
    task.drift = paramsArea[k * d]!;
    task.tolAbs = paramsArea[k * d + 1]!;
  } else if (op === OP.LLOYD_SEEDED) {
    let o = 0;
    task.centers = paramsArea.subarray(o, o += k * d);
    task.prune = paramsArea.subarray(o, o += k);
    task.gaps = paramsArea.subarray(o, o += k);
    task.tolAbs = paramsArea[o]!;
  } else if (op === OP.LLOYD_MOVE) {
    let o = 0;
    task.centers = paramsArea.subarray(o, o += k * d);
    task.anchors = paramsArea.subarray(o, o += k * d);
    task.drifts = paramsArea.subarray(o, o += k);
    task.others = paramsArea.subarray(o, o += k);
    task.separations = paramsArea.subarray(o, o += k * k);
    task.tolAbs = paramsArea[o]!;
  } else if (op === OP.SEED_POTENTIALS) {
    const n = Atomics.load(ctl, CTL.N_CANDIDATES);
    task.candidates = Int32Array.from(paramsArea.subarray(0, n));
    task.prune = paramsArea.subarray(n, n + (task.pendingLabel + 1) * (2 + n));
  }
  return task;
}
