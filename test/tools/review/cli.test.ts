import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundledCommand, PROJECT_ROOT } from '../../helpers';

function runCli(args: string[], input?: string) {
  // As `npm run plan:summary` runs it: the bundle, with plain node.
  const result = spawnSync(process.execPath, [bundledCommand('plan-summary'), ...args], { cwd: PROJECT_ROOT, encoding: 'utf8', input });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const dir = () => fs.mkdtempSync(path.join(process.env.TMPDIR ?? PROJECT_ROOT, 'plan-cli-'));
const CREATE_ONLY = {
  format_version: '1.2',
  terraform_version: '1.11.4',
  planned_values: {},
  resource_changes: [{ address: 'aws_vpc.main', mode: 'managed', type: 'aws_vpc', name: 'main', change: { actions: ['create'], before: null, after: { cidr_block: '10.0.0.0/16' }, after_unknown: { id: true } } }],
};

describe('plan-summary CLI', () => {
  it('GIVEN a file that is not plan JSON THEN it exits 2 with the reason on stderr and prints nothing', () => {
    const file = path.join(dir(), 'state.json');
    fs.writeFileSync(file, JSON.stringify({ format_version: '1.0', values: {} }));
    const result = runCli([file, '--fail-on-destroy']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^plan-summary: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not plan JSON`));
  });

  it('GIVEN an unknown format version THEN it exits 2', () => {
    const file = path.join(dir(), 'plan.json');
    fs.writeFileSync(file, JSON.stringify({ ...CREATE_ONLY, format_version: '2.0' }));
    const result = runCli([file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('format_version "2.0", which this summary cannot read');
  });

  it('GIVEN a missing file, no file or an unknown option THEN it exits 2 with usage', () => {
    expect(runCli([path.join(dir(), 'missing.json')])).toMatchObject({ status: 2, stderr: expect.stringMatching(/^plan-summary: cannot read .*missing\.json: ENOENT/) });
    expect(runCli([])).toMatchObject({ status: 2, stderr: expect.stringContaining('no plan file given\nusage: plan-summary <plan.json | ->') });
    expect(runCli(['plan.json', '--fail-on-everything'])).toMatchObject({ status: 2, stderr: expect.stringContaining('unknown option --fail-on-everything') });
    expect(runCli(['plan.json', '--output'])).toMatchObject({ status: 2, stderr: expect.stringContaining('--output needs a value') });
  });

  it('GIVEN --help THEN it prints usage and exits 0', () => {
    expect(runCli(['--help'])).toMatchObject({ status: 0, stdout: expect.stringMatching(/^usage: plan-summary/) });
  });

  it('GIVEN plan JSON on standard input THEN it summarizes it', () => {
    const result = runCli(['-', '--title', 'from stdin'], JSON.stringify(CREATE_ONLY));
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n')).toEqual(expect.arrayContaining(['### from stdin', '**Plan:** 1 to create, 0 to update, 0 to replace, 0 to destroy (Terraform 1.11.4)', '| create | `aws_vpc` | `aws_vpc.main` |']));
  });
});
