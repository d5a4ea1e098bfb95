import { finder, kmsKeyProblem, resourcesOf, type SecurityRule } from '../model';

const ID = 'CKV_AWS_158';

/** Every log group is encrypted with a KMS key this stack creates or a key ARN it is given. */
export const logsKmsEncryption: SecurityRule = {
  id: ID,
  title: 'CloudWatch log groups are encrypted with a customer-managed KMS key',
  resourceTypes: ['aws_cloudwatch_log_group'],
  check(stack) {
    const finding = finder(ID);
    return resourcesOf(stack, 'aws_cloudwatch_log_group').flatMap((group) => {
      const problem = kmsKeyProblem(stack, group.attributes.kms_key_id);
      return problem ? [finding(group.address, `kms_key_id: ${problem}`)] : [];
    });
  },
};
