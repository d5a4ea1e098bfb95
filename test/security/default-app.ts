/**
 * The default app of main.ts, synthesized the way users do it (main.ts synthesizes on import, so it is run
 * as a process): in image-URI mode (NOTIFIER_IMAGE_URI set, no Docker provider) or in build mode.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadStacks, type LoadedStack } from '../../stacks/security/runner';
import { IMAGE_URI, PROJECT_ROOT } from '../helpers';

export type ImageMode = 'image-uri' | 'build';

/** Synthesizes the default app into a fresh folder and returns that folder. */
export function synthesizeDefaultApp(mode: ImageMode): string {
  const outdir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? path.join(PROJECT_ROOT, '.tmp'), `security-${mode}-`));
  const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1' };
  if (mode === 'image-uri') env.NOTIFIER_IMAGE_URI = IMAGE_URI;
  else delete env.NOTIFIER_IMAGE_URI;
  const result = spawnSync(process.execPath, ['-r', 'ts-node/register', 'main.ts'], { cwd: PROJECT_ROOT, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`main.ts failed (${mode}): ${result.stderr}`);
  return outdir;
}

export function defaultAppStacks(mode: ImageMode): LoadedStack[] {
  return loadStacks(synthesizeDefaultApp(mode));
}
