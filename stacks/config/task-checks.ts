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

/**
 * The plain values of a name -> value record that hold a secret: a credential by its shape (first), or any value
 * under a secret's name. Each with what to show instead of it and what it is.
 */
function secretsIn(values: Readonly<Record<string, string>>): { readonly name: string; readonly masked: string; readonly what: string }[] {
  const shaped = credentialsInEnvironment(values).map((found) => ({ name: String(found.path[0]), masked: found.masked, what: `looks like ${found.shape.what}, a credential` }));
  const named = Object.entries(values)
    .filter(([name, value]) => value !== '' && isSecretName(name) && credentialShapeOf(value, name) === undefined)
    .map(([name, value]) => ({ name, masked: `<${value.length} characters, not shown>`, what: `is named like a secret (${name})` }));
  return [...shaped, ...named];
}

export function taskProblems(task: Task): TaskProblem[] {
  const problems: TaskProblem[] = [];
  for (const found of secretsIn(task.environment)) {
    problems.push({ path: ['environment', found.name], value: found.masked, message: `${found.what}: a plain environment value ${IN_TASK_DEFINITION}; ${USE_SECRETS}` });
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
    for (const found of secretsIn(image.buildArgs)) {
      problems.push({
        path: ['image', 'buildArgs', found.name],
        value: found.masked,
        message: `${found.what}: a build argument is kept in the image's history and in Terraform state; give the job the secret at run time through secrets instead`,
      });
    }
  }
  const size = fargateSizeProblem(task.cpu, task.memoryMiB);
  if (size) problems.push({ path: ['memoryMiB'], value: { cpu: task.cpu, memoryMiB: task.memoryMiB }, message: size });
  return problems;
}
