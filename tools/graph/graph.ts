/**
 * A Mermaid flowchart of one workflow as the synthesized stack renders it (tools/graph/workflow-view.ts reads it):
 * steps in order, parallel groups as subgraphs, fan-outs with their items, concurrency and tolerated failures, steps
 * that report a result, retry loops on the steps that retry, where a step that still fails ends the execution (a
 * redrive resumes there), the whole execution's time-out, the check for another running execution, and the Slack
 * alerts EventBridge sends on how it ended. Pure: `npm run graph` writes it.
 */
import type { FanOutView, StepView, Target, TaskView, WorkflowView } from './workflow-view';

export { workflowsOf, type WorkflowView } from './workflow-view';

function id(name: string): string {
  return `s_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
}

/** Text inside a quoted Mermaid label. */
function text(value: string): string {
  return value.replace(/"/g, '#quot;');
}

/** What a fan-out runs over, how many at a time, and how many items may fail. */
function fanOutLabel(fanOut: FanOutView): string {
  const tolerated = [
    ...(fanOut.toleratedFailurePercentage === undefined ? [] : [`${fanOut.toleratedFailurePercentage}%`]),
    ...(fanOut.toleratedFailureCount === undefined ? [] : [`${fanOut.toleratedFailureCount}`]),
  ];
  const failures = tolerated.length === 0 ? 'fails if any item fails' : `tolerates ${tolerated.join(' or ')} failed items`;
  const concurrency = fanOut.maxConcurrency === undefined ? 'all at once' : `${fanOut.maxConcurrency} at a time`;
  return `for each item of ${fanOut.fromStep ? `${fanOut.fromStep} result ` : 'input '}${fanOut.itemsPath}, ${concurrency}, ${failures}`;
}

function taskLabel(task: TaskView): string {
  const size = task.cpu !== undefined && task.memoryMiB !== undefined ? `${task.cpu}/${task.memoryMiB} MiB` : undefined;
  const runs = [[task.capacity, size].filter(Boolean).join(' '), task.timeoutSeconds === undefined ? '' : `${task.timeoutSeconds}s`].filter(Boolean).join(', ');
  const extras = [...(runs ? [runs] : []), ...(task.reportsResult ? ['reports a result'] : []), ...(task.ecsExec ? ['ECS Exec'] : [])];
  return [task.name, ...extras].map(text).join('<br/>');
}

/** The node a target is drawn as: a step (a parallel group's subgraph, a fan-out's task), or an end. */
function nodeOf(target: Target): string {
  if ('step' in target) return id(target.step);
  return { succeeded: 'done', skipped: 'skipped', failed: 'failed' }[target.end];
}

export function workflowGraph(workflow: WorkflowView): string {
  const timeout = workflow.timeoutSeconds === undefined ? '' : `<br/>times out after ${workflow.timeoutSeconds}s`;
  const lines = ['flowchart TD', `  start(("start${timeout}"))`];
  const edges: string[] = [];
  const ends = new Set<string>();
  const reach = (from: string, targets: readonly Target[], label = (_target: Target): string | undefined => undefined) => {
    for (const target of targets) {
      const to = nodeOf(target);
      if ('end' in target) ends.add(target.end);
      const said = label(target);
      edges.push(said ? `  ${from} -- ${said} --> ${to}` : `  ${from} --> ${to}`);
    }
  };
  const taskNode = (task: TaskView, indent: string) => {
    lines.push(`${indent}${id(task.name)}["${taskLabel(task)}"]`);
    if (task.retries.length > 0) edges.push(`  ${id(task.name)} -. "retry ${task.retries.join(', ')}" .-> ${id(task.name)}`);
  };
  const stepNodes = (step: StepView) => {
    if (step.kind === 'parallel') {
      lines.push(`  subgraph ${id(step.name)}["${text(step.name)} (parallel)"]`);
      step.tasks.forEach((task) => taskNode(task, '    '));
      lines.push('  end');
    } else if (step.kind === 'fan-out') {
      lines.push(`  subgraph ${id(`${step.name}_items`)}["${text(`${step.name}: ${fanOutLabel(step.fanOut)}`)}"]`);
      taskNode(step.task, '    ');
      lines.push('  end');
    } else {
      taskNode(step.task, '  ');
    }
  };

  if (workflow.start.length === 1) {
    reach('start', workflow.start);
  } else {
    // The run first decides whether to run at all: with the overlap check, it ends at once when another execution runs.
    lines.push(`  running{"${workflow.checksRunningExecutions ? 'another execution running?' : 'choice'}"}`);
    edges.push('  start --> running');
    reach('running', workflow.start, (target) => (workflow.checksRunningExecutions ? ('step' in target ? 'no' : 'yes') : undefined));
  }
  for (const step of workflow.steps) {
    stepNodes(step);
    reach(id(step.name), workflow.next[step.name] ?? []);
    for (const target of workflow.onFailure[step.name] ?? []) {
      if ('end' in target) ends.add(target.end);
      const label = 'end' in target && target.end === 'failed' ? 'fails after retries: redrive resumes here' : 'on error';
      edges.push(`  ${id(step.name)} -. "${label}" .-> ${nodeOf(target)}`);
    }
  }

  const alerted = (status: string) => workflow.alerts.includes(status);
  if (ends.has('skipped')) lines.push('  skipped(((Skipped)))');
  if (ends.has('failed')) lines.push('  failed(((Failed)))');
  if (ends.has('succeeded')) lines.push('  done(((Succeeded)))');
  if (workflow.alerts.length > 0) {
    lines.push(`  alerts[/"Slack via EventBridge: ${workflow.alerts.join(', ')}"/]`);
    if (ends.has('skipped') && alerted('SKIPPED')) edges.push('  skipped -.-> alerts');
    if (ends.has('failed') && alerted('FAILED')) edges.push('  failed -.-> alerts');
    if (ends.has('succeeded') && alerted('SUCCEEDED')) edges.push('  done -.-> alerts');
  }
  workflow.schedules.forEach((schedule, index) => {
    const node = index === 0 ? 'schedule' : `schedule_${index + 1}`;
    lines.push(`  ${node}{{"${text(schedule)}"}}`);
    edges.unshift(`  ${node} --> start`);
  });
  return [...lines, ...edges].join('\n') + '\n';
}
