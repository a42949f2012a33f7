/**
 * What the convergence tab shows for methods without iterations, as pure data (no DOM, no chart.js):
 * DBSCAN's sorted k-distance curve with the eps it ran with and the knee, spectral clustering's
 * eigenvalues, and HDBSCAN's condensed tree laid out as an icicle (each cluster node a vertical bar
 * from its birth to its death in λ = 1 / distance, selected clusters in their colours).
 */
import type { FitSnapshot } from '../src/shared/protocol';
import { formatCount, formatNumber } from './format';

type Density = NonNullable<FitSnapshot['density']>;
export type CondensedNode = NonNullable<Density['condensedTree']>[number];

export interface Series {
  label: string;
  points: { x: number; y: number }[];
  /** cluster whose colour the series takes; −1 muted (not selected), −2 the accent (a marker) */
  colour: number;
  /** drawn faint (a node inside a selected cluster) */
  faint?: boolean;
  width: number;
  dash?: number[];
  /** drawn as points, not a line */
  markers?: boolean;
  /** the condensed tree: the node this bar or split line stands for (clicking it selects its clusters' rows) */
  node?: number;
}

export interface DensityChart {
  xTitle: string;
  yTitle: string;
  /** the y axis grows downwards (the condensed tree: λ grows as the distance shrinks) */
  reverseY: boolean;
  /** x axis bounds when the data's own would crowd the points at the edges */
  xRange?: [number, number];
  series: Series[];
  /** one sentence under the title: what the chart says about this fit */
  verdict: string;
  caption: string;
  head: string[];
  rows: string[][];
}

export function buildDensityChart(fit: FitSnapshot): DensityChart | undefined {
  const density = fit.density;
  if (!density) { return undefined; }
  if (density.kDistance) { return kDistanceChart(fit, density, density.kDistance); }
  if (density.eigenvalues) { return eigenvalueChart(fit, density.eigenvalues); }
  if (density.condensedTree) { return condensedTreeChart(fit, density.condensedTree); }
  return undefined;
}

function kDistanceChart(fit: FitSnapshot, density: Density, curve: NonNullable<Density['kDistance']>): DensityChart {
  const m = curve.distances.length;
  // the kept points are quantiles of all n rows: x is the row's rank among them
  const rank = (i: number) => (m > 1 ? Math.round((i * (fit.nSamples - 1)) / (m - 1)) + 1 : 1);
  const points = Array.from(curve.distances, (y, i) => ({ x: rank(i), y }));
  const eps = density.settings.eps;
  const kneeAt = points.findIndex(p => p.y >= curve.kneeDistance);
  const corePercent = fit.nSamples > 0 ? points.filter(p => p.y <= eps).length / m : 0;
  return {
    xTitle: 'Rows, sorted by that distance', yTitle: `Distance to the ${ordinal(curve.k)} neighbour (the row itself first)`, reverseY: false,
    series: [
      { label: `${curve.k}-distance`, points, colour: -1, width: 2 },
      { label: `eps = ${formatNumber(eps)} (rows below are core rows)`, points: [{ x: 1, y: eps }, { x: fit.nSamples, y: eps }], colour: 0, width: 2, dash: [6, 4] },
      ...(kneeAt >= 0 ? [{ label: `knee ${formatNumber(curve.kneeDistance)}`, points: [points[kneeAt]], colour: -2, width: 6, markers: true }] : []),
    ],
    verdict: `DBSCAN with eps ${formatNumber(eps)} and min samples ${density.settings.minSamples}: about ${Math.round(corePercent * 100)} % of the rows `
      + `have ${curve.k - 1} others within eps (core rows); ${formatCount(fit.nComponents, 'cluster')}, ${formatCount(density.nNoise, 'noise row')}. `
      + `The curve's knee (${formatNumber(curve.kneeDistance)}) is where the dense rows end: ${eps === curve.kneeDistance ? 'eps was taken there' : 'a suggestion for eps'}.`,
    caption: `Distance to the ${ordinal(curve.k)} neighbour, sorted (${formatCount(m, 'point')} of the curve)`,
    head: ['Row (rank)', 'Distance'],
    rows: points.map(p => [String(p.x), formatNumber(p.y)]),
  };
}

function eigenvalueChart(fit: FitSnapshot, eigenvalues: Float64Array): DensityChart {
  const points = Array.from(eigenvalues, (y, i) => ({ x: i + 1, y }));
  const zeros = points.filter(p => p.y < 1e-8).length;
  return {
    xTitle: 'Eigenvalue (smallest first)', yTitle: 'Eigenvalue of the normalised Laplacian', reverseY: false,
    series: [{ label: 'eigenvalue', points, colour: 0, width: 6, markers: true }],
    xRange: [0, points.length + 1],
    verdict: `Spectral clustering with ${fit.density!.settings.nNeighbors} neighbours: k-means on the ${formatCount(points.length, 'eigenvector')} `
      + `of the smallest eigenvalues. ${zeros > 1 ? `${zeros} are 0: the neighbour graph is in ${zeros} pieces. ` : ''}`
      + 'An eigenvalue near 0 is a cut of the graph that separates its rows well: k of them near 0 say the k clusters are clearly apart.',
    caption: 'Smallest eigenvalues of the normalised Laplacian',
    head: ['#', 'Eigenvalue'],
    rows: points.map(p => [String(p.x), formatNumber(p.y)]),
  };
}

function condensedTreeChart(fit: FitSnapshot, nodes: CondensedNode[]): DensityChart {
  const x = layoutCondensedTree(nodes);
  const maxSize = Math.max(1, ...nodes.map(n => n.size));
  const series: Series[] = [];
  // a node below a selected one belongs to its cluster (its rows are the cluster's): drawn faint in its colour
  const within = new Int32Array(nodes.length).fill(-1);
  nodes.forEach((node, i) => { within[i] = node.label >= 0 ? node.label : node.parent >= 0 ? within[node.parent]! : -1; });
  nodes.forEach((node, i) => {
    const width = 2 + 14 * Math.sqrt(node.size / maxSize);
    const inside = node.label < 0 && within[i]! >= 0;
    series.push({
      label: node.label >= 0 ? `Cluster ${node.label + 1}` : inside ? 'Split' : i === 0 ? 'All rows' : 'Not selected',
      points: [{ x: x[i]!, y: node.birthLambda }, { x: x[i]!, y: node.deathLambda }], colour: within[i]!, width, faint: inside, node: i,
    });
    // the split that gave birth to it: a line across from the parent at the birth λ
    if (node.parent >= 0) {
      series.push({ label: 'Split', points: [{ x: x[node.parent]!, y: node.birthLambda }, { x: x[i]!, y: node.birthLambda }], colour: within[node.parent]!, width: 1, faint: inside, node: i });
    }
  });
  const selected = nodes.filter(n => n.label >= 0);
  return {
    xTitle: 'Clusters of the condensed tree', yTitle: 'λ = 1 / distance (denser downwards)', reverseY: true, series,
    verdict: `HDBSCAN with min cluster size ${fit.density!.settings.minClusterSize} and min samples ${fit.density!.settings.minSamples}: `
      + `the condensed tree has ${formatCount(nodes.length, 'cluster node')}; the ${formatCount(selected.length, 'coloured one')} `
      + `${selected.length === 1 ? 'is' : 'are'} the most stable (excess of mass), ${formatCount(fit.density!.nNoise, 'row')} fell out as noise. `
      + 'A bar is a cluster from its birth (top) to where its last rows left; its width grows with its rows. Click a bar to select its rows on the scatter plot.',
    caption: 'Cluster nodes of the condensed tree',
    head: ['Node', 'Parent', 'Rows', 'Born at λ', 'Gone at λ', 'Stability', 'Cluster'],
    rows: nodes.map((n, i) => [String(i), n.parent < 0 ? '—' : String(n.parent), String(n.size), formatNumber(n.birthLambda),
      formatNumber(n.deathLambda), formatNumber(n.stability), n.label >= 0 ? String(n.label + 1) : '']),
  };
}

/**
 * The selected clusters (0-based labels) whose rows a node of the condensed tree holds: its own
 * cluster when it is selected or lies inside one, else every selected cluster below it (none for a
 * branch that fell apart into noise).
 */
export function clustersOfNode(nodes: readonly CondensedNode[], i: number): number[] {
  for (let up = i; up >= 0; up = nodes[up]!.parent) {
    if (nodes[up]!.label >= 0) { return [nodes[up]!.label]; }
  }
  const below = new Set<number>([i]);
  const labels: number[] = [];
  // parents come before children in the list: one pass down from i finds every descendant
  for (let j = i + 1; j < nodes.length; j++) {
    if (below.has(nodes[j]!.parent)) {
      below.add(j);
      if (nodes[j]!.label >= 0) { labels.push(nodes[j]!.label); }
    }
  }
  return labels.sort((a, b) => a - b);
}

/**
 * x of each node: leaves get consecutive slots in depth-first order, a parent sits midway between
 * its first and last child, so no two bars cross (parents come before children in the list).
 */
export function layoutCondensedTree(nodes: readonly CondensedNode[]): Float64Array {
  const children: number[][] = nodes.map(() => []);
  nodes.forEach((node, i) => { if (node.parent >= 0) { children[node.parent]!.push(i); } });
  const x = new Float64Array(nodes.length);
  let slot = 0;
  const place = (i: number): number => {
    const kids = children[i]!;
    if (kids.length === 0) { x[i] = slot++; return x[i]!; }
    const xs = kids.map(place);
    x[i] = (xs[0]! + xs[xs.length - 1]!) / 2;
    return x[i]!;
  };
  nodes.forEach((node, i) => { if (node.parent < 0) { place(i); } });
  return x;
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
}
