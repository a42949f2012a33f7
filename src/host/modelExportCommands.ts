/**
 * The fit handed to the engines that run at scale (src/data/modelExport): "Export Model as SQL…",
 * "Copy Model as Python" (to the clipboard) and "Export Model as PySpark Job…". Like the other
 * exports, each takes optional arguments so scripts and tests can skip the dialogs.
 */
import * as vscode from 'vscode';
import { EXPORT_EXTENSION, exportModelAs, type ModelExportTarget } from '../data/modelExport/exportTargets';
import { SQL_DIALECTS, type SqlDialect } from '../data/modelExport/sqlScoring';
import { panelFor } from './exportCommands';
import { checkWritable, chooseTarget, modelFileOf, report, requireFit } from './fitExport';
import { siblingWithSuffix, writeFileAtomically } from './fileWrites';

const DIALECT_NAMES: Record<SqlDialect, string> = { duckdb: 'DuckDB', postgres: 'PostgreSQL', spark: 'Spark SQL', bigquery: 'BigQuery' };

/** `{ dialect, table }` given by a script, each value checked; anything else is asked for. */
function givenSqlOptions(value: unknown): { dialect?: SqlDialect; table?: string } {
  if (typeof value !== 'object' || value === null) { return {}; }
  const { dialect, table } = value as Record<string, unknown>;
  return {
    dialect: SQL_DIALECTS.includes(dialect as SqlDialect) ? dialect as SqlDialect : undefined,
    table: typeof table === 'string' && table.trim() !== '' ? table.trim() : undefined,
  };
}

export function registerModelExportCommands(context: vscode.ExtensionContext): void {
  /** Writes the current fit's model as `target` beside its file (or to `target`); undefined when dismissed. */
  const exportToFile = (kind: Exclude<ModelExportTarget, 'python'>, title: string, what: string) =>
    (source?: unknown, targetArg?: unknown, optionsArg?: unknown) => report(what, async () => {
      const found = requireFit(panelFor(source));
      if (!found) { return undefined; }
      let sql = givenSqlOptions(optionsArg);
      if (kind === 'sql' && !(targetArg instanceof vscode.Uri)) {
        const dialect = sql.dialect ?? (await vscode.window.showQuickPick(SQL_DIALECTS.map(d => ({ label: DIALECT_NAMES[d], dialect: d })), {
          title: 'Cluster Lens: which SQL engine will run the query?', placeHolder: 'The query is the same but for quoting and literal types',
        }))?.dialect;
        if (!dialect) { return undefined; }
        const table = sql.table ?? await vscode.window.showInputBox({
          title: 'Cluster Lens: the table to score', value: 'data', prompt: 'A table or view with the fitted columns (schema.table is fine)',
        });
        if (!table) { return undefined; }
        sql = { dialect, table };
      }
      const suffix = kind === 'sql' ? '.model' : '.pyspark';
      const to = await chooseTarget(targetArg, siblingWithSuffix(found.panel.uri, suffix, EXPORT_EXTENSION[kind]),
        kind === 'sql' ? { SQL: ['sql'] } : { Python: ['py'] }, title);
      if (!to) { return undefined; }
      checkWritable(to);
      const text = exportModelAs(kind, modelFileOf(found.fit), sql);
      await writeFileAtomically(to, temporary => Promise.resolve(vscode.workspace.fs.writeFile(temporary, new TextEncoder().encode(text))));
      return to;
    });

  /** The scikit-learn script on the clipboard; returns its text (for scripts and tests). */
  const copyPython = async (source?: unknown): Promise<string | undefined> => {
    const found = requireFit(panelFor(source));
    if (!found) { return undefined; }
    const text = exportModelAs('python', modelFileOf(found.fit));
    await vscode.env.clipboard.writeText(text);
    void vscode.window.showInformationMessage('Cluster Lens: copied the model as a scikit-learn script (run it as python3 SCRIPT.py DATA.csv OUT.csv).');
    return text;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('clusterLens.exportModelSql', exportToFile('sql', 'Export the model as SQL', 'wrote the model as SQL')),
    vscode.commands.registerCommand('clusterLens.copyModelPython', copyPython),
    vscode.commands.registerCommand('clusterLens.exportModelPyspark', exportToFile('pyspark', 'Export the model as a PySpark job', 'wrote the PySpark job')),
  );
}
