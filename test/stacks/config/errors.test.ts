// How configuration problems are told: inside a union (step kinds, image kinds) the problem names the field that is
// wrong, an unknown key names the closest allowed key and lists the allowed ones, and a value is shown short.
import { configProblems, environment, task, workflow } from '../../helpers';
import type { WorkflowInput } from '../../../stacks/config/types';
import { closeKey } from '../../../stacks/config/errors';

const problemsOf = (...workflows: WorkflowInput[]) => configProblems([environment({ workflows })]);
const steps = (...list: unknown[]) => workflow('w', { timeoutSeconds: 7200, steps: list as WorkflowInput['steps'] });

describe('problems inside a union name the wrong field', () => {
  it('GIVEN a string cpu in a task of a parallel group THEN the problem is that cpu, not the group key "parallel"', () => {
    expect(problemsOf(steps({ name: 'g', parallel: [{ name: 'a', image: 'notifier', cpu: '1024' }, task('b')] }))).toEqual([
      '  - environments[0=dev].workflows[0=w].steps[0=g].parallel[0=a].cpu: Invalid input: expected number, received string (got "1024")',
    ]);
  });

  it('GIVEN a string maxConcurrency in a fan-out THEN the problem is forEach.maxConcurrency, not the keys "forEach" and "task"', () => {
    expect(problemsOf(steps({ name: 'each', forEach: { itemsPath: '$.items', maxConcurrency: '5' }, task: { image: 'notifier' } }))).toEqual([
      '  - environments[0=dev].workflows[0=w].steps[0=each].forEach.maxConcurrency: Invalid input: expected number, received string (got "5")',
    ]);
  });

  it('GIVEN an image { dir } THEN the build-folder kind it was meant to be says directory is missing and dir is unknown', () => {
    expect(problemsOf(steps({ name: 'a', image: { dir: 'examples/list-items' } }))).toEqual([
      '  - environments[0=dev].workflows[0=w].steps[0=a].image.directory: is required (string) (got nothing)',
      '  - environments[0=dev].workflows[0=w].steps[0=a].image.dir: unknown option "dir": did you mean "directory"? Allowed: directory, dockerfile, buildArgs, allowOutsideProject (got "examples/list-items")',
    ]);
  });

  it('GIVEN an image that is none of the kinds THEN the union says what it accepts', () => {
    for (const image of [{}, 'other']) {
      expect(problemsOf(steps({ name: 'a', image }))).toEqual([
        `  - environments[0=dev].workflows[0=w].steps[0=a].image: must be "notifier", { directory } or { uri } (got ${JSON.stringify(image)})`,
      ]);
    }
  });
});

describe('unknown keys', () => {
  it('GIVEN a misspelt task option THEN the problem sits at the key, names the closest option and lists the allowed ones, with the value only', () => {
    const [problem] = problemsOf(steps({ ...task('a'), timeoutSecond: 60, environment: { LONG: 'x'.repeat(500) } }));
    expect(problem).toMatch(/^ {2}- environments\[0=dev\]\.workflows\[0=w\]\.steps\[0=a\]\.timeoutSecond: unknown option "timeoutSecond": did you mean "timeoutSeconds"\? Allowed: name, image, command, .*enableExecuteCommand, taskRole \(got 60\)$/);
    expect(problem).not.toContain('xxxx');
  });

  it('GIVEN several unknown keys THEN one problem lists them, hints the close ones, and shows those keys only', () => {
    expect(problemsOf(steps({ ...task('a'), memory: 512, zzz: true }))).toEqual([
      expect.stringMatching(/steps\[0=a\]: unknown options "memory", "zzz" \(did you mean "memoryMiB" for "memory"\?\); allowed: name, .* \(got \{"memory":512,"zzz":true\}\)$/),
    ]);
  });

  it('GIVEN a key far from every allowed one THEN no guess is offered', () => {
    expect(closeKey('zzz', ['cpu', 'memoryMiB'])).toBeUndefined();
    expect(closeKey('cpus', ['cpu', 'memoryMiB'])).toBe('cpu');
    expect(closeKey('tiemoutSeconds', ['timeoutSeconds'])).toBe('timeoutSeconds');
  });
});
