/**
 * One synthesis as `npm run synth` and `cdktf synth` run it (main.ts calls {@link runSynthesis}): build the
 * app from the declared environments, write every stack, then make the output folder hold exactly what this
 * synthesis declared, and report one line per stack (its file, its resource count, the seconds it took).
 *
 * Pruning is conservative: it looks only at the folders directly under `<outdir>/stacks/`, never follows a
 * symbolic link, removes a folder only when cdktf made it (it holds a `cdk.tf.json` or `cdk.tf` file) and keeps
 * one that holds Terraform state (`*.tfstate`), saying so.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TerraformResource, type App, type TerraformStack } from 'cdktf';
import { buildApp, renderedStackOf, type BuildAppOptions } from './app';
import { ConfigError } from '../config/errors';
import type { EnvironmentInput } from '../config/types';

export type StackFormat = 'json' | 'hcl';

/** The files each format writes into `<outdir>/stacks/<stack>/` (HCL keeps cdktf's metadata beside cdk.tf). */
export const FORMAT_FILES: Readonly<Record<StackFormat, readonly string[]>> = {
  json: ['cdk.tf.json'],
  hcl: ['cdk.tf', 'metadata.json'],
};
const STACK_FILES = ['cdk.tf.json', 'cdk.tf'];
const STATE_FILE = /\.tfstate(\.backup)?$/;

export interface StackSummary {
  readonly name: string;
  /** The synthesized stack file (absolute). */
  readonly file: string;
  /** Managed resources (`resource` blocks), data sources not counted. */
  readonly resources: number;
  /** Building and synthesizing this stack. */
  readonly seconds: number;
}

export interface PathAndReason {
  /** Absolute. */
  readonly path: string;
  readonly reason: string;
}

export interface PruneResult {
  /** What was removed, and why. */
  readonly removed: readonly PathAndReason[];
  /** Stale stack folders left in place, and why. */
  readonly kept: readonly PathAndReason[];
}

export interface SynthesisReport extends PruneResult {
  readonly outdir: string;
  readonly format: StackFormat;
  readonly stacks: readonly StackSummary[];
}

export interface SynthesisOptions extends Omit<BuildAppOptions, 'onStackBuilt' | 'onStackRendered'> {
  /**
   * Remove the stack folders this synthesis did not declare.
   * @default - yes, unless the cdktf CLI runs the app ({@link runByCdktfCli}): it removes them itself
   */
  readonly pruneStackFolders?: boolean;
}

/**
 * Whether `cdktf synth` (or deploy, diff) runs this process. The CLI lists the stack folders before it runs the
 * app and removes the undeclared ones afterwards, failing on one already gone (@cdktf/cli-core,
 * src/lib/synth-stack.ts); it sets CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS for the app, nobody else does.
 */
export function runByCdktfCli(variables: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return variables.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== undefined;
}

const isRealDirectory = (target: string) => fs.lstatSync(target, { throwIfNoEntry: false })?.isDirectory() ?? false;
const isRegularFile = (target: string) => fs.lstatSync(target, { throwIfNoEntry: false })?.isFile() ?? false;

/**
 * Leaves `<outdir>/stacks/` holding only the `declared` stacks, each in the `written` format only: removes the
 * other format's files from declared stack folders, and (unless `stackFolders` is false) the stack folders
 * cdktf made that are not declared.
 */
export function pruneOutputFolder(outdir: string, declared: readonly string[], written: StackFormat, stackFolders = true): PruneResult {
  const removed: PathAndReason[] = [];
  const kept: PathAndReason[] = [];
  const stacksFolder = path.resolve(outdir, 'stacks');
  if (!isRealDirectory(path.resolve(outdir)) || !isRealDirectory(stacksFolder)) return { removed, kept };
  const otherFormat = written === 'json' ? FORMAT_FILES.hcl : FORMAT_FILES.json;
  const otherFormatReason = `${written === 'json' ? 'HCL' : 'JSON'} output of an earlier synthesis; this one wrote ${written === 'json' ? 'JSON' : 'HCL'}`;
  for (const entry of fs.readdirSync(stacksFolder, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue; // files and symbolic links (even to folders) are not stack folders
    const folder = path.join(stacksFolder, entry.name);
    if (declared.includes(entry.name)) {
      for (const file of otherFormat.map((name) => path.join(folder, name)).filter(isRegularFile)) {
        fs.rmSync(file);
        removed.push({ path: file, reason: otherFormatReason });
      }
    } else if (stackFolders && STACK_FILES.some((name) => isRegularFile(path.join(folder, name)))) {
      const states = fs.readdirSync(folder).filter((name) => STATE_FILE.test(name));
      if (states.length > 0) {
        kept.push({ path: folder, reason: `not declared by this synthesis, but holds Terraform state (${states.join(', ')}): move the state, then remove the folder` });
      } else {
        // fs.rmSync removes symbolic links inside the folder, never what they point to.
        fs.rmSync(folder, { recursive: true });
        removed.push({ path: folder, reason: 'stack not declared by this synthesis' });
      }
    }
  }
  return { removed, kept };
}

/** Times `stack`'s share of App.synth(): its preparing resolve run and its synthesizer. */
function timeSynthesis(stack: TerraformStack, add: (seconds: number) => void): void {
  const timed = <T>(run: () => T): T => {
    const started = performance.now();
    try {
      return run();
    } finally {
      add((performance.now() - started) / 1000);
    }
  };
  const prepare = stack.prepareStack.bind(stack);
  const synthesizer = stack.synthesizer;
  stack.prepareStack = () => timed(prepare);
  stack.synthesizer = { synthesize: (session) => timed(() => synthesizer.synthesize(session)) };
}

/**
 * Lets App.synth() write the Terraform JSON buildApp rendered and checked, instead of rendering the stack a second
 * time: the stack is prepared already, and nothing was added to it since (HCL output renders as usual).
 */
function reuseRenderedJson(stack: TerraformStack): void {
  const json = renderedStackOf(stack)?.json;
  if (json === undefined) return;
  stack.prepareStack = () => undefined;
  stack.toTerraform = () => json;
}

function resourceCount(stack: TerraformStack): number {
  return stack.node.findAll().filter((construct) => TerraformResource.isTerraformResource(construct)).length;
}

/**
 * Builds the app from `environments`, synthesizes it and prunes its output folder. Throws {@link ConfigError}
 * (nothing written) for an invalid configuration.
 */
export function synthesizeEnvironments(environments: readonly EnvironmentInput[], options: SynthesisOptions = {}): SynthesisReport {
  const { pruneStackFolders = !runByCdktfCli(), ...buildOptions } = options;
  const seconds = new Map<TerraformStack, number>();
  const add = (stack: TerraformStack, value: number) => seconds.set(stack, (seconds.get(stack) ?? 0) + value);
  const app: App = buildApp(environments, { ...buildOptions, onStackBuilt: add, onStackRendered: add });
  const stacks = [...seconds.keys()];
  for (const stack of stacks) {
    reuseRenderedJson(stack);
    timeSynthesis(stack, (value) => add(stack, value));
  }
  app.synth();
  const format: StackFormat = app.hclOutput ? 'hcl' : 'json';
  const outdir = path.resolve(app.outdir);
  const pruned = pruneOutputFolder(outdir, stacks.map((stack) => stack.node.id), format, pruneStackFolders);
  return {
    outdir,
    format,
    ...pruned,
    stacks: stacks.map((stack) => ({
      name: stack.node.id,
      file: path.join(outdir, app.manifest.forStack(stack).synthesizedStackPath),
      resources: resourceCount(stack),
      seconds: seconds.get(stack) ?? 0,
    })),
  };
}

/** A path as the user should read it: relative to `cwd` when inside it. */
function shown(target: string, cwd: string): string {
  const relative = path.relative(cwd, target);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : target;
}

/** What `npm run synth` prints: what was removed, then one line per stack. */
export function formatReport(report: SynthesisReport, cwd = process.cwd()): { stdout: string; stderr: string } {
  const stdout = [
    ...report.removed.map((removed) => `removed ${shown(removed.path, cwd)}: ${removed.reason}`),
    ...report.stacks.map(
      (stack) => `${shown(stack.file, cwd)}: ${stack.resources} resource${stack.resources === 1 ? '' : 's'}, ${stack.seconds.toFixed(2)} s`,
    ),
  ];
  const stderr = report.kept.map((kept) => `kept ${shown(kept.path, cwd)}: ${kept.reason}`);
  return { stdout: stdout.map((line) => `${line}\n`).join(''), stderr: stderr.map((line) => `${line}\n`).join('') };
}

/** main.ts's synthesis: prints the report, or the configuration errors; returns the process exit code. */
export function runSynthesis(environments: readonly EnvironmentInput[], options: SynthesisOptions = {}): number {
  let report: SynthesisReport;
  try {
    report = synthesizeEnvironments(environments, options);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 1;
  }
  const { stdout, stderr } = formatReport(report);
  process.stdout.write(stdout);
  process.stderr.write(stderr);
  return 0;
}
