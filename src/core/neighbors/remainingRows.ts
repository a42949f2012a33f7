// A shrinking set of a k-d tree's rows, for flood fills (DBSCAN's expansion): rows leave as they are
// labelled, and kdTree.queryRadiusRemaining skips every subtree whose rows have all left.

import { type KdTree, type RowsLeft } from './kdTree';

/** The rows of a tree not yet removed, counted per node, for queryRadiusRemaining. */
export class RemainingRows implements RowsLeft {
  /** (nNodes) rows of each node not yet removed */
  readonly leftInNode: Int32Array;
  /** (nSamples) 1 at the tree position of a removed row */
  readonly goneAtPosition: Uint8Array;
  private readonly positionOf: Int32Array;
  private readonly leafOf: Int32Array;

  constructor(tree: KdTree) {
    const n = tree.nSamples;
    this.leftInNode = new Int32Array(tree.nNodes);
    for (let node = 0; node < tree.nNodes; node++) { this.leftInNode[node] = tree.nodeEnd[node]! - tree.nodeStart[node]!; }
    this.goneAtPosition = new Uint8Array(n);
    this.positionOf = new Int32Array(n);
    for (let p = 0; p < n; p++) { this.positionOf[tree.index[p]!] = p; }
    this.leafOf = new Int32Array(n);
    for (let node = 0; node < tree.nNodes; node++) {
      if (!tree.isLeaf(node)) { continue; }
      for (let p = tree.nodeStart[node]!; p < tree.nodeEnd[node]!; p++) { this.leafOf[p] = node; }
    }
  }

  /** Removes a row (by its index in the input); removing it twice does nothing. */
  remove(row: number): void {
    const p = this.positionOf[row]!;
    if (this.goneAtPosition[p] === 1) { return; }
    this.goneAtPosition[p] = 1;
    for (let node = this.leafOf[p]!; ; node = (node - 1) >> 1) {
      this.leftInNode[node]--;
      if (node === 0) { break; }
    }
  }
}
