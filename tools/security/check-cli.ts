/**
 * `npm run check:security [-- [--min-log-retention-days N] [--task-public-ip auto|forbid|allow] [--json] [<cdktf.out folder or stack JSON>]]`
 *
 * Runs every security rule over the synthesized stacks (by default those of the output folder: CDKTF_OUTDIR,
 * else cdktf.out) and prints the findings per stack.
 * Exit codes: 0 no finding, 1 findings, 2 bad input (no such path, not a synthesized stack, bad option).
 */
import { outputFolder } from '../output-folder';
import { ALL_RULES } from './index';
import { InputError, runAsProgram, withInputErrors, type CliResult as CliResultOf } from '../cli';
import type { RuleOptions } from './model';
import { checkStacks, loadStacks, type StackReport } from './runner';

export const USAGE = 'usage: check:security [--min-log-retention-days N] [--task-public-ip auto|forbid|allow] [--json] [<cdktf.out folder or stack JSON>] (default $CDKTF_OUTDIR, else cdktf.out)';

export type CliResult = CliResultOf<0 | 1 | 2>;

interface CliOptions {
  readonly target: string;
  readonly json: boolean;
  readonly minimumLogRetentionDays?: number;
  readonly taskPublicIp?: RuleOptions['taskPublicIp'];
}

function parseArguments(argv: readonly string[], variables: Readonly<Record<string, string | undefined>>): CliOptions {
  let target: string | undefined;
  let json = false;
  let minimumLogRetentionDays: number | undefined;
  let taskPublicIp: RuleOptions['taskPublicIp'] | undefined;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    const retention = /^--min-log-retention-days(?:=(.*))?$/.exec(argument);
    if (retention) {
      const value = retention[1] ?? argv[++index];
      if (value === undefined || !/^\d+$/.test(value)) throw new InputError(`--min-log-retention-days needs a whole number of days, got ${JSON.stringify(value ?? null)}`);
      minimumLogRetentionDays = Number(value);
    } else if (/^--task-public-ip(=|$)/.test(argument)) {
      const value = argument.includes('=') ? argument.slice(argument.indexOf('=') + 1) : argv[++index];
      if (value !== 'auto' && value !== 'forbid' && value !== 'allow') throw new InputError(`--task-public-ip needs auto, forbid or allow, got ${JSON.stringify(value ?? null)}`);
      taskPublicIp = value;
    } else if (argument === '--json') {
      json = true;
    } else if (argument.startsWith('-')) {
      throw new InputError(`unknown option ${argument}`);
    } else if (target === undefined) {
      target = argument;
    } else {
      throw new InputError(`one path only, got ${target} and ${argument}`);
    }
  }
  return { target: target ?? outputFolder(variables), json, minimumLogRetentionDays, taskPublicIp };
}

function formatText(reports: readonly StackReport[]): string {
  const lines: string[] = [];
  for (const report of reports) {
    const count = report.findings.length;
    lines.push(`stack ${report.name} (${report.source}): ${ALL_RULES.length} rules, ${count === 0 ? 'no findings' : `${count} finding${count === 1 ? '' : 's'}`}`);
    for (const finding of report.findings) lines.push(`  ${finding.ruleId}  ${finding.address}\n      ${finding.message}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The whole command, without touching the process: arguments and environment in, output and exit code out. */
export function runCli(argv: readonly string[], variables: Readonly<Record<string, string | undefined>> = process.env): CliResult {
  return withInputErrors('check:security', USAGE, () => {
    const options = parseArguments(argv, variables);
    const reports = checkStacks(loadStacks(options.target), {
      ...(options.minimumLogRetentionDays === undefined ? {} : { minimumLogRetentionDays: options.minimumLogRetentionDays }),
      ...(options.taskPublicIp === undefined ? {} : { taskPublicIp: options.taskPublicIp }),
    });
    const total = reports.reduce((sum, report) => sum + report.findings.length, 0);
    const stdout = options.json
      ? `${JSON.stringify(reports.map((report) => ({ stack: report.name, source: report.source, findings: report.findings })), null, 2)}\n`
      : formatText(reports);
    return { exitCode: total > 0 ? 1 : 0, stdout, stderr: '' };
  });
}

if (require.main === module) runAsProgram(runCli);
