/**
 * The network an environment's tasks run in, once validated (stacks/config/network-schema.ts): pure, no cdktf.
 */
import { secretReferenceProblem } from '../aws/ecs-secrets';
import type { Environment, Network } from './types';
import { tasksOf } from './steps';

/** Whether the tasks get a public IP: in public mode they need one (no NAT), elsewhere only when asked. */
export function assignsPublicIp(network: Network): boolean {
  if (network.mode === 'public') return true;
  return network.mode === 'existing' && network.assignPublicIp;
}

/** Interface endpoint services of private mode with `endpoints: true`; `ssm` is added when a task reads a parameter. */
export const BASE_ENDPOINT_SERVICES = ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager'] as const;

/**
 * The interface endpoints the tasks of an environment need (rule `vpc.interface-endpoint-services`): ECR's
 * two, CloudWatch Logs, Secrets Manager (the webhook secret), and SSM when a task reads a parameter.
 */
export function interfaceEndpointServices(env: Environment): string[] {
  const readsParameters = env.workflows.some((workflow) =>
    tasksOf(workflow).some((task) => Object.values(task.secrets).some((valueFrom) => secretReferenceProblem(valueFrom, 'secretsmanager') !== undefined)),
  );
  return [...BASE_ENDPOINT_SERVICES, ...(readsParameters ? ['ssm'] : [])];
}

/**
 * The environment's network. Validation reads environments whose transform has not run when another of their
 * fields is wrong (the network is then not filled in yet): that reads as the default, public mode.
 */
export function networkOf(env: { readonly network?: Network }): Network {
  return env.network ?? { mode: 'public' };
}
