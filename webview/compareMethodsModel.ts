/**
 * "Compare methods" as pure data (no DOM): the run's state from the host's messages, the agreement
 * matrix between every pair of methods, and the verdict in words. Unit-tested without a browser.
 */
import type { FitOptions, HostMessage } from '../src/shared/protocol';
import type { ComparedMethod } from '../src/shared/methodsProtocol';
import { METHOD_LABELS } from './methodText';

type Start = Extract<HostMessage, { type: 'didStartCompareMethods' }>;

export interface CompareMethodsRun {
  compareId: number;
  status: 'running' | 'done' | 'cancelled' | 'failed';
  /** each method's options: opening one fits exactly these */
  methods: FitOptions[];
  droppedRows: number;
  sample: Start['sample'];
  /** in the run's order, as they arrive */
  results: ComparedMethod[];
  error: string | undefined;
}

/** Agreement at or above which two methods are said to find the same clusters. */
export const SAME_CLUSTERS_ARI = 0.9;

export function reduceCompareMethods(run: CompareMethodsRun | undefined, message: HostMessage): CompareMethodsRun | undefined {
  switch (message.type) {
    case 'didStartCompareMethods':
      return {
        compareId: message.compareId, status: 'running', methods: message.methods, droppedRows: message.droppedRows, sample: message.sample,
        results: [], error: undefined,
      };
    case 'didCompareMethod':
      if (run?.compareId !== message.compareId || run.results.some(r => r.index === message.method.index)) { return run; }
      return { ...run, results: [...run.results, message.method].sort((a, b) => a.index - b.index) };
    case 'didFinishCompareMethods':
      return run?.compareId === message.compareId ? { ...run, status: 'done' } : run;
    case 'didCancelCompareMethods':
      return run?.compareId === message.compareId ? { ...run, status: 'cancelled' } : run;
    case 'didFailCompareMethods':
      return run?.compareId === message.compareId ? { ...run, status: 'failed', error: message.message } : run;
    // A new file read: its comparison is gone.
    case 'didStartRead':
      return undefined;
    default:
      return run;
  }
}

/** The symmetric matrix of agreements (ARI) among the methods that arrived, 1 on the diagonal, NaN where one failed or is still to come. */
export function agreementMatrix(run: CompareMethodsRun): number[][] {
  const count = run.methods.length;
  const matrix = Array.from({ length: count }, (_, i) => Array.from({ length: count }, (_, j) => (i === j ? 1 : NaN)));
  for (const result of run.results) {
    if (result.error !== null) { matrix[result.index]![result.index] = NaN; }
    result.agreement.forEach((ari, j) => { matrix[result.index]![j] = ari; matrix[j]![result.index] = ari; });
  }
  return matrix;
}

/**
 * The methods grouped by agreement (ARI ≥ SAME_CLUSTERS_ARI, transitively), and one sentence:
 * which methods find the same clusters, and which stand apart.
 */
export function describeAgreement(run: CompareMethodsRun): string {
  const done = run.results.filter(r => r.error === null);
  if (done.length < 2) { return run.status === 'running' ? 'Waiting for the methods…' : 'Too few methods ran to compare them.'; }
  const matrix = agreementMatrix(run);
  const group = new Map<number, number>(done.map(r => [r.index, r.index]));
  const find = (i: number): number => (group.get(i) === i ? i : find(group.get(i)!));
  for (const a of done) {
    for (const b of done) { if (a.index < b.index && matrix[a.index]![b.index]! >= SAME_CLUSTERS_ARI) { group.set(find(b.index), find(a.index)); } }
  }
  const groups = new Map<number, number[]>();
  for (const r of done) { groups.set(find(r.index), [...(groups.get(find(r.index)) ?? []), r.index]); }
  const name = (i: number) => METHOD_LABELS[run.methods[i]!.algorithm];
  const list = (members: number[]) => members.map(name).join(members.length === 2 ? ' and ' : ', ').replace(/, ([^,]*)$/, ' and $1');
  const agreeing = [...groups.values()].filter(g => g.length > 1);
  if (agreeing.length === 0) { return 'No two methods find the same clusters (every agreement is below 0.9): the clusters depend on the method, so look at the plots.'; }
  if (agreeing.length === 1 && agreeing[0]!.length === done.length) { return `All ${done.length} methods find the same clusters: the clusters do not depend on the method.`; }
  const parts = agreeing.map(g => `${list(g)} find the same clusters (agreement ${g.length > 2 ? 'at least ' : ''}${formatAri(minPairwise(matrix, g))})`);
  const alone = [...groups.values()].filter(g => g.length === 1).map(g => g[0]!);
  const shapes = done.filter(r => r.algorithm === 'spectral' || r.algorithm === 'hdbscan').map(r => r.index);
  const centres = done.filter(r => r.algorithm === 'gmm' || r.algorithm === 'kmeans').map(r => r.index);
  // the shape-following methods agreeing with each other and not with the centred ones: clusters that no ellipse fits
  const shapesApart = shapes.length === 2 && find(shapes[0]!) === find(shapes[1]!) && centres.every(i => find(i) !== find(shapes[0]!));
  return `${parts.map(capitalise).join('. ')}${alone.length > 0 ? `; ${list(alone)} ${alone.length === 1 ? 'finds' : 'each find'} others` : ''}.${
    shapesApart ? ' Spectral clustering and HDBSCAN follow the shape of the data, the mixture and k-means draw round clusters: the clusters here are not round, and the ellipses cut across them.' : ''}`;
}

function minPairwise(matrix: number[][], members: number[]): number {
  let min = 1;
  for (const a of members) { for (const b of members) { if (a !== b) { min = Math.min(min, matrix[a]![b]!); } } }
  return min;
}

export function formatAri(ari: number): string {
  return Number.isNaN(ari) ? '—' : ari.toFixed(2);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
