// Reads test/fixtures/mclust/*.json, written by scripts/mclustOracle.R from R's mclust.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MixtureModelName } from '../../../../src/core/mixtureModels/covarianceModels';

export interface MclustMStep {
  model: MixtureModelName;
  pro: number[];
  mean: number[];
  /** (k × d × d) */
  sigma: number[];
  loglik: number;
  nParameters: number;
}

export interface MclustBic { model: MixtureModelName; k: number; bic: number | null; icl: number | null; nParameters: number }

export interface MclustFixture {
  name: string;
  nSamples: number;
  nFeatures: number;
  /** (n × d) */
  data: number[];
  /** (n × nComponents) */
  resp: number[];
  nComponents: number;
  msteps: MclustMStep[];
  /** k = 1..5: mclust's hierarchical partition (labels 1..k), null where it has none */
  hcPartitions: (number[] | null)[];
  bic: MclustBic[];
  bestBic: number;
  best: { model: MixtureModelName; k: number };
}

// tests run from the repository's root (scripts/unitTests.mjs), whatever folder their bundle sits in
const DIR = path.resolve('test/fixtures/mclust');

export const MCLUST_FIXTURE_NAMES = ['iris', 'faithful', 'waiting'] as const;

export function readMclustFixture(name: string): MclustFixture {
  return JSON.parse(fs.readFileSync(path.join(DIR, `${name}.json`), 'utf8')) as MclustFixture;
}
