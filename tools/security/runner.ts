/**
 * Runs the rules over synthesized stacks: one stack JSON, or every stack of a `cdktf.out` folder (listed
 * in its `manifest.json`, else found as `stacks/<name>/cdk.tf.json`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_RULES } from './index';
import { DEFAULT_RULE_OPTIONS, InputError, isObject, toStackJson, type Finding, type RuleOptions, type SecurityRule, type StackJson } from './model';

export interface LoadedStack {
  readonly name: string;
  /** File the stack was read from. */
  readonly source: string;
  readonly stack: StackJson;
}

export interface StackReport extends LoadedStack {
  readonly findings: readonly Finding[];
}

/** Every finding of every rule for one stack. */
export function checkStack(stack: StackJson, options: Partial<RuleOptions> = {}, rules: readonly SecurityRule[] = ALL_RULES): Finding[] {
  const resolved: RuleOptions = { ...DEFAULT_RULE_OPTIONS, ...options };
  return rules.flatMap((rule) => rule.check(stack, resolved));
}

export function checkStacks(stacks: readonly LoadedStack[], options: Partial<RuleOptions> = {}): StackReport[] {
  return stacks.map((loaded) => ({ ...loaded, findings: checkStack(loaded.stack, options) }));
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`${file}: cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

function loadFile(file: string, name: string): LoadedStack {
  return { name, source: file, stack: toStackJson(readJson(file), file) };
}

/** Stack files of a cdktf output folder, by stack name. */
function stackFilesOf(directory: string): [string, string][] {
  const manifest = path.join(directory, 'manifest.json');
  if (fs.existsSync(manifest)) {
    const parsed = readJson(manifest);
    const stacks = isObject(parsed) ? parsed.stacks : undefined;
    if (!isObject(stacks)) throw new InputError(`${manifest}: no "stacks" object`);
    return Object.entries(stacks).map(([name, entry]) => {
      const relative = isObject(entry) && typeof entry.synthesizedStackPath === 'string' ? entry.synthesizedStackPath : path.join('stacks', name, 'cdk.tf.json');
      return [name, path.join(directory, relative)];
    });
  }
  const single = path.join(directory, 'cdk.tf.json');
  if (fs.existsSync(single)) return [[path.basename(directory), single]];
  const stacksDirectory = path.join(directory, 'stacks');
  if (!fs.existsSync(stacksDirectory)) return [];
  return fs
    .readdirSync(stacksDirectory)
    .sort()
    .map((name): [string, string] => [name, path.join(stacksDirectory, name, 'cdk.tf.json')])
    .filter(([, file]) => fs.existsSync(file));
}

/** The stacks at `target`: a stack JSON file, or a cdktf output folder. Throws {@link InputError}. */
export function loadStacks(target: string): LoadedStack[] {
  if (!fs.existsSync(target)) throw new InputError(`${target}: no such file or folder (run \`npm run synth\` first?)`);
  if (fs.statSync(target).isFile()) {
    const name = path.basename(target) === 'cdk.tf.json' ? path.basename(path.dirname(target)) : path.basename(target, '.json');
    return [loadFile(target, name)];
  }
  const files = stackFilesOf(target);
  if (files.length === 0) throw new InputError(`${target}: no synthesized stack found (expected manifest.json or stacks/<name>/cdk.tf.json)`);
  return files.map(([name, file]) => loadFile(file, name));
}
