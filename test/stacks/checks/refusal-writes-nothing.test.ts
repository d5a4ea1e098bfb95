// A configuration the checks of the rendered stacks refuse writes nothing: the stacks are rendered and checked in
// memory, and the output folder is left as it was (not even created).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { synthesizeEnvironments } from '../../../stacks/app/synthesis';
import { ConfigError } from '../../../stacks/config/errors';
import { environment, IMAGE_URI, PROJECT_ROOT, task, workflow } from '../../helpers';

const scratch = () => fs.mkdtempSync(path.join(process.env.TMPDIR ?? path.join(PROJECT_ROOT, '.tmp'), 'refusal-'));
const variables = { NOTIFIER_IMAGE_URI: IMAGE_URI };
/** Refused only by the checks of the rendered stacks: two steps make the same physical names. */
const clashing = environment({ workflows: [workflow('a-b', { steps: [task('c')] }), workflow('a', { steps: [task('b-c')] })] });

/** Every file under `folder` with its content, to compare before and after. */
function snapshotOf(folder: string): Record<string, string> {
  return Object.fromEntries(
    (fs.readdirSync(folder, { recursive: true, withFileTypes: true }) as fs.Dirent[])
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const file = path.join(entry.parentPath, entry.name);
        return [path.relative(folder, file), fs.readFileSync(file, 'utf8')];
      }),
  );
}

const refusal = (run: () => unknown): ConfigError => {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('the configuration was accepted');
};

describe('a configuration refused by the checks of the rendered stacks', () => {
  it('GIVEN no output folder WHEN synthesized THEN the ConfigError names both steps and no folder is created', () => {
    const outdir = path.join(scratch(), 'cdktf.out');
    const error = refusal(() => synthesizeEnvironments([clashing], { outdir, variables }));
    expect(error.problems.map((problem) => problem.path)).toEqual(['environments[0=dev].workflows[1=a].steps[0=b-c].name']);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  it('GIVEN the output folder of an earlier synthesis WHEN synthesized THEN every file is left as it was, and none is added', () => {
    const outdir = path.join(scratch(), 'cdktf.out');
    synthesizeEnvironments([environment()], { outdir, variables });
    const before = snapshotOf(outdir);
    expect(Object.keys(before)).toEqual(expect.arrayContaining([path.join('stacks', 'dev', 'cdk.tf.json'), 'manifest.json']));

    refusal(() => synthesizeEnvironments([clashing], { outdir, variables }));

    expect(snapshotOf(outdir)).toEqual(before);
  });

  it('GIVEN HCL output (cdktf synth --hcl) WHEN synthesized THEN the same stacks rendered as JSON are checked: the same refusal, nothing written', () => {
    const outdir = path.join(scratch(), 'cdktf.out');
    const previous = process.env.SYNTH_HCL_OUTPUT;
    process.env.SYNTH_HCL_OUTPUT = 'true';
    try {
      const error = refusal(() => synthesizeEnvironments([clashing], { outdir, variables }));
      expect(error.problems.map((problem) => problem.path)).toEqual(['environments[0=dev].workflows[1=a].steps[0=b-c].name']);
      expect(process.env.SYNTH_HCL_OUTPUT).toBe('true');
    } finally {
      if (previous === undefined) delete process.env.SYNTH_HCL_OUTPUT;
      else process.env.SYNTH_HCL_OUTPUT = previous;
    }
    expect(fs.existsSync(outdir)).toBe(false);
  });
});
