// The fast path of the Parquet reader: a flat numeric column chunk decoded straight into our
// Float64Array.
//
// hyparquet's own read assembles every page through its general Dremel assembly (lists,
// structs, maps), and a flat column with nulls comes out as a JS array of numbers and nulls
// that we then copy again: measured at 1M × 10 doubles, that assembly was half the read time.
// A flat column (no repetition, definition level 0 or 1) needs none of it: its definition levels
// say which rows hold the next value. So this walks the pages itself with hyparquet's page
// decoders (header, decompression, levels, PLAIN/dictionary/delta/byte-stream-split values,
// decimal conversion) and writes each value once, where it belongs.

import { parquetHeader } from 'hyparquet/src/column.js';
import { convert, convertWithDictionary, DEFAULT_PARSERS } from 'hyparquet/src/convert.js';
import { decompressPage, readDataPage, readDataPageV2 } from 'hyparquet/src/datapage.js';
import { readPlain } from 'hyparquet/src/plain.js';
import type { ColumnDecoder, ColumnMetaData, Compressors, DecodedArray, SchemaTree } from 'hyparquet/src/types.js';

export interface NumberTally {
  /** Cells that are null or NaN */
  missing: number;
  /** 64-bit integers beyond ±2^53, rounded to the nearest double */
  unsafeIntegers: number;
}

/**
 * Decodes the column chunk `bytes` (from its first page to its end) into out[at, at + nRows),
 * NaN for nulls. `meta` is the chunk's metadata, `schemaPath` root → column, a flat one (not
 * repeated, no children: the caller leaves nested columns out).
 */
export function readNumberChunk(bytes: Uint8Array, meta: ColumnMetaData, schemaPath: SchemaTree[], compressors: Compressors,
  out: Float64Array, at: number, nRows: number, tally: NumberTally): void {
  const element = schemaPath[schemaPath.length - 1]!.element;
  const decoder: ColumnDecoder = {
    pathInSchema: meta.path_in_schema, type: meta.type, element, schemaPath, codec: meta.codec, parsers: DEFAULT_PARSERS, compressors,
  };
  // A value is present where the definition level is the column's maximum (1 when optional).
  const maxDefinition = element.repetition_type === 'OPTIONAL' ? 1 : 0;
  const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
  const end = at + nRows;
  let row = at;
  let dictionary: DecodedArray | undefined;
  while (row < end && reader.offset < bytes.byteLength - 1) {
    const header = parquetHeader(reader);
    const compressed = bytes.subarray(reader.offset, reader.offset + header.compressed_page_size);
    reader.offset += header.compressed_page_size;
    if (header.type === 'DICTIONARY_PAGE') {
      const page = decompressPage(compressed, header.uncompressed_page_size, decoder.codec, compressors);
      const pageReader = { view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 };
      dictionary = convert(readPlain(pageReader, decoder.type, header.dictionary_page_header!.num_values, element.type_length), decoder);
      continue;
    }
    let levels: number[] | undefined, values: DecodedArray;
    if (header.type === 'DATA_PAGE') {
      const daph = header.data_page_header!;
      const page = decompressPage(compressed, header.uncompressed_page_size, decoder.codec, compressors);
      const { definitionLevels, dataPage } = readDataPage(page, daph, decoder);
      levels = definitionLevels;
      values = convertWithDictionary(dataPage, dictionary, daph.encoding, decoder);
    } else if (header.type === 'DATA_PAGE_V2') {
      const { definitionLevels, dataPage } = readDataPageV2(compressed, header, decoder);
      levels = definitionLevels;
      values = convertWithDictionary(dataPage, dictionary, header.data_page_header_v2!.encoding, decoder);
    } else {
      continue; // an index page: nothing of ours
    }
    row = scatter(levels, maxDefinition, values, out, row, end, tally);
  }
}

/** Writes a page's values to their rows (NaN where the level says null); returns the next row. */
function scatter(levels: number[] | undefined, maxDefinition: number, values: DecodedArray,
  out: Float64Array, row: number, end: number, tally: NumberTally): number {
  const n = levels !== undefined && levels.length > 0 ? levels.length : values.length;
  const count = Math.min(n, end - row);
  const present = levels !== undefined && levels.length > 0 && maxDefinition > 0 ? levels : undefined;
  if (values instanceof Float64Array || values instanceof Float32Array || values instanceof Int32Array || values instanceof Uint32Array) {
    if (present === undefined) {
      out.set(values.subarray(0, count), row);
      for (let i = 0; i < count; i++) { if (Number.isNaN(out[row + i]!)) { tally.missing++; } }
      return row + count;
    }
    let v = 0;
    for (let i = 0; i < count; i++) {
      if (present[i] === maxDefinition) { const x = values[v++]!; out[row + i] = x; if (Number.isNaN(x)) { tally.missing++; } } else { out[row + i] = NaN; tally.missing++; }
    }
    return row + count;
  }
  // BigInt64Array and plain arrays (decimals, converted integers): one value at a time.
  let v = 0;
  for (let i = 0; i < count; i++) {
    if (present !== undefined && present[i] !== maxDefinition) { out[row + i] = NaN; tally.missing++; continue; }
    const raw = values[v++] as unknown;
    let x: number;
    if (typeof raw === 'bigint') {
      x = Number(raw);
      if (!Number.isSafeInteger(x)) { tally.unsafeIntegers++; }
    } else if (raw === null || raw === undefined) {
      x = NaN;
    } else {
      x = Number(raw);
    }
    out[row + i] = x;
    if (Number.isNaN(x)) { tally.missing++; }
  }
  return row + count;
}
