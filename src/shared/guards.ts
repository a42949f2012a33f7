/**
 * Small runtime checks for values that cross a trust boundary (webview ↔ host, worker ↔ host).
 * Each returns a readable reason instead of a boolean so a rejected message can be logged precisely.
 *
 * Each check also carries, for the compiler only, the type a passing value has: a message's type is
 * `Infer<typeof itsCheck>`, so every shape is written once (as its check) and the type cannot drift
 * from what is checked. Where src/core already names a type, `describes<T>()` holds the check to it.
 */

declare const checks: unique symbol;
declare const optionalField: unique symbol;

/** Passes (undefined) or says why not; a value that passes is a T. */
export interface Check<T = unknown> {
  (value: unknown, path: string): string | undefined;
  /** Type only: never present at run time. */
  readonly [checks]: T;
}

/** The type of the values a check passes. */
export type Infer<C> = C extends Check<infer T> ? T : never;

/** A field an object may leave out (`optional`): its key is optional in the object's type. */
export type OptionalCheck<T> = Check<T | undefined> & { readonly [optionalField]: true };

/** Flattens intersections so a message reads as one object in editors and errors. */
export type Flatten<T> = { [K in keyof T]: T[K] } & {};

type Shape = Record<string, Check<unknown>>;
type OptionalKeys<S> = { [K in keyof S]: S[K] extends OptionalCheck<unknown> ? K : never }[keyof S];

/** The object type of a shape: a field per check, optional where the check is `optional`. */
export type ObjectOf<S extends Shape> = Flatten<
  { [K in keyof S as K extends OptionalKeys<S> ? never : K]: Infer<S[K]> }
  & { [K in keyof S as K extends OptionalKeys<S> ? K : never]?: Exclude<Infer<S[K]>, undefined> }
>;

/** A hand-written check: the caller states what a passing value is (prefer the combinators below). */
export function check<T>(fn: (value: unknown, path: string) => string | undefined): Check<T> {
  return fn as Check<T>;
}

/**
 * The members of a string union as a runtime list (for `oneOf`), which the compiler refuses unless
 * it names every member: `allOf<Algorithm>()(['gmm', 'kmeans'])`. A value added to the union where
 * it is defined (src/core) is then an error here, naming the missing value, instead of a message
 * the guard silently refuses.
 */
export function allOf<U extends string>() {
  return <const L extends readonly U[]>(list: L & ([Exclude<U, L[number]>] extends [never] ? unknown : { missing: Exclude<U, L[number]> })): L => list;
}

/**
 * Holds a check to a type defined elsewhere (src/core): the compiler refuses it unless every value
 * it passes is a T and it checks every field of T (`unchecked` names a field it forgot). The check
 * is then typed as T itself, so the protocol speaks the engine's type, not a twin of it.
 */
export function describes<T>() {
  return <C extends Check<T>>(check: C & ([Exclude<keyof T, keyof Infer<C>>] extends [never] ? unknown : { unchecked: Exclude<keyof T, keyof Infer<C>> })): Check<T> => check;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const string = check<string>((v, p) => (typeof v === 'string' ? undefined : `${p} must be a string`));
export const boolean = check<boolean>((v, p) => (typeof v === 'boolean' ? undefined : `${p} must be a boolean`));

export function finite(min = -Infinity, max = Infinity): Check<number> {
  return check((v, p) =>
    typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max
      ? undefined
      : `${p} must be a finite number in [${min}, ${max}]`);
}

export function integer(min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): Check<number> {
  return check((v, p) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
      ? undefined
      : `${p} must be an integer in [${min}, ${max}]`);
}

/** Any number, NaN and ±Infinity included (a statistic that may be undefined). */
export const numberOrNaN = check<number>((v, p) => (typeof v === 'number' ? undefined : `${p} must be a number`));

export function oneOf<const T extends string>(values: readonly T[]): Check<T> {
  return check((v, p) =>
    typeof v === 'string' && (values as readonly string[]).includes(v)
      ? undefined
      : `${p} must be one of ${values.join(', ')}`);
}

export function optional<T>(inner: Check<T>): OptionalCheck<T> {
  return check((v, p) => (v === undefined ? undefined : inner(v, p))) as OptionalCheck<T>;
}

export function nullable<T>(inner: Check<T>): Check<T | null> {
  return check((v, p) => (v === null ? undefined : inner(v, p)));
}

export function arrayOf<T>(item: Check<T>, maxLength = 1_000_000): Check<T[]> {
  return check((v, p) => {
    if (!Array.isArray(v)) { return `${p} must be an array`; }
    if (v.length > maxLength) { return `${p} has more than ${maxLength} items`; }
    for (let i = 0; i < v.length; i++) {
      const why = item(v[i], `${p}[${i}]`);
      if (why) { return why; }
    }
    return undefined;
  });
}

const typedArrayConstructors = { Float64Array, Float32Array, Int32Array, Uint8Array };
type TypedArrays = { Float64Array: Float64Array; Float32Array: Float32Array; Int32Array: Int32Array; Uint8Array: Uint8Array };

/** Typed arrays survive postMessage as typed arrays; anything else (a plain array, a DataView) is refused. */
export function typedArray<N extends keyof TypedArrays>(name: N): Check<TypedArrays[N]> {
  return check((v, p) => (v instanceof typedArrayConstructors[name] ? undefined : `${p} must be a ${name}`));
}

/** An object with these fields (others are allowed and ignored), checked in the shape's order. */
export function object<S extends Shape>(shape: S): Check<ObjectOf<S>> {
  return check((v, p) => {
    if (!isRecord(v)) { return `${p} must be an object`; }
    for (const [key, field] of Object.entries(shape)) {
      const why = field(v[key], `${p}.${key}`);
      if (why) { return why; }
    }
    return undefined;
  });
}

/** One of several object shapes, chosen by the value of a tag field (`kind`). */
export function tagged<K extends string, M extends Record<string, Check<unknown>>>(tag: K, shapes: M): Check<Infer<M[keyof M]>> {
  const tags = Object.keys(shapes);
  return check((v, p) => {
    if (!isRecord(v)) { return `${p} must be an object`; }
    const value = v[tag];
    return typeof value === 'string' && Object.hasOwn(shapes, value) ? shapes[value]!(v, p) : `${p}.${tag} must be one of ${tags.join(', ')}`;
  });
}

/** A check, then what its fields cannot say alone (lengths that must agree with each other), on the typed value. */
export function refine<T>(inner: Check<T>, more: (value: T, path: string) => string | undefined): Check<T> {
  return check((v, p) => inner(v, p) ?? more(v as T, p));
}

/** The messages a record of checks describes, one per key: `{ type: key }` and what its check passes. */
export type MessageOf<S> = { [K in keyof S & string]: Flatten<{ type: K } & Infer<S[K]>> }[keyof S & string];
