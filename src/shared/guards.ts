/**
 * Small runtime checks for values that cross a trust boundary (webview ↔ host, worker ↔ host).
 * Each returns a readable reason instead of a boolean so a rejected message can be logged precisely.
 */

export type Check = (value: unknown, path: string) => string | undefined;

/**
 * The members of a string union as a runtime list (for `oneOf`), which the compiler refuses unless
 * it names every member: `allOf<Algorithm>()(['gmm', 'kmeans'])`. A value added to the union where
 * it is defined (src/core) is then an error here, naming the missing value, instead of a message
 * the guard silently refuses.
 */
export function allOf<U extends string>() {
  return <const L extends readonly U[]>(list: L & ([Exclude<U, L[number]>] extends [never] ? unknown : { missing: Exclude<U, L[number]> })): L => list;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const string: Check = (v, p) => (typeof v === 'string' ? undefined : `${p} must be a string`);
export const boolean: Check = (v, p) => (typeof v === 'boolean' ? undefined : `${p} must be a boolean`);

export function finite(min = -Infinity, max = Infinity): Check {
  return (v, p) =>
    typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max
      ? undefined
      : `${p} must be a finite number in [${min}, ${max}]`;
}

export function integer(min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): Check {
  return (v, p) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
      ? undefined
      : `${p} must be an integer in [${min}, ${max}]`;
}

export function oneOf<T extends string>(values: readonly T[]): Check {
  return (v, p) =>
    typeof v === 'string' && (values as readonly string[]).includes(v)
      ? undefined
      : `${p} must be one of ${values.join(', ')}`;
}

export function optional(check: Check): Check {
  return (v, p) => (v === undefined ? undefined : check(v, p));
}

export function nullable(check: Check): Check {
  return (v, p) => (v === null ? undefined : check(v, p));
}

export function arrayOf(check: Check, maxLength = 1_000_000): Check {
  return (v, p) => {
    if (!Array.isArray(v)) { return `${p} must be an array`; }
    if (v.length > maxLength) { return `${p} has more than ${maxLength} items`; }
    for (let i = 0; i < v.length; i++) {
      const why = check(v[i], `${p}[${i}]`);
      if (why) { return why; }
    }
    return undefined;
  };
}

type TypedArrayName = 'Float64Array' | 'Float32Array' | 'Int32Array' | 'Uint8Array';
const typedArrayConstructors = { Float64Array, Float32Array, Int32Array, Uint8Array };

/** Typed arrays survive postMessage as typed arrays; anything else (a plain array, a DataView) is refused. */
export function typedArray(name: TypedArrayName): Check {
  return (v, p) => (v instanceof typedArrayConstructors[name] ? undefined : `${p} must be a ${name}`);
}

export function object(shape: Record<string, Check>): Check {
  return (v, p) => {
    if (!isRecord(v)) { return `${p} must be an object`; }
    for (const [key, check] of Object.entries(shape)) {
      const why = check(v[key], `${p}.${key}`);
      if (why) { return why; }
    }
    return undefined;
  };
}
