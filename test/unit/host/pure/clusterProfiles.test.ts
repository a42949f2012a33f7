import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { byteSourceFromText } from '../../../../src/data/byteSource';
import { readCsv } from '../../../../src/data/csvReader';
import { computeClusterProfiles } from '../../../../src/host/pure/clusterProfiles';
import { describeCluster, profileZ } from '../../../../webview/profiles';

const csv = [
  'species,mass,flipper,note',
  'A,10,1,x', 'A,12,1,x', 'A,11,1,y', // cluster 0
  'B,30,5,z', 'B,32,5,z', 'C,31,5,z', // cluster 1
  'A,NA,3,', // not fitted (dropped for its missing mass)
].join('\n');

describe('cluster profiles', () => {
  test('average every numeric column per cluster and overall, over the fitted rows only', async () => {
    const dataset = await readCsv(byteSourceFromText(csv), { fileName: 'p.csv' });
    const profiles = computeClusterProfiles(dataset, Int32Array.from([0, 0, 0, 1, 1, 1]), Int32Array.from([0, 1, 2, 3, 4, 5]), 2);
    assert.deepEqual(Array.from(profiles.sizes), [3, 3]);
    const mass = profiles.columns.find(c => c.name === 'mass');
    assert.ok(mass && mass.kind === 'numeric');
    assert.deepEqual(Array.from(mass.means), [11, 31]);
    assert.equal(mass.overallMean, 21);
    const flipper = profiles.columns.find(c => c.name === 'flipper');
    assert.ok(flipper && flipper.kind === 'numeric');
    assert.equal(flipper.overallMean, 3, 'the unfitted row (flipper 3) is not counted');
  });

  test('rank the text values of each cluster by how often they occur', async () => {
    const dataset = await readCsv(byteSourceFromText(csv), { fileName: 'p.csv' });
    const profiles = computeClusterProfiles(dataset, Int32Array.from([0, 0, 0, 1, 1, 1]), Int32Array.from([0, 1, 2, 3, 4, 5]), 2);
    const species = profiles.columns.find(c => c.name === 'species');
    assert.ok(species && species.kind === 'text');
    assert.deepEqual(species.top[0], [{ value: 'A', share: 1 }]);
    assert.deepEqual(species.top[1].map(t => t.value), ['B', 'C']);
    assert.ok(Math.abs(species.top[1][0].share - 2 / 3) < 1e-12);
  });

  test('say in words which columns set a cluster apart, the most extreme first', async () => {
    const dataset = await readCsv(byteSourceFromText(csv), { fileName: 'p.csv' });
    const profiles = computeClusterProfiles(dataset, Int32Array.from([0, 0, 0, 1, 1, 1]), Int32Array.from([0, 1, 2, 3, 4, 5]), 2);
    const z = profileZ(profiles, 1);
    assert.ok(z.every(c => c.z > 0), 'cluster 2 is above average on every numeric column');
    const sentence = describeCluster(profiles, 1);
    assert.match(sentence, /^Cluster 2: high (flipper|mass) \(\+[0-9.]+ σ\), high (flipper|mass)/);
    assert.match(sentence, /note mostly z \(100%\)/);
    assert.match(describeCluster(profiles, 0), /^Cluster 1: low /);
  });
});
