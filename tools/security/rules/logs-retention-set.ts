import { finder, resourcesOf, type SecurityRule } from '../model';

const ID = 'CKV_AWS_66';

/** Every log group states its retention (`0` is an explicit "never expire"). */
export const logsRetentionSet: SecurityRule = {
  id: ID,
  title: 'CloudWatch log groups have a retention period',
  resourceTypes: ['aws_cloudwatch_log_group'],
  check(stack) {
    const finding = finder(ID);
    return resourcesOf(stack, 'aws_cloudwatch_log_group')
      .filter((group) => group.attributes.retention_in_days === undefined || group.attributes.retention_in_days === null)
      .map((group) => finding(group.address, 'retention_in_days is not set'));
  },
};
