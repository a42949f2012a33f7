// The reusable output buffer of radius queries (kdTree.ts).

/** A growable list of row indices that radius queries append to (reused across queries). */
export class IndexList {
  /** the first `length` entries are the result */
  indices: Int32Array;
  length = 0;

  constructor(capacity = 64) { this.indices = new Int32Array(Math.max(1, capacity)); }

  clear(): void { this.length = 0; }

  push(i: number): void {
    if (this.length === this.indices.length) {
      const grown = new Int32Array(this.indices.length * 2);
      grown.set(this.indices);
      this.indices = grown;
    }
    this.indices[this.length++] = i;
  }
}
