/**
 * A panel's three runs on its current fit: "Compare k", "Compare methods" and "Find best model".
 * A new run replaces the one before; the latest is kept after it ends, so a reloaded webview gets
 * its results back (`messages`).
 */
import type { HostMessage } from '../shared/protocol';
import type { CompletedFit } from './analysis';
import type { Dataset } from '../data/csvReader';
import type { ComputeClient } from './pure/computeClient';
import { type CompareSession, startComparison } from './pure/comparison';
import { type CompareMethodsSession, startMethodComparison } from './pure/methodComparison';
import { type ModelSearchSession, startModelSearch } from './pure/modelSearchSession';
import type { RememberedComparison, RememberedMethodComparison } from './pure/panelMemory';
import { readAlgorithmDefaults, REG_COVAR } from './settings';

export class PanelComparisons {
  /** The latest "Compare k" run (kept after it ends, so a reloaded webview gets its results back). */
  private compare: CompareSession | undefined;
  /** The latest "Compare methods" run (kept after it ends, for a reloaded webview). */
  private compareMethods: CompareMethodsSession | undefined;
  /** The latest "Find best model" run (kept after it ends, like `compare`). */
  private search: ModelSearchSession | undefined;

  /**
   * @param post sends a run's messages to the webview
   * @param rememberCompare keeps a finished "Compare k" for the panel's restore (it is seeded: run again)
   * @param rememberMethods keeps a finished "Compare methods" the same way (run again from the same fit)
   */
  constructor(
    private readonly compute: ComputeClient,
    private readonly post: (message: HostMessage) => void,
    private readonly rememberCompare: (compare: RememberedComparison) => void,
    private readonly rememberMethods: (methods: RememberedMethodComparison) => void,
  ) {}

  startCompare(fit: CompletedFit | undefined, kMax: number, allCovarianceTypes: boolean): void {
    // the panel offers Compare k for the mixture and k-means only (webview/compareView.ts says why)
    if (!fit || (fit.result.algorithm !== 'gmm' && fit.result.algorithm !== 'kmeans')) { return; }
    this.compare?.cancel();
    const session = startComparison(this.compute, fit, kMax, allCovarianceTypes, REG_COVAR, message => {
      this.post(message);
      // A finished comparison is brought back after a reload (run again: it is seeded).
      if (message.type === 'didFinishCompare' && this.compare === session) {
        this.rememberCompare({ kMax, allCovarianceTypes, options: fit.options });
      }
    });
    this.compare = session;
  }

  /** "Compare methods" on the current fit's columns, replacing a run in progress. */
  startCompareMethods(fit: CompletedFit | undefined): void {
    if (!fit) { return; }
    this.compareMethods?.cancel();
    const session = startMethodComparison(this.compute, fit, readAlgorithmDefaults(), REG_COVAR, message => {
      this.post(message);
      // A finished comparison is brought back after a reload (run again from the same fit: it is seeded).
      if (message.type === 'didFinishCompareMethods' && this.compareMethods === session) {
        this.rememberMethods({ options: fit.options });
      }
    });
    this.compareMethods = session;
  }

  /** "Find best model" on the current fit's rows and scaling (a Gaussian mixture's or k-means': the rows are the same). */
  startModelSearch(fit: CompletedFit | undefined, dataset: Dataset | undefined, kMax: number): void {
    if (!fit || !dataset) { return; }
    this.search?.cancel();
    this.search = startModelSearch(this.compute, fit, dataset, kMax, REG_COVAR, message => this.post(message));
  }

  cancelCompare(): void { this.compare?.cancel(); }
  cancelCompareMethods(): void { this.compareMethods?.cancel(); }
  cancelModelSearch(): void { this.search?.cancel(); }

  /** A new fit (or an applied model) replaces the model a running comparison was started from. */
  cancelComparisons(): void {
    this.compare?.cancel();
    this.compareMethods?.cancel();
  }

  /** Stops every run (the panel closed). */
  cancelAll(): void {
    this.compare?.cancel();
    this.compareMethods?.cancel();
    this.search?.cancel();
  }

  /** Stops every run and forgets it (the file is read again). */
  clear(): void {
    this.compare?.cancel();
    this.compare = undefined;
    this.compareMethods?.cancel();
    this.compareMethods = undefined;
    this.search?.cancel();
    this.search = undefined;
  }

  /** Every message of the latest runs, in order, for a (re)loaded webview. */
  messages(): HostMessage[] {
    return [...this.compare?.messages ?? [], ...this.compareMethods?.messages ?? [], ...this.search?.messages ?? []];
  }
}
