import { finder, isUnreadable, type SecurityRule } from '../model';
import { containerName, taskContainersOf } from '../container-definitions';

const ID = 'CKV_AWS_334';

/** No container runs privileged (absent means not privileged). */
export const ecsNotPrivileged: SecurityRule = {
  id: ID,
  title: 'ECS containers are not privileged',
  resourceTypes: ['aws_ecs_task_definition'],
  check(stack) {
    const finding = finder(ID);
    return taskContainersOf(stack).flatMap(({ taskDefinition, containers }) => {
      if (isUnreadable(containers)) return [finding(taskDefinition.address, `${containers.problem}: cannot prove no container is privileged`)];
      return containers.flatMap((container, index) => {
        const privileged = container.privileged;
        return privileged === undefined || privileged === false || privileged === 'false'
          ? []
          : [finding(taskDefinition.address, `container ${containerName(container, index)}: privileged is ${JSON.stringify(privileged)}, expected false or absent`)];
      });
    });
  },
};
