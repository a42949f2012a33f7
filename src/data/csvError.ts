// The one error type the data layer lets out: the host shows `message` and `hint` to the user as
// they are, so both are plain sentences about the file, never about our code.

/** Every way reading a CSV can fail, so the host can react to a kind (e.g. `cancelled`) without parsing text. */
export type CsvErrorCode =
  | 'empty-file'
  | 'no-data-rows'
  | 'binary-file'
  | 'unsupported-encoding'
  | 'record-too-long'
  | 'header-mismatch'
  | 'all-rows-ragged'
  | 'cancelled'
  | 'read-failed'
  | 'too-large'
  | 'unknown-column'
  | 'no-numeric-columns'
  | 'no-complete-rows'
  | 'invalid-model'
  | 'invalid-labels';

/** Thrown for input that cannot be clustered; message = what is wrong, hint = what to do. Never a raw stack for the user. */
export class CsvError extends Error {
  override readonly name = 'CsvError';
  constructor(readonly code: CsvErrorCode, message: string, readonly hint: string) {
    super(message);
  }
}

export function isCsvError(e: unknown): e is CsvError {
  return e instanceof CsvError;
}
