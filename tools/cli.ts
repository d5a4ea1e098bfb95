/**
 * What the tools' commands share (`npm run check:security`, `npm run graph`): a result instead of touching the
 * process, an error for bad input that becomes exit code 2 with the usage, and the few lines that run one as the
 * program.
 */

/** A command's outcome: what it prints and its exit code. */
export interface CliResult<Code extends number = number> {
  readonly exitCode: Code;
  readonly stdout: string;
  readonly stderr: string;
}

/** Bad input (arguments, files): the command says so and exits 2. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** Runs a command; bad input becomes exit code 2 with `<name>: <message>` and the usage on standard error. */
export function withInputErrors<Code extends number>(name: string, usage: string, run: () => CliResult<Code>): CliResult<Code | 2> {
  try {
    return run();
  } catch (error) {
    if (error instanceof InputError) return { exitCode: 2, stdout: '', stderr: `${name}: ${error.message}\n${usage}\n` };
    throw error;
  }
}

/** Runs a command as the program: its output to the process's streams, its exit code as the process's. */
export function runAsProgram(runCli: (argv: readonly string[]) => CliResult): void {
  const result = runCli(process.argv.slice(2));
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
}
