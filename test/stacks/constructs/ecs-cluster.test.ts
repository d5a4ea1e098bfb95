import { EcsCluster } from '../../../stacks/constructs/ecs-cluster';
import { environment, resourcesOf, stackOf, synth } from '../../helpers';

describe('EcsCluster', () => {
  const stack = stackOf();
  const out = synth(stack);

  it('GIVEN an environment THEN it has one cluster, named after its prefix, with Container Insights on', () => {
    expect(resourcesOf(out, 'aws_ecs_cluster')).toEqual([expect.objectContaining({ name: 'wf-dev', setting: [{ name: 'containerInsights', value: 'enabled' }] })]);
  });

  it('GIVEN the cluster THEN both Fargate capacity providers are attached to it by reference, FARGATE the default', () => {
    expect(resourcesOf(out, 'aws_ecs_cluster_capacity_providers')).toEqual([
      expect.objectContaining({
        cluster_name: '${aws_ecs_cluster.Cluster.name}',
        capacity_providers: ['FARGATE', 'FARGATE_SPOT'],
        default_capacity_provider_strategy: [{ capacity_provider: 'FARGATE', weight: 1 }],
      }),
    ]);
  });

  it('GIVEN the environment stack THEN the cluster and its capacity providers keep the Terraform addresses they had before the construct (a new address replaces the cluster)', () => {
    expect(stack.cluster).toBeInstanceOf(EcsCluster);
    expect(Object.keys(out.resource.aws_ecs_cluster)).toEqual(['Cluster']);
    expect(Object.keys(out.resource.aws_ecs_cluster_capacity_providers)).toEqual(['ClusterCapacity']);
  });

  it('GIVEN workflows THEN their state machines run tasks in this cluster', () => {
    const definition = JSON.parse(String(resourcesOf(out, 'aws_sfn_state_machine')[0].definition)) as { States: Record<string, { Parameters?: { Cluster?: string } }> };
    const clusters = Object.values(definition.States).flatMap((state) => (state.Parameters?.Cluster ? [state.Parameters.Cluster] : []));
    expect(clusters.length).toBeGreaterThan(0);
    expect(new Set(clusters)).toEqual(new Set(['${aws_ecs_cluster.Cluster.arn}']));
  });

  it('GIVEN another project and environment THEN the cluster takes their prefix', () => {
    const other = synth(stackOf(environment({ project: 'acme', name: 'stage' })));
    expect(resourcesOf(other, 'aws_ecs_cluster')).toEqual([expect.objectContaining({ name: 'acme-stage' })]);
  });
});
