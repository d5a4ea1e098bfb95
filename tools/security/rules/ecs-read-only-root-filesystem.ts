import { finder, isUnreadable, isTrue, type SecurityRule } from '../model';
import { containerName, taskContainersOf } from '../container-definitions';

const ID = 'CKV_AWS_336';

/** Every container of every task definition has a read-only root filesystem (scratch space is a volume). */
export const ecsReadOnlyRootFilesystem: SecurityRule = {
  id: ID,
  title: 'ECS containers have a read-only root filesystem',
  resourceTypes: ['aws_ecs_task_definition'],
  check(stack) {
    const finding = finder(ID);
    return taskContainersOf(stack).flatMap(({ taskDefinition, containers }) => {
      if (isUnreadable(containers)) return [finding(taskDefinition.address, `${containers.problem}: cannot prove a read-only root filesystem`)];
      return containers.flatMap((container, index) =>
        isTrue(container.readonlyRootFilesystem)
          ? []
          : [finding(taskDefinition.address, `container ${containerName(container, index)}: readonlyRootFilesystem is ${JSON.stringify(container.readonlyRootFilesystem ?? 'not set')}, expected true`)],
      );
    });
  },
};
