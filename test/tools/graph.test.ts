import { resolveEnvironments } from '../../stacks/config/resolve';
import { workflowGraph } from '../../tools/graph/graph';
import { environment, task, workflow } from '../helpers';

describe('workflowGraph', () => {
  const [env] = resolveEnvironments([
    environment({
      workflows: [
        workflow('w', {
          steps: [task('extract', { retry: { taskFailureRetries: 1 } }), { name: 'fan-out', parallel: [task('a'), task('b', { retry: { capacityRetries: 0 } })] }],
          schedule: { expression: 'cron(0 9 * * ? *)', timeZone: 'Asia/Tokyo' },
          notifyOnSuccess: true,
        }),
      ],
    }),
  ]);
  const lines = workflowGraph(env.workflows[0]).split('\n');

  it('draws the steps in order from the schedule to the end, and the Slack alert on success', () => {
    expect(lines[0]).toBe('flowchart TD');
    expect(lines).toEqual(expect.arrayContaining(['  schedule --> start', '  running -- no --> s_extract', '  s_extract --> s_fan_out', '  s_fan_out --> done', '  done -.-> alerts']));
    expect(lines).toContain('  alerts[/"Slack via EventBridge: FAILED, TIMED_OUT, ABORTED, SUCCEEDED, SKIPPED"/]');
  });

  it('GIVEN a scheduled workflow (overlap "skip") THEN a run first checks for another running execution and is skipped if there is one', () => {
    expect(lines).toEqual(expect.arrayContaining(['  start --> running', '  running -- yes --> skipped', '  skipped -.-> alerts']));
    expect(lines).not.toContain('  start --> s_extract');
    const [allowing] = resolveEnvironments([environment({ workflows: [workflow('w', { steps: [task('a')], schedule: { expression: 'rate(1 day)' }, overlap: 'allow' })] })])[0].workflows;
    const plain = workflowGraph(allowing).split('\n');
    expect(plain).toContain('  start --> s_a');
    expect(plain.some((line) => line.includes('running'))).toBe(false);
  });

  it('shows the time-out of the whole execution', () => {
    expect(lines[1]).toMatch(/^ {2}start\(\("start<br\/>times out after \d+s"\)\)$/);
  });

  it('draws a parallel group as a subgraph of its tasks', () => {
    const start = lines.indexOf('  subgraph s_fan_out["fan-out (parallel)"]');
    expect(start).toBeGreaterThan(0);
    expect(lines.slice(start + 1, start + 4).map((line) => line.trim().split('[')[0])).toEqual(['s_a', 's_b', 'end']);
  });

  it('draws retry loops, and each step failing the execution in place', () => {
    expect(lines).toContain('  s_extract -. "retry capacity x3, task failure x1" .-> s_extract');
    expect(lines).toContain('  s_a -. "retry capacity x3" .-> s_a');
    expect(lines.some((line) => line.startsWith('  s_b -. "retry'))).toBe(false);
    expect(lines).toEqual(
      expect.arrayContaining(['  s_extract -. "fails after retries: redrive resumes here" .-> failed', '  s_fan_out -. "fails after retries: redrive resumes here" .-> failed', '  failed -.-> alerts']),
    );
    expect(lines.some((line) => /Notify|catch/.test(line))).toBe(false);
  });
});

describe('workflowGraph of the workflow features', () => {
  const [env] = resolveEnvironments([
    environment({
      workflows: [
        workflow('w', {
          timeoutSeconds: 7200,
          steps: [
            task('list', { reportsResult: true, enableExecuteCommand: true }),
            { name: 'convert', forEach: { itemsPath: '$.files', itemsFromStep: 'list', maxConcurrency: 4 }, task: { image: 'notifier' } },
            { name: 'archive', forEach: { itemsPath: '$.folders', toleratedFailurePercentage: 10 }, task: { image: 'notifier' } },
          ],
        }),
      ],
    }),
  ]);
  const lines = workflowGraph(env.workflows[0]).split('\n');

  it('GIVEN a step reporting a result with ECS Exec THEN its node says it reports a result and allows ECS Exec', () => {
    expect(lines).toContain('  s_list["list<br/>FARGATE 256/512 MiB, 3600s<br/>reports a result<br/>ECS Exec"]');
  });

  it('GIVEN fan-outs THEN each is a box saying what it runs over, how many at a time, and what failing items do', () => {
    expect(lines).toEqual(
      expect.arrayContaining([
        '  subgraph s_convert_items["convert: for each item of list result $.files, 4 at a time, fails if any item fails"]',
        '  subgraph s_archive_items["archive: for each item of input $.folders, 10 at a time, tolerates 10% failed items"]',
        '  s_list --> s_convert',
        '  s_convert --> s_archive',
      ]),
    );
  });
});
