// Loaded before every unit and webview test file (scripts/unitTests.mjs passes it with --import):
// every fast-check property draws from one fixed seed, so a run is the same run on any machine and
// a red test is red again when it is re-run. A property that should explore afresh says so with a
// seed of its own; a failure prints its seed and path as usual.
import * as fc from 'fast-check';

fc.configureGlobal({ seed: 20261203 });
