import { ecsContainerInsights } from '../../../../tools/security/rules/ecs-container-insights';
import { check, ecsCluster, oneFinding, stackWith } from '../helpers';

describe('CKV_AWS_65 ECS Container Insights', () => {
  it.each(['enabled', 'enhanced'])('passes a cluster with Container Insights %s', (value) => {
    expect(check(ecsContainerInsights, stackWith({ aws_ecs_cluster: { Cluster: ecsCluster({ setting: [{ name: 'containerInsights', value }] }) } }))).toEqual([]);
  });

  it.each([
    ['disabled', [{ name: 'containerInsights', value: 'disabled' }], /"disabled"/],
    ['not set', [], /"not set"/],
  ])('flags a cluster with Container Insights %s', (_, setting, message) => {
    const stack = stackWith({ aws_ecs_cluster: { Cluster: ecsCluster({ setting }) } });
    expect(check(ecsContainerInsights, stack)).toEqual(oneFinding(ecsContainerInsights, 'aws_ecs_cluster.Cluster', message));
  });
});
