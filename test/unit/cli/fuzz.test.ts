// The CLI's promise on malformed input, checked on seeded random files: `fit` either refuses with a
// message (exit 2) or fits and accounts for every row it read (rows read = rows used + rows skipped,
// each skip with its reason); never a stack trace, never a hang. A failing case prints its seed and
// keeps its file in test-out/cli-fuzz-failures/ to reproduce with `node dist/cli.js fit FILE --k 2 --json`.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { Random } from '../../../src/core/random';
import { freshDir, runCli, STACK_TRACE, type CliRun } from './runCli';

/** A few dozen by default (≈ 7 s); CLUSTER_LENS_FUZZ_CASES=500 for a deeper run. */
const CASES = Number(process.env['CLUSTER_LENS_FUZZ_CASES'] ?? 40);
/** One run's bound: a few hundred rows take ~0.2 s; the rest is headroom for a busy machine. */
const RUN_BOUND_MS = 20_000;

const DELIMITERS = [',', ';', '\t', '|'];
const NUMBER_FORMS = ['1e5', '+.5', '5.', '-0', ' 3 ', '1,234.5', '0x1F', '1e400', 'NaN', 'inf', '-Infinity', 'NA', '', '١٢', '1_000', '3.14.15', '−2', '1 000', '.', '-', 'e5', '٫5', '1d3'];
const BOMS = [[0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], [0x00, 0x00, 0xfe, 0xff], [0xff, 0xfe, 0x00, 0x00]];

/** A plausible file: a header and rows of numbers in two groups, sometimes a text column. */
function baseFile(random: Random): string {
  const d = 1 + random.nextInt(5), n = random.nextInt(300), delimiter = DELIMITERS[random.nextInt(DELIMITERS.length)]!;
  const withText = random.nextFloat() < 0.3;
  const header = [...Array.from({ length: d }, (_, j) => `x${j}`), ...(withText ? ['label'] : [])];
  const lines = [header.join(delimiter)];
  for (let i = 0; i < n; i++) {
    const cells = Array.from({ length: d }, () => ((i % 2) * 4 + random.nextNormal()).toFixed(1 + random.nextInt(6)));
    if (withText) { cells.push(`t${random.nextInt(5)}`); }
    lines.push(cells.join(delimiter));
  }
  const newline = ['\n', '\r\n', '\r'][random.nextInt(3)]!;
  return lines.join(newline) + (random.nextFloat() < 0.8 ? newline : '');
}

type Mutation = (bytes: number[], random: Random) => number[];

const pick = (random: Random, n: number) => random.nextInt(Math.max(1, n));
const lineStarts = (bytes: number[]) => [0, ...bytes.flatMap((b, i) => (b === 0x0a ? [i + 1] : []))];

const MUTATIONS: Record<string, Mutation> = {
  'random bytes': (b, r) => { const at = pick(r, b.length); const junk = Array.from({ length: 1 + r.nextInt(40) }, () => r.nextInt(256)); return [...b.slice(0, at), ...junk, ...b.slice(at)]; },
  'all random': (_b, r) => Array.from({ length: r.nextInt(2000) }, () => r.nextInt(256)),
  truncation: (b, r) => b.slice(0, pick(r, b.length)),
  'unbalanced quote': (b, r) => { const at = pick(r, b.length); return [...b.slice(0, at), 0x22, ...b.slice(at)]; },
  'quoted field with line breaks': (b, r) => { const s = lineStarts(b); const at = s[pick(r, s.length)]!; return [...b.slice(0, at), ...bytes('"a\nb",'), ...b.slice(at)]; },
  'mixed delimiters': (b, r) => b.map(x => ((x === 0x2c || x === 0x3b || x === 0x09 || x === 0x7c) && r.nextFloat() < 0.2 ? [0x2c, 0x3b, 0x09, 0x7c][r.nextInt(4)]! : x)),
  NUL: (b, r) => { const out = b.slice(); for (let k = 0; k < 1 + r.nextInt(5); k++) { out.splice(pick(r, out.length), 0, 0); } return out; },
  'BOM at the start': (b, r) => [...BOMS[r.nextInt(BOMS.length)]!, ...b],
  'BOM inside': (b, r) => { const at = pick(r, b.length); return [...b.slice(0, at), 0xef, 0xbb, 0xbf, ...b.slice(at)]; },
  'number forms': (b, r) => {
    const text = Buffer.from(b).toString('latin1');
    return bytes(text.replace(/-?\d+\.\d+/g, m => (r.nextFloat() < 0.1 ? NUMBER_FORMS[r.nextInt(NUMBER_FORMS.length)]! : m)));
  },
  'ragged rows': (b, r) => {
    const lines = Buffer.from(b).toString('latin1').split('\n');
    return bytes(lines.map((l, i) => (i > 0 && r.nextFloat() < 0.15 ? (r.nextFloat() < 0.5 ? l.replace(/[,;\t|][^,;\t|]*$/, '') : `${l},9,9`) : l)).join('\n'));
  },
  'blank and whitespace lines': (b, r) => { const s = lineStarts(b); const at = s[pick(r, s.length)]!; return [...b.slice(0, at), ...bytes(['\n', '  \n', '\t\n', '\r\n'][r.nextInt(4)]!), ...b.slice(at)]; },
  'invalid UTF-8': (b, r) => { const at = pick(r, b.length); return [...b.slice(0, at), [0xe9, 0xc3, 0xff, 0x80][r.nextInt(4)]!, ...b.slice(at)]; },
  'sep= line': (b, r) => [...bytes(`sep=${DELIMITERS[r.nextInt(4)]}\n`), ...b],
};

function bytes(text: string): number[] { return Array.from(Buffer.from(text, 'latin1')); }

function malformedFile(seed: number): { content: Buffer; mutations: string[] } {
  const random = new Random(seed);
  let content = bytes(baseFile(random));
  const names = Object.keys(MUTATIONS);
  const mutations = Array.from({ length: 1 + random.nextInt(3) }, () => names[random.nextInt(names.length)]!);
  for (const m of mutations) { content = MUTATIONS[m]!(content, random); }
  return { content: Buffer.from(content), mutations };
}

/**
 * For files simple enough to count by eye (no quote, no NUL, no sep= line, no byte-order mark, one
 * kind of line break): the data records are the lines after the header that are not blank. An
 * oracle independent of the reader, so a row lost between the reader and the report shows.
 */
function recordsByLines(content: Buffer, dialect: FitReport['dialect']): number | undefined {
  if (content.includes(0x22) || content.includes(0) || content.subarray(0, 4).toString('latin1').startsWith('sep=')) { return undefined; }
  if (content[0] === 0xef || content[0] === 0xfe || content[0] === 0xff || content.includes(Buffer.from([0xef, 0xbb, 0xbf]))) { return undefined; }
  const text = content.toString('utf8');
  const crs = text.split('\r').length - 1, lfs = text.split('\n').length - 1, crlfs = text.split('\r\n').length - 1;
  const oneKind = dialect.newline === '\n' ? crs === 0 : dialect.newline === '\r' ? lfs === 0 : crs === crlfs;
  if (!oneKind) { return undefined; }
  const lines = text.split(dialect.newline);
  if (lines[lines.length - 1] === '') { lines.pop(); }
  const blank = (l: string) => !l.includes(dialect.delimiter) && l.trim() === '';
  const firstNonBlank = lines.findIndex(l => !blank(l));
  return lines.filter(l => !blank(l)).length - (dialect.hasHeader && firstNonBlank >= 0 ? 1 : 0);
}

interface FitReport {
  rowsRead: number; rowsUsed: number; nSamples: number;
  skippedRows: { reason: string; count: number }[];
  dialect: { delimiter: string; newline: '\n' | '\r\n' | '\r'; hasHeader: boolean };
  logLikelihood: number | null; bic: number | null; means: number[][];
}

test(`fit on ${CASES} seeded malformed files: exit 2 with a message, or a fit that accounts for every row; no trace, bounded time`, () => {
  const dir = freshDir('fuzz');
  const outcomes = { refused: 0, fitted: 0, checkedByLines: 0 };
  for (let seed = 1; seed <= CASES; seed++) {
    const { content, mutations } = malformedFile(seed);
    const file = path.join(dir, `case-${seed}.csv`);
    fs.writeFileSync(file, content);
    const r = runCli(['fit', file, '--k', '2', '--json'], { timeoutMs: RUN_BOUND_MS });
    const kept = path.resolve('test-out', 'cli-fuzz-failures', `case-${seed}.csv`);
    const what = `seed ${seed} (${mutations.join(' + ')}), ${kept}`;
    try {
      const outcome = checkRun(r, content, what);
      if (outcome === 'refused') { outcomes.refused++; } else { outcomes.fitted++; }
      if (outcome === 'checkedByLines') { outcomes.checkedByLines++; }
    } catch (err) {
      fs.mkdirSync(path.dirname(kept), { recursive: true });
      fs.copyFileSync(file, kept);
      throw err;
    }
  }
  console.log(`fuzz: ${JSON.stringify(outcomes)}`);
  // The generator must exercise both outcomes, or the test checks less than it says.
  assert.ok(outcomes.refused >= 3 && outcomes.fitted >= 10 && outcomes.checkedByLines >= 5, JSON.stringify(outcomes));
});

/** Asserts the CLI's promise for one file; says which outcome it was ('checkedByLines': fitted, and counted by lines too). */
function checkRun(r: CliRun, content: Buffer, what: string): 'refused' | 'fitted' | 'checkedByLines' {
  assert.equal(r.signal, null, `${what}: killed by ${r.signal} after ${r.ms} ms (bound ${RUN_BOUND_MS} ms)`);
  assert.ok(r.ms < RUN_BOUND_MS, `${what}: took ${r.ms} ms`);
  assert.doesNotMatch(r.stderr, STACK_TRACE, `${what}: stack trace`);
  assert.ok(r.status === 0 || r.status === 2, `${what}: exit ${r.status}: ${r.stderr}`);
  if (r.status === 2) {
    assert.equal(r.stdout, '', `${what}: no output on a refusal`);
    // Warnings may come first (they often say why); then the message, then what to do.
    assert.match(r.stderr, /^cluster-lens: (?!warning: )\S.*\n(?!cluster-lens: )\S/m, `${what}: a message and what to do`);
    return 'refused';
  }
  const report = JSON.parse(r.stdout) as FitReport;
  const skipped = report.skippedRows.reduce((sum, s) => sum + s.count, 0);
  assert.equal(report.rowsRead, report.rowsUsed + skipped, `${what}: rows read = rows used + rows skipped`);
  assert.equal(report.nSamples, report.rowsUsed, `${what}: the model saw the rows used`);
  for (const s of report.skippedRows) { assert.ok(s.count > 0 && ['wrong-field-count', 'missing-value'].includes(s.reason), `${what}: skip reason ${s.reason}`); }
  if (skipped > 0) { assert.match(r.stderr, /^cluster-lens: warning: /m, `${what}: skipped rows are said on stderr`); }
  assert.ok([report.logLikelihood, report.bic, ...report.means.flat()].every(v => typeof v === 'number' && Number.isFinite(v)), `${what}: finite result`);
  const byLines = recordsByLines(content, report.dialect);
  if (byLines !== undefined) {
    assert.equal(report.rowsRead, byLines, `${what}: rows read = non-blank lines after the header`);
    return 'checkedByLines';
  }
  return 'fitted';
}
