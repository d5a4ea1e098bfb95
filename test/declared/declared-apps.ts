/**
 * The apps whose declarations test/declared/ checks: main.ts, whatever it declares, and a second main.ts with a
 * `prod` environment added (test/fixtures/main-with-prod.ts), as a team's first pull request makes it.
 */
import type { EnvironmentInput } from '../../stacks/config/types';
import { environments as MAIN } from '../../main';
import { environments as WITH_PROD } from '../fixtures/main-with-prod';

export const DECLARED_APPS: readonly (readonly [string, EnvironmentInput[]])[] = [
  ['main.ts', MAIN],
  ['a second main.ts with prod added (test/fixtures/main-with-prod.ts)', WITH_PROD],
];

