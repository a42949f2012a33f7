// Tests that run a built bundle (dist/cli.js, dist/worker.js) as users do. scripts/unitTests.mjs
// builds dist/ when it is missing or stale; run another way, a missing bundle fails the file loudly
// instead of skipping its tests without a word.
import * as fs from 'node:fs';
import * as path from 'node:path';

export function builtBundle(relativePath: string): string {
  const file = path.resolve(relativePath);
  if (!fs.existsSync(file)) {
    throw new Error(`${relativePath} is not built: run \`node scripts/build.mjs\` (scripts/unitTests.mjs does it when dist/ is missing or stale).`);
  }
  return file;
}
