import { logsRetentionMinimum } from '../../../../tools/security/rules/logs-retention-minimum';
import { check, logGroup, oneFinding, stackWith } from '../helpers';

const withRetention = (days: number | string | null) => stackWith({ aws_cloudwatch_log_group: { Logs: logGroup({ retention_in_days: days }) } });

describe('CKV_AWS_338 log group retention of at least a year', () => {
  it.each([365, 3653, 0, '400'])('passes retention_in_days %p with the default minimum of 365', (days) => {
    expect(check(logsRetentionMinimum, withRetention(days))).toEqual([]);
  });

  it.each([
    [180, /is 180, expected at least 365/],
    [null, /not set/],
    ['${var.days}', /not a number/],
  ])('flags retention_in_days %p', (days, message) => {
    expect(check(logsRetentionMinimum, withRetention(days))).toEqual(oneFinding(logsRetentionMinimum, 'aws_cloudwatch_log_group.Logs', message));
  });

  it('takes the minimum from the options', () => {
    expect(check(logsRetentionMinimum, withRetention(90), { minimumLogRetentionDays: 90 })).toEqual([]);
    expect(check(logsRetentionMinimum, withRetention(365), { minimumLogRetentionDays: 731 })).toEqual(
      oneFinding(logsRetentionMinimum, 'aws_cloudwatch_log_group.Logs', /is 365, expected at least 731/),
    );
  });
});
