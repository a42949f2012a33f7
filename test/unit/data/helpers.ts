// Shared by the data tests: read text or bytes through the real reader.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { byteSourceFromBytes } from '../../../src/data/byteSource';
import { readCsv, type Dataset, type ReadCsvOptions } from '../../../src/data/csvReader';
import type { NumericColumn, TextColumn } from '../../../src/data/columnTyping';

// Tests run from the repository root (both runners set cwd), wherever the bundle lands.
export const fixtureDir = path.resolve('test/fixtures/csv');

export function fixture(name: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(fixtureDir, name)));
}

export function bytesOf(text: string): Uint8Array { return new TextEncoder().encode(text); }

export function readText(text: string, options?: ReadCsvOptions, chunkSize?: number): Promise<Dataset> {
  return readCsv(byteSourceFromBytes(bytesOf(text), chunkSize), options);
}

export function readBytes(bytes: Uint8Array, options?: ReadCsvOptions, chunkSize?: number): Promise<Dataset> {
  return readCsv(byteSourceFromBytes(bytes, chunkSize), options);
}

export function numeric(ds: Dataset, name: string): NumericColumn {
  const c = ds.columns.find(col => col.name === name);
  if (c === undefined || c.kind !== 'numeric') { throw new Error(`no numeric column ${name}: ${ds.columns.map(x => `${x.name}:${x.kind}`).join(',')}`); }
  return c;
}

export function text(ds: Dataset, name: string): TextColumn {
  const c = ds.columns.find(col => col.name === name);
  if (c === undefined || c.kind !== 'text') { throw new Error(`no text column ${name}`); }
  return c;
}

export function names(ds: Dataset): string[] { return ds.columns.map(c => c.name); }
