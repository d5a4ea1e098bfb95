// Validation of the images tasks run: build folders, the notifier's platform, capacity and architecture.
// Every problem is a ConfigError naming the field, before anything is written.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildApp } from '../../../stacks/app/app';
import { ConfigError } from '../../../stacks/config/errors';
import { resolveEnvironments } from '../../../stacks/config/resolve';
import type { EnvironmentInput, TaskInput } from '../../../stacks/config/types';
import { imageContext } from '../../../stacks/builders/image-context';
import { environment, PROJECT_ROOT, resourcesOf, stackOf, synth, task, workflow } from '../../helpers';

const tmp = () => fs.mkdtempSync(path.join(process.env.TMPDIR ?? path.join(PROJECT_ROOT, '.tmp'), 'images-'));

function envWith(...tasks: TaskInput[]): EnvironmentInput {
  return environment({ workflows: [workflow('w', { steps: tasks })] });
}

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split('\n').slice(1).map((line) => line.trim());
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('image.directory', () => {
  const root = tmp();
  fs.mkdirSync(path.join(root, 'jobs', 'load'), { recursive: true });
  fs.writeFileSync(path.join(root, 'jobs', 'load', 'Dockerfile'), 'FROM scratch\n');
  fs.mkdirSync(path.join(root, 'jobs', 'empty'));

  it('GIVEN a missing folder THEN a ConfigError names the field and the folder, and nothing is written', () => {
    const outdir = path.join(tmp(), 'out');
    const problems = problemsOf(() => buildApp([envWith(task('load', { image: { directory: 'jobs/nope' } }))], { projectRoot: root, outdir, variables: {} }));
    expect(problems).toEqual([
      `- environments[0=dev].workflows[0=w].steps[0=load].image.directory: no such folder: ${path.join(root, 'jobs', 'nope')} (got "jobs/nope")`,
    ]);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  it('GIVEN a folder without its Dockerfile, and one with another missing Dockerfile name THEN each is reported at image.dockerfile', () => {
    const problems = problemsOf(() =>
      resolveEnvironments(
        [envWith(task('a', { image: { directory: 'jobs/empty' } }), task('b', { image: { directory: 'jobs/load', dockerfile: 'Dockerfile.prod' } }))],
        { projectRoot: root },
      ),
    );
    expect(problems).toEqual([
      `- environments[0=dev].workflows[0=w].steps[0=a].image.dockerfile: no such file in the build folder: ${path.join(root, 'jobs', 'empty', 'Dockerfile')} (got "Dockerfile")`,
      `- environments[0=dev].workflows[0=w].steps[1=b].image.dockerfile: no such file in the build folder: ${path.join(root, 'jobs', 'load', 'Dockerfile.prod')} (got "Dockerfile.prod")`,
    ]);
  });

  it('GIVEN a bad folder in a parallel group, with another problem elsewhere THEN one error lists both', () => {
    const env = environment({
      workflows: [workflow('w', { steps: [{ name: 'p', parallel: [task('a', { image: { directory: 'jobs/nope' } }), task('b')] }, task('c', { cpu: 300 })] })],
    });
    const problems = problemsOf(() => resolveEnvironments([env], { projectRoot: root }));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^- environments\[0=dev\]\.workflows\[0=w\]\.steps\[1=c\]\.memoryMiB: cpu must be one of/);
    expect(problems[1]).toMatch(/^- environments\[0=dev\]\.workflows\[0=w\]\.steps\[0=p\]\.parallel\[0=a\]\.image\.directory: no such folder: /);
  });

  it('GIVEN a relative folder THEN it is found from the project root, not the working directory, and resolved to an absolute path', () => {
    const [env] = resolveEnvironments([envWith(task('load', { image: { directory: 'jobs/load' } }))], { projectRoot: root });
    expect(env.workflows[0].steps[0]).toMatchObject({ image: { directory: path.join(root, 'jobs', 'load') } });
    expect(problemsOf(() => resolveEnvironments([envWith(task('load', { image: { directory: 'jobs/load' } }))], { projectRoot: PROJECT_ROOT }))[0]).toMatch(
      /image\.directory: no such folder: /,
    );
  });

  it('GIVEN a relative folder in the app THEN the image is built from the project root', () => {
    const out = synth(stackOf(envWith(task('load', { image: { directory: 'jobs/load' } })), { projectRoot: root, variables: {} }));
    const expected = imageContext({ directory: path.join(root, 'jobs', 'load'), dockerfile: 'Dockerfile', buildArgs: {}, platform: 'linux/amd64' }).hash;
    expect(resourcesOf(out, 'docker_image').map((image) => image.triggers)).toContainEqual({ contextHash: expected });
  });
});

describe('cpuArchitecture of the notifier', () => {
  it('GIVEN NOTIFIER_IMAGE_URI and an ARM64 step running the notifier THEN it is refused at cpuArchitecture', () => {
    const problems = problemsOf(() => resolveEnvironments([envWith(task('arm', { cpuArchitecture: 'ARM64' }))], { prebuiltNotifier: true }));
    expect(problems).toEqual([
      '- environments[0=dev].workflows[0=w].steps[0=arm].cpuArchitecture: runs the notifier image from NOTIFIER_IMAGE_URI, whose platform is unknown here and taken as linux/amd64: use X86_64, or leave NOTIFIER_IMAGE_URI unset so that the notifier is built for ARM64 (got "ARM64")',
    ]);
  });

  it('GIVEN NOTIFIER_IMAGE_URI and an X86_64 notifier step, or an ARM64 step with its own image THEN both are accepted', () => {
    const uri = { uri: `public.ecr.aws/docker/library/busybox@sha256:${'d'.repeat(64)}` };
    expect(() => resolveEnvironments([envWith(task('x86'), task('arm', { cpuArchitecture: 'ARM64', image: uri }))], { prebuiltNotifier: true })).not.toThrow();
  });

  it('GIVEN the notifier is built here THEN an ARM64 notifier step is accepted', () => {
    expect(() => resolveEnvironments([envWith(task('arm', { cpuArchitecture: 'ARM64' }))], { prebuiltNotifier: false })).not.toThrow();
  });
});

describe('capacity and architecture', () => {
  it.each(['X86_64', 'ARM64'] as const)('GIVEN FARGATE_SPOT with %s THEN it is accepted (platform version 1.4.0)', (cpuArchitecture) => {
    expect(() => resolveEnvironments([envWith(task('spot', { capacity: 'FARGATE_SPOT', cpuArchitecture }))])).not.toThrow();
  });
});
