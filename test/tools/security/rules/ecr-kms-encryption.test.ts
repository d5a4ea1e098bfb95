import { ecrKmsEncryption } from '../../../../tools/security/rules/ecr-kms-encryption';
import { ACCOUNT, check, ecrRepository, oneFinding, REGION, stackWith } from '../helpers';

describe('CKV_AWS_136 ECR KMS encryption', () => {
  it('passes a repository encrypted with the stack key', () => {
    expect(check(ecrKmsEncryption, stackWith({ aws_ecr_repository: { Repo: ecrRepository() } }))).toEqual([]);
  });

  it('passes a repository encrypted with a given key ARN', () => {
    const kmsKey = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const stack = stackWith({ aws_ecr_repository: { Repo: ecrRepository({ encryption_configuration: [{ encryption_type: 'KMS', kms_key: kmsKey }] }) } });
    expect(check(ecrKmsEncryption, stack)).toEqual([]);
  });

  it.each([
    ['AES256', [{ encryption_type: 'AES256' }], /expected "KMS"/],
    ['no encryption configuration', [], /AES256 \(the default\)/],
    ['KMS with the AWS-managed key', [{ encryption_type: 'KMS' }], /no KMS key is set/],
    ['a key the stack does not declare', [{ encryption_type: 'KMS', kms_key: '${aws_kms_key.Other.arn}' }], /does not declare/],
    ['something that is not a key', [{ encryption_type: 'KMS', kms_key: 'my-key' }], /not a KMS key/],
  ])('flags a repository with %s', (_, encryption, message) => {
    const stack = stackWith({ aws_ecr_repository: { Repo: ecrRepository({ encryption_configuration: encryption }) } });
    expect(check(ecrKmsEncryption, stack)).toEqual(oneFinding(ecrKmsEncryption, 'aws_ecr_repository.Repo', message));
  });
});
