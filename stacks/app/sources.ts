/**
 * Tells the checks of the rendered stacks (stacks/checks) which field of the configuration each construct of an
 * environment's stack comes from, so that a problem found in the rendered Terraform names the `main.ts` field
 * and value that caused it. Declared from outside the constructs, through what the stack exposes and its stable
 * construct IDs: a construct with no source of its own belongs to the nearest one above it (at worst the
 * environment).
 */
import type { IConstruct } from 'constructs';
import { resultKey } from '../builders/asl';
import { builtImageKey } from '../builders/built-image';
import { declareSource, type ContentSource, type Source } from '../checks/sources';
import { tasksOf, tasksWithPaths } from '../config/steps';
import type { Environment } from '../config/types';
import { ContainerImage } from '../constructs/container-image';
import type { FargateTask } from '../constructs/fargate-task';
import type { EnvironmentStack } from './environment-stack';

const SHORTEN_PREFIX = 'shorten the project or environment name';

/** Declares the sources of the constructs of `stack`, the stack of `env`, the `index`th environment. */
export function declareEnvironmentSources(stack: EnvironmentStack, env: Environment, index: number): void {
  const environment = `environment ${env.name}`;
  const own = (what: string, content?: ContentSource): Source => ({ path: [index, 'name'], label: `${what} of ${environment}`, ...(content ? { content } : {}) });
  const child = (scope: IConstruct, id: string): IConstruct | undefined => scope.node.tryFindChild(id);

  declareSource(stack, { path: [index, 'name'], label: environment, content: { path: [index, 'name'], owner: environment, remedy: SHORTEN_PREFIX } });
  declareSource(child(stack, 'Encryption'), own('the KMS key'));
  declareSource(stack.network, { path: [index, 'network'], label: `the network of ${environment}` });
  declareSource(stack.network.taskSecurityGroup, own('the task security group'));
  const flowLogs = own('the VPC flow logs', { path: [index, 'name'], owner: environment, remedy: SHORTEN_PREFIX });
  for (const id of ['FlowLogGroup', 'FlowLogRole', 'FlowLogPolicy', 'FlowLog']) declareSource(child(stack.network, id), flowLogs);
  declareSource(stack.cluster, own('the ECS cluster'));
  declareSource(child(stack, 'WebhookSecret'), own('the webhook secret'));
  declareSource(stack.notifierImage, own('the notifier image'));
  declareTaskSources(stack.notifierTask, own('the notifier task'), { path: [index, 'webhookSecretArn'], owner: 'the notifier task', remedy: 'give the task fewer secrets' });
  const alerts = `the execution alerts of ${environment}`;
  // The notifier's task role is granted what the execution alerts describe: every workflow's executions.
  declareSource(stack.notifierTask.taskRole, own('the notifier task', { path: [index, 'workflows'], value: alerts, owner: alerts, remedy: 'split the environment, or shorten its workflow names' }));
  declareSource(child(stack, 'ScheduleGroup'), own('the schedule group'));
  declareSource(stack.results, own('the results bucket'));
  declareSource(stack.executionAlerts, own('the execution alerts', { path: [index, 'name'], owner: alerts, remedy: SHORTEN_PREFIX }));
  declareSource(stack.alarmTopic, own('the alarm topic'));
  declareSource(stack.alarms, own('the alarms'));

  // The images built for tasks, in the order the stack builds them: for the first task of each image.
  const images = stack.node.children.filter((construct) => construct instanceof ContainerImage && construct !== stack.notifierImage);
  const imageKeys = new Set<string>();
  env.workflows.forEach((workflow, w) => {
    const construct = stack.workflows[w];
    const at = [index, 'workflows', w];
    const label = `workflow ${workflow.name} in ${environment}`;
    const owner = `workflow ${workflow.name}`;
    const source: Source = {
      path: [...at, 'name'],
      label,
      content: { path: [...at, 'steps'], value: `${workflow.steps.length} steps`, owner, remedy: 'split the workflow into smaller ones, or shorten its task names' },
      resultMaxChars: Object.fromEntries(tasksOf(workflow).filter((task) => task.reportsResult).map((task) => [resultKey(task.name), task.resultMaxChars])),
    };
    declareSource(construct.node.scope, source);
    declareSource(construct, source);
    if (construct.schedule) {
      declareSource(construct.schedule, { path: [...at, 'name'], label, content: { path: [...at, 'schedule'], owner, remedy: 'shorten the workflow name' } });
      declareSource(construct.schedule.schedule, { path: [...at, 'name'], label, content: { path: [...at, 'schedule', 'input'], owner, remedy: 'pass a smaller input' } });
    }
    const scope = construct.node.scope;
    for (const [task, taskPath] of tasksWithPaths(workflow, at)) {
      // A fan-out's task is named by its step.
      const path = taskPath.at(-1) === 'task' ? taskPath.slice(0, -1) : taskPath;
      const step: Source = { path: [...path, 'name'], label: `step ${task.name} of workflow ${workflow.name} in ${environment}` };
      const fargateTask = scope?.node.tryFindChild(task.name) as FargateTask | undefined;
      if (fargateTask) declareTaskSources(fargateTask, step, { path: [...taskPath, 'secrets'], owner: `step ${task.name} of ${owner}`, remedy: 'give the task fewer secrets' });
      // The image built for the task, if it is the first of the tasks that share it.
      const key = builtImageKey(task);
      if (key !== undefined && !imageKeys.has(key)) declareSource(images[imageKeys.size], step);
      if (key !== undefined) imageKeys.add(key);
    }
  });
}

/** A task's resources come from its step; its execution role's policies grow with its secrets. */
function declareTaskSources(task: FargateTask, source: Source, secrets: ContentSource): void {
  declareSource(task, source);
  declareSource(task.executionRole, { ...source, content: secrets });
}
