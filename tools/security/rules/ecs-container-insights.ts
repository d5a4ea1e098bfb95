import { blocksOf, finder, resourcesOf, type SecurityRule } from '../model';

const ID = 'CKV_AWS_65';

/** Every ECS cluster has Container Insights (`enabled`, or `enhanced` in newer providers). */
export const ecsContainerInsights: SecurityRule = {
  id: ID,
  title: 'ECS clusters have Container Insights enabled',
  resourceTypes: ['aws_ecs_cluster'],
  check(stack) {
    const finding = finder(ID);
    return resourcesOf(stack, 'aws_ecs_cluster').flatMap((cluster) => {
      const setting = blocksOf(cluster.attributes.setting).find((block) => block.name === 'containerInsights');
      return setting && (setting.value === 'enabled' || setting.value === 'enhanced')
        ? []
        : [finding(cluster.address, `setting containerInsights is ${JSON.stringify(setting?.value ?? 'not set')}, expected "enabled"`)];
    });
  },
};
