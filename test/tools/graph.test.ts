import { workflowGraph, workflowsOf } from '../../tools/graph/graph';
import { environment, stackOf, synth, task, workflow } from '../helpers';
import type { WorkflowInput } from '../../stacks/config/types';

/** The graph lines of each workflow of a synthesized stack, by workflow name: what `npm run graph` reads. */
function graphsOf(...workflows: WorkflowInput[]): Record<string, string[]> {
  const rendered: unknown = JSON.parse(synth(stackOf(environment({ workflows }))).json);
  return Object.fromEntries(workflowsOf(rendered).map((view) => [view.name, workflowGraph(view).split('\n')]));
}

describe('workflowGraph of a synthesized stack', () => {
  const graphs = graphsOf(
    workflow('w', {
      steps: [task('extract', { retry: { taskFailureRetries: 1 } }), { name: 'fan-out', parallel: [task('a'), task('b', { retry: { capacityRetries: 0 } })] }],
      schedule: { expression: 'cron(0 9 * * ? *)', timeZone: 'Asia/Tokyo' },
      notifyOnSuccess: true,
    }),
    workflow('plain', { steps: [task('a2')], schedule: { expression: 'rate(1 day)' }, overlap: 'allow' }),
  );
  const lines = graphs.w;

  it('GIVEN two state machines THEN draws one graph each, named by its workflow', () => {
    expect(Object.keys(graphs).sort()).toEqual(['plain', 'w']);
  });

  it('draws the steps in order from the schedule to the end, and the Slack alert on success', () => {
    expect(lines[0]).toBe('flowchart TD');
    expect(lines).toEqual(expect.arrayContaining(['  schedule --> start', '  running -- no --> s_extract', '  s_extract --> s_fan_out', '  s_fan_out --> done', '  done -.-> alerts']));
    expect(lines).toContain('  schedule{{"cron(0 9 * * ? *) Asia/Tokyo"}}');
    expect(lines).toContain('  alerts[/"Slack via EventBridge: FAILED, TIMED_OUT, ABORTED, SUCCEEDED, SKIPPED"/]');
  });

  it('GIVEN a scheduled workflow (overlap "skip") THEN a run first checks for another running execution and is skipped if there is one', () => {
    expect(lines).toEqual(expect.arrayContaining(['  start --> running', '  running -- yes --> skipped', '  skipped -.-> alerts']));
    expect(lines).not.toContain('  start --> s_extract');
    // The internal states of the check are collapsed into the one decision.
    expect(lines.some((line) => /oldest|Restore|Check running/.test(line))).toBe(false);
  });

  it('GIVEN overlap "allow" and no success alert THEN the run starts at its first step, and only failures are alerted', () => {
    const plain = graphs.plain;
    expect(plain).toContain('  start --> s_a2');
    expect(plain.some((line) => line.includes('running') || line.includes('skipped'))).toBe(false);
    expect(plain).toContain('  alerts[/"Slack via EventBridge: FAILED, TIMED_OUT, ABORTED"/]');
    expect(plain).toContain('  failed -.-> alerts');
    expect(plain).not.toContain('  done -.-> alerts');
    expect(plain).toContain('  schedule{{"rate(1 day) UTC"}}');
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

describe('workflowGraph of the workflow features, as synthesized', () => {
  const lines = graphsOf(
    workflow('w', {
      timeoutSeconds: 7200,
      steps: [
        task('list', { reportsResult: true, enableExecuteCommand: true }),
        { name: 'convert', forEach: { itemsPath: '$.files', itemsFromStep: 'list', maxConcurrency: 4 }, task: { image: 'notifier' } },
        { name: 'archive', forEach: { itemsPath: '$.folders', toleratedFailurePercentage: 10 }, task: { image: 'notifier' } },
        task('spot', { capacity: 'FARGATE_SPOT', cpu: 512, memoryMiB: 1024 }),
      ],
    }),
  ).w;

  it('GIVEN a step reporting a result with ECS Exec THEN its node says it reports a result and allows ECS Exec, and its read-back states are not drawn', () => {
    expect(lines).toContain('  s_list["list<br/>FARGATE 256/512 MiB, 3600s<br/>reports a result<br/>ECS Exec"]');
    expect(lines).toContain('  s_list --> s_convert');
    expect(lines.some((line) => /read result|keep result|Start step results/.test(line))).toBe(false);
  });

  it('GIVEN fan-outs THEN each is a box saying what it runs over, how many at a time, and what failing items do', () => {
    expect(lines).toEqual(
      expect.arrayContaining([
        '  subgraph s_convert_items["convert: for each item of list result $.files, 4 at a time, fails if any item fails"]',
        '  subgraph s_archive_items["archive: for each item of input $.folders, 10 at a time, tolerates 10% failed items"]',
        '  s_list --> s_convert',
        '  s_convert --> s_archive',
        '  s_archive --> s_spot',
      ]),
    );
    expect(lines).toContain('    s_convert["convert<br/>FARGATE 256/512 MiB, 3600s"]');
  });

  it('GIVEN a step on Fargate Spot THEN it is one node (its guard collapsed) that retries interruptions, sized by its task definition', () => {
    expect(lines).toContain('  s_spot["spot<br/>FARGATE_SPOT 512/1024 MiB, 3600s"]');
    expect(lines).toContain('  s_spot -. "retry capacity x3, Spot interruption x2" .-> s_spot');
    expect(lines).toContain('  s_spot --> done');
    expect(lines.some((line) => /interrupted|stop code|: run/.test(line))).toBe(false);
  });

  it('GIVEN no schedule THEN no overlap check and no schedule node; the workflow time-out is the one given', () => {
    expect(lines[1]).toBe('  start(("start<br/>times out after 7200s"))');
    expect(lines).toContain('  start --> s_list');
    expect(lines.some((line) => line.includes('schedule'))).toBe(false);
  });
});

describe('workflowsOf', () => {
  it('GIVEN a definition holding Terraform references in place of whole values THEN reads it with the references as text', () => {
    const definition = '{"StartAt":"a","TimeoutSeconds":${var.timeout},"States":{"a":{"Type":"Task","Resource":"arn:aws:states:::ecs:runTask.sync","Parameters":{"Cluster":"${aws_ecs_cluster.c.arn}"},"End":true}}}';
    const [view] = workflowsOf({ resource: { aws_sfn_state_machine: { m: { name: 'wf-dev-x', definition } } } });
    expect(view.steps.map((step) => step.name)).toEqual(['a']);
    expect(view.timeoutSeconds).toBeUndefined();
    expect(view.name).toBe('wf-dev-x');
    expect(workflowGraph(view).split('\n')).toEqual(expect.arrayContaining(['  start(("start"))', '  s_a["a"]', '  start --> s_a', '  s_a --> done']));
  });

  it('GIVEN a stack without state machines THEN there is no workflow', () => {
    expect(workflowsOf({ resource: {} })).toEqual([]);
    expect(workflowsOf(null)).toEqual([]);
  });
});
