// Bytes to UTF-8 bytes, and ranges of those to text. The reader works on UTF-8 bytes and decodes
// only the records and cells it cannot read as plain numbers, so most of a numeric file never
// becomes a string. UTF-8 is the only encoding without a BOM we accept: CSV has no way to declare
// one, and a wrong guess silently corrupts every non-ASCII name. Invalid UTF-8 (usually Windows-1252 from Excel)
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
 * The file's bytes as UTF-8 without the BOM, chunk by chunk. UTF-8 passes through uncopied (the
 * reader decodes only what it must); UTF-16 is transcoded, its undecodable units counted here.
 * `stats` is filled in as the bytes go by (encoding and BOM are known after the first chunk).
 */
export async function* utf8Chunks(source: ByteSource, options: DecodeOptions, stats: DecodeStats): AsyncGenerator<Uint8Array> {
  const { onProgress, signal } = options;
  throwIfAborted(signal);
  let transcode: ((bytes: Uint8Array, final: boolean) => Uint8Array) | undefined;
  let started = false;
  let head: Uint8Array | undefined; // bytes held back until there are enough to see a BOM
  let lastReported = 0;
  let lastYield = now();

  const begin = (bytes: Uint8Array): Uint8Array => {
    started = true;
    const found = detectEncoding(bytes);
    stats.encoding = found.encoding;
    stats.bom = found.bom;
    checkLooksLikeText(bytes, found.encoding);
    if (found.encoding === 'utf-8') { return found.bom ? bytes.subarray(3) : bytes; }
    const decoder = decoderFor(found.encoding), encoder = new TextEncoder();
    transcode = (chunk, final) => {
      const text = decoder.decode(chunk, { stream: !final });
      for (let at = text.indexOf('\ufffd'); at >= 0; at = text.indexOf('\ufffd', at + 1)) { stats.invalidSequences++; }
      return encoder.encode(text);
    };
    return transcode(bytes, false);
  };

  try {
    for await (const chunk of source.chunks) {
      throwIfAborted(signal);
      stats.bytesRead += chunk.length;
      let bytes = chunk;
      if (!started) {
        // A BOM split across chunks is rare but cheap to handle.
        if (head !== undefined) { const joined = new Uint8Array(head.length + chunk.length); joined.set(head); joined.set(chunk, head.length); bytes = joined; }
        if (bytes.length < 4) { head = bytes.slice(); continue; }
        head = undefined;
        bytes = begin(bytes);
      } else if (transcode !== undefined) {
        bytes = transcode(bytes, false);
      }
      if (onProgress && stats.bytesRead - lastReported >= PROGRESS_STEP) { lastReported = stats.bytesRead; onProgress(stats.bytesRead, source.totalBytes); }
      if (bytes.length > 0) { yield bytes; }
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
  let rest: Uint8Array = new Uint8Array(0);
  if (!started) { rest = begin(head ?? rest); }
  if (transcode !== undefined) { rest = concatBytes([rest, transcode(new Uint8Array(0), true)]); }
  if (onProgress) { onProgress(stats.bytesRead, source.totalBytes); }
  if (rest.length > 0) { yield rest; }
}

const REPLACEMENT = '\ufffd';

/**
 * Decodes ranges of UTF-8 and counts the invalid sequences met (the file is probably
 * Windows-1252). Ranges start and end next to ASCII bytes (delimiters, line breaks), where the
 * decoder has no state, so decoding every byte once in ranges counts exactly what decoding the
 * whole file would; the reader makes sure no byte is decoded twice.
 */
export class Utf8Text {
  invalidSequences = 0;
  // ignoreBOM: a U+FEFF inside the file is a character (the BOM itself never reaches here).
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });

  decode(bytes: Uint8Array, from: number, to: number): string {
    let ascii = true;
    for (let i = from; i < to; i++) { if (bytes[i]! >= 0x80) { ascii = false; break; } }
    if (ascii && to - from <= 32) {
      // Short ASCII cells are most slow cells (NA, labels): cheaper than a call into the decoder.
      let s = '';
      for (let i = from; i < to; i++) { s += String.fromCharCode(bytes[i]!); }
      return s;
    }
    const text = this.decoder.decode(bytes.subarray(from, to));
    if (!ascii && text.includes(REPLACEMENT)) {
      let replaced = 0, literal = 0;
      for (let at = text.indexOf(REPLACEMENT); at >= 0; at = text.indexOf(REPLACEMENT, at + 1)) { replaced++; }
      // U+FFFD written as such (EF BF BD) is valid.
      for (let i = from + 2; i < to; i++) { if (bytes[i] === 0xbd && bytes[i - 1] === 0xbf && bytes[i - 2] === 0xef) { literal++; } }
      this.invalidSequences += replaced - literal;
    }
    return text;
  }
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) { return parts[0]!; }
  let n = 0;
  for (const p of parts) { n += p.length; }
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

function now(): number { return typeof performance !== 'undefined' ? performance.now() : Date.now(); }
