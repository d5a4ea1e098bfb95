// Tests are TypeScript compiled by swc (no type-check here: `npm run typecheck` does that).

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
  // goes through jest's source-map rewriting too. Only cdktf's relative requests (and constructs' own copy of the
  // same function, for metadata traces) are mapped: a test that imports cdktf/lib/tokens/private/stack-trace by
  // name still gets cdktf's own. It pays: the unit tests took 48.5 s and 47.6 s of CPU (user + system) with it,
  // 63.8 s and 52.0 s without it, in interleaved runs on a busy 2-core machine, as bench/jest.ts measures them.
  // Node's compile cache, measured the same way (57.1 s and 44.8 s without it), did not pay and is not used.
  moduleNameMapper: {
    '^\\./(tokens/private/|private/)?stack-trace$': '<rootDir>/scripts/lazy-stack-trace.ts',
  },
  // One scratch folder per run, removed at its end; the teardown fails the run if a test wrote around it.
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
  setupFiles: ['<rootDir>/test/setup.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/setup-matchers.ts'],
  // After jest's summary, name every skipped test and why it was skipped.
  reporters: ['default', '<rootDir>/test/skipped-reporter.js'],
  testTimeout: 120000,
  // Use both cores of a small CI machine (jest's default leaves one idle).
  maxWorkers: '100%',
};
