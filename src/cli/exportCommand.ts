import * as fs from 'node:fs';
import * as path from 'node:path';
import { CsvError } from '../data/csvError';
import { parseModel } from '../data/modelFile';
import { exportModelAs, MODEL_EXPORT_TARGETS, type ModelExportTarget } from '../data/modelExport/exportTargets';
import { SQL_DIALECTS } from '../data/modelExport/sqlScoring';
import { checkOutputPath, describeWriteError } from '../node/outputPath';
import { choice, parseArgs, text, UsageError } from './args';
import { print } from './output';

/**
 * A saved model as SQL, a scikit-learn script or a PySpark job (src/data/modelExport), for the
 * engines that score the whole data set where it lives.
 */
export async function exportModel(argv: string[]): Promise<number> {
  const [target, ...rest] = argv;
  if (!MODEL_EXPORT_TARGETS.includes(target as ModelExportTarget)) { throw new UsageError(`export: what to write? ${MODEL_EXPORT_TARGETS.join(', ')}`); }
  const args = parseArgs(['export', ...rest]);
  const out = text(args.flags, 'out');
  if (!out) { throw new UsageError(`export ${target} needs --out FILE`); }
  const table = text(args.flags, 'table');
  if (table !== undefined && target !== 'sql') { throw new UsageError('--table is for export sql (the PySpark job names its own view)'); }
  const dialect = choice(args.flags, 'dialect', SQL_DIALECTS, 'duckdb');
  const modelText = await fs.promises.readFile(args.file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new CsvError('read-failed', `Cannot read ${args.file}: ${err.code === 'ENOENT' ? 'there is no such file' : err.message}.`, 'Give the model JSON that the extension or fit saved.');
  });
  const written = exportModelAs(target as ModelExportTarget, parseModel(modelText), { table, dialect });
  await checkOutputPath(args.file, out);
  try {
    await fs.promises.writeFile(out, written);
  } catch (err) {
    throw describeWriteError(err, out) ?? err;
  }
  if (args.flags.has('json')) { await print(JSON.stringify({ out: path.resolve(out), target, bytes: Buffer.byteLength(written) })); } else { await print(`wrote ${out}`); }
  return 0;
}
