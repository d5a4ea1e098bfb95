/**
 * Turns declared environments into a cdktf App: validates everything first (one error listing every
 * problem, nothing written), then adds one EnvironmentStack per environment.
 */
import * as path from 'node:path';
import { App } from 'cdktf';
import { resolveBackends, type Variables } from './backend';
import { ConfigError, DIGEST, resolveEnvironments, type EnvironmentInput } from './config';
import { EnvironmentStack } from './environment-stack';

export interface BuildAppOptions {
  /** Environment variables to read (NOTIFIER_IMAGE_URI, TF_CLOUD_*). @default process.env */
  readonly variables?: Variables;
  /** Output folder. @default - cdktf's: `cdktf.out`, or the CLI's choice */
  readonly outdir?: string;
  /** Folder of the notifier's Dockerfile. @default - `notifier/` beside `stacks/` */
  readonly notifierDirectory?: string;
}

export const NOTIFIER_DIRECTORY = path.join(__dirname, '..', 'notifier');

export function buildApp(environments: readonly EnvironmentInput[], options: BuildAppOptions = {}): App {
  const variables = options.variables ?? process.env;
  const resolved = resolveEnvironments(environments);
  const backends = resolveBackends(resolved, variables);
  const notifierImageUri = variables.NOTIFIER_IMAGE_URI || undefined;
  if (notifierImageUri && !DIGEST.test(notifierImageUri)) {
    throw new ConfigError([{ path: 'NOTIFIER_IMAGE_URI', value: notifierImageUri, message: 'must be pinned by digest (repo@sha256:<64 hex>)' }]);
  }
  const app = new App(options.outdir ? { outdir: options.outdir } : {});
  for (const environment of resolved) {
    new EnvironmentStack(app, environment.name, {
      environment,
      notifierDirectory: options.notifierDirectory ?? NOTIFIER_DIRECTORY,
      notifierImageUri,
      cloud: backends.get(environment.name),
    });
  }
  return app;
}
