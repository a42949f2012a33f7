/** The engines a saved model can be handed to, one name each, for the CLI and the extension alike. */
import type { ModelFile } from '../modelFile';
import { exportModelPyspark } from './pysparkJob';
import { exportModelPython } from './pythonScript';
import { exportModelSql, type SqlExportOptions } from './sqlScoring';

export type ModelExportTarget = 'sql' | 'python' | 'pyspark';
export const MODEL_EXPORT_TARGETS: readonly ModelExportTarget[] = ['sql', 'python', 'pyspark'];

/** The file name extension of each target's text. */
export const EXPORT_EXTENSION: Record<ModelExportTarget, string> = { sql: '.sql', python: '.py', pyspark: '.py' };

/** The model as `target`'s text (the SQL options matter to 'sql' only). */
export function exportModelAs(target: ModelExportTarget, model: ModelFile, sql: SqlExportOptions = {}): string {
  switch (target) {
    case 'sql': return exportModelSql(model, sql);
    case 'python': return exportModelPython(model);
    case 'pyspark': return exportModelPyspark(model);
  }
}
