// Validation of the workflow features: steps that report a result, fan-outs, and the overrides budget of results and items.
import { configProblems, environment, task, workflow } from '../../helpers';
import type { WorkflowInput } from '../../../stacks/config/types';

const problemsOf = (...workflows: WorkflowInput[]) => configProblems([environment({ workflows })]);
const fanOut = (forEach: Record<string, unknown>, extra: Partial<WorkflowInput> = {}, before: WorkflowInput['steps'] = []) =>
  workflow('w', { timeoutSeconds: 7200, steps: [...before, { name: 'each', forEach: { itemsPath: '$.items', ...forEach }, task: { image: 'notifier' } }], ...extra });

describe('steps that report a result (reportsResult)', () => {
  it('GIVEN a step that reports a result THEN the configuration is accepted', () => {
    expect(problemsOf(workflow('w', { steps: [task('a', { reportsResult: true, timeoutSeconds: 600 }), task('b')] }))).toEqual([]);
  });

  it('GIVEN a configuration still using waitForCallback or heartbeatSeconds THEN each is refused, naming what replaced it', () => {
    const legacy = Object.assign(task('a'), { waitForCallback: true, heartbeatSeconds: 60 });
    expect(problemsOf(workflow('w', { steps: [legacy, task('b')] }))).toEqual([
      '  - environments[0=dev].workflows[0=w].steps[0=a]: waitForCallback was replaced by reportsResult: true (the container writes its result as JSON to RESULT_KEY in RESULT_BUCKET; the step runs with ecs:runTask.sync); heartbeatSeconds was removed with waitForCallback: a step with reportsResult: true runs with ecs:runTask.sync, which tracks its task; timeoutSeconds bounds it (got {"waitForCallback":true,"heartbeatSeconds":60})',
    ]);
    // Any other unknown option gets the message of every unknown key.
    expect(problemsOf(workflow('w', { steps: [Object.assign(task('a'), { other: 1 })] }))).toEqual([expect.stringContaining('steps[0=a].other: unknown option "other"; allowed: name, image,')]);
  });

  it('GIVEN a step reporting a result in a parallel group THEN it is refused: its result would have no single place', () => {
    expect(problemsOf(workflow('w', { steps: [{ name: 'g', parallel: [task('a', { reportsResult: true }), task('b')] }] }))).toEqual([
      '  - environments[0=dev].workflows[0=w].steps[0=g].parallel[0=a].reportsResult: a step in a parallel group or a fan-out cannot report a result: make it a step of its own (got true)',
    ]);
  });

  it('GIVEN results larger than the later steps’ overrides can hold THEN the first step that cannot start is named, with what to lower', () => {
    const steps = [task('a', { reportsResult: true, resultMaxChars: 4000 }), task('b', { reportsResult: true, resultMaxChars: 4000 }), task('c')];
    expect(problemsOf(workflow('w', { steps }))).toEqual([
      expect.stringMatching(/^ {2}- environments\[0=dev\]\.workflows\[0=w\]\.steps\[2=c\]\.name: state c: its container overrides can reach 8,[\d,]+ characters; ECS allows 8,192 with the results of earlier steps at their resultMaxChars in STEP_RESULTS: lower resultMaxChars \(got "c"\)$/),
    ]);
    // Step b gets only a's result, which fits; with smaller results every step fits.
    expect(problemsOf(workflow('w', { steps: steps.map((step) => ({ ...step, resultMaxChars: step.reportsResult ? 3000 : undefined })) }))).toEqual([]);
  });

  it('GIVEN a large result that only a Distributed fan-out reads THEN it does not count against later steps’ overrides: it stays in S3', () => {
    // The same results as above, but a's is read by a Distributed fan-out: c gets b's result only, which fits.
    const steps: WorkflowInput['steps'] = [
      task('a', { reportsResult: true, resultMaxChars: 4000 }),
      { name: 'each', forEach: { itemsFromStep: 'a', itemsPath: '$', toleratedFailurePercentage: 0 }, task: { image: 'notifier' } },
      task('b', { reportsResult: true, resultMaxChars: 4000 }),
      task('c'),
    ];
    expect(problemsOf(workflow('w', { timeoutSeconds: 7200, steps }))).toEqual([]);
  });
});

describe('fan-out steps (forEach)', () => {
  it('GIVEN a fan-out over the input, and one over an earlier step’s result THEN both are accepted', () => {
    expect(problemsOf(fanOut({}), fanOut({ itemsFromStep: 'list', itemsPath: '$.files' }, { name: 'v' }, [task('list', { reportsResult: true })]))).toEqual([]);
  });

  it('GIVEN a fan-out in a workflow without its own time-out THEN the workflow’s timeoutSeconds is asked for', () => {
    expect(problemsOf(fanOut({}, { timeoutSeconds: undefined }))).toEqual([
      "  - environments[0=dev].workflows[0=w].timeoutSeconds: step each runs once per item, so how long the workflow takes is not known here: set the workflow's timeoutSeconds (got nothing)",
    ]);
  });

  it('GIVEN itemsFromStep naming a later step, or one that reports nothing THEN it is refused', () => {
    const expected = '  - environments[0=dev].workflows[0=w].steps[1=each].forEach.itemsFromStep: must name an earlier step of this workflow with reportsResult: true (a step that reports a result) (got "list")';
    expect(problemsOf(fanOut({ itemsFromStep: 'list' }, {}, [task('list')]))).toEqual([expected]);
    expect(problemsOf(fanOut({ itemsFromStep: 'nothing' }, {}, [task('list', { reportsResult: true })]))).toEqual([expected.replace('"list"', '"nothing"')]);
  });

  it('GIVEN a Distributed fan-out over a result THEN its itemsPath must be $ (ItemReader reads a top-level array), and no Inline fan-out may read that result', () => {
    const list = task('list', { reportsResult: true });
    expect(problemsOf(fanOut({ itemsFromStep: 'list', itemsPath: '$', toleratedFailurePercentage: 5 }, {}, [list]))).toEqual([]);
    expect(problemsOf(fanOut({ itemsFromStep: 'list', itemsPath: '$.files', toleratedFailurePercentage: 5 }, {}, [list]))).toEqual([
      '  - environments[0=dev].workflows[0=w].steps[1=each].forEach.itemsPath: must be $ in a Distributed fan-out over a result: its items are read from S3 (rule states.item-reader-json), where the result of list must be the JSON array itself (got "$.files")',
    ]);
    const both = workflow('w', {
      timeoutSeconds: 7200,
      steps: [list, { name: 'wide', forEach: { itemsFromStep: 'list', itemsPath: '$', toleratedFailurePercentage: 5 }, task: { image: 'notifier' } }, { name: 'narrow', forEach: { itemsFromStep: 'list', itemsPath: '$' }, task: { image: 'notifier' } }],
    });
    expect(problemsOf(both)).toEqual([expect.stringContaining('steps[2=narrow].forEach.itemsFromStep: the result of list is read by a Distributed fan-out straight from S3')]);
  });

  it('GIVEN more than 40 items at a time inline, or more than 10,000 distributed THEN the concurrency is refused with the mode’s limit', () => {
    expect(problemsOf(fanOut({ maxConcurrency: 40 }), fanOut({ maxConcurrency: 10000, toleratedFailurePercentage: 1 }, { name: 'v' }))).toEqual([]);
    expect(problemsOf(fanOut({ maxConcurrency: 41 }), fanOut({ maxConcurrency: 10001, toleratedFailurePercentage: 1 }, { name: 'v' }))).toEqual([
      '  - environments[0=dev].workflows[0=w].steps[0=each].forEach.maxConcurrency: at most 40 items at a time in Inline mode (no toleratedFailurePercentage) (rule states.inline-map-concurrency) (got 41)',
      '  - environments[0=dev].workflows[1=v].steps[0=each].forEach.maxConcurrency: at most 10,000 items at a time in Distributed mode (rule states.inline-map-concurrency) (got 10001)',
    ]);
  });

  it('GIVEN an items path that is not a plain JSONPath, or a task reporting a result inside the fan-out THEN each is refused at its field', () => {
    const lines = problemsOf(workflow('w', { timeoutSeconds: 600, steps: [{ name: 'each', forEach: { itemsPath: 'items[*]' }, task: { image: 'notifier', reportsResult: true } }] }));
    // Both problems at once: the field the schema refuses, and the result the fan-out's task cannot report.
    expect(lines).toEqual([
      expect.stringContaining('steps[0=each].forEach.itemsPath: must be a JSONPath such as $.items'),
      '  - environments[0=dev].workflows[0=w].steps[0=each].task.reportsResult: a step in a parallel group or a fan-out cannot report a result: make it a step of its own (got true)',
    ]);
    expect(problemsOf(workflow('w', { timeoutSeconds: 600, steps: [{ name: 'each', forEach: { itemsPath: '$.items' }, task: { image: 'notifier', reportsResult: true } }] }))).toEqual([
      '  - environments[0=dev].workflows[0=w].steps[0=each].task.reportsResult: a step in a parallel group or a fan-out cannot report a result: make it a step of its own (got true)',
    ]);
  });

  it('GIVEN a fan-out whose item comes from a result too large for its overrides THEN the fan-out step is named', () => {
    const lines = problemsOf(fanOut({ itemsFromStep: 'list', itemsPath: '$.files' }, {}, [task('list', { reportsResult: true, resultMaxChars: 5000 })]));
    expect(lines).toEqual([expect.stringMatching(/^ {2}- environments\[0=dev\]\.workflows\[0=w\]\.steps\[1=each\]\.name: state each: item: its container overrides can reach 1\d,[\d,]+ characters; ECS allows 8,192/)]);
  });
});

describe('the example of results, fan-out and ECS Exec in docs/configuration.md', () => {
  it('GIVEN the workflow docs/configuration.md shows (with a real digest) THEN it is accepted as written', () => {
    const nightlyConvert: WorkflowInput = {
      name: 'nightly-convert',
      timeoutSeconds: 6 * 3600,
      schedule: { expression: 'cron(0 2 * * ? *)', timeZone: 'Asia/Tokyo' },
      steps: [
        { name: 'list-items', image: { directory: 'examples/list-items' }, environment: { ITEMS: '2026-11-28,2026-11-29' }, reportsResult: true, resultMaxChars: 2048 },
        { name: 'convert', forEach: { itemsFromStep: 'list-items', itemsPath: '$.items', maxConcurrency: 5 }, task: { image: { uri: `123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/convert@sha256:${'c'.repeat(64)}` } } },
        { name: 'report', image: 'notifier', environment: { NOTIFY_TEXT: 'converted' } },
      ],
    };
    expect(problemsOf(nightlyConvert)).toEqual([]);
  });
});
