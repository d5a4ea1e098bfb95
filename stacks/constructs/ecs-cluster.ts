import type { Construct } from 'constructs';
import { EcsCluster as EcsClusterResource } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsClusterCapacityProviders } from '@cdktf/provider-aws/lib/ecs-cluster-capacity-providers';
import { clusterName, type Naming } from '../builders/names';

export interface EcsClusterProps {
  readonly naming: Naming;
}

/** The capacity providers every cluster offers, and the one a task runs on when it names none. */
const CAPACITY_PROVIDERS = ['FARGATE', 'FARGATE_SPOT'];
const DEFAULT_CAPACITY_PROVIDER = 'FARGATE';

/**
 * The environment's ECS cluster, named after the environment prefix: Container Insights on, both Fargate
 * capacity providers, a task on FARGATE unless it asks for another.
 *
 * The construct is the `aws_ecs_cluster` resource itself, and declares its capacity providers beside it as
 * `<id>Capacity`: the Terraform addresses (and construct paths, which cdk.tf.json records) the environment
 * stack gave them before this construct existed, so that no deployed cluster is replaced.
 */
export class EcsCluster extends EcsClusterResource {
  readonly capacityProviders: EcsClusterCapacityProviders;

  constructor(scope: Construct, id: string, props: EcsClusterProps) {
    super(scope, id, {
      name: clusterName(props.naming),
      setting: [{ name: 'containerInsights', value: 'enabled' }],
    });
    this.capacityProviders = new EcsClusterCapacityProviders(scope, `${id}Capacity`, {
      clusterName: this.name,
      capacityProviders: CAPACITY_PROVIDERS,
      defaultCapacityProviderStrategy: [{ capacityProvider: DEFAULT_CAPACITY_PROVIDER, weight: 1 }],
    });
  }
}
