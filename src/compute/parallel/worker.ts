/**
 * A helper thread of the parallel executor (bundled as dist/parallelWorker.js). It never uses its
 * event loop: it sleeps in Atomics.wait on the control block's generation, runs the task's units
 * it can claim, counts itself done and sleeps again. Buffers arrive on its MessagePort and are read
 * synchronously (receiveMessageOnPort) when a task names one it has not seen.
 */
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { allowRelaxedSimd } from '../relaxedSimd';
import { CTL, OP, applyWideMode, decodeTask, runClaimedUnits, type FromHelper, type ToHelper } from './tasks';

allowRelaxedSimd();

interface HelperData { control: SharedArrayBuffer; port: MessagePort }

const { control, port } = workerData as HelperData;
const ctl = new Int32Array(control);
const buffers = new Map<number, SharedArrayBuffer>();

function bufferById(id: number): SharedArrayBuffer {
  let buffer = buffers.get(id);
  for (let attempt = 0; buffer === undefined; attempt++) {
    const received = receiveMessageOnPort(port);
    if (received === undefined) {
      // posted before the task started, so it is there; this only guards against a slow queue
      if (attempt > 10_000) { throw new Error(`parallel helper: buffer ${id} never arrived`); }
      Atomics.wait(ctl, CTL.SIZE - 1, 0, 1);
      continue;
    }
    handle(received.message as ToHelper);
    buffer = buffers.get(id);
  }
  return buffer;
}

function handle(message: ToHelper): void {
  if (message.type === 'forget') { buffers.clear(); } else { buffers.set(message.id, message.buffer); }
}

/** Reads every message waiting (OP.FORGET: the coordinator waits until the buffers are let go). */
function drainPort(): void {
  for (let received = receiveMessageOnPort(port); received !== undefined; received = receiveMessageOnPort(port)) {
    handle(received.message as ToHelper);
  }
}

function view(ref: number, kind: 'f64' | 'i32'): Float64Array | Int32Array | null {
  const at = CTL.REFS + 3 * ref;
  const id = Atomics.load(ctl, at);
  if (id < 0) { return null; }
  const offset = Atomics.load(ctl, at + 1), length = Atomics.load(ctl, at + 2);
  const buffer = bufferById(id);
  return kind === 'f64' ? new Float64Array(buffer, offset * 8, length) : new Int32Array(buffer, offset * 4, length);
}

// Generation 0 is the pool's initial one: a helper can only be one task behind, never skip one.
let generation = 0;
Atomics.add(ctl, CTL.READY, 1);
Atomics.notify(ctl, CTL.READY);
/** After a task, stay on the core this long for the next one (passes of a fit come back to back) before sleeping. */
const SPIN_MS = 2;
function spinForNextTask(): void {
  const until = performance.now() + SPIN_MS;
  do {
    for (let i = 0; i < 200; i++) { if (Atomics.load(ctl, CTL.GEN) !== generation) { return; } }
  } while (performance.now() < until);
}

for (;;) {
  spinForNextTask();
  Atomics.wait(ctl, CTL.GEN, generation);
  const now = Atomics.load(ctl, CTL.GEN);
  if (now === generation) { continue; }
  generation = now;
  const op = Atomics.load(ctl, CTL.OP);
  if (op === OP.EXIT) { break; }
  try {
    if (op === OP.FORGET) { drainPort(); } else {
      applyWideMode(Atomics.load(ctl, CTL.WIDE_MODE));
      runClaimedUnits(ctl, decodeTask(ctl, view));
    }
  } catch (err) {
    Atomics.store(ctl, CTL.ERROR, 1);
    const report: FromHelper = { type: 'error', message: err instanceof Error ? err.stack ?? err.message : String(err) };
    port.postMessage(report);
  }
  Atomics.add(ctl, CTL.DONE, 1);
  Atomics.notify(ctl, CTL.DONE);
}
port.close();
