/** Amazon ECR limits and contracts. */
import type { AwsRule } from './rule';

export const ECR_RULES: readonly AwsRule[] = [
  {
    id: 'ecr.delete-non-empty-repository',
    rule: 'Deleting a repository that holds images fails unless the deletion is forced, which deletes the images too.',
    source: 'DeleteRepository (Amazon ECR API Reference)',
  },
];
