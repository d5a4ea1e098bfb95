import { logsRetentionSet } from '../../../../tools/security/rules/logs-retention-set';
import { check, logGroup, oneFinding, stackWith } from '../helpers';

describe('CKV_AWS_66 log group retention set', () => {
  it.each([365, 0])('passes a log group with retention_in_days %d', (days) => {
    expect(check(logsRetentionSet, stackWith({ aws_cloudwatch_log_group: { Logs: logGroup({ retention_in_days: days }) } }))).toEqual([]);
  });

  it('flags a log group without retention', () => {
    const stack = stackWith({ aws_cloudwatch_log_group: { Logs: logGroup({ retention_in_days: null }) } });
    expect(check(logsRetentionSet, stack)).toEqual(oneFinding(logsRetentionSet, 'aws_cloudwatch_log_group.Logs', /retention_in_days is not set/));
  });
});
