/**
 * Turns declared environments into a cdktf App: validates everything first (one error listing every
 * problem, nothing written), then adds one EnvironmentStack per environment.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { App } from 'cdktf';
import { resolveBackends, type Variables } from './backend';
import { ConfigError } from '../config/errors';
import { DIGEST } from '../config/task-schema';
import { resolveEnvironments } from '../config/resolve';
import type { EnvironmentInput } from '../config/types';
import { EnvironmentStack } from './environment-stack';

export interface BuildAppOptions {
  /** Environment variables to read (NOTIFIER_IMAGE_URI, TF_CLOUD_*). @default process.env */
  readonly variables?: Variables;
  /** Folder that relative `image.directory` paths start from. @default - the project root, the folder above notifier/ */
  readonly projectRoot?: string;
  /** Output folder. @default - cdktf's: `cdktf.out`, or the CLI's choice */
  readonly outdir?: string;
  /** Folder of the notifier's Dockerfile. @default - `notifier/` beside `stacks/` */
  readonly notifierDirectory?: string;
  /** Told each stack as soon as it is built, with how long building it took. @default - nobody is told */
  readonly onStackBuilt?: (stack: EnvironmentStack, seconds: number) => void;
}

/** The nearest folder at or above `start` holding a package.json: the project root, from source or bundle. */
function projectRoot(start: string): string {
  for (let folder = start; ; folder = path.dirname(folder)) {
    if (fs.existsSync(path.join(folder, 'package.json'))) return folder;
    if (path.dirname(folder) === folder) return path.join(__dirname, '..', '..');
  }
}

/** `notifier/` of this project, whether this file runs as stacks/app/app.ts or inside .tmp/bundle/app.js. */
export const NOTIFIER_DIRECTORY = path.join(projectRoot(__dirname), 'notifier');

export function buildApp(environments: readonly EnvironmentInput[], options: BuildAppOptions = {}): App {
  const variables = options.variables ?? process.env;
  const notifierImageUri = variables.NOTIFIER_IMAGE_URI || undefined;
  const resolved = resolveEnvironments(environments, {
    projectRoot: options.projectRoot ?? path.dirname(NOTIFIER_DIRECTORY),
    prebuiltNotifier: notifierImageUri !== undefined,
  });
  const backends = resolveBackends(resolved, variables);
  if (notifierImageUri && !DIGEST.test(notifierImageUri)) {
    throw new ConfigError([{ path: 'NOTIFIER_IMAGE_URI', value: notifierImageUri, message: 'must be pinned by digest (repo@sha256:<64 hex>)' }]);
  }
  const app = new App(options.outdir ? { outdir: options.outdir } : {});
  for (const environment of resolved) {
    const started = performance.now();
    const stack = new EnvironmentStack(app, environment.name, {
      environment,
      notifierDirectory: options.notifierDirectory ?? NOTIFIER_DIRECTORY,
      notifierImageUri,
      cloud: backends.get(environment.name),
    });
    options.onStackBuilt?.(stack, (performance.now() - started) / 1000);
  }
  return app;
}
