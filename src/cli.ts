/**
 * The command line over the same engine as the extension, for pipelines and benchmarks:
 *   cluster-lens fit FILE.csv --algorithm gmm|kmeans|spectral|dbscan|hdbscan --k N [options] --json
 *   cluster-lens select FILE.csv --k 1..8 --covariance full,tied,diag,spherical --json
 *   cluster-lens select FILE.csv --models all|VVV,VEV,… --k 1..9 --json   (mclust's models, BIC and ICL)
 *   cluster-lens label FILE.csv --out OUT.csv [fit options]
 *   cluster-lens export sql|python|pyspark MODEL.json --out FILE [--table NAME] [--dialect D]
 * Bad input gives a message on stderr and exit code 2, never a stack trace; every row the fit did
 * not use is accounted for (JSON and stderr); output is flushed before the process exits.
 */
import { FitRefusal } from './core/fitFeasibility';
import { CsvError } from './data/csvError';
import { OutputError } from './node/outputPath';
import { endQuietlyOnStreamError, writeFully } from './node/streamWrite';
import { parseArgs, Refusal, USAGE, UsageError } from './cli/args';
import { exportModel } from './cli/exportCommand';
import { fitCommand } from './cli/fitCommand';
import { disposePool } from './cli/fitRunner';
import { labelCommand } from './cli/labelCommand';
import { selectCommand } from './cli/selectCommand';
import { allowRelaxedSimd } from './compute/relaxedSimd';

// before any kernel compiles (the fused wide kernels: see relaxedSimd.ts)
allowRelaxedSimd();

async function runCommand(argv: string[]): Promise<number> {
  if (argv[0] === 'export') { return exportModel(argv.slice(1)); }
  const args = parseArgs(argv);
  const json = args.flags.has('json');
  switch (args.command) {
    case 'fit': return fitCommand(args, json);
    case 'select': return selectCommand(args, json);
    case 'label': return labelCommand(args, json);
    default:
      throw new UsageError(`unknown command "${args.command}"`);
  }
}

async function main(argv: string[]): Promise<number> {
  try {
    return await runCommand(argv);
  } finally {
    disposePool();
  }
}

/** The message for an error that ends the run, and the exit code: 2 for anything the user can fix. */
function failure(err: unknown): { text: string; code: number } {
  if (err instanceof UsageError) { return { text: err.message ? `cluster-lens: ${err.message}\n${USAGE}\n` : `${USAGE}\n`, code: err.message ? 2 : 0 }; }
  if (err instanceof CsvError || err instanceof OutputError || err instanceof Refusal || err instanceof FitRefusal) { return { text: `cluster-lens: ${err.message}\n${err.hint}\n`, code: 2 }; }
  // Anything else is our bug: still a sentence, never a stack trace.
  return { text: `cluster-lens: ${err instanceof Error ? err.message : String(err)}\n`, code: 1 };
}

endQuietlyOnStreamError(process.stdout);
endQuietlyOnStreamError(process.stderr);
main(process.argv.slice(2)).then(
  code => code,
  async (err: unknown) => {
    const { text: message, code } = failure(err);
    await writeFully(process.stderr, message);
    return code;
  },
).then(code => process.exit(code));
