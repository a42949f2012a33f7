// Bytes to text, one chunk at a time, so the file is never held as bytes and text at once.
// UTF-8 is the only encoding without a BOM we accept: CSV has no way to declare one, and a wrong
// guess silently corrupts every non-ASCII name. Invalid UTF-8 (usually Windows-1252 from Excel)
// is decoded with U+FFFD and counted, so the user is told rather than surprised.

import type { ByteSource } from './byteSource';
import { CsvError } from './csvError';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface DecodeStats {
  encoding: TextEncodingName;
  bom: boolean;
  bytesRead: number;
  /** Invalid byte sequences replaced by U+FFFD (0 for clean UTF-8). */
  invalidSequences: number;
}

export interface DecodeOptions {
  onProgress?: (bytesRead: number, totalBytes: number | undefined) => void;
  signal?: AbortSignal;
}

const PROGRESS_STEP = 1 << 20;
const YIELD_EVERY_MS = 40;

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new CsvError('cancelled', 'Reading the file was cancelled.', 'Run the command again to read it.');
  }
}

/** Detects the encoding from the first bytes of a file. */
export function detectEncoding(head: Uint8Array): { encoding: TextEncodingName; bom: boolean } {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) { return { encoding: 'utf-8', bom: true }; }
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) { return { encoding: 'utf-16le', bom: true }; }
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) { return { encoding: 'utf-16be', bom: true }; }
  return { encoding: 'utf-8', bom: false };
}

/** Refuses bytes that are clearly not text: NUL bytes never occur in a UTF-8 CSV. */
function checkLooksLikeText(head: Uint8Array, encoding: TextEncodingName): void {
  if (encoding !== 'utf-8') { return; }
  const n = Math.min(head.length, 8192);
  let nulAtOdd = 0, nulAtEven = 0;
  for (let i = 0; i < n; i++) {
    if (head[i] === 0) { if (i % 2 === 1) { nulAtOdd++; } else { nulAtEven++; } }
  }
  if (nulAtOdd + nulAtEven === 0) { return; }
  if (n >= 4 && (nulAtOdd > n / 4 || nulAtEven > n / 4) && Math.min(nulAtOdd, nulAtEven) < n / 64) {
    throw new CsvError('unsupported-encoding',
      'The file looks like UTF-16 text without a byte order mark, which cannot be read reliably.',
      'Save the file as UTF-8 (in Excel: "CSV UTF-8"), or as UTF-16 with a byte order mark.');
  }
  throw new CsvError('binary-file',
    'The file contains binary data (NUL bytes), so it is not a CSV text file.',
    'Choose a .csv or .tsv text file. Spreadsheets (.xlsx) must be saved as CSV first.');
}

function decoderFor(encoding: TextEncodingName): TextDecoder {
  try {
    return new TextDecoder(encoding, { fatal: false, ignoreBOM: false });
  } catch {
    throw new CsvError('unsupported-encoding',
      `The file is ${encoding.toUpperCase()} text, which this environment cannot decode.`,
      'Save the file as UTF-8 and open it again.');
  }
}

/**
 * Decodes a byte source into text pieces. The BOM is not part of the text. `stats` is filled in
 * as the bytes go by (encoding and BOM are known after the first piece).
 */
export async function* decodeText(source: ByteSource, options: DecodeOptions, stats: DecodeStats): AsyncGenerator<string> {
  const { onProgress, signal } = options;
  throwIfAborted(signal);
  let decoder: TextDecoder | undefined;
  let head: Uint8Array | undefined; // bytes held back until there are enough to see a BOM
  let lastReported = 0;
  let lastYield = now();
  // Raw U+FFFD already present in a valid file (EF BF BD) is not an error; tail keeps the last
  // two bytes so a sequence split between chunks is still recognised.
  let legitReplacement = 0;
  let tail0 = -1, tail1 = -1;
  let decodedReplacement = 0;

  const decodeChunk = (bytes: Uint8Array, final: boolean): string => {
    if (decoder === undefined) {
      const found = detectEncoding(bytes);
      stats.encoding = found.encoding;
      stats.bom = found.bom;
      checkLooksLikeText(bytes, found.encoding);
      decoder = decoderFor(found.encoding);
    }
    const text = decoder.decode(bytes, { stream: !final });
    let replaced = 0;
    for (let at = text.indexOf('\ufffd'); at >= 0; at = text.indexOf('\ufffd', at + 1)) { replaced++; }
    if (replaced > 0 && stats.encoding === 'utf-8') {
      // Only when something was replaced: look for U+FFFD written as such (EF BF BD), which is valid.
      for (let i = 0; i < bytes.length; i++) {
        if (bytes[i] === 0xbd && (i >= 1 ? bytes[i - 1] : tail1) === 0xbf && (i >= 2 ? bytes[i - 2] : i === 1 ? tail1 : tail0) === 0xef) { legitReplacement++; }
      }
    }
    if (bytes.length >= 2) { tail0 = bytes[bytes.length - 2]!; tail1 = bytes[bytes.length - 1]!; } else if (bytes.length === 1) { tail0 = tail1; tail1 = bytes[0]!; }
    decodedReplacement += replaced;
    stats.invalidSequences = Math.max(0, decodedReplacement - legitReplacement);
    return text;
  };

  try {
    for await (const chunk of source.chunks) {
      throwIfAborted(signal);
      stats.bytesRead += chunk.length;
      let bytes = chunk;
      if (decoder === undefined) {
        // A BOM split across chunks is rare but cheap to handle.
        if (head !== undefined) { const joined = new Uint8Array(head.length + chunk.length); joined.set(head); joined.set(chunk, head.length); bytes = joined; }
        if (bytes.length < 4) { head = bytes.slice(); continue; }
        head = undefined;
      }
      const text = decodeChunk(bytes, false);
      if (onProgress && stats.bytesRead - lastReported >= PROGRESS_STEP) { lastReported = stats.bytesRead; onProgress(stats.bytesRead, source.totalBytes); }
      if (text.length > 0) { yield text; }
      if (now() - lastYield > YIELD_EVERY_MS) {
        // In-memory sources resolve in microtasks; a macrotask lets a cancel message arrive.
        await new Promise<void>(resolve => setTimeout(resolve, 0));
        lastYield = now();
        throwIfAborted(signal);
      }
    }
  } catch (e) {
    if (e instanceof CsvError) { throw e; }
    throw new CsvError('read-failed', `The file could not be read: ${e instanceof Error ? e.message : String(e)}.`,
      'Check that the file still exists and is readable, then try again.');
  }
  const rest = decoder === undefined ? decodeChunk(head ?? new Uint8Array(0), true) : decodeChunk(new Uint8Array(0), true);
  if (onProgress) { onProgress(stats.bytesRead, source.totalBytes); }
  if (rest.length > 0) { yield rest; }
}

function now(): number { return typeof performance !== 'undefined' ? performance.now() : Date.now(); }
