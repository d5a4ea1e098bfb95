import { finder, kmsKeyProblem, resourcesOf, type SecurityRule } from '../model';

const ID = 'CKV_AWS_297';

/**
 * Every EventBridge Scheduler schedule encrypts its target input with a customer managed KMS key (`kms_key_arn`, a
 * key this stack creates or a key ARN it is given), as checkov's CKV_AWS_297 (SchedulerScheduleUsesCMK.py) asks.
 * Without it Scheduler uses a key AWS owns ("Encryption at rest in EventBridge Scheduler", EventBridge Scheduler
 * User Guide).
 */
export const schedulerKmsEncryption: SecurityRule = {
  id: ID,
  title: 'EventBridge Scheduler schedules are encrypted with a customer-managed KMS key',
  resourceTypes: ['aws_scheduler_schedule'],
  check(stack) {
    const finding = finder(ID);
    return resourcesOf(stack, 'aws_scheduler_schedule').flatMap((schedule) => {
      const problem = kmsKeyProblem(stack, schedule.attributes.kms_key_arn);
      return problem ? [finding(schedule.address, `kms_key_arn: ${problem}; expected a key created in this stack or a key ARN`)] : [];
    });
  },
};
