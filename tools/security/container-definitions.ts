/** Reads the `container_definitions` JSON of ECS task definitions. */
import { isObject, resourcesOf, type JsonObject, type Resource, type StackJson, type Unreadable } from './model';

export interface TaskContainers {
  readonly taskDefinition: Resource;
  /** The containers, or why they could not be read. */
  readonly containers: readonly JsonObject[] | Unreadable;
}

export function taskContainersOf(stack: StackJson): TaskContainers[] {
  return resourcesOf(stack, 'aws_ecs_task_definition').map((taskDefinition) => {
    const value = taskDefinition.attributes.container_definitions;
    if (typeof value !== 'string') return { taskDefinition, containers: { problem: 'container_definitions is not a JSON string' } };
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      return { taskDefinition, containers: { problem: 'container_definitions is a Terraform expression, not JSON that can be checked before apply' } };
    }
    if (!Array.isArray(parsed) || !parsed.every(isObject)) return { taskDefinition, containers: { problem: 'container_definitions is not a list of objects' } };
    return { taskDefinition, containers: parsed.filter(isObject) };
  });
}

export function containerName(container: JsonObject, index: number): string {
  return typeof container.name === 'string' ? container.name : `#${index}`;
}
