import { finder, resourcesOf, type SecurityRule } from '../model';

const ID = 'CKV_AWS_51';

/** Every ECR repository refuses to move a tag to another image. */
export const ecrImmutableTags: SecurityRule = {
  id: ID,
  title: 'ECR repositories have immutable tags',
  resourceTypes: ['aws_ecr_repository'],
  check(stack) {
    const finding = finder(ID);
    return resourcesOf(stack, 'aws_ecr_repository')
      .filter((repository) => repository.attributes.image_tag_mutability !== 'IMMUTABLE')
      .map((repository) =>
        finding(
          repository.address,
          `image_tag_mutability is ${JSON.stringify(repository.attributes.image_tag_mutability ?? 'MUTABLE (the default)')}, expected "IMMUTABLE": a pushed tag could be overwritten with another image`,
        ),
      );
  },
};
