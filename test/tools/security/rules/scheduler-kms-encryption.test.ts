import { schedulerKmsEncryption } from '../../../../tools/security/rules/scheduler-kms-encryption';
import { check, oneFinding, schedule, stackWith } from '../helpers';

describe('CKV_AWS_297 EventBridge Scheduler schedule encrypted with a customer-managed key', () => {
  it('passes a schedule encrypted with the stack key', () => {
    expect(check(schedulerKmsEncryption, stackWith({ aws_scheduler_schedule: { Schedule: schedule() } }))).toEqual([]);
  });

  it.each([
    ['no key (the AWS owned key)', null, /kms_key_arn: no KMS key is set/],
    ['an empty key', '', /kms_key_arn: no KMS key is set/],
    ['a reference to something that is not a key', '${aws_sqs_queue.Queue.arn}', /does not refer to a KMS key/],
  ])('flags a schedule with %s', (_, key, message) => {
    const stack = stackWith({ aws_scheduler_schedule: { Schedule: schedule({ kms_key_arn: key }) } });
    expect(check(schedulerKmsEncryption, stack)).toEqual(oneFinding(schedulerKmsEncryption, 'aws_scheduler_schedule.Schedule', message));
  });
});
