/**
 * `npm run plan:summary -- <plan.json | -> [--fail-on-destroy] [--fail-on-replace] [--title TEXT] [--output FILE]`
 *
 * Reads `terraform show -json <planfile>` output and writes a Markdown review summary to standard output
 * (or FILE). Exit codes:
 *   0  summary written
 *   1  summary written, and --fail-on-destroy found a destroy (or --fail-on-replace a replacement)
 *   2  bad input or usage: not plan JSON, unknown format version, unreadable file, unknown option
 */
import * as fs from 'node:fs';
import { renderMarkdown } from './markdown';
import { parsePlan, PlanInputError } from './plan-json';
import { destroys, replacements, summarizePlan } from './summary';

export const EXIT_OK = 0;
export const EXIT_DESTROYS = 1;
export const EXIT_BAD_INPUT = 2;

const USAGE = 'usage: plan-summary <plan.json | -> [--fail-on-destroy] [--fail-on-replace] [--title TEXT] [--output FILE]';

interface Options {
  readonly input: string;
  readonly failOnDestroy: boolean;
  readonly failOnReplace: boolean;
  readonly title?: string;
  readonly output?: string;
}

function parseArguments(args: readonly string[]): Options | 'help' {
  let input: string | undefined;
  let failOnDestroy = false;
  let failOnReplace = false;
  let title: string | undefined;
  let output: string | undefined;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    const value = () => {
      const next = args[++index];
      if (next === undefined) throw new PlanInputError(`${arg} needs a value\n${USAGE}`);
      return next;
    };
    if (arg === '--fail-on-destroy') failOnDestroy = true;
    else if (arg === '--fail-on-replace') failOnReplace = true;
    else if (arg === '--title') title = value();
    else if (arg === '--output' || arg === '-o') output = value();
    else if (arg === '--help' || arg === '-h') return 'help';
    else if (arg.startsWith('-') && arg !== '-') throw new PlanInputError(`unknown option ${arg}\n${USAGE}`);
    else if (input === undefined) input = arg;
    else throw new PlanInputError(`one plan file at a time (got ${input} and ${arg})\n${USAGE}`);
  }
  if (input === undefined) throw new PlanInputError(`no plan file given\n${USAGE}`);
  return { input, failOnDestroy, failOnReplace, title, output };
}

function readInput(input: string): string {
  try {
    return fs.readFileSync(input === '-' ? 0 : input, 'utf8');
  } catch (error) {
    throw new PlanInputError(`cannot read ${input}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function main(args: readonly string[]): number {
  try {
    const options = parseArguments(args);
    if (options === 'help') {
      console.log(USAGE);
      return EXIT_OK;
    }
    const source = options.input === '-' ? 'standard input' : options.input;
    const summary = summarizePlan(parsePlan(readInput(options.input), source));
    const markdown = renderMarkdown(summary, { title: options.title });
    if (options.output) fs.writeFileSync(options.output, markdown);
    else process.stdout.write(markdown);
    const destroyed = destroys(summary).length;
    const replaced = replacements(summary).length;
    const failures = [
      options.failOnDestroy && destroyed > 0 ? `${destroyed} resource(s) would be destroyed` : '',
      options.failOnReplace && replaced > 0 ? `${replaced} resource(s) would be replaced` : '',
    ].filter(Boolean);
    if (failures.length > 0) {
      console.error(`plan-summary: ${failures.join(' and ')} (${source})`);
      return EXIT_DESTROYS;
    }
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof PlanInputError)) throw error;
    console.error(`plan-summary: ${error.message}`);
    return EXIT_BAD_INPUT;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
