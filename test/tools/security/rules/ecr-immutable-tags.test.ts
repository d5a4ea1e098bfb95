import { ecrImmutableTags } from '../../../../tools/security/rules/ecr-immutable-tags';
import { check, ecrRepository, oneFinding, stackWith } from '../helpers';

describe('CKV_AWS_51 ECR immutable tags', () => {
  it('passes a repository with immutable tags', () => {
    expect(check(ecrImmutableTags, stackWith({ aws_ecr_repository: { Repo: ecrRepository() } }))).toEqual([]);
  });

  it.each([
    ['MUTABLE', { image_tag_mutability: 'MUTABLE' }, /"MUTABLE"/],
    ['the default', { image_tag_mutability: null }, /null|MUTABLE/],
  ])('flags a repository with %s tags', (_, override, message) => {
    const stack = stackWith({ aws_ecr_repository: { Repo: ecrRepository(override) } });
    expect(check(ecrImmutableTags, stack)).toEqual(oneFinding(ecrImmutableTags, 'aws_ecr_repository.Repo', message));
  });
});
