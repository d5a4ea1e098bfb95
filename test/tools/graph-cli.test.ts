import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../tools/graph/graph-cli';
import { environment, PROJECT_ROOT, stackOf, synth, synthApp, task, workflow } from '../helpers';

function scratch(prefix: string): string {
  return fs.mkdtempSync(path.join(process.env.TMPDIR ?? path.join(PROJECT_ROOT, '.tmp'), prefix));
}

describe('npm run graph', () => {
  it('GIVEN CDKTF_OUTDIR holding what `npm run synth` wrote WHEN run without --out THEN writes the diagrams to graphs/ under it from the rendered stacks', () => {
    const { outdir } = synthApp('image-uri', 'graph-cli-');
    const before = fs.readdirSync(outdir).sort();

    const run = spawnSync('npm', ['run', '-s', 'graph'], { cwd: PROJECT_ROOT, env: { ...process.env, CDKTF_OUTDIR: outdir }, encoding: 'utf8' });

    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    const file = path.join(outdir, 'graphs', 'dev-daily-batch.md');
    expect(run.stdout).toBe(`wrote ${path.relative(PROJECT_ROOT, file)}\n`);
    const markdown = fs.readFileSync(file, 'utf8');
    expect(markdown).toMatch(/^# dev \/ daily-batch\n\n```mermaid\nflowchart TD\n/);
    expect(markdown).toContain('  s_task1 --> s_task2\n');
    // It reads the stacks and writes the graphs, nothing else.
    expect(fs.readdirSync(outdir).sort()).toEqual([...before, 'graphs'].sort());
  });

  it('GIVEN an output folder with no synthesized stack THEN says to run `npm run synth` first, and writes nothing', () => {
    const outdir = scratch('graph-cli-empty-');

    const result = runCli([], { CDKTF_OUTDIR: outdir });

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`graph: no synthesized stack in ${outdir}: run \`npm run synth\` first`);
    expect(fs.readdirSync(outdir)).toEqual([]);
  });

  it('GIVEN --stack naming one cdk.tf.json and --out THEN draws that stack only, into that folder', () => {
    const folder = path.join(scratch('graph-cli-stack-'), 'stacks', 'qa');
    fs.mkdirSync(folder, { recursive: true });
    const stack = synth(stackOf(environment({ name: 'qa', workflows: [workflow('nightly', { steps: [task('one'), task('two')] })] }))).json;
    fs.writeFileSync(path.join(folder, 'cdk.tf.json'), stack);
    const out = scratch('graph-cli-out-');

    for (const target of [path.join(folder, 'cdk.tf.json'), folder]) {
      const result = runCli(['--stack', target, '--out', out], { CDKTF_OUTDIR: scratch('graph-cli-unused-') });

      expect(result).toEqual({ exitCode: 0, stdout: `wrote ${path.relative(process.cwd(), path.join(out, 'qa-nightly.md'))}\n`, stderr: '' });
      expect(fs.readFileSync(path.join(out, 'qa-nightly.md'), 'utf8')).toContain('  s_one --> s_two\n');
    }
  });

  it('GIVEN a bad argument or a --stack that does not exist THEN exit 2 with the usage', () => {
    expect(runCli(['--outdir', 'x'])).toMatchObject({ exitCode: 2, stderr: expect.stringContaining('unknown argument --outdir') });
    expect(runCli(['--out'])).toMatchObject({ exitCode: 2, stderr: expect.stringContaining('--out needs a path') });
    const missing = path.join(scratch('graph-cli-missing-'), 'cdk.tf.json');
    expect(runCli(['--stack', missing])).toMatchObject({ exitCode: 2, stderr: expect.stringContaining(`${missing}: no such synthesized stack (run \`npm run synth\` first?)`) });
  });
});
