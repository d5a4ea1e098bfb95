import { logsKmsEncryption } from '../../../../tools/security/rules/logs-kms-encryption';
import { check, logGroup, oneFinding, stackWith } from '../helpers';

describe('CKV_AWS_158 log group KMS encryption', () => {
  it('passes a log group encrypted with the stack key', () => {
    expect(check(logsKmsEncryption, stackWith({ aws_cloudwatch_log_group: { Logs: logGroup() } }))).toEqual([]);
  });

  it.each([
    ['no key', null, /no KMS key is set/],
    ['a reference to something that is not a key', '${aws_iam_role.Role.arn}', /does not refer to a KMS key/],
  ])('flags a log group with %s', (_, key, message) => {
    const stack = stackWith({ aws_cloudwatch_log_group: { Logs: logGroup({ kms_key_id: key }) } });
    expect(check(logsKmsEncryption, stack)).toEqual(oneFinding(logsKmsEncryption, 'aws_cloudwatch_log_group.Logs', message));
  });
});
