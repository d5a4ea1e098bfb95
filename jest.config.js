// Tests are TypeScript compiled by swc (no type-check here: `npm run typecheck` does that).
const path = require('node:path');

// Node's compile cache (kept in .tmp/node-compile-cache, where npm puts it anyway) for jest's own processes from
// here on (its workers inherit the variable and load jest's modules through it) and for every node process the
// tests start (npm, the cdktf CLI, the bundles): about a fifteenth of the unit tests' CPU.
process.env.NODE_COMPILE_CACHE ??= path.join(__dirname, '.tmp', 'node-compile-cache');
require('node:module').enableCompileCache?.(process.env.NODE_COMPILE_CACHE);

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }],
  },
  // cdktf's creation stacks of tokens, formatted only when read, as in the bundles the npm scripts run
  // (scripts/lazy-stack-trace.ts, scripts/bundle.mjs). cdktf formats every one at once, and under jest each frame
  // goes through jest's source-map rewriting too: a fifth of the unit tests' CPU. Only cdktf's relative requests
  // (and constructs' own copy of the same function, for metadata traces) are mapped: a test that imports
  // cdktf/lib/tokens/private/stack-trace by name still gets cdktf's own.
  moduleNameMapper: {
    '^\\./(tokens/private/|private/)?stack-trace$': '<rootDir>/scripts/lazy-stack-trace.ts',
  },
  // One scratch folder per run, removed at its end; the teardown fails the run if a test wrote around it.
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
  // The terraform files first, whatever jest's cache knows (test/sequencer.js).
  testSequencer: '<rootDir>/test/sequencer.js',
  setupFiles: ['<rootDir>/test/setup.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/setup-matchers.ts'],
  // After jest's summary, name every skipped test and why it was skipped.
  reporters: ['default', '<rootDir>/test/skipped-reporter.js'],
  testTimeout: 120000,
  // Use both cores of a small CI machine (jest's default leaves one idle).
  maxWorkers: '100%',
};
