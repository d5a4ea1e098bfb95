/**
 * A Mermaid flowchart of one workflow: steps in order, parallel groups as subgraphs, retry loops on the
 * steps that retry, and the catch edges into the failure notification. Pure: `npm run graph` writes it.
 */
import { FAILED, NOTIFY_FAILURE, NOTIFY_SUCCESS } from './asl';
import { isParallel, type Task, type Workflow } from './config';

function id(name: string): string {
  return `s_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
}

function retryLabel(task: Task): string | undefined {
  const parts: string[] = [];
  if (task.retry.capacityRetries > 0) parts.push(`capacity x${task.retry.capacityRetries}`);
  if (task.retry.taskFailureRetries > 0) parts.push(`task failure x${task.retry.taskFailureRetries}`);
  return parts.length > 0 ? `retry ${parts.join(', ')}` : undefined;
}

export function workflowGraph(workflow: Workflow): string {
  const lines = ['flowchart TD', '  start((start))'];
  const edges: string[] = [];
  let previous = 'start';
  const taskNode = (task: Task, indent: string) => {
    lines.push(`${indent}${id(task.name)}["${task.name}<br/>${task.capacity} ${task.cpu}/${task.memoryMiB} MiB, ${task.timeoutSeconds}s"]`);
    const retry = retryLabel(task);
    if (retry) edges.push(`  ${id(task.name)} -. "${retry}" .-> ${id(task.name)}`);
  };
  for (const step of workflow.steps) {
    if (isParallel(step)) {
      lines.push(`  subgraph ${id(step.name)}["${step.name} (parallel)"]`);
      step.parallel.forEach((task) => taskNode(task, '    '));
      lines.push('  end');
    } else {
      taskNode(step, '  ');
    }
    edges.push(`  ${previous} --> ${id(step.name)}`);
    edges.push(`  ${id(step.name)} -. "catch: any error" .-> ${id(NOTIFY_FAILURE)}`);
    previous = id(step.name);
  }
  lines.push(`  ${id(NOTIFY_FAILURE)}[/"Slack: FAILED (step, error, cause)"/]`, `  ${id(FAILED)}(((${FAILED})))`, '  done(((Succeeded)))');
  edges.push(`  ${id(NOTIFY_FAILURE)} --> ${id(FAILED)}`);
  if (workflow.notifyOnSuccess) {
    lines.push(`  ${id(NOTIFY_SUCCESS)}[/"Slack: SUCCEEDED"/]`);
    edges.push(`  ${previous} --> ${id(NOTIFY_SUCCESS)}`, `  ${id(NOTIFY_SUCCESS)} --> done`);
  } else {
    edges.push(`  ${previous} --> done`);
  }
  if (workflow.schedule) {
    lines.push(`  schedule{{"${workflow.schedule.expression} ${workflow.schedule.timeZone}"}}`);
    edges.unshift('  schedule --> start');
  }
  return [...lines, ...edges].join('\n') + '\n';
}
