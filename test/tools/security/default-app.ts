/**
 * The default app (main.ts as shipped: test/fixtures/seed-app.ts), synthesized the way users synthesize main.ts
 * (bundled and run as a process): in image-URI mode (NOTIFIER_IMAGE_URI set, no Docker provider) or in build mode.
 */
import { loadStacks, type LoadedStack } from '../../../tools/security/runner';
import { synthApp } from '../../helpers';

export type ImageMode = 'image-uri' | 'build';

/** Synthesizes the default app into a fresh folder and returns that folder. */
export function synthesizeDefaultApp(mode: ImageMode): string {
  return synthApp(mode, `security-${mode}-`).outdir;
}

export function defaultAppStacks(mode: ImageMode): LoadedStack[] {
  return loadStacks(synthesizeDefaultApp(mode));
}
