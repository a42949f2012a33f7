// Writes a generated source file, or with --check only compares: the generated kernels are kept in
// step with their generators by test/unit/core/kernels/generatedKernels.test.ts, not by discipline.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Writes text to file; under --check exits 1 (file untouched) when the file differs. */
export function writeGenerated(file, text, summary) {
  const shown = path.relative(process.cwd(), file);
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (current !== text) {
      console.error(`${shown} is out of date: run node ${path.relative(process.cwd(), process.argv[1])}`);
      process.exit(1);
    }
    console.log(`${shown} is up to date`);
    return;
  }
  fs.writeFileSync(file, text);
  console.log(`wrote ${shown} (${summary})`);
}
