/**
 * A saved model as one SQL query that scores a table where it lives (a warehouse, Spark, DuckDB):
 * every row of the table comes back with `cluster` (1…k), `p_cluster1…k` and `certainty` (the
 * largest probability), computed as our own prediction computes them: the standardisation, each
 * component's log-density through the Cholesky factor of its precision written out term by term,
 * and a log-sum-exp. k-means: the nearest centroid, probability 1 for it and 0 for the others.
 *
 * Portable SQL only: CTEs, + − × ÷, EXP, LN, GREATEST, CASE. What differs between engines is the
 * identifier quote and how a literal becomes a double, hence the dialect:
 *   duckdb, spark, bigquery: a literal with an exponent (1.5e0) is a DOUBLE / FLOAT64;
 *   postgres: it is NUMERIC (exact, slow, and not our arithmetic), so each is cast to DOUBLE PRECISION.
 *   duckdb, postgres: "identifier"; spark, bigquery: `identifier`.
 *
 * The table's other columns are unknown here (the model knows only its own), and no portable SQL
 * drops helper columns from `SELECT *`, so the query scores each distinct combination of the
 * fitted values and joins the scores back: `SELECT t.*` is then exactly the table's columns.
 * A row with NULL in a fitted column matches nothing in the join and gets NULL labels. Our output
 * names are quoted: CLUSTER is a keyword in some of these engines.
 */
import type { ModelFile } from '../modelFile';
import { planScoring, type ScoringPlan } from './scoringPlan';

export type SqlDialect = 'duckdb' | 'postgres' | 'spark' | 'bigquery';
export const SQL_DIALECTS: readonly SqlDialect[] = ['duckdb', 'postgres', 'spark', 'bigquery'];

export interface SqlExportOptions {
  /** The table (or view, or `read_parquet('…')` in DuckDB) holding the fitted columns; default `data`. */
  table?: string;
  dialect?: SqlDialect;
}

/**
 * Below this EXP underflows to 0 in IEEE doubles; PostgreSQL raises an error instead of returning
 * 0, so the query never asks it (exp(−746) is 0 in every engine that does answer).
 */
const EXP_FLOOR = -745;

/** The query (text ending in a newline) that scores `options.table` with `model`. */
export function exportModelSql(model: ModelFile, options: SqlExportOptions = {}): string {
  const plan = planScoring(model);
  const dialect = options.dialect ?? 'duckdb';
  const table = options.table ?? 'data';
  const q = (name: string) => quoteIdentifier(name, dialect);
  const num = (x: number) => literal(x, dialect);
  const { nComponents: k, nFeatures: d } = plan;
  const xs = range(d).map(j => `x${j + 1}`);
  const zs = plan.scaling ? range(d).map(j => `z${j + 1}`) : xs;
  const ctes: string[] = [];

  ctes.push(cte('cl_points', `SELECT DISTINCT ${plan.columns.map((c, j) => `${q(c)} AS ${xs[j]}`).join(', ')}\n  FROM ${table}\n  WHERE ${plan.columns.map(c => `${q(c)} IS NOT NULL`).join(' AND ')}`));
  let from = 'cl_points';
  if (plan.scaling) {
    const { mean, scale } = plan.scaling;
    ctes.push(cte('cl_scaled', `SELECT ${[...xs, ...xs.map((x, j) => `(${x} - ${num(mean[j]!)}) / ${num(scale[j]!)} AS ${zs[j]}`)].join(',\n    ')}\n  FROM ${from}`));
    from = 'cl_scaled';
  }
  if (plan.algorithm === 'kmeans') {
    const distances = range(k).map(c => `${range(d).map(j => square(`${zs[j]} - ${num(plan.means[c]![j]!)}`)).join(' + ')} AS dist${c + 1}`);
    ctes.push(cte('cl_distances', `SELECT ${[...xs, ...distances].join(',\n    ')}\n  FROM ${from}`));
    // First smallest wins, as in our own argmin (ties go to the lower cluster).
    ctes.push(cte('cl_scored', `SELECT ${[...xs, `${firstBest(range(k).map(c => `dist${c + 1}`), '<=')} AS best`].join(',\n    ')}\n  FROM cl_distances`));
    const probabilities = range(k).map(c => `CASE WHEN s.best IS NULL THEN NULL WHEN s.best = ${c + 1} THEN ${num(1)} ELSE ${num(0)} END AS ${q(`p_cluster${c + 1}`)}`);
    return finish(plan, ctes, table, q, [`s.best AS ${q('cluster')}`, ...probabilities, `CASE WHEN s.best IS NULL THEN NULL ELSE ${num(1)} END AS ${q('certainty')}`], xs);
  }

  const factors = plan.factors!, logNorm = plan.logNorm!;
  // y = (z − μ)ᵀ P, one column per component and coordinate; the zero entries of a diagonal factor are left out.
  const projections: string[] = [];
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) {
      const terms = range(j + 1).filter(i => factors[c]![i]![j] !== 0)
        .map(i => `(${zs[i]} - ${num(plan.means[c]![i]!)}) * ${num(factors[c]![i]![j]!)}`);
      projections.push(`${terms.length > 0 ? terms.join(' + ') : num(0)} AS y${c + 1}_${j + 1}`);
    }
  }
  ctes.push(cte('cl_projected', `SELECT ${[...xs, ...projections].join(',\n    ')}\n  FROM ${from}`));
  const ls = range(k).map(c => `l${c + 1}`);
  const logDensities = range(k).map(c => `${num(logNorm[c]!)} - ${num(0.5)} * (${range(d).map(j => `y${c + 1}_${j + 1} * y${c + 1}_${j + 1}`).join(' + ')}) AS ${ls[c]}`);
  ctes.push(cte('cl_log_prob', `SELECT ${[...xs, ...logDensities].join(',\n    ')}\n  FROM cl_projected`));
  ctes.push(cte('cl_max', `SELECT ${[...xs, ...ls, `${greatest(ls)} AS lmax`].join(', ')}\n  FROM cl_log_prob`));
  ctes.push(cte('cl_norm', `SELECT ${[...xs, ...ls, `lmax + LN(${ls.map(l => safeExp(`${l} - lmax`, num)).join(' + ')}) AS lse`].join(',\n    ')}\n  FROM cl_max`));
  const ps = range(k).map(c => `p${c + 1}`);
  ctes.push(cte('cl_prob', `SELECT ${[...xs, ...ls.map((l, c) => `${safeExp(`${l} - lse`, num)} AS ${ps[c]}`)].join(',\n    ')}\n  FROM cl_norm`));
  // The label is the first largest probability, as in our own argmax.
  ctes.push(cte('cl_scored', `SELECT ${[...xs, ...ps, `${firstBest(ps, '>=')} AS best`, `${greatest(ps)} AS top`].join(',\n    ')}\n  FROM cl_prob`));
  return finish(plan, ctes, table, q, [`s.best AS ${q('cluster')}`, ...ps.map((p, c) => `s.${p} AS ${q(`p_cluster${c + 1}`)}`), `s.top AS ${q('certainty')}`], xs);
}

function finish(plan: ScoringPlan, ctes: string[], table: string, q: (name: string) => string, scored: string[], xs: string[]): string {
  const what = plan.algorithm === 'gmm' ? `Gaussian mixture, k = ${plan.nComponents}` : `k-means, k = ${plan.nComponents}`;
  const header = [
    `-- Cluster Lens model (${what}) over ${plan.columns.map(c => JSON.stringify(c)).join(', ')}.`,
    `-- Every row of ${table} with cluster (1…${plan.nComponents}), p_cluster1…${plan.nComponents} and certainty;`,
    '-- a row with NULL in one of those columns gets NULL in all of them.',
  ];
  const join = plan.columns.map((c, j) => `t.${q(c)} = s.${xs[j]}`).join(' AND ');
  return `${header.join('\n')}\nWITH ${ctes.join(',\n')}\nSELECT t.*,\n  ${scored.join(',\n  ')}\nFROM ${table} AS t\nLEFT JOIN cl_scored AS s ON ${join}\n`;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const cte = (name: string, body: string) => `${name} AS (\n  ${body}\n)`;
const square = (expression: string) => `(${expression}) * (${expression})`;
/** Spark's GREATEST wants two arguments at least. */
const greatest = (values: string[]) => (values.length === 1 ? values[0]! : `GREATEST(${values.join(', ')})`);
const safeExp = (v: string, num: (x: number) => string) => `CASE WHEN ${v} < ${num(EXP_FLOOR)} THEN ${num(0)} ELSE EXP(${v}) END`;

/**
 * The 1-based index of the first value that beats (`op`) every later one: with ≥ the first
 * largest, with ≤ the first smallest. Earlier values were already beaten by a later one when a
 * branch is reached, so "beats every later one" is "is the best".
 */
function firstBest(values: string[], op: '>=' | '<='): string {
  if (values.length === 1) { return '1'; }
  const branches = values.slice(0, -1).map((v, c) => `WHEN ${values.slice(c + 1).map(w => `${v} ${op} ${w}`).join(' AND ')} THEN ${c + 1}`);
  return `CASE ${branches.join(' ')} ELSE ${values.length} END`;
}

/** A double as the dialect reads it back bit for bit (shortest round-trip digits, always with an exponent). */
function literal(x: number, dialect: SqlDialect): string {
  if (!Number.isFinite(x)) { throw new Error(`a model parameter is not finite (${x})`); }
  const text = Object.is(x, -0) ? '0e0' : x.toExponential().replace('e+', 'e');
  const typed = dialect === 'postgres' ? `CAST(${text} AS DOUBLE PRECISION)` : text;
  // Parentheses keep "a - -1e0" from ever reading as "a --1e0", a comment.
  return x < 0 ? `(${typed})` : typed;
}

function quoteIdentifier(name: string, dialect: SqlDialect): string {
  switch (dialect) {
    case 'duckdb':
    case 'postgres': return `"${name.replaceAll('"', '""')}"`;
    case 'spark': return `\`${name.replaceAll('`', '``')}\``;
    case 'bigquery': return `\`${name.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``;
  }
}
