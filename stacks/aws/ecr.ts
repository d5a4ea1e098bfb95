/** Amazon ECR limits and contracts. */
import type { AwsRule } from './rule';

/** Longest repository name. */
export const REPOSITORY_NAME_MAX = 256;

export const ECR_RULES: readonly AwsRule[] = [
  {
    id: 'ecr.delete-non-empty-repository',
    rule: 'Deleting a repository that holds images fails unless the deletion is forced, which deletes the images too.',
    source: 'DeleteRepository (Amazon ECR API Reference)',
  },
  {
    id: 'ecr.repository-name-length',
    rule: `A repository name is 2 to ${REPOSITORY_NAME_MAX} characters.`,
    source: 'CreateRepository (Amazon ECR API Reference)',
  },
];
