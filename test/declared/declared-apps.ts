/**
 * The apps whose declarations test/declared/ checks: main.ts, whatever it declares, and a second main.ts with a
 * `prod` environment added (test/fixtures/main-with-prod.ts), as a team's first pull request makes it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { synthesizeEnvironments } from '../../stacks/app/synthesis';
import type { EnvironmentInput } from '../../stacks/config/types';
import { environments as MAIN } from '../../main';
import { environments as WITH_PROD } from '../fixtures/main-with-prod';
import { IMAGE_URI, PROJECT_ROOT } from '../helpers';

export const DECLARED_APPS: readonly (readonly [string, EnvironmentInput[]])[] = [
  ['main.ts', MAIN],
  ['a second main.ts with prod added (test/fixtures/main-with-prod.ts)', WITH_PROD],
];

/** Synthesizes an app as `npm run synth` does, in image-URI mode (no Docker needed), into a fresh folder. */
export function synthesized(environments: EnvironmentInput[]): string {
  const outdir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? path.join(PROJECT_ROOT, '.tmp'), 'declared-'));
  synthesizeEnvironments(environments, { outdir, variables: { NOTIFIER_IMAGE_URI: IMAGE_URI } });
  return outdir;
}
