/**
 * A request the engine will not run (or a result it will not return), with what to try instead.
 * A leaf of its own: the feasibility checks and every fitting module throw it, and they import
 * one another's types.
 */
export class FitRefusal extends Error {
  constructor(message: string, readonly hint: string) {
    super(message);
    this.name = 'FitRefusal';
  }
}
