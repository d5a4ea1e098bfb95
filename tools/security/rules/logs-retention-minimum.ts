import { finder, numberOf, resourcesOf, type SecurityRule } from '../model';

const ID = 'CKV_AWS_338';

/** Every log group keeps its events at least `minimumLogRetentionDays` (365 by default), or forever (`0`). */
export const logsRetentionMinimum: SecurityRule = {
  id: ID,
  title: 'CloudWatch log groups keep events for at least the minimum retention (365 days by default)',
  resourceTypes: ['aws_cloudwatch_log_group'],
  check(stack, options) {
    const finding = finder(ID);
    const minimum = options.minimumLogRetentionDays;
    return resourcesOf(stack, 'aws_cloudwatch_log_group').flatMap((group) => {
      const raw = group.attributes.retention_in_days;
      if (raw === undefined || raw === null) return [finding(group.address, `retention_in_days is not set, expected at least ${minimum}`)];
      const days = numberOf(raw);
      if (days === undefined) return [finding(group.address, `retention_in_days is ${JSON.stringify(raw)}, not a number that can be checked before apply`)];
      return days === 0 || days >= minimum ? [] : [finding(group.address, `retention_in_days is ${days}, expected at least ${minimum} (or 0, never expire)`)];
    });
  },
};
