import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../../tools/security/check-cli';
import { PROJECT_ROOT } from '../../helpers';
import { synthesizeDefaultApp } from './default-app';
import { ecrRepository, stackWith } from './helpers';

describe('npm run check:security', () => {
  let outdir: string;
  let scratch: string;
  beforeAll(() => {
    outdir = synthesizeDefaultApp('image-uri');
    scratch = fs.mkdtempSync(path.join(process.env.TMPDIR ?? path.join(PROJECT_ROOT, '.tmp'), 'security-cli-'));
  });

  const write = (name: string, content: string): string => {
    const file = path.join(scratch, name);
    fs.writeFileSync(file, content);
    return file;
  };

  it('exits 0 and says so for every stack of a compliant cdktf.out', () => {
    const result = runCli([outdir]);
    expect(result).toEqual({ exitCode: 0, stdout: expect.stringMatching(/^stack dev \(.*cdk\.tf\.json\): 24 rules, no findings\n$/), stderr: '' });
  });

  it('exits 1 and prints each finding with its rule and address for a stack JSON file', () => {
    const file = write('mutable.json', JSON.stringify(stackWith({ aws_ecr_repository: { Repo: ecrRepository({ image_tag_mutability: 'MUTABLE' }) } })));
    const result = runCli([file]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('stack mutable');
    expect(result.stdout).toContain('1 finding');
    expect(result.stdout).toMatch(/CKV_AWS_51 {2}aws_ecr_repository\.Repo\n {6}image_tag_mutability is "MUTABLE"/);
  });

  it('takes the log retention minimum from --min-log-retention-days, and prints JSON with --json', () => {
    const result = runCli(['--json', '--min-log-retention-days', '400', outdir]);
    expect(result.exitCode).toBe(1);
    const reports = JSON.parse(result.stdout) as { stack: string; findings: { ruleId: string; message: string }[] }[];
    expect(reports).toHaveLength(1);
    expect(reports[0].findings.length).toBeGreaterThan(0);
    expect(reports[0].findings.every((finding) => finding.ruleId === 'CKV_AWS_338' && /is 365, expected at least 400/.test(finding.message))).toBe(true);
  });

  it('takes the public-IP setting from --task-public-ip: forbid flags the public default app, whose tasks have public IPs', () => {
    const result = runCli(['--json', '--task-public-ip', 'forbid', outdir]);
    expect(result.exitCode).toBe(1);
    const reports = JSON.parse(result.stdout) as { findings: { ruleId: string }[] }[];
    expect(reports[0].findings.length).toBeGreaterThan(0);
    expect(new Set(reports[0].findings.map((finding) => finding.ruleId))).toEqual(new Set(['CKV_AWS_333']));
    expect(runCli(['--task-public-ip=auto', outdir]).exitCode).toBe(0);
  });

  it.each([
    ['a public-IP setting that is not one of auto, forbid, allow', () => ['--task-public-ip', 'never', outdir], /--task-public-ip needs auto, forbid or allow/],
    ['a missing path', () => [path.join(scratch, 'nothing-here')], /no such file or folder/],
    ['a file that is not JSON', () => [write('broken.json', '{')], /not JSON/],
    ['JSON that is not a stack', () => [write('other.json', '{"name":"x"}')], /not a synthesized Terraform JSON stack/],
    ['a folder without stacks', () => [scratch], /no synthesized stack found/],
    ['an unknown option', () => ['--fix', outdir], /unknown option --fix/],
    ['a retention that is not a number', () => ['--min-log-retention-days', 'year', outdir], /whole number of days/],
  ])('exits 2 with the usage for %s', (_, argv, message) => {
    const result = runCli(argv());
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('usage: check:security');
  });

  it('GIVEN no path THEN checks the stacks of CDKTF_OUTDIR', () => {
    expect(runCli([], { CDKTF_OUTDIR: outdir })).toEqual({ exitCode: 0, stdout: expect.stringContaining(`stack dev (${path.join(outdir, 'stacks', 'dev', 'cdk.tf.json')})`), stderr: '' });
    expect(runCli([], { CDKTF_OUTDIR: path.join(scratch, 'nothing-here') }).stderr).toContain(`${path.join(scratch, 'nothing-here')}: no such file or folder`);
  });

  it('GIVEN CDKTF_OUTDIR WHEN run as the npm script without a path THEN checks the stacks there', () => {
    const run = spawnSync('npm', ['run', '-s', 'check:security'], { cwd: PROJECT_ROOT, env: { ...process.env, CDKTF_OUTDIR: outdir }, encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toMatch(/^stack dev \((.*)\): \d+ rules, no findings\n$/);
    expect(run.stdout).toContain(`(${path.join(outdir, 'stacks', 'dev', 'cdk.tf.json')})`);
  });

  it('sets the process exit code when run as the npm script', () => {
    const file = write('open.json', JSON.stringify(stackWith({ aws_ecr_repository: { Repo: ecrRepository({ image_scanning_configuration: { scan_on_push: false } }) } })));
    const run = (target: string) => spawnSync('npm', ['run', '-s', 'check:security', '--', target], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    expect(run(outdir).status).toBe(0);
    const failing = run(file);
    expect(failing.status).toBe(1);
    expect(failing.stdout).toContain('CKV_AWS_163');
  });
});
