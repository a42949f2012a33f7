// What the bench sections share: loading TypeScript modules of src/ as one bundle, and the median.
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/**
 * Bundles `exports` (TypeScript re-export lines, paths relative to the repository root) into
 * out/name.cjs and loads it: the bench runs the shipped modules, not copies of them.
 */
export async function loadSourceModules(out, name, exports) {
  const outfile = path.join(out, `${name}.cjs`);
  await esbuild.build({
    stdin: { contents: exports, resolveDir: root, loader: 'ts', sourcefile: `bench-${name}.ts` },
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'warning',
  });
  return createRequire(import.meta.url)(outfile);
}

/** The middle value (the mean of the two middle ones for an even count; NaN for none). */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
