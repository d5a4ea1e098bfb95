/**
 * Where each environment keeps its Terraform state: local by default, Terraform Cloud when configured in
 * `main.ts` (`terraformCloud`) or by the environment variables TF_CLOUD_ORGANIZATION, TF_WORKSPACE and
 * TF_CLOUD_HOSTNAME. Pure: the stack turns the result into a `cloud` block.
 */
import { ConfigError, type ConfigProblem } from '../config/errors';
import type { Environment } from '../config/types';

export interface CloudSettings {
  readonly organization: string;
  readonly hostname: string;
  /** Exactly one of workspace and workspaceTags is set. */
  readonly workspace?: string;
  readonly workspaceTags?: string[];
}

export type Variables = Readonly<Record<string, string | undefined>>;

export const DEFAULT_CLOUD_HOSTNAME = 'app.terraform.io';

/** Cloud settings per environment name (absent for local state); throws one ConfigError for every half-given one. */
export function resolveBackends(environments: readonly Environment[], variables: Variables): Map<string, CloudSettings> {
  const problems: ConfigProblem[] = [];
  const result = new Map<string, CloudSettings>();
  const fromVariables = {
    organization: variables.TF_CLOUD_ORGANIZATION || undefined,
    workspace: variables.TF_WORKSPACE || undefined,
    hostname: variables.TF_CLOUD_HOSTNAME || undefined,
  };
  const cloudEnvironments = environments.filter((env) => env.terraformCloud || fromVariables.organization || fromVariables.workspace);
  for (const env of cloudEnvironments) {
    const declared = env.terraformCloud ?? {};
    const organization = declared.organization ?? fromVariables.organization;
    const path = `environments[=${env.name}].terraformCloud`;
    if (!organization) {
      problems.push({ path: `${path}.organization`, value: undefined, message: 'Terraform Cloud needs an organization: set it here or in TF_CLOUD_ORGANIZATION' });
      continue;
    }
    const hostname = declared.hostname ?? fromVariables.hostname ?? DEFAULT_CLOUD_HOSTNAME;
    if (declared.workspaceTags) {
      result.set(env.name, { organization, hostname, workspaceTags: declared.workspaceTags });
      continue;
    }
    const workspace = declared.workspace ?? fromVariables.workspace ?? `${env.project}-${env.name}`;
    if (!declared.workspace && fromVariables.workspace && cloudEnvironments.length > 1) {
      problems.push({
        path: `${path}.workspace`,
        value: fromVariables.workspace,
        message: `TF_WORKSPACE names one workspace but ${cloudEnvironments.length} environments use Terraform Cloud: name each environment's workspace in main.ts`,
      });
      continue;
    }
    result.set(env.name, { organization, hostname, workspace });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return result;
}
