/**
 * A Mermaid flowchart of one workflow: steps in order, parallel groups as subgraphs, fan-outs with their
 * items and concurrency, steps that report a result, retry loops on the steps that retry, where a step that still fails ends the execution (a redrive resumes there), the whole
 * execution's time-out, and the Slack alerts EventBridge sends on how it ended. Pure: `npm run graph` writes it.
 */
import { isParallel } from '../../stacks/config/steps';
import type { ForEachStep, Task, Workflow } from '../../stacks/config/types';
import { ALERT_STATUSES } from '../../stacks/builders/execution-alerts';
import { forEachTask, isForEach, skipsOverlappingRuns, workflowTimeoutSeconds } from '../../stacks/config/steps';

function id(name: string): string {
  return `s_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
}

/** What a fan-out runs over, how many at a time, and how many items may fail. */
function forEachLabel(step: ForEachStep): string {
  const { itemsPath, itemsFromStep, maxConcurrency, toleratedFailurePercentage } = step.forEach;
  const tolerated = toleratedFailurePercentage === undefined ? 'fails if any item fails' : `tolerates ${toleratedFailurePercentage}% failed items`;
  return `for each item of ${itemsFromStep ? `${itemsFromStep} result ` : 'input '}${itemsPath}, ${maxConcurrency} at a time, ${tolerated}`;
}

function retryLabel(task: Task): string | undefined {
  const parts: string[] = [];
  if (task.retry.capacityRetries > 0) parts.push(`capacity x${task.retry.capacityRetries}`);
  if (task.retry.taskFailureRetries > 0) parts.push(`task failure x${task.retry.taskFailureRetries}`);
  return parts.length > 0 ? `retry ${parts.join(', ')}` : undefined;
}

export function workflowGraph(workflow: Workflow): string {
  const lines = ['flowchart TD', `  start(("start<br/>times out after ${workflowTimeoutSeconds(workflow)}s"))`];
  const edges: string[] = [];
  let previous = 'start';
  const taskNode = (task: Task, indent: string) => {
    const extras = [...(task.reportsResult ? ['reports a result'] : []), ...(task.enableExecuteCommand ? ['ECS Exec'] : [])];
    lines.push(`${indent}${id(task.name)}["${task.name}<br/>${task.capacity} ${task.cpu}/${task.memoryMiB} MiB, ${task.timeoutSeconds}s${extras.map((extra) => `<br/>${extra}`).join('')}"]`);
    const retry = retryLabel(task);
    if (retry) edges.push(`  ${id(task.name)} -. "${retry}" .-> ${id(task.name)}`);
  };
  for (const step of workflow.steps) {
    if (isParallel(step)) {
      lines.push(`  subgraph ${id(step.name)}["${step.name} (parallel)"]`);
      step.parallel.forEach((task) => taskNode(task, '    '));
      lines.push('  end');
    } else if (isForEach(step)) {
      lines.push(`  subgraph ${id(`${step.name}_items`)}["${step.name}: ${forEachLabel(step)}"]`);
      taskNode(forEachTask(step), '    ');
      lines.push('  end');
    } else {
      taskNode(step, '  ');
    }
    edges.push(`  ${previous} --> ${id(step.name)}`);
    edges.push(`  ${id(step.name)} -. "fails after retries: redrive resumes here" .-> failed`);
    previous = id(step.name);
  }
  if (skipsOverlappingRuns(workflow)) {
    // The run first checks for another running execution, and ends at once when there is one.
    lines.push('  running{"another execution running?"}', '  skipped(((Skipped)))');
    const first = edges.findIndex((edge) => edge.startsWith('  start --> '));
    edges.splice(first, 1, '  start --> running', `  running -- no --> ${id(workflow.steps[0].name)}`, '  running -- yes --> skipped', '  skipped -.-> alerts');
  }
  const statuses = [...ALERT_STATUSES, ...(workflow.notifyOnSuccess ? ['SUCCEEDED'] : []), ...(skipsOverlappingRuns(workflow) ? ['SKIPPED'] : [])];
  lines.push('  failed(((Failed)))', '  done(((Succeeded)))', `  alerts[/"Slack via EventBridge: ${statuses.join(', ')}"/]`);
  edges.push(`  ${previous} --> done`, '  failed -.-> alerts');
  if (workflow.notifyOnSuccess) edges.push('  done -.-> alerts');
  if (workflow.schedule) {
    lines.push(`  schedule{{"${workflow.schedule.expression} ${workflow.schedule.timeZone}"}}`);
    edges.unshift('  schedule --> start');
  }
  return [...lines, ...edges].join('\n') + '\n';
}
