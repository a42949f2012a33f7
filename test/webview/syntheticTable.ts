/**
 * A synthetic fit of any size for the probability table's tests and benchmark: k Gaussian blobs
 * in two numeric columns, a text column and an id column; every `dropEvery`-th row has a missing x
 * and is left out of the fit (no cluster). Probabilities are the blobs' posterior, so certainty
 * varies smoothly and plenty of rows are uncertain. Deterministic.
 */
import type { Column } from '../../src/data/columnTyping';
import type { TableDataset, TableFit } from '../../src/host/pure/tablePages';
import type { DatasetSummary, FitOptions, FitSnapshot, HostMessage } from '../../src/shared/protocol';

export interface SyntheticTable {
  dataset: TableDataset;
  fit: TableFit;
  snapshot: FitSnapshot;
  summary: DatasetSummary;
  /** didLoadDataset then didFinishFit, as the host sends them. */
  messages: HostMessage[];
}

const SPECIES = ['Adelie', 'Chinstrap', 'Gentoo', 'unknown', ''];

export function syntheticTable(nRows: number, { k = 3, dropEvery = 97, sampleSize = 4000, fitId = 1 } = {}): SyntheticTable {
  let state = 0x2545f491;
  const random = () => {
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    return state / 4294967296;
  };
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const centres = Array.from({ length: k }, (_, c) => [4 * Math.cos((2 * Math.PI * c) / k), 4 * Math.sin((2 * Math.PI * c) / k)]);
  const x = new Float64Array(nRows);
  const y = new Float64Array(nRows);
  const id = new Float64Array(nRows);
  const species = new Array<string>(nRows);
  const nFitted = nRows - Math.floor((nRows + dropEvery - 1) / dropEvery);
  const rowIndex = new Int32Array(nFitted);
  const labels = new Int32Array(nFitted);
  const resp = new Float32Array(nFitted * k);
  const logits = new Float64Array(k);
  let f = 0;
  for (let i = 0; i < nRows; i++) {
    const blob = Math.floor(random() * k);
    x[i] = centres[blob][0] + 1.6 * gauss();
    y[i] = centres[blob][1] + 1.6 * gauss();
    id[i] = i + 1;
    species[i] = SPECIES[(i * 7 + blob) % SPECIES.length];
    if (i % dropEvery === 0) { x[i] = NaN; continue; }
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      logits[c] = -((x[i] - centres[c][0]) ** 2 + (y[i] - centres[c][1]) ** 2) / (2 * 1.6 ** 2);
      max = Math.max(max, logits[c]);
    }
    let sum = 0;
    for (let c = 0; c < k; c++) { logits[c] = Math.exp(logits[c] - max); sum += logits[c]; }
    let best = 0;
    for (let c = 0; c < k; c++) {
      resp[f * k + c] = logits[c] / sum;
      if (logits[c] > logits[best]) { best = c; }
    }
    rowIndex[f] = i;
    labels[f] = best;
    f++;
  }
  const columns: Column[] = [
    { kind: 'numeric', name: 'id', values: id, missing: 0, idLike: true },
    { kind: 'numeric', name: 'x', values: x, missing: nRows - nFitted, idLike: false },
    { kind: 'numeric', name: 'y', values: y, missing: 0, idLike: false },
    { kind: 'text', name: 'species', values: species },
  ];
  const dataset: TableDataset = { nRows, columns };
  const result = { labels, resp, nComponents: k };

  // The drawn sample: every (nFitted / sampleSize)-th fitted row.
  const m = Math.min(sampleSize, nFitted);
  const sample = {
    rowIndex: new Int32Array(m), values: new Float64Array(2 * m), labels: new Int32Array(m),
    certainty: new Float32Array(m), probabilities: new Float32Array(m * k),
  };
  for (let s = 0; s < m; s++) {
    const i = Math.floor((s * nFitted) / m);
    const row = rowIndex[i];
    sample.rowIndex[s] = row;
    sample.values[2 * s] = x[row];
    sample.values[2 * s + 1] = y[row];
    sample.labels[s] = labels[i];
    sample.probabilities.set(resp.subarray(i * k, (i + 1) * k), s * k);
    sample.certainty[s] = Math.max(...resp.subarray(i * k, (i + 1) * k));
  }
  const counts = new Float64Array(k);
  for (const l of labels) { counts[l]++; }
  const covariances = new Float64Array(k * 4);
  for (let c = 0; c < k; c++) { covariances[4 * c] = 1.6 ** 2; covariances[4 * c + 3] = 1.6 ** 2; }
  const options: FitOptions = {
    algorithm: 'gmm', nComponents: k, covarianceType: 'spherical', columns: ['x', 'y'], standardize: false,
    nInit: 1, maxIter: 100, tol: 1e-3, seed: 0, missing: 'drop',
  };
  const snapshot: FitSnapshot = {
    fitId, algorithm: 'gmm', covarianceType: 'spherical', nComponents: k, columns: ['x', 'y'],
    nSamples: nFitted, droppedRows: nRows - nFitted, ranIn: 'worker_threads', seconds: 0.5, converged: true, nIter: 7,
    weights: counts.map(v => v / nFitted), means: Float64Array.from(centres.flat()), covariances,
    logLikelihood: -1000, bic: 2100, aic: 2050, inertia: null, histories: [Float64Array.of(-3, -2.5, -2.4)], bestRestart: 0, restarts: null, caution: null,
    pca: null, sample, options,
    profiles: { sizes: Int32Array.from(counts), columns: [] }, replay: null,
  };
  const summary: DatasetSummary = {
    fileName: `synthetic-${nRows}.csv`, nRows,
    columns: columns.map(c => ({ name: c.name, kind: c.kind, idLike: c.kind === 'numeric' && c.idLike, missing: c.kind === 'numeric' ? c.missing : 0 })),
    skippedRows: 0, notes: [],
  };
  return {
    dataset, fit: { selection: { rowIndex }, result, snapshot }, snapshot, summary,
    messages: [
      { type: 'didLoadDataset', fileUri: `file:///synthetic-${nRows}.csv`, dataset: summary, options },
      { type: 'didFinishFit', fit: snapshot },
    ],
  };
}
