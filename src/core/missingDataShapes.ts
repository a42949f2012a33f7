// The scratch and the outputs of the passes over incomplete rows (patternPass.ts, rarePatternPass.ts):
// one block of rows gathered at a time, written where the caller asks.

import { BLOCK_ROWS, type SufficientStats } from './emShapes';

export const LOG_2PI = Math.log(2 * Math.PI);

/** Scratch of the incomplete-row pass, sized for one block (reused across patterns and iterations). */
export interface PatternScratch {
  observed: Float64Array;
  resp: Float64Array;
  rowLogLikelihood: Float64Array;
  completed: Float64Array;
}

export function createScratch(k: number, d: number): PatternScratch {
  return {
    observed: new Float64Array(BLOCK_ROWS * d), resp: new Float64Array(BLOCK_ROWS * k),
    rowLogLikelihood: new Float64Array(BLOCK_ROWS), completed: new Float64Array(BLOCK_ROWS * d),
  };
}

/** Where the incomplete-row pass writes, besides its returned log-likelihood. */
export interface IncompleteOutputs {
  /** expected sufficient statistics (about the model's means) to add the rows to */
  stats?: SufficientStats;
  /** (n × k) responsibilities at the rows' own index */
  resp?: Float64Array;
  /** (n) log p(x_o) at the rows' own index */
  rowLogLikelihood?: Float64Array;
  /** (n × d) a copy of X whose missing cells receive Σ_c r_c E[x_m | x_o, c] */
  imputed?: Float64Array;
}
