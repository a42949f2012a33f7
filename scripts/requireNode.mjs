// Imported first by every script a person runs (npm test, npm start, build, package): on a Node older
// than package.json's "engines" it stops with a sentence, before any dependency fails in its own way.
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkgPath = fileURLToPath(new URL('../package.json', import.meta.url));
const wanted = JSON.parse(fs.readFileSync(pkgPath, 'utf8')).engines.node;   // ">=20"
const minimum = Number(/(\d+)/.exec(wanted)[1]);
const major = Number(process.versions.node.split('.')[0]);
if (major < minimum) {
  console.error(`Cluster Lens needs Node.js ${minimum} or newer (package.json engines: "${wanted}"); this is ${process.version}.\n`
    + `Install Node.js ${minimum} or newer and run the command again.`);
  process.exit(2);
}
