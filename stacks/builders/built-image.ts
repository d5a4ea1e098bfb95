/** Which tasks of an environment share one built image, and so one ECR repository. */
import type { Task } from '../config/types';

/** The image a `{ directory }` task is built from: tasks with the same key share one image and repository. */
export function builtImageKey(task: Task): string | undefined {
  const source = task.image;
  if (source === 'notifier' || 'uri' in source) return undefined;
  return `${source.directory}\0${source.dockerfile}\0${JSON.stringify(source.buildArgs)}\0${task.cpuArchitecture}`;
}
