// Bytes to UTF-8 bytes, and ranges of those to text. The reader works on UTF-8 bytes and decodes
// only the records and cells it cannot read as plain numbers, so most of a numeric file never
// becomes a string. Without a BOM a file is UTF-8, unless its head is mostly invalid UTF-8: then
// it is Windows-1252 (Excel's "CSV" on Western systems), read as such and named in the report.
// Invalid UTF-8 in a file that is mostly valid is decoded with U+FFFD and counted, so the user is
// told rather than surprised. UTF-16 needs its BOM; UTF-32 is named and refused.

import type { ByteSource } from './byteSource';
import { CsvError } from './csvError';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodeStats {
  encoding: TextEncodingName;
  bom: boolean;
  bytesRead: number;
  /** Invalid byte sequences replaced by U+FFFD (0 for clean UTF-8). */
  invalidSequences: number;
  /** A UTF-16 file of an odd number of bytes: its last byte belongs to no character and was left out. */
  strayTrailingByte: boolean;
}

export interface DecodeOptions {
  onProgress?: (bytesRead: number, totalBytes: number | undefined) => void;
  signal?: AbortSignal;
}

const PROGRESS_STEP = 1 << 20;
const YIELD_EVERY_MS = 40;
/**
 * The encoding is decided on exactly this many first bytes (or the whole file if shorter), so the
 * decision never depends on how the bytes arrive in chunks.
 */
export const ENCODING_HEAD_BYTES = 64 * 1024;
/** The part of the head whose NUL bytes tell UTF-16/UTF-32 without a BOM from binary data. */
const NUL_PATTERN_BYTES = 8192;

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new CsvError('cancelled', 'Reading the file was cancelled.', 'Run the command again to read it.');
  }
}

/** Detects the encoding from the byte order mark at the start of a file (UTF-8 when there is none). */
export function detectEncoding(head: Uint8Array): { encoding: TextEncodingName; bom: boolean } {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) { return { encoding: 'utf-8', bom: true }; }
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) { return { encoding: 'utf-16le', bom: true }; }
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) { return { encoding: 'utf-16be', bom: true }; }
  return { encoding: 'utf-8', bom: false };
}

const SAVE_AS_UTF8 = 'Save the file as UTF-8 (in Excel: "CSV UTF-8"), or as UTF-16 with a byte order mark.';

/**
 * UTF-32 begins with FF FE 00 00 (little-endian) or 00 00 FE FF (big-endian). The first also
 * begins like UTF-16LE's mark, so it must be recognised first, or it is read as UTF-16 full of
 * NUL characters. It is refused by name: no spreadsheet writes it and TextDecoder cannot read it.
 */
function refuseUtf32(head: Uint8Array): void {
  if (head.length < 4) { return; }
  const le = head[0] === 0xff && head[1] === 0xfe && head[2] === 0 && head[3] === 0;
  const be = head[0] === 0 && head[1] === 0 && head[2] === 0xfe && head[3] === 0xff;
  if (le || be) {
    throw new CsvError('unsupported-encoding',
      `The file is UTF-32 text (${le ? 'little' : 'big'}-endian, with a byte order mark), which Cluster Lens does not read.`, SAVE_AS_UTF8);
  }
}

/**
 * Refuses a head that is clearly not UTF-8 text: NUL bytes never occur in a UTF-8 CSV. Their
 * pattern names what the file probably is (UTF-16 or UTF-32 without a byte order mark).
 */
function checkLooksLikeText(head: Uint8Array): void {
  const n = Math.min(head.length, NUL_PATTERN_BYTES);
  const nulAt = [0, 0, 0, 0];
  let nuls = 0;
  for (let i = 0; i < n; i++) { if (head[i] === 0) { nulAt[i & 3]!++; nuls++; } }
  if (nuls === 0) { return; }
  const quarter = n / 4, rare = n / 64;
  const many = (r: number): boolean => nulAt[r]! > quarter * 0.5;
  // ASCII in UTF-32: three NUL bytes of every four, the character's byte (last in BE, first in LE) never.
  if (n >= 8 && ((many(1) && many(2) && many(3) && nulAt[0]! < rare) || (many(0) && many(1) && many(2) && nulAt[3]! < rare))) {
    throw new CsvError('unsupported-encoding', 'The file looks like UTF-32 text without a byte order mark, which Cluster Lens does not read.', SAVE_AS_UTF8);
  }
  const odd = nulAt[1]! + nulAt[3]!, even = nulAt[0]! + nulAt[2]!;
  if (n >= 4 && (odd > n / 4 || even > n / 4) && Math.min(odd, even) < rare) {
    throw new CsvError('unsupported-encoding',
      'The file looks like UTF-16 text without a byte order mark, which cannot be read reliably.', SAVE_AS_UTF8);
  }
  throw binaryError(`a NUL byte at byte ${head.indexOf(0).toLocaleString('en-US')}`);
}

function binaryError(what: string): CsvError {
  return new CsvError('binary-file', `The file contains binary data (${what}), so it is not a CSV text file.`,
    'Choose a .csv or .tsv text file. Spreadsheets (.xlsx) must be saved as CSV first; a text file damaged by NUL characters must have them removed.');
}

/** A NUL character past the head, in the record that starts on `line` (see Utf8Text.nulSeen). */
export function nulError(line: number): CsvError {
  return binaryError(`a NUL character in the record on line ${line.toLocaleString('en-US')}`);
}

/**
 * Invalid UTF-8 in a file without a BOM is almost always Windows-1252 (Excel's "CSV" on Western
 * systems): é is E9 there, and read as UTF-8 "température" shows as "temp?rature". When invalid
 * sequences outnumber valid non-ASCII characters in the head, the file is read as Windows-1252
 * (every byte is a character there, so nothing is lost); a UTF-8 file with a damaged byte or two
 * stays UTF-8 and its invalid bytes are counted.
 */
function looksLikeWindows1252(head: Uint8Array): boolean {
  let nonAscii = false;
  for (let i = 0; i < head.length; i++) { if (head[i]! >= 0x80) { nonAscii = true; break; } }
  if (!nonAscii) { return false; }
  // stream: a character cut at the end of the head is not an error.
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(head, { stream: true });
  let invalid = 0, valid = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd) { invalid++; } else if (c >= 0x80) { valid++; }
  }
  // U+FFFD written as such (EF BF BD) is a valid character.
  for (let i = 2; i < head.length; i++) { if (head[i] === 0xbd && head[i - 1] === 0xbf && head[i - 2] === 0xef) { invalid--; valid++; } }
  return invalid > 0 && invalid > valid;
}

/**
 * Windows-1252's 0x80–0x9F (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ); the five
 * unassigned bytes map to the C1 controls, as in the WHATWG Encoding Standard. 0xA0–0xFF are
 * Latin-1. Written out because Node's TextDecoder('windows-1252') decodes Latin-1 (€ as U+0080).
 */
const CP1252_HIGH = Uint16Array.of(
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178);

function cp1252CodePoint(b: number): number { return b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80]! : b; }

/** Windows-1252 bytes as text. */
export function decodeWindows1252(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) { s += String.fromCharCode(cp1252CodePoint(bytes[i]!)); }
  return s;
}

/** Windows-1252 bytes as UTF-8 bytes, straight (one to three bytes each, no string between). */
function windows1252ToUtf8(bytes: Uint8Array): Uint8Array {
  let high = 0;
  for (let i = 0; i < bytes.length; i++) { if (bytes[i]! >= 0x80) { high++; } }
  if (high === 0) { return bytes; }
  const out = new Uint8Array(bytes.length + high * 2);
  let o = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80) { out[o++] = b; continue; }
    const c = cp1252CodePoint(b);
    if (c < 0x800) { out[o++] = 0xc0 | (c >> 6); out[o++] = 0x80 | (c & 0x3f); } else {
      out[o++] = 0xe0 | (c >> 12); out[o++] = 0x80 | ((c >> 6) & 0x3f); out[o++] = 0x80 | (c & 0x3f);
    }
  }
  return out.subarray(0, o);
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
 * reader decodes only what it must); UTF-16 and Windows-1252 are transcoded, undecodable UTF-16
 * units counted here. `stats` is filled in as the bytes go by (encoding and BOM are known once the
 * head has arrived). NUL past the head is found by Utf8Text, which sees every byte that is not a
 * digit or a delimiter: a scan of every chunk here cost 40% of a numeric file's read time.
 */
export async function* utf8Chunks(source: ByteSource, options: DecodeOptions, stats: DecodeStats): AsyncGenerator<Uint8Array> {
  const { onProgress, signal } = options;
  throwIfAborted(signal);
  let transcode: ((bytes: Uint8Array, final: boolean) => Uint8Array) | undefined;
  let started = false;
  let held: Uint8Array[] = []; // the head, held back until the encoding can be decided
  let heldBytes = 0;
  let lastReported = 0;
  let lastYield = now();

  const begin = (bytes: Uint8Array, final: boolean): Uint8Array => {
    started = true;
    const head = bytes.subarray(0, ENCODING_HEAD_BYTES);
    refuseUtf32(head);
    const found = detectEncoding(head);
    stats.encoding = found.encoding;
    stats.bom = found.bom;
    if (found.encoding === 'utf-8') {
      if (!found.bom) { checkLooksLikeText(head); }
      if (found.bom || !looksLikeWindows1252(head)) { return found.bom ? bytes.subarray(3) : bytes; }
      stats.encoding = 'windows-1252';
    }
    transcode = transcoder(stats);
    return transcode(bytes, final);
  };

  try {
    for await (const chunk of source.chunks) {
      throwIfAborted(signal);
      stats.bytesRead += chunk.length;
      let bytes = chunk;
      if (!started) {
        held.push(chunk);
        heldBytes += chunk.length;
        if (heldBytes < ENCODING_HEAD_BYTES) { continue; }
        bytes = begin(concatBytes(held), false);
        held = [];
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
  if (!started) { rest = begin(concatBytes(held), true); } else if (transcode !== undefined) { rest = transcode(new Uint8Array(0), true); }
  if (onProgress) { onProgress(stats.bytesRead, source.totalBytes); }
  if (rest.length > 0) { yield rest; }
}

/**
 * Bytes of a UTF-16 or Windows-1252 file to UTF-8. UTF-16 is fed to the decoder in whole code
 * units: a file of an odd number of bytes ends in a byte that belongs to no character, which is
 * left out and reported (the labelled writer copies it back after the last record), instead of
 * becoming a U+FFFD that would read as one more, ragged, row.
 */
function transcoder(stats: DecodeStats): (bytes: Uint8Array, final: boolean) => Uint8Array {
  if (stats.encoding === 'windows-1252') { return bytes => windows1252ToUtf8(bytes); }
  const decoder = decoderFor(stats.encoding), encoder = new TextEncoder();
  let carry = -1;
  return (chunk, final) => {
    let bytes = chunk;
    if (carry >= 0) { const joined = new Uint8Array(chunk.length + 1); joined[0] = carry; joined.set(chunk, 1); bytes = joined; carry = -1; }
    if (bytes.length % 2 === 1) { carry = bytes[bytes.length - 1]!; bytes = bytes.subarray(0, bytes.length - 1); }
    if (final && carry >= 0) { stats.strayTrailingByte = true; }
    const text = decoder.decode(bytes, { stream: !final });
    for (let at = text.indexOf('\ufffd'); at >= 0; at = text.indexOf('\ufffd', at + 1)) { stats.invalidSequences++; }
    return encoder.encode(text);
  };
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
  /**
   * A NUL byte was decoded. The fast scanner reads only digits, signs, points, delimiters and line
   * breaks itself and hands every other cell here, so every byte of the file past the head that
   * could be NUL passes through decode: the reader checks this after each batch.
   */
  nulSeen = false;
  // ignoreBOM: a U+FEFF inside the file is a character (the BOM itself never reaches here).
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });

  decode(bytes: Uint8Array, from: number, to: number): string {
    let ascii = true;
    for (let i = from; i < to; i++) {
      const b = bytes[i]!;
      if (b >= 0x80) { ascii = false; } else if (b === 0) { this.nulSeen = true; }
    }
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
