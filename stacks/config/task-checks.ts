/**
 * The checks of one task that need more than one field or a scan of its values: credentials where only plain
 * text goes (environment values, the command, build arguments), and a Fargate size. Each problem's path is
 * relative to the task.
 */
import { fargateSizeProblem } from '../aws/ecs-fargate';
import { credentialShapeOf, credentialsInEnvironment, maskedValue } from './credential-shapes';
import type { Task } from './types';

export interface TaskProblem {
  readonly path: readonly PropertyKey[];
  readonly value: unknown;
  readonly message: string;
}

/** A name that says its value is a secret: `*PASSWORD*`, `*SECRET*`, `*TOKEN*`, `*CREDENTIAL*`, `*_KEY`. */
const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL)|_KEY$/i;
/** A name that says where a secret is, not what it is: `DB_SECRET_ARN`, `TOKEN_URL`, `API_KEY_NAME`. */
const REFERENCE_NAME = /_(ARN|NAME|ID|PATH|FILE|URL|URI)$/i;

/** Whether a plain value under this name would be a secret in clear. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !REFERENCE_NAME.test(name);
}

const IN_TASK_DEFINITION = 'is stored in clear in the task definition (readable by anyone allowed ecs:DescribeTaskDefinition) and in Terraform state';
const USE_SECRETS = 'put it in Secrets Manager (or SSM Parameter Store) and give its ARN in secrets instead';

export function taskProblems(task: Task): TaskProblem[] {
  const problems: TaskProblem[] = [];
  for (const found of credentialsInEnvironment(task.environment)) {
    problems.push({ path: ['environment', ...found.path], value: found.masked, message: `looks like ${found.shape.what}, a credential: a plain environment value ${IN_TASK_DEFINITION}; ${USE_SECRETS}` });
  }
  for (const [name, value] of Object.entries(task.environment)) {
    if (value !== '' && isSecretName(name) && credentialShapeOf(value, name) === undefined) {
      problems.push({ path: ['environment', name], value: `<${value.length} characters, not shown>`, message: `is named like a secret (${name}): a plain environment value ${IN_TASK_DEFINITION}; ${USE_SECRETS}` });
    }
  }
  (task.command ?? []).forEach((argument, index) => {
    const flag = /^--?([A-Za-z][\w-]*)=(.+)$/.exec(argument);
    const shape = credentialShapeOf(argument, flag ? flag[1].replace(/-/g, '_') : '');
    if (shape) {
      problems.push({ path: ['command', index], value: maskedValue(argument, shape), message: `looks like ${shape.what}, a credential: the command ${IN_TASK_DEFINITION}; ${USE_SECRETS}, and read it from the environment` });
    } else if (flag && isSecretName(flag[1].replace(/-/g, '_'))) {
      problems.push({ path: ['command', index], value: `--${flag[1]}=<${flag[2].length} characters, not shown>`, message: `passes a value named like a secret (--${flag[1]}): the command ${IN_TASK_DEFINITION}; ${USE_SECRETS}, and read it from the environment` });
    }
  });
  const image = task.image;
  if (typeof image === 'object' && 'directory' in image) {
    for (const [name, value] of Object.entries(image.buildArgs)) {
      const shape = credentialShapeOf(value, name);
      if (shape || (value !== '' && isSecretName(name))) {
        problems.push({
          path: ['image', 'buildArgs', name],
          value: shape ? maskedValue(value, shape) : `<${value.length} characters, not shown>`,
          message: `${shape ? `looks like ${shape.what}, a credential` : `is named like a secret (${name})`}: a build argument is kept in the image's history and in Terraform state; give the job the secret at run time through secrets instead`,
        });
      }
    }
  }
  const size = fargateSizeProblem(task.cpu, task.memoryMiB);
  if (size) problems.push({ path: ['memoryMiB'], value: { cpu: task.cpu, memoryMiB: task.memoryMiB }, message: size });
  return problems;
}
