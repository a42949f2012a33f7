import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { comparisonApplies, type KeyValueStore, makePanelId, MAX_REMEMBERED_PANELS, methodComparisonApplies, PanelMemory } from '../../../../src/host/pure/panelMemory';
import { type FitOptions, parsePersistedState } from '../../../../src/shared/protocol';

function memoryStore(): KeyValueStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: key => structuredClone(data.get(key)),
    update: (key, value) => { data.set(key, structuredClone(value)); return Promise.resolve(); },
  };
}

const options: FitOptions = {
  algorithm: 'gmm', nComponents: 3, covarianceType: 'full', columns: ['bill_length_mm', 'flipper_length_mm'], standardize: true,
  nInit: 1, maxIter: 100, tol: 1e-3, seed: 0, missing: 'drop',
};

describe('what the host remembers of its panels', () => {
  test('recalls the file, the fit options and the comparison of a panel it opened', async () => {
    const memory = new PanelMemory(memoryStore());
    const id = makePanelId();
    await memory.remember(id, { uri: 'file:///data/penguins.csv' });
    await memory.remember(id, { uri: 'file:///data/penguins.csv', options });
    await memory.remember(id, { uri: 'file:///data/penguins.csv', compare: { kMax: 6, allCovarianceTypes: false, options } });
    const record = memory.recall(id);
    assert.equal(record?.uri, 'file:///data/penguins.csv');
    assert.deepEqual(record?.options, options);
    assert.deepEqual(record?.compare, { kMax: 6, allCovarianceTypes: false, options });
  });

  test('knows nothing of a panel id it never made, so a webview cannot name a file to read', () => {
    const memory = new PanelMemory(memoryStore());
    assert.equal(memory.recall(makePanelId()), undefined);
    assert.equal(memory.recall('__proto__'), undefined);
    assert.equal(memory.recall('constructor'), undefined);
  });

  test('a persisted webview state that names a file instead of a panel is refused', () => {
    assert.equal(parsePersistedState({ fileUri: 'file:///etc/passwd', options: null }), undefined);
    assert.equal(parsePersistedState({ panelId: '../../etc', activeView: 'scatter' }), undefined);
    const id = makePanelId();
    assert.deepEqual(parsePersistedState({ panelId: id, activeView: 'compare' }), { panelId: id, activeView: 'compare' });
  });

  test('leaves out records that are malformed (an older version, a damaged store)', () => {
    const store = memoryStore();
    store.data.set('clusterLens.panels', { a: { uri: 1, touched: 0 }, b: { uri: 'file:///x.csv', options: { nComponents: 1e9 }, compare: null, touched: 1 } });
    const memory = new PanelMemory(store);
    assert.equal(memory.recall('a'), undefined);
    assert.equal(memory.recall('b'), undefined);
  });

  test(`keeps the ${MAX_REMEMBERED_PANELS} most recently used panels`, async () => {
    let now = 0;
    const memory = new PanelMemory(memoryStore(), () => now++);
    const ids = Array.from({ length: MAX_REMEMBERED_PANELS + 5 }, () => makePanelId());
    for (const id of ids) { await memory.remember(id, { uri: `file:///${id}.csv` }); }
    assert.equal(memory.recall(ids[0]!), undefined);
    assert.equal(memory.recall(ids[4]!), undefined);
    assert.equal(memory.recall(ids[5]!)?.uri, `file:///${ids[5]}.csv`);
    assert.equal(memory.recall(ids.at(-1)!)?.uri, `file:///${ids.at(-1)}.csv`);
  });
});

describe('a remembered comparison', () => {
  const compare = { kMax: 6, allCovarianceTypes: false, options };
  test('comes back with the fit it was started from, and with a compared model opened from it', () => {
    assert.equal(comparisonApplies(compare, options), true);
    assert.equal(comparisonApplies(compare, { ...options, nComponents: 5 }), true);
  });
  test('does not come back with a fit of other columns, settings or covariance type', () => {
    assert.equal(comparisonApplies(compare, { ...options, columns: ['bill_length_mm'] }), false);
    assert.equal(comparisonApplies(compare, { ...options, seed: 1 }), false);
    assert.equal(comparisonApplies(compare, { ...options, covarianceType: 'diag' }), false);
    assert.equal(comparisonApplies({ ...compare, allCovarianceTypes: true }, { ...options, covarianceType: 'diag' }), true);
  });
});

describe('a remembered comparison of methods', () => {
  test('is recalled with the fit it was started from, beside the comparison of k, and survives later writes', async () => {
    const memory = new PanelMemory(memoryStore());
    const id = makePanelId();
    await memory.remember(id, { uri: 'file:///data/moons.csv', options });
    await memory.remember(id, { uri: 'file:///data/moons.csv', methods: { options } });
    await memory.remember(id, { uri: 'file:///data/moons.csv', compare: { kMax: 6, allCovarianceTypes: false, options } });
    await memory.remember(id, { uri: 'file:///data/moons.csv', options: { ...options, nComponents: 2 } });
    assert.deepEqual(memory.recall(id)?.methods, { options });
    assert.equal(memory.recall(id)?.compare?.kMax, 6);
  });

  test('is none for a panel that never compared methods, and a malformed one is dropped, not the panel', async () => {
    const store = memoryStore();
    const memory = new PanelMemory(store);
    const id = makePanelId();
    await memory.remember(id, { uri: 'file:///data/moons.csv', options });
    assert.equal(memory.recall(id)?.methods, null);
    store.data.set('clusterLens.panels', { [id]: { uri: 'file:///data/moons.csv', options, compare: null, methods: { options: { nComponents: 1e9 } }, touched: 1 } });
    assert.equal(memory.recall(id)?.uri, 'file:///data/moons.csv');
    assert.equal(memory.recall(id)?.methods, null);
  });

  test('comes back with the very fit it was started from, after a round trip through the store', async () => {
    const spectral: FitOptions = { ...options, algorithm: 'spectral', nComponents: 2, nNeighbors: 12 };
    const memory = new PanelMemory(memoryStore());
    const id = makePanelId();
    await memory.remember(id, { uri: 'file:///data/moons.csv', methods: { options: spectral } });
    const methods = memory.recall(id)!.methods!;
    assert.equal(methodComparisonApplies(methods, { ...spectral, columns: [...spectral.columns] }), true);
  });

  test('does not come back with another fit, such as a method opened from it', () => {
    const methods = { options };
    assert.equal(methodComparisonApplies(methods, { ...options, nComponents: 2 }), false);
    assert.equal(methodComparisonApplies(methods, { ...options, algorithm: 'hdbscan' }), false);
    assert.equal(methodComparisonApplies(methods, { ...options, columns: ['flipper_length_mm', 'bill_length_mm'] }), false);
    assert.equal(methodComparisonApplies(methods, { ...options, nNeighbors: 10 }), false);
    assert.equal(methodComparisonApplies({ options: { ...options, algorithm: 'spectral', nNeighbors: 10 } }, { ...options, algorithm: 'spectral' }), false);
  });
});
