/**
 * A ChunkExecutor that runs the row passes of EM, Lloyd and k-means++ on several threads of this
 * process (worker_threads) over shared memory.
 *
 * Sync: one control block (Int32Array on a SharedArrayBuffer). For each pass the coordinating
 * thread (the one running the fit loop) writes the task into the control block and the small
 * parameters (means, factors, centers…) into a shared parameters area, resets the unit counter,
 * bumps the generation and Atomics.notify()s. Helpers sleep in Atomics.wait() on the generation;
 * every thread, the coordinator included, then claims units with Atomics.add() on the counter (so
 * a loaded core simply does fewer units), writes its rows (resp, labels…) and each unit's partial
 * sums into that unit's slot. Helpers then Atomics.add() the done count and notify; the coordinator
 * waits for all of them and adds the slots IN UNIT ORDER: the canonical order of
 * src/core/chunkExecutor.ts, so results are bit-identical to the in-thread executor whatever the
 * number of threads or the schedule. No message per pass: large buffers (data, resp, labels…) are
 * posted once to each helper, which reads them synchronously (receiveMessageOnPort).
 *
 * The helpers are children of the thread that created the pool: terminating that thread (the
 * fit worker, on cancel) ends them too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { planUnits, seedUnits, type ChunkExecutor, type LloydBounds, type LloydSums } from '../../core/chunkExecutor';
import type { DataMatrix } from '../../core/dataMatrix';
import { isTriangular, type ComponentParameters, type SufficientStats } from '../../core/emShapes';
import { emSlotSize, mergeEmUnit } from '../../core/emUnits';
import { inThreadExecutor } from '../../core/inThreadExecutor';
import { clearLloydSums, lloydSlotSize, mergeLloydUnit } from '../../core/lloydUnits';
import { allowRelaxedSimd } from '../relaxedSimd';
import { COVARIANCE_CODES, CTL, OP, factorSize, runClaimedUnits, runUnit, wideModeCode, type FromHelper, type Task, type ToHelper } from './tasks';

export interface ParallelExecutor extends ChunkExecutor {
  /** the factors of a wide full M-step, one component per unit (see ChunkExecutor) */
  precisionCholFull(covariances: Float64Array, k: number, d: number, precisionsChol: Float64Array): Float64Array;
  /**
   * Lets go of every array this executor allocated or shared (the helpers forget them too), so a
   * kept pool holds no fit's memory between fits. Arrays from before must not be passed again.
   */
  releaseAll(): void;
  /** Ends the helper threads (idempotent); the executor then runs everything in this thread. */
  dispose(): void;
}

export interface ParallelExecutorOptions {
  /** the helper script (default: parallelWorker.js next to this bundle) */
  workerPath?: string;
  /** how long the coordinator waits for a helper to finish its units before giving up (default 60 s) */
  helperTimeoutMs?: number;
  /** how long creation waits for the helpers to start; without them the executor runs in this thread (default 10 s) */
  startTimeoutMs?: number;
}

// how many threads a fit takes is threadCount.ts' rule (imported from here by the CLI)
export { machineThreads, threadsForFit } from './threadCount';

interface Helper { worker: Worker; port: MessagePort }

/** From this many features the triangles of the statistics are merged on every thread (below, the serial merge is short). */
const MERGE_ON_THREADS_MIN_D = 64;
/** Units of that merge (ranges of the triangles' rows, claimed as the pass's units are). */
const MERGE_UNITS = 64;

/** A pass whose helper never reports done within this is an error (a helper died). */
const DEFAULT_HELPER_TIMEOUT_MS = 60_000;

function defaultWorkerPath(): string {
  if (typeof __dirname === 'undefined') { throw new Error('createParallelExecutor: give options.workerPath (no __dirname in this bundle)'); }
  return path.join(__dirname, 'parallelWorker.js');
}

function isShared(a: { buffer: ArrayBufferLike }): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && a.buffer instanceof SharedArrayBuffer;
}

/**
 * An executor on nThreads threads: this one plus nThreads − 1 helpers (nThreads ≤ 1: no helper,
 * but arrays are still shared memory). Call dispose() when the fit is over.
 */
export function createParallelExecutor(nThreads: number, options: ParallelExecutorOptions = {}): ParallelExecutor {
  // before this thread compiles a kernel: the fused wide kernels need relaxed SIMD (a flag on Node 20)
  allowRelaxedSimd();
  const nHelpers = Math.max(0, Math.floor(nThreads) - 1);
  const control = new SharedArrayBuffer(CTL.SIZE * 4);
  const ctl = new Int32Array(control);
  const helperTimeoutMs = options.helperTimeoutMs ?? DEFAULT_HELPER_TIMEOUT_MS;
  let helpers: Helper[] = [];
  const workerPath = nHelpers > 0 ? path.resolve(options.workerPath ?? defaultWorkerPath()) : '';
  // without its script (a broken install) the pool runs in this thread rather than wait for helpers that cannot start
  if (nHelpers > 0 && fs.existsSync(workerPath)) {
    helpers = Array.from({ length: nHelpers }, () => {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(workerPath, { workerData: { control, port: port2 }, transferList: [port2] });
      // helpers hold no event-loop work the process must wait for; errors surface through the control block
      worker.unref();
      worker.on('error', () => {});
      port1.unref();
      return { worker, port: port1 };
    });
  }
  // The helpers start (tens of ms) while this thread goes on (copying the data, validating…); the
  // first pass waits for all of them. One that cannot start must not stall the fit: after
  // startTimeoutMs the pool gives up its helpers and runs in this thread.
  const startDeadline = Date.now() + (options.startTimeoutMs ?? 10_000);
  let started = helpers.length === 0;
  function awaitHelpers(): void {
    for (;;) {
      const ready = Atomics.load(ctl, CTL.READY);
      if (ready >= helpers.length) { break; }
      if (Date.now() > startDeadline) {
        for (const h of helpers) { void h.worker.terminate(); h.port.close(); }
        helpers = [];
        break;
      }
      Atomics.wait(ctl, CTL.READY, ready, 50);
    }
    started = true;
  }
  let bufferIds = new WeakMap<SharedArrayBuffer, number>();
  let nextBufferId = 0;
  const allocateShared = (length: number): Float64Array<SharedArrayBuffer> => new Float64Array(new SharedArrayBuffer(length * 8));
  let paramsArea = allocateShared(1024);
  let partialsArea = allocateShared(1024);

  // Released arrays by byte size: reused (same buffer, already known to the helpers) rather than a
  // new buffer each restart, which the helpers would keep until dispose().
  const free = new Map<number, SharedArrayBuffer[]>();
  /** A zeroed buffer: a released one (cleared) or a new one (born zeroed). */
  const sharedBuffer = (bytes: number): SharedArrayBuffer => {
    const reused = free.get(bytes)?.pop();
    if (reused === undefined) { return new SharedArrayBuffer(bytes); }
    new Uint8Array(reused).fill(0);
    return reused;
  };
  const allocateFloat64 = (length: number): Float64Array => new Float64Array(sharedBuffer(length * 8));
  const allocateInt32 = (length: number): Int32Array => new Int32Array(sharedBuffer(length * 4));
  const release = (array: Float64Array | Int32Array): void => {
    const buffer = array.buffer;
    if (!(buffer instanceof SharedArrayBuffer) || array.byteOffset !== 0 || array.byteLength !== buffer.byteLength) { return; }
    const list = free.get(buffer.byteLength) ?? [];
    if (!list.includes(buffer)) { list.push(buffer); }
    free.set(buffer.byteLength, list);
  };

  function params(length: number): Float64Array {
    if (paramsArea.length < length) { paramsArea = allocateShared(Math.max(length, 2 * paramsArea.length)); }
    return paramsArea;
  }

  function partials(length: number): Float64Array {
    if (partialsArea.length < length) { partialsArea = allocateShared(Math.max(length, Math.ceil(1.5 * partialsArea.length))); }
    return partialsArea.subarray(0, length);
  }

  /** Writes a buffer reference into the control block, posting the buffer to the helpers the first time. */
  function setRef(index: number, array: Float64Array | Int32Array | null): void {
    const at = CTL.REFS + 3 * index;
    if (array === null) { Atomics.store(ctl, at, -1); return; }
    const buffer = array.buffer as SharedArrayBuffer;
    let id = bufferIds.get(buffer);
    if (id === undefined) {
      id = nextBufferId++;
      bufferIds.set(buffer, id);
      const message: ToHelper = { type: 'buffer', id, buffer };
      for (const h of helpers) { h.port.postMessage(message); }
    }
    Atomics.store(ctl, at, id);
    Atomics.store(ctl, at + 1, array.byteOffset / array.BYTES_PER_ELEMENT);
    Atomics.store(ctl, at + 2, array.length);
  }

  /** Waits until every helper has counted itself done with the current task, or throws. */
  function awaitDone(): void {
    // the helpers finish their last units about now: a short spin beats a sleep and a wake-up
    for (let i = 0; i < 20_000 && Atomics.load(ctl, CTL.DONE) < helpers.length; i++) { /* spin */ }
    const deadline = Date.now() + helperTimeoutMs;
    for (;;) {
      const done = Atomics.load(ctl, CTL.DONE);
      if (done >= helpers.length) { break; }
      if (Date.now() > deadline) { throw new Error('a parallel fit thread stopped responding'); }
      Atomics.wait(ctl, CTL.DONE, done, 1000);
    }
  }

  /** Runs every unit of the task on all threads; returns when all are done (partials filled). */
  function run(task: Task, extraInts: { nCandidates?: number } = {}): void {
    if (!started) { awaitHelpers(); }
    const shared = [task.data, task.f64, task.i32, task.lower, task.upper].every(a => a === null || isShared(a));
    if (helpers.length === 0 || task.nUnits < 2 || !shared) {
      for (let u = 0; u < task.nUnits; u++) { runUnit(task, u); }
      return;
    }
    Atomics.store(ctl, CTL.OP, task.op);
    Atomics.store(ctl, CTL.N_ROWS, task.nRows);
    Atomics.store(ctl, CTL.D, task.d);
    Atomics.store(ctl, CTL.K, task.k);
    Atomics.store(ctl, CTL.COVARIANCE, COVARIANCE_CODES.indexOf(task.covarianceType));
    Atomics.store(ctl, CTL.UNIT_ROWS, task.unitRows);
    Atomics.store(ctl, CTL.N_UNITS, task.nUnits);
    Atomics.store(ctl, CTL.SLOT, task.slot);
    Atomics.store(ctl, CTL.FLAG, task.flag ? 1 : 0);
    Atomics.store(ctl, CTL.ROW, task.row);
    Atomics.store(ctl, CTL.N_CANDIDATES, extraInts.nCandidates ?? 0);
    Atomics.store(ctl, CTL.PENDING_LABEL, task.pendingLabel);
    Atomics.store(ctl, CTL.WIDE_MODE, wideModeCode());
    Atomics.store(ctl, CTL.DERIVED_COMPONENT, task.derivedComponent);
    setRef(0, task.data);
    setRef(1, task.partials);
    setRef(2, paramsArea);
    setRef(3, task.f64);
    setRef(4, task.i32);
    setRef(5, task.lower);
    setRef(6, task.upper);
    Atomics.store(ctl, CTL.NEXT, 0);
    Atomics.store(ctl, CTL.DONE, 0);
    Atomics.store(ctl, CTL.ERROR, 0);
    Atomics.add(ctl, CTL.GEN, 1);
    Atomics.notify(ctl, CTL.GEN);
    runClaimedUnits(ctl, task);
    awaitDone();
    if (Atomics.load(ctl, CTL.ERROR) !== 0) {
      const reports = helpers.map(h => receiveMessageOnPort(h.port)?.message as FromHelper | undefined).filter(r => r !== undefined);
      throw new Error(`a parallel fit thread failed: ${reports.map(r => r.message).join('; ') || 'unknown error'}`);
    }
  }

  function baseTask(op: number, X: DataMatrix, slot: number, plan: { unitRows: number; nUnits: number }): Task {
    return {
      op, nRows: X.nSamples, d: X.nFeatures, k: 0, unitRows: plan.unitRows, nUnits: plan.nUnits, slot, flag: false, row: 0,
      data: X.data, partials: partials(plan.nUnits * slot), params: null, shift: null, centers: null, candidates: null,
      f64: null, i32: null, lower: null, upper: null, drift: -1, tolAbs: 0, covarianceType: 'full',
      anchors: null, drifts: null, others: null, separations: null, prune: null, gaps: null, pendingLabel: 0, derivedComponent: -1,
    };
  }

  function emTask(op: number, p: ComponentParameters, X: DataMatrix, resp: Float64Array, shift: Float64Array, slot: number): Task {
    const { covarianceType, nComponents: k, nFeatures: d } = p;
    const fs = factorSize(covarianceType, k, d);
    const area = params(2 * k * d + fs + k);
    area.set(p.means, 0);
    area.set(p.factors.subarray(0, fs), k * d);
    area.set(p.logNorm, k * d + fs);
    area.set(shift, k * d + fs + k);
    const task = baseTask(op, X, slot, planUnits(X.nSamples, slot));
    task.k = k;
    task.covarianceType = covarianceType;
    task.params = p;
    task.shift = shift;
    task.f64 = resp;
    return task;
  }

  function lloydTask(
    op: number, X: DataMatrix, centers: Float64Array, labels: Int32Array, distances: Float64Array, slot: number, bounds?: LloydBounds,
  ): Task {
    const k = centers.length / X.nFeatures;
    const area = params(centers.length + 2);
    area.set(centers, 0);
    area[centers.length] = bounds?.drift ?? -1;
    area[centers.length + 1] = bounds?.tolAbs ?? 0;
    const task = baseTask(op, X, slot, planUnits(X.nSamples, slot));
    task.k = k;
    task.centers = centers;
    task.i32 = labels;
    task.f64 = distances;
    if (bounds) {
      task.lower = bounds.lower;
      task.upper = bounds.upper;
      task.drift = bounds.drift;
      task.tolAbs = bounds.tolAbs;
    }
    return task;
  }

  /** Adds the units' partials in unit order, to sums cleared first (full passes) or not (changes). */
  function mergeLloyd(task: Task, slot: number, sums: LloydSums, clear: boolean): { inertia: number; changed: number } {
    if (clear) { clearLloydSums(sums); }
    const totals = { inertia: 0, changed: 0 };
    for (let u = 0; u < task.nUnits; u++) { mergeLloydUnit(task.partials, u * slot, totals, sums); }
    return totals;
  }

  let squaresArea = allocateShared(1024);
  /**
   * stats.sumSquares += the pass's units' triangles, in unit order entry by entry (mergeEmSquareRows),
   * the rows of the triangles cut among the threads; through a shared copy of sumSquares.
   */
  function mergeSquaresOnThreads(pass: Task, stats: SufficientStats): void {
    const { nComponents: k, nFeatures: d, sumSquares } = stats;
    if (squaresArea.length < sumSquares.length) { squaresArea = allocateShared(sumSquares.length); }
    const out = squaresArea.subarray(0, sumSquares.length);
    out.set(sumSquares);
    const nRows = k * d, unitRows = Math.ceil(nRows / Math.min(nRows, MERGE_UNITS));
    run({ ...pass, op: OP.EM_MERGE_SQUARES, nRows, unitRows, nUnits: Math.ceil(nRows / unitRows), row: pass.nUnits, f64: out });
    sumSquares.set(out);
  }

  let disposed = false;
  const executor: ParallelExecutor = {
    get nThreads() { return helpers.length + 1; },
    share(X) {
      if (isShared(X.data)) { return X; }
      const data = allocateFloat64(X.data.length);
      data.set(X.data);
      return { data, nSamples: X.nSamples, nFeatures: X.nFeatures };
    },
    allocateFloat64,
    allocateInt32,
    release,
    accumulate(p: ComponentParameters, X: DataMatrix, resp: Float64Array, stats: SufficientStats, derivedComponent = -1) {
      const slot = emSlotSize(p.covarianceType, p.nComponents, p.nFeatures);
      const task = emTask(OP.EM_ACCUMULATE, p, X, resp, stats.shift, slot);
      task.derivedComponent = derivedComponent;
      run(task);
      const squaresOnThreads = isTriangular(p.covarianceType) && helpers.length > 0 && task.nUnits > 1 && p.nFeatures >= MERGE_ON_THREADS_MIN_D;
      for (let u = 0; u < task.nUnits; u++) {
        const start = u * task.unitRows;
        mergeEmUnit(stats, task.partials, u * slot, Math.min(X.nSamples, start + task.unitRows) - start, !squaresOnThreads);
      }
      if (squaresOnThreads) { mergeSquaresOnThreads(task, stats); }
    },
    estimate(p, X, resp) {
      const task = emTask(OP.EM_ESTIMATE, p, X, resp, p.means, 1);
      run(task);
      let total = 0;
      for (let u = 0; u < task.nUnits; u++) { total += task.partials[u]!; }
      return total;
    },
    lloyd(X, centers, labels, distances, compareLabels, sums, bounds) {
      const k = centers.length / X.nFeatures;
      const slot = lloydSlotSize(k, X.nFeatures);
      const task = lloydTask(OP.LLOYD, X, centers, labels, distances, slot, bounds);
      task.flag = compareLabels;
      run(task);
      return mergeLloyd(task, slot, sums, true);
    },
    assign(X, centers, labels, distances) {
      const task = lloydTask(OP.ASSIGN, X, centers, labels, distances, 2);
      run(task);
      let inertia = 0;
      for (let u = 0; u < task.nUnits; u++) { inertia += task.partials[2 * u]!; }
      return inertia;
    },
    lloydSeeded(X, centers, labels, distances, prune, gaps, bounds, sums) {
      const d = X.nFeatures, k = centers.length / d;
      const slot = lloydSlotSize(k, d);
      const area = params(k * d + 2 * k + 1);
      area.set(centers, 0);
      area.set(prune, k * d);
      area.set(gaps, k * d + k);
      area[k * d + 2 * k] = bounds.tolAbs;
      const task = baseTask(OP.LLOYD_SEEDED, X, slot, planUnits(X.nSamples, slot));
      Object.assign(task, { k, centers, i32: labels, f64: distances, lower: bounds.lower, upper: bounds.upper, prune, gaps, tolAbs: bounds.tolAbs });
      run(task);
      return mergeLloyd(task, slot, sums, true);
    },
    lloydMove(X, centers, anchors, labels, bounds, drifts, others, separations, sums) {
      const d = X.nFeatures, k = centers.length / d;
      const slot = lloydSlotSize(k, d);
      const area = params(2 * k * d + 2 * k + k * k + 1);
      area.set(centers, 0);
      area.set(anchors, k * d);
      area.set(drifts, 2 * k * d);
      area.set(others, 2 * k * d + k);
      area.set(separations, 2 * k * d + 2 * k);
      area[2 * k * d + 2 * k + k * k] = bounds.tolAbs;
      const task = baseTask(OP.LLOYD_MOVE, X, slot, planUnits(X.nSamples, slot));
      Object.assign(task, { k, centers, anchors, i32: labels, lower: bounds.lower, upper: bounds.upper, drifts, others, separations, tolAbs: bounds.tolAbs });
      run(task);
      return mergeLloyd(task, slot, sums, false).changed;
    },
    inertia(X, centers, labels) {
      const d = X.nFeatures, k = centers.length / d;
      params(centers.length).set(centers, 0);
      const task = baseTask(OP.INERTIA, X, 1, planUnits(X.nSamples, 1));
      Object.assign(task, { k, centers, i32: labels });
      run(task);
      let inertia = 0;
      for (let u = 0; u < task.nUnits; u++) { inertia += task.partials[u]!; }
      return inertia;
    },
    columnSums(X, about) {
      const d = X.nFeatures;
      if (about !== null) { params(d).set(about, 0); }
      const task = baseTask(OP.COLUMN_SUMS, X, d, planUnits(X.nSamples, d));
      Object.assign(task, { centers: about, flag: about !== null });
      run(task);
      const sums = new Float64Array(d);
      for (let u = 0; u < task.nUnits; u++) { for (let j = 0; j < d; j++) { sums[j]! += task.partials[u * d + j]!; } }
      return sums;
    },
    seedStart(X, closest, labels, row, nCandidates) {
      const task = baseTask(OP.SEED_START, X, 1, seedUnits(X.nSamples, nCandidates));
      Object.assign(task, { f64: closest, i32: labels, row });
      run(task);
      return task.partials.slice(0, task.nUnits);
    },
    seedPotentials(X, closest, labels, pendingRow, pendingLabel, candidates, prune) {
      const nt = candidates.length;
      const task = baseTask(OP.SEED_POTENTIALS, X, nt, seedUnits(X.nSamples, nt));
      const area = params(nt + prune.length);
      area.set(candidates, 0);
      area.set(prune, nt);
      Object.assign(task, { f64: closest, i32: labels, row: pendingRow, pendingLabel, candidates, prune });
      run(task, { nCandidates: nt });
      return task.partials.slice(0, task.nUnits * nt);
    },
    precisionCholFull(covariances, k, d, precisionsChol) {
      // the blocks in the parameters area (the helpers' data), one unit each; slot: [jitter, factor]
      const area = params(k * d * d);
      area.set(covariances.subarray(0, k * d * d), 0);
      const slot = 1 + d * d;
      const task = baseTask(OP.PRECISION_CHOL, { data: area, nSamples: k, nFeatures: d }, slot, { unitRows: 1, nUnits: k });
      run(task);
      const jitters = new Float64Array(k);
      for (let c = 0; c < k; c++) {
        jitters[c] = task.partials[c * slot]!;
        precisionsChol.set(task.partials.subarray(c * slot + 1, (c + 1) * slot), c * d * d);
      }
      return jitters;
    },
    releaseAll() {
      free.clear();
      bufferIds = new WeakMap();
      paramsArea = allocateShared(1024);
      partialsArea = allocateShared(1024);
      if (helpers.length === 0 || !started) { return; }
      const forget: ToHelper = { type: 'forget' };
      for (const h of helpers) { h.port.postMessage(forget); }
      Atomics.store(ctl, CTL.OP, OP.FORGET);
      Atomics.store(ctl, CTL.DONE, 0);
      Atomics.store(ctl, CTL.ERROR, 0);
      Atomics.add(ctl, CTL.GEN, 1);
      Atomics.notify(ctl, CTL.GEN);
      awaitDone();
    },
    dispose() {
      if (disposed) { return; }
      disposed = true;
      // a helper still starting sees the exit at once (its generation 0 is behind)
      if (helpers.length > 0) {
        Atomics.store(ctl, CTL.OP, OP.EXIT);
        Atomics.add(ctl, CTL.GEN, 1);
        Atomics.notify(ctl, CTL.GEN);
        for (const h of helpers) { h.port.close(); void h.worker.terminate(); }
      }
      helpers = [];
    },
  };
  return executor;
}

/** The in-thread executor, for callers that pick one or the other. */
export { inThreadExecutor };
