import { blocksOf, finder, isObject, isTrue, resourcesOf, type Json, type JsonObject, type SecurityRule, type StackJson } from '../model';

const ID = 'CKV_AWS_333';

/**
 * Whether the rule applies to a stack. `auto`: unless the stack is the public network mode, i.e. creates an
 * internet gateway and no NAT gateway, where a task without a public IP could reach nothing (no image pull, no
 * logs); a private network (NAT) or an existing one (no gateway of the stack's own) must not hand out public IPs.
 */
function applies(stack: StackJson, setting: 'auto' | 'forbid' | 'allow'): boolean {
  if (setting !== 'auto') return setting === 'forbid';
  const has = (type: string) => Object.keys(stack.resource[type] ?? {}).length > 0;
  return !(has('aws_internet_gateway') && !has('aws_nat_gateway'));
}

/** Every `Task` state of a definition (inside Parallel branches and Map iterators too), by state name. */
function taskStates(states: Json | undefined): [string, JsonObject][] {
  if (!isObject(states)) return [];
  return Object.entries(states).flatMap(([name, state]): [string, JsonObject][] => {
    if (!isObject(state)) return [];
    const nested = [
      ...(Array.isArray(state.Branches) ? state.Branches : []).flatMap((branch) => (isObject(branch) ? taskStates(branch.States) : [])),
      ...[state.Iterator, state.ItemProcessor].flatMap((inner) => (isObject(inner) ? taskStates(inner.States) : [])),
    ];
    return state.Type === 'Task' ? [[name, state], ...nested] : nested;
  });
}

/** `AssignPublicIp` of an ECS RunTask state (Parameters or JSONata Arguments), if it starts a task. */
function assignPublicIpOf(state: JsonObject): Json | undefined {
  if (typeof state.Resource !== 'string' || !state.Resource.includes(':ecs:runTask')) return undefined;
  const parameters = isObject(state.Parameters) ? state.Parameters : isObject(state.Arguments) ? state.Arguments : {};
  const network = isObject(parameters.NetworkConfiguration) ? parameters.NetworkConfiguration : {};
  const awsvpc = isObject(network.AwsvpcConfiguration) ? network.AwsvpcConfiguration : {};
  return awsvpc.AssignPublicIp ?? 'DISABLED';
}

/**
 * No Fargate task started by the stack gets a public IP: every ECS RunTask state of every state machine sets
 * `AssignPublicIp` to `DISABLED` (ECS's default when it is left out), and so do EventBridge rule and Scheduler
 * targets that run ECS tasks. A task with a public IP in a public subnet is reachable from the internet as far
 * as its security group lets it. On by default wherever the stack is not the public network mode (see
 * {@link applies}); `check:security --task-public-ip forbid|allow` decides for every stack.
 */
export const ecsNoPublicIp: SecurityRule = {
  id: ID,
  title: 'ECS tasks started by state machines, rules and schedules get no public IP',
  resourceTypes: ['aws_sfn_state_machine', 'aws_cloudwatch_event_target', 'aws_scheduler_schedule'],
  check(stack, options) {
    if (!applies(stack, options.taskPublicIp)) return [];
    const finding = finder(ID);
    const machines = resourcesOf(stack, 'aws_sfn_state_machine').flatMap((machine) => {
      const text = machine.attributes.definition;
      if (typeof text !== 'string') return [];
      let definition: Json;
      try {
        definition = JSON.parse(text) as Json;
      } catch {
        return [finding(machine.address, 'definition is not JSON: the AssignPublicIp of its tasks cannot be checked')];
      }
      return taskStates(isObject(definition) ? definition.States : undefined)
        .filter(([, state]) => assignPublicIpOf(state) !== undefined && assignPublicIpOf(state) !== 'DISABLED')
        .map(([name, state]) => finding(machine.address, `state "${name}" starts its ECS task with AssignPublicIp ${JSON.stringify(assignPublicIpOf(state))}, expected "DISABLED"`));
    });
    const eventTargets = resourcesOf(stack, 'aws_cloudwatch_event_target').flatMap((target) =>
      blocksOf(target.attributes.ecs_target)
        .flatMap((ecs) => blocksOf(ecs.network_configuration))
        .filter((network) => isTrue(network.assign_public_ip))
        .map(() => finding(target.address, 'ecs_target.network_configuration.assign_public_ip is true, expected false')),
    );
    const schedules = resourcesOf(stack, 'aws_scheduler_schedule').flatMap((schedule) =>
      blocksOf(schedule.attributes.target)
        .flatMap((target) => blocksOf(target.ecs_parameters))
        .flatMap((ecs) => blocksOf(ecs.network_configuration))
        .filter((network) => isTrue(network.assign_public_ip))
        .map(() => finding(schedule.address, 'target.ecs_parameters.network_configuration.assign_public_ip is true, expected false')),
    );
    return [...machines, ...eventTargets, ...schedules];
  },
};
