import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatReport, pruneOutputFolder, runByCdktfCli, synthesizeEnvironments, type SynthesisReport } from '../../../stacks/app/synthesis';
import { environment, IMAGE_URI, PROJECT_ROOT } from '../../helpers';

const scratch = (prefix: string) => fs.mkdtempSync(path.join(process.env.TMPDIR ?? path.join(PROJECT_ROOT, '.tmp'), prefix));
const dev = environment();
const prod = environment({ name: 'prod', vpcCidr: '10.1.0.0/16', protectFromDestroy: true });
const variables = { NOTIFIER_IMAGE_URI: IMAGE_URI };

const stackFolders = (outdir: string) => fs.readdirSync(path.join(outdir, 'stacks')).sort();
const filesOf = (folder: string) => fs.readdirSync(folder).filter((name) => name !== 'assets').sort();
const write = (file: string, content = '{}') => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
};

/** Resource blocks in a synthesized cdk.tf.json. */
function resourceBlocks(file: string): number {
  const stack = JSON.parse(fs.readFileSync(file, 'utf8')) as { resource?: Record<string, Record<string, unknown>> };
  return Object.values(stack.resource ?? {}).reduce((count, byName) => count + Object.keys(byName).length, 0);
}

/** Synthesizes as HCL, as `cdktf synth --hcl` asks the app to (SYNTH_HCL_OUTPUT=true). */
function synthesizeHcl(outdir: string): SynthesisReport {
  const previous = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = 'true';
  try {
    return synthesizeEnvironments([dev], { outdir, variables });
  } finally {
    if (previous === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = previous;
  }
}

describe('synthesizeEnvironments: the output folder holds exactly what the last synthesis declared', () => {
  it('GIVEN an output folder of dev and prod WHEN only dev is synthesized THEN the prod stack folder is removed and reported', () => {
    const outdir = path.join(scratch('synthesis-'), 'cdktf.out');
    synthesizeEnvironments([dev, prod], { outdir, variables });
    expect(stackFolders(outdir)).toEqual(['dev', 'prod']);

    const report = synthesizeEnvironments([dev], { outdir, variables });

    expect(stackFolders(outdir)).toEqual(['dev']);
    expect(report.removed).toEqual([{ path: path.join(outdir, 'stacks', 'prod'), reason: 'stack not declared by this synthesis' }]);
    expect(report.stacks.map((stack) => stack.name)).toEqual(['dev']);
  });

  it('GIVEN JSON output WHEN synthesized as HCL THEN cdk.tf.json is removed; GIVEN HCL output WHEN synthesized as JSON THEN cdk.tf and its metadata.json are removed', () => {
    const outdir = path.join(scratch('synthesis-'), 'cdktf.out');
    const folder = path.join(outdir, 'stacks', 'dev');
    synthesizeEnvironments([dev], { outdir, variables });
    expect(filesOf(folder)).toEqual(['cdk.tf.json']);

    const hcl = synthesizeHcl(outdir);
    expect(filesOf(folder)).toEqual(['cdk.tf', 'metadata.json']);
    expect(hcl.format).toBe('hcl');
    expect(hcl.removed.map((removed) => removed.path)).toEqual([path.join(folder, 'cdk.tf.json')]);
    expect(hcl.stacks[0].file).toBe(path.join(folder, 'cdk.tf'));

    const json = synthesizeEnvironments([dev], { outdir, variables });
    expect(filesOf(folder)).toEqual(['cdk.tf.json']);
    expect(json.removed.map((removed) => removed.path)).toEqual([path.join(folder, 'cdk.tf'), path.join(folder, 'metadata.json')]);
  });

  it('GIVEN two stacks THEN reports one line per stack: its file, its resource count as in the file, and seconds', () => {
    const root = scratch('synthesis-');
    const report = synthesizeEnvironments([dev, prod], { outdir: path.join(root, 'cdktf.out'), variables });

    const { stdout, stderr } = formatReport(report, root);

    expect(stderr).toBe('');
    const expected = ['dev', 'prod'].map((name) => {
      const file = path.join('cdktf.out', 'stacks', name, 'cdk.tf.json');
      return new RegExp(`^${file.replace(/\./g, '\\.')}: ${resourceBlocks(path.join(root, file))} resources, \\d+\\.\\d\\d s$`);
    });
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    lines.forEach((line, index) => expect(line).toMatch(expected[index]));
    expect(report.stacks.every((stack) => stack.resources > 30 && stack.seconds > 0)).toBe(true);
  });
});

describe('pruneOutputFolder: deletes only stack folders cdktf made, inside the output folder', () => {
  let outdir: string;
  let outside: string;
  beforeEach(() => {
    const root = scratch('prune-');
    outdir = path.join(root, 'cdktf.out');
    outside = path.join(root, 'elsewhere');
    write(path.join(outdir, 'stacks', 'dev', 'cdk.tf.json'));
    write(path.join(outside, 'keep.txt'), 'not ours');
  });

  it('GIVEN a stale stack folder holding a link to a folder outside THEN removes the folder and the link, never what it points to', () => {
    write(path.join(outdir, 'stacks', 'old', 'cdk.tf'));
    fs.symlinkSync(outside, path.join(outdir, 'stacks', 'old', 'link'));

    const result = pruneOutputFolder(outdir, ['dev'], 'json');

    expect(result.removed.map((removed) => removed.path)).toEqual([path.join(outdir, 'stacks', 'old')]);
    expect(stackFolders(outdir)).toEqual(['dev']);
    expect(fs.readFileSync(path.join(outside, 'keep.txt'), 'utf8')).toBe('not ours');
  });

  it('GIVEN folders cdktf did not make, a file and a link to a stack folder outside under stacks/ THEN leaves them all', () => {
    write(path.join(outdir, 'stacks', 'notes', 'README.md'));
    write(path.join(outdir, 'stacks', 'stray.json'));
    write(path.join(outside, 'cdk.tf.json'));
    fs.symlinkSync(outside, path.join(outdir, 'stacks', 'linked'));

    const result = pruneOutputFolder(outdir, ['dev'], 'json');

    expect(result).toEqual({ removed: [], kept: [] });
    expect(stackFolders(outdir)).toEqual(['dev', 'linked', 'notes', 'stray.json']);
    expect(fs.readdirSync(outside).sort()).toEqual(['cdk.tf.json', 'keep.txt']);
  });

  it('GIVEN an output folder whose stacks/ is a link THEN touches nothing behind it', () => {
    const linkedOutdir = path.join(path.dirname(outdir), 'linked.out');
    fs.mkdirSync(linkedOutdir);
    write(path.join(outside, 'old', 'cdk.tf.json'));
    fs.symlinkSync(outside, path.join(linkedOutdir, 'stacks'));

    expect(pruneOutputFolder(linkedOutdir, ['dev'], 'json')).toEqual({ removed: [], kept: [] });
    expect(fs.existsSync(path.join(outside, 'old', 'cdk.tf.json'))).toBe(true);
  });

  it('GIVEN a stale stack folder holding Terraform state THEN keeps it and says why', () => {
    write(path.join(outdir, 'stacks', 'old', 'cdk.tf.json'));
    write(path.join(outdir, 'stacks', 'old', 'terraform.tfstate'));

    const result = pruneOutputFolder(outdir, ['dev'], 'json');

    expect(result.removed).toEqual([]);
    expect(result.kept).toEqual([{ path: path.join(outdir, 'stacks', 'old'), reason: expect.stringContaining('holds Terraform state (terraform.tfstate)') }]);
    expect(formatReport({ outdir, format: 'json', stacks: [], ...result }, path.dirname(outdir)).stderr).toMatch(/^kept cdktf\.out\/stacks\/old: not declared/);
  });

  it('GIVEN the cdktf CLI runs the app (it removes undeclared stack folders itself) THEN leaves stack folders but still removes the other format', () => {
    write(path.join(outdir, 'stacks', 'old', 'cdk.tf.json'));
    write(path.join(outdir, 'stacks', 'dev', 'cdk.tf'));
    expect(runByCdktfCli({ CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: 'true' })).toBe(true);
    expect(runByCdktfCli({})).toBe(false);

    const result = pruneOutputFolder(outdir, ['dev'], 'json', false);

    expect(result.removed.map((removed) => removed.path)).toEqual([path.join(outdir, 'stacks', 'dev', 'cdk.tf')]);
    expect(stackFolders(outdir)).toEqual(['dev', 'old']);
  });
});

describe('npm run synth', () => {
  it('GIVEN CDKTF_OUTDIR holding a stale stack WHEN run THEN removes it and ends with one line per stack with its resource count', () => {
    const outdir = scratch('npm-synth-');
    write(path.join(outdir, 'stacks', 'old', 'cdk.tf.json'));

    const run = spawnSync('npm', ['run', '-s', 'synth'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, CDKTF_OUTDIR: outdir, NOTIFIER_IMAGE_URI: IMAGE_URI, CHECKPOINT_DISABLE: '1' },
      encoding: 'utf8',
    });

    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    const stack = path.join(path.relative(PROJECT_ROOT, outdir), 'stacks', 'dev', 'cdk.tf.json');
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.slice(-2)).toEqual([
      `removed ${path.relative(PROJECT_ROOT, path.join(outdir, 'stacks', 'old'))}: stack not declared by this synthesis`,
      expect.stringMatching(new RegExp(`^${stack.replace(/\./g, '\\.')}: ${resourceBlocks(path.join(PROJECT_ROOT, stack))} resources, \\d+\\.\\d\\d s$`)),
    ]);
    expect(stackFolders(outdir)).toEqual(['dev']);
  });
});
