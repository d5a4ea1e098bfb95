/**
 * Turns declared environments into a cdktf App: validates the configuration (one error listing every problem,
 * nothing written), adds one EnvironmentStack per environment, then renders every stack in memory and checks the
 * rendered Terraform against AWS's limits and contracts (stacks/checks): one error listing every problem, each at
 * the field of the configuration that causes it, still before anything is written.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { App, type TerraformStack } from 'cdktf';
import { resolveBackends, type Variables } from './backend';
import { renderedStackProblems, type RenderedStack, type TerraformJson } from '../checks';
import { declaredSource, type Source } from '../checks/sources';
import { ConfigError, formatPath, valueAt } from '../config/errors';
import { DIGEST } from '../config/task-schema';
import { resolveEnvironments } from '../config/resolve';
import type { Environment, EnvironmentInput } from '../config/types';
import { EnvironmentStack } from './environment-stack';
import { declareEnvironmentSources } from './sources';

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
  /** Told each stack once it is rendered in memory for the checks, with how long that took. @default - nobody is told */
  readonly onStackRendered?: (stack: EnvironmentStack, seconds: number) => void;
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
  const build = (app: App, onStackBuilt = options.onStackBuilt): EnvironmentStack[] =>
    resolved.map((environment, index) => {
      const started = performance.now();
      const stack = new EnvironmentStack(app, environment.name, {
        environment,
        notifierDirectory: options.notifierDirectory ?? NOTIFIER_DIRECTORY,
        notifierImageUri,
        cloud: backends.get(environment.name),
      });
      declareEnvironmentSources(stack, environment, index);
      onStackBuilt?.(stack, (performance.now() - started) / 1000);
      return stack;
    });
  const outdir = options.outdir ?? process.env.CDKTF_OUTDIR ?? 'cdktf.out';
  const created = [outdir, path.join(outdir, 'stacks')].filter((folder) => !fs.existsSync(folder));
  const app = new App(options.outdir ? { outdir: options.outdir } : {});
  try {
    const stacks = build(app);
    // HCL output renders JSON documents as jsonencode() calls (stacks/constructs/json-attribute.ts), which the
    // checks cannot read: they read the same stacks built for JSON output, in an App that writes nothing.
    const checked = app.hclOutput ? withJsonOutput(() => build(new App({ outdir, skipValidation: true }), undefined)) : stacks;
    checkRenderedStacks(checked, resolved, environments, app.hclOutput ? undefined : options.onStackRendered);
  } catch (error) {
    // `new App` made the output folders; a refused configuration leaves nothing behind.
    if (error instanceof ConfigError) for (const folder of created.reverse()) removeIfEmpty(folder);
    throw error;
  }
  return app;
}

/** Removes a folder if it is (still) empty. */
function removeIfEmpty(folder: string): void {
  if (fs.existsSync(folder) && fs.readdirSync(folder).length === 0) fs.rmdirSync(folder);
}

/** Runs `build` as if `SYNTH_HCL_OUTPUT` were not set to true: the Apps it makes render JSON documents as JSON. */
function withJsonOutput<T>(build: () => T): T {
  const hcl = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = 'false';
  try {
    return build();
  } finally {
    if (hcl === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = hcl;
  }
}

const renderedStacks = new WeakMap<TerraformStack, RenderedStack>();

/** A stack as `buildApp` rendered and checked it (its Terraform JSON and sources), if it did (JSON output only). */
export function renderedStackOf(stack: TerraformStack): RenderedStack | undefined {
  return renderedStacks.get(stack);
}

/**
 * Renders every stack in memory as App.synth() does before it writes (every stack prepared, then each turned into
 * Terraform JSON), runs every check of stacks/checks over all of them, and throws one ConfigError listing every
 * problem, each at its field of the configuration.
 */
function checkRenderedStacks(stacks: readonly EnvironmentStack[], resolved: readonly Environment[], inputs: readonly EnvironmentInput[], onStackRendered?: (stack: EnvironmentStack, seconds: number) => void): void {
  const seconds = new Map<EnvironmentStack, number>();
  const timed = (stack: EnvironmentStack, run: () => void) => {
    const started = performance.now();
    run();
    seconds.set(stack, (seconds.get(stack) ?? 0) + (performance.now() - started) / 1000);
  };
  for (const stack of stacks) timed(stack, () => stack.prepareStack());
  const rendered = stacks.map((stack): RenderedStack => {
    let json: TerraformJson = {};
    timed(stack, () => (json = stack.toTerraform() as TerraformJson));
    const rendered = { name: stack.node.id, json, sources: sourcesOf(stack) };
    renderedStacks.set(stack, rendered);
    return rendered;
  });
  for (const stack of stacks) onStackRendered?.(stack, seconds.get(stack) ?? 0);
  const problems = renderedStackProblems(rendered, (at) => formatPath(at, inputs));
  if (problems.length === 0) return;
  throw new ConfigError(problems.map((problem) => ({ path: formatPath(problem.path, inputs), value: 'value' in problem ? problem.value : valueAt(resolved, problem.path), message: problem.message })));
}

/** The declared sources of the stack's constructs, by construct path, in the order of the construct tree. */
function sourcesOf(stack: TerraformStack): Map<string, Source> {
  const sources = new Map<string, Source>();
  for (const construct of stack.node.findAll()) {
    const source = declaredSource(construct);
    if (source) sources.set(construct.node.path, source);
  }
  return sources;
}
