/**
 * How a cluster differs from the whole file, in numbers and in words: each numeric column's
 * cluster mean as a difference from the overall mean in standard deviations (z), and the text
 * values that dominate it. Pure: unit-tested.
 */
import type { ClusterProfiles } from '../src/shared/protocol';

/** z of every (cluster, numeric column): (cluster mean − overall mean) / overall std; 0 when std is 0. */
export function profileZ(profiles: ClusterProfiles, cluster: number): { name: string; z: number; mean: number }[] {
  return profiles.columns.flatMap(column => {
    if (column.kind !== 'numeric' || !Number.isFinite(column.overallMean)) { return []; }
    const mean = column.means[cluster];
    const z = column.overallStd > 0 && Number.isFinite(mean) ? (mean - column.overallMean) / column.overallStd : 0;
    return [{ name: column.name, z, mean }];
  });
}

/** A differences below this many standard deviations is not worth a word. */
const NOTABLE_Z = 0.5;

/**
 * "Cluster 2: high flipper_length_mm (+1.3 σ), low bill_depth_mm (−1.1 σ); species mostly Gentoo (97%)".
 * At most three numeric columns, the most extreme first.
 */
export function describeCluster(profiles: ClusterProfiles, cluster: number): string {
  const numeric = profileZ(profiles, cluster)
    .filter(c => Math.abs(c.z) >= NOTABLE_Z)
    .sort((a, b) => Math.abs(b.z) - Math.abs(a.z))
    .slice(0, 3)
    .map(c => `${c.z > 0 ? 'high' : 'low'} ${c.name} (${c.z > 0 ? '+' : '−'}${Math.abs(c.z).toFixed(1)} σ)`);
  const text = profiles.columns.flatMap(column => {
    if (column.kind !== 'text') { return []; }
    const top = column.top[cluster]?.[0];
    return top && top.share >= 0.6 ? [`${column.name} mostly ${top.value} (${Math.round(100 * top.share)}%)`] : [];
  }).slice(0, 2);
  const parts = [numeric.join(', '), text.join(', ')].filter(p => p.length > 0);
  return `Cluster ${cluster + 1}: ${parts.length > 0 ? parts.join('; ') : 'close to the overall averages'}`;
}
