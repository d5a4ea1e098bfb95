import { blocksOf, finder, kmsKeyProblem, resourcesOf, type SecurityRule } from '../model';

const ID = 'CKV_AWS_136';

/** Every ECR repository encrypts with KMS, under a key this stack creates or a key ARN it is given. */
export const ecrKmsEncryption: SecurityRule = {
  id: ID,
  title: 'ECR repositories are encrypted with a customer-managed KMS key',
  resourceTypes: ['aws_ecr_repository'],
  check(stack) {
    const finding = finder(ID);
    return resourcesOf(stack, 'aws_ecr_repository').flatMap((repository) => {
      const encryption = blocksOf(repository.attributes.encryption_configuration)[0];
      if (!encryption || encryption.encryption_type !== 'KMS') {
        return [finding(repository.address, `encryption_configuration.encryption_type is ${JSON.stringify(encryption?.encryption_type ?? 'AES256 (the default)')}, expected "KMS"`)];
      }
      const problem = kmsKeyProblem(stack, encryption.kms_key);
      return problem ? [finding(repository.address, `encryption_configuration.kms_key: ${problem} (expected a key created in this stack or a key ARN)`)] : [];
    });
  },
};
