// Writes media/samples/*.csv from a fixed seed, so the shipped samples are synthetic (no licensed
// data set is copied) yet reproducible: re-running this script must leave the files unchanged.
// usage: node test/unit/data/tools/generateSamples.mjs
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../../..');
const outDir = path.join(root, 'media/samples');

/** mulberry32: tiny, seedable and identical on every platform. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function normal(rand) {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

function penguins() {
  const rand = rng(20240607);
  // Group means per species and sex, roughly the size of real brush-tailed penguins.
  const species = [
    { name: 'Adelie', n: 152, islands: [['Biscoe', 44], ['Dream', 56], ['Torgersen', 52]],
      m: [40.4, 19.1, 192, 4040], f: [37.3, 17.6, 188, 3370] },
    { name: 'Chinstrap', n: 68, islands: [['Dream', 68]],
      m: [51.1, 19.3, 200, 3940], f: [46.6, 17.6, 192, 3530] },
    { name: 'Gentoo', n: 124, islands: [['Biscoe', 124]],
      m: [49.5, 15.7, 222, 5480], f: [45.6, 14.2, 213, 4680] },
  ];
  const sd = [2.3, 0.8, 5.5, 330];
  const rows = ['species,island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex'];
  let rowNo = 0;
  for (const s of species) {
    for (const [island, count] of s.islands) {
      for (let i = 0; i < count; i++, rowNo++) {
        const male = rand() < 0.5;
        const mu = male ? s.m : s.f;
        // One shared size factor makes the measurements correlate within a group, as in nature.
        const size = normal(rand);
        const v = mu.map((m, j) => m + sd[j] * (0.6 * size + 0.8 * normal(rand)));
        let cells = [v[0].toFixed(1), v[1].toFixed(1), String(Math.round(v[2])), String(Math.round(v[3] / 25) * 25)];
        let sex = male ? 'male' : 'female';
        if (rowNo === 3 || rowNo === 271) { cells = ['NA', 'NA', 'NA', 'NA']; sex = 'NA'; }
        else if ([8, 9, 10, 11, 47, 178, 218, 256, 268, 286].includes(rowNo)) { sex = 'NA'; }
        rows.push([s.name, island, ...cells, sex].join(','));
      }
    }
  }
  return rows.join('\n') + '\n';
}

function stretchedBlobs() {
  const rand = rng(7);
  const blobs = [
    { n: 150, mean: [0, 0], angle: 0.6, sx: 3.0, sy: 0.6 },
    { n: 150, mean: [6, 5], angle: -0.9, sx: 2.5, sy: 0.5 },
    { n: 150, mean: [-3, 7], angle: 0.1, sx: 2.2, sy: 0.8 },
  ];
  const rows = ['x,y'];
  const points = [];
  for (const b of blobs) {
    for (let i = 0; i < b.n; i++) {
      const u = normal(rand) * b.sx, w = normal(rand) * b.sy;
      const c = Math.cos(b.angle), s = Math.sin(b.angle);
      points.push([b.mean[0] + c * u - s * w, b.mean[1] + s * u + c * w]);
    }
  }
  // Shuffled so the file order does not give the clusters away.
  for (let i = points.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [points[i], points[j]] = [points[j], points[i]];
  }
  for (const [x, y] of points) { rows.push(`${x.toFixed(3)},${y.toFixed(3)}`); }
  return rows.join('\n') + '\n';
}

fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'penguins.csv'), penguins());
fs.writeFileSync(path.join(outDir, 'blobs.csv'), stretchedBlobs());
