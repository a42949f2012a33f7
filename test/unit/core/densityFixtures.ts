// (Bundled into test-out/<suite>/core/, hence the path.) Reads test/fixtures/density/*.json, written by scripts/makeDensityFixtures.py (scikit-learn's
// DBSCAN and SpectralClustering, R's dbscan::hdbscan).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createDataMatrix, type DataMatrix } from '../../../src/core/dataMatrix';

export interface DensityFixture {
  name: string;
  X: DataMatrix;
  truth: number[] | null;
  dbscan: { eps: number; minSamples: number; labels: number[]; coreSampleIndices: number[] }[];
  hdbscan: { minPts: number; labels: number[]; membershipProb: number[]; outlierScores: number[]; coreDist: number[] }[];
  spectral: { nClusters: number; nNeighbors: number; labels: number[]; embedding: number[]; connected: boolean }[];
}

const DIR = path.resolve(import.meta.dirname, '../../../test/fixtures/density');

export function loadDensityFixtures(): DensityFixture[] {
  const names = fs.readdirSync(DIR).filter(f => f.endsWith('.json')).sort();
  if (names.length === 0) { throw new Error(`no fixtures in ${DIR}: run scripts/makeDensityFixtures.py`); }
  return names.map(f => {
    const raw = JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as Omit<DensityFixture, 'X'> & { X: number[]; n: number; d: number };
    return { ...raw, X: createDataMatrix(Float64Array.from(raw.X), raw.n, raw.d) };
  });
}

/** Whether two labellings are the same partition (a bijection between their labels, noise to noise). */
export function samePartition(a: ArrayLike<number>, b: ArrayLike<number>, noiseA = -1, noiseB = -1): boolean {
  if (a.length !== b.length) { return false; }
  const ab = new Map<number, number>();
  const ba = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if ((x === noiseA) !== (y === noiseB)) { return false; }
    if ((ab.get(x) ?? y) !== y || (ba.get(y) ?? x) !== x) { return false; }
    ab.set(x, y);
    ba.set(y, x);
  }
  return true;
}

/** Adjusted Rand index of two labellings (Hubert & Arabie 1985), every label its own class. */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  const pairs = new Map<string, number>();
  const rows = new Map<number, number>();
  const cols = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = `${a[i]}|${b[i]}`;
    pairs.set(key, (pairs.get(key) ?? 0) + 1);
    rows.set(a[i]!, (rows.get(a[i]!) ?? 0) + 1);
    cols.set(b[i]!, (cols.get(b[i]!) ?? 0) + 1);
  }
  const choose2 = (x: number): number => (x * (x - 1)) / 2;
  let index = 0;
  for (const v of pairs.values()) { index += choose2(v); }
  let sumA = 0;
  for (const v of rows.values()) { sumA += choose2(v); }
  let sumB = 0;
  for (const v of cols.values()) { sumB += choose2(v); }
  const expected = (sumA * sumB) / choose2(n);
  const max = (sumA + sumB) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}
