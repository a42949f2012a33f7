// Minimal assertions that run in both extension hosts (node:assert does not exist in the web worker host).

export function ok(cond: unknown, msg: string): asserts cond {
  if (!cond) { throw new Error(msg); }
}

export function equal<T>(actual: T, expected: T, what: string): void {
  if (actual !== expected) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

/** Rejects when `p` has not settled after `ms`, so one stuck command cannot eat the whole run. */
export function within<T>(p: Thenable<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what}: no answer after ${ms} ms`)), ms);
    Promise.resolve(p).then(v => { clearTimeout(t); resolve(v); }, e => { clearTimeout(t); reject(e); });
  });
}
