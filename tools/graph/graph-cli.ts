/**
 * `npm run graph [-- --out <dir>] [--stack <stack folder or cdk.tf.json>]`: writes one Markdown file with a Mermaid
 * diagram per workflow (per state machine) of each synthesized stack, to `<dir>/<stack>-<workflow>.md`. It reads
 * what `npm run synth` rendered: every stack of the output folder (CDKTF_OUTDIR, else cdktf.out), or the one stack
 * `--stack` names. Default dir: graphs/ under the output folder.
 * Exit codes: 0 written, 2 bad input (an unknown option, nothing synthesized, a file that is not a stack).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError, runAsProgram, withInputErrors, type CliResult as CliResultOf } from '../cli';
import { outputFolder, synthesizedStacks, type SynthesizedStack } from '../output-folder';
import { workflowGraph, workflowsOf } from './graph';

export const USAGE = 'usage: npm run graph [-- --out <dir>] [--stack <stack folder or cdk.tf.json>]';

export type CliResult = CliResultOf<0 | 2>;

interface CliOptions {
  readonly out?: string;
  readonly stack?: string;
}

function parseArguments(argv: readonly string[]): CliOptions {
  const options: { out?: string; stack?: string } = {};
  for (let index = 0; index < argv.length; index++) {
    const option = /^--(out|stack)(?:=(.*))?$/.exec(argv[index]);
    if (!option) throw new InputError(`unknown argument ${argv[index]}`);
    const value = option[2] ?? argv[++index];
    if (!value || value.startsWith('--')) throw new InputError(`--${option[1]} needs a path`);
    options[option[1] as 'out' | 'stack'] = value;
  }
  return options;
}

/** The stacks to draw: the one `--stack` names (a stack's folder or its JSON), else every stack of the output folder. */
function stacksToDraw(options: CliOptions, folder: string): SynthesizedStack[] {
  if (options.stack === undefined) {
    const stacks = synthesizedStacks(folder);
    if (stacks.length === 0) throw new InputError(`no synthesized stack in ${folder}: run \`npm run synth\` first (or name one with --stack)`);
    return stacks;
  }
  const target = options.stack;
  const file = fs.existsSync(target) && fs.statSync(target).isDirectory() ? path.join(target, 'cdk.tf.json') : target;
  if (!fs.existsSync(file)) throw new InputError(`${file}: no such synthesized stack (run \`npm run synth\` first?)`);
  const name = path.basename(file) === 'cdk.tf.json' ? path.basename(path.dirname(path.resolve(file))) : path.basename(file, '.json');
  return [{ name, file }];
}

function readStack(stack: SynthesizedStack): unknown {
  try {
    return JSON.parse(fs.readFileSync(stack.file, 'utf8'));
  } catch (error) {
    throw new InputError(`${stack.file}: not a synthesized stack (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** The whole command: arguments and environment in, files written, output and exit code out. */
export function runCli(argv: readonly string[], variables: Readonly<Record<string, string | undefined>> = process.env): CliResult {
  return withInputErrors('graph', USAGE, () => {
    const options = parseArguments(argv);
    const folder = outputFolder(variables);
    const outdir = path.resolve(options.out ?? path.join(folder, 'graphs'));
    const drawn = stacksToDraw(options, folder).map((stack) => ({ stack, workflows: workflowsOf(readStack(stack)) }));
    const written: string[] = [];
    fs.mkdirSync(outdir, { recursive: true });
    for (const { stack, workflows } of drawn) {
      for (const workflow of workflows) {
        const file = path.join(outdir, `${stack.name}-${workflow.name}.md`);
        fs.writeFileSync(file, `# ${stack.name} / ${workflow.name}\n\n\`\`\`mermaid\n${workflowGraph(workflow)}\`\`\`\n`);
        written.push(`wrote ${path.relative(process.cwd(), file)}\n`);
      }
    }
    const none = written.length === 0 ? `graph: no state machine in ${drawn.map(({ stack }) => stack.file).join(', ')}\n` : '';
    return { exitCode: 0 as const, stdout: written.join(''), stderr: none };
  });
}

if (require.main === module) runAsProgram(runCli);
