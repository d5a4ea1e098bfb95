// `npm run test:deploy`: every stack applied, re-planned, executed and destroyed against its own AWS API emulator
// (test/deploy/). Kept out of `npm test` (its files end in .deploy.ts, which jest.config.js does not match): minutes
// of provider waiters. Each file is one stack with its own emulator; all four run at once (DEPLOY_CONCURRENCY): they mostly wait on the
// provider's own waiters, not on the CPU.
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/deploy/**/*.deploy.ts'],
  testTimeout: 300000,
  maxWorkers: Number(process.env.DEPLOY_CONCURRENCY ?? 4),
};
