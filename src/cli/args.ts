/**
 * The command line's words: the usage text, the errors that end a run with exit code 2, and the
 * flags read as text, numbers, choices and k ranges (each refused with a sentence when malformed).
 */
export const USAGE = `usage:
  cluster-lens fit FILE --algorithm gmm|kmeans|spectral|dbscan|hdbscan --k N [--covariance full|tied|diag|spherical]
               [--columns a,b,c] [--n-init N] [--seed S] [--max-iter N] [--tol X] [--reg-covar X]
               [--standardize|--no-standardize] [--init kmeans|k-means++|random|random_from_data]
               [--n-neighbors N (spectral)] [--eps X --min-samples N (dbscan)]
               [--min-cluster-size N --min-samples N (hdbscan)]
               [--missing model|drop|impute] [--delimiter C] [--save-model MODEL.json] [--json]
  --missing: model (mixtures' default) fits on the observed cells with the missing ones integrated
             out; drop (k-means' default; k-means cannot model them) leaves such rows out; impute
             fills the column mean
  cluster-lens fit FILE --model EII|VII|EEI|VEI|EVI|VVI|EEE|VEE|EVE|VVE|EEV|VEV|EVV|VVV (E|V on one column) …
  cluster-lens select FILE --k 1..8 [--covariance full,tied,diag,spherical] [fit options] [--json]
  cluster-lens select FILE --models all|VVV,VEV,… [--k 1..9] [--n-init N] [--seed S] [--max-iter N] [--tol X] [--reg-covar X] [--json]
  cluster-lens label FILE --out OUT.csv [--imputed] [fit options]
  cluster-lens label FILE --model MODEL.json --out OUT.csv|OUT.parquet [--columns a,b,c] [--no-stream]
             applies a saved model (fit --save-model, or the extension's Save Model) in one streaming
             pass: memory stays at a few 8 MB windows whatever the file's size; --columns names the
             file's columns for the model's, in the model's order; --no-stream reads the file whole;
             OUT.parquet (any label): Parquet, the original columns untouched (a CSV's cells as their
             text) plus cluster, p_cluster1…k and certainty
  --sample [N] (fit, label): fits a seeded uniform sample of N rows (default 100000) drawn in one
             streaming pass (--seed); label then labels every row in a second streaming pass
  --imputed (label, with missing cells modelled): adds imputed_<column> for each chosen column with a
             missing cell: each missing cell's conditional expectation under the fitted mixture
  cluster-lens export sql|python|pyspark MODEL.json --out FILE [--table NAME] [--dialect duckdb|postgres|spark|bigquery]
FILE is a delimited text file (.csv, .tsv, …) or a Parquet file (.parquet, or any name starting PAR1).`;

export class UsageError extends Error {}

/** A request or a result we refuse, with what to do instead (exit code 2). */
export class Refusal extends Error {
  constructor(message: string, readonly hint: string) { super(message); }
}
export interface Args { command: string; file: string; flags: Map<string, string | true> }

export function parseArgs(argv: string[]): Args {
  const [command, file, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') { throw new UsageError(''); }
  if (!file || file.startsWith('--')) { throw new UsageError(`${command}: which CSV file?`); }
  const flags = new Map<string, string | true>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (!arg.startsWith('--')) { throw new UsageError(`unexpected argument "${arg}"`); }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (inline !== undefined) { flags.set(name, inline); continue; }
    const next = rest[i + 1];
    if (next !== undefined && !next.startsWith('--')) { flags.set(name, next); i++; } else { flags.set(name, true); }
  }
  return { command, file, flags };
}

export function text(flags: Args['flags'], name: string): string | undefined {
  const value = flags.get(name);
  if (value === true) { throw new UsageError(`--${name} needs a value`); }
  return value;
}

export function number(flags: Args['flags'], name: string, fallback: number, { integer = false, min = -Infinity } = {}): number {
  const raw = text(flags, name);
  if (raw === undefined) { return fallback; }
  const value = Number(raw);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min) {
    throw new UsageError(`--${name} must be ${integer ? 'an integer' : 'a number'}${min > -Infinity ? ` ≥ ${min}` : ''}, not "${raw}"`);
  }
  return value;
}

export function choice<T extends string>(flags: Args['flags'], name: string, values: readonly T[], fallback: T): T {
  const raw = text(flags, name) ?? fallback;
  if (!(values as readonly string[]).includes(raw)) { throw new UsageError(`--${name} must be one of ${values.join(', ')}`); }
  return raw as T;
}

/** "1..8" or "2,3,5" → [1…8] or [2, 3, 5]. */
export function parseKRange(raw: string): number[] {
  const range = /^(\d+)\.\.(\d+)$/.exec(raw);
  const ks = range
    ? Array.from({ length: Math.max(0, Number(range[2]) - Number(range[1]) + 1) }, (_, i) => Number(range[1]) + i)
    : raw.split(',').map(Number);
  if (ks.length === 0 || ks.some(k => !Number.isInteger(k) || k < 1)) { throw new UsageError(`--k must be N, A..B or a list, not "${raw}"`); }
  return ks;
}
/** --delimiter as the reader takes it (\\t for a tab). */
export function delimiterFlag(args: Args): ',' | ';' | '\t' | '|' | undefined {
  const delimiter = text(args.flags, 'delimiter');
  if (delimiter !== undefined && ![',', ';', '\t', '|', '\\t'].includes(delimiter)) { throw new UsageError('--delimiter must be , ; | or \\t'); }
  return delimiter === '\\t' ? '\t' : (delimiter as ',' | ';' | '\t' | '|' | undefined);
}
