// Tests are TypeScript compiled by swc (no type-check here: `npm run typecheck` does that).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }],
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
