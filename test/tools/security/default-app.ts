/**
 * The default app of main.ts, synthesized the way users do it (main.ts synthesizes on import, so it is run
 * as a process): in image-URI mode (NOTIFIER_IMAGE_URI set, no Docker provider) or in build mode.
 */
import { loadStacks, type LoadedStack } from '../../../tools/security/runner';
import { synthMain } from '../../helpers';

export type ImageMode = 'image-uri' | 'build';

/** Synthesizes the default app into a fresh folder and returns that folder. */
export function synthesizeDefaultApp(mode: ImageMode): string {
  return synthMain(mode, `security-${mode}-`).outdir;
}

export function defaultAppStacks(mode: ImageMode): LoadedStack[] {
  return loadStacks(synthesizeDefaultApp(mode));
}
