// References of a rendered stack replaced by the longest value each can take, every bound from stacks/aws.
import { TASK_DEFINITION_REVISIONS_MAX } from '../../../stacks/aws/ecs';
import { SECRET_ARN_SUFFIX_LENGTH } from '../../../stacks/aws/ecs-secrets';
import { KEY_ID_LENGTH } from '../../../stacks/aws/kms';
import { RESOURCE_ID_DIGITS_MAX } from '../../../stacks/aws/vpc';
import { longestValue, referencesIn } from '../../../stacks/checks/references';
import type { RenderedStack } from '../../../stacks/checks/rendered';

const stack = (region = 'eu-west-1'): RenderedStack => ({
  name: 'prod',
  sources: new Map([['prod', { path: [0, 'name'], label: 'environment prod' }]]),
  json: {
    provider: { aws: [{ region, allowed_account_ids: ['210987654321'] }] },
    resource: {
      aws_iam_role: { Role: { name: 'wf-prod-nightly-sfn' } },
      aws_ecs_task_definition: { Task: { family: 'wf-prod-nightly-load' } },
      aws_secretsmanager_secret: { Secret: { name: 'wf-prod/slack-webhook-url' } },
      aws_kms_key: { Key: {} },
      aws_subnet: { Subnet: {} },
      aws_scheduler_schedule_group: { Group: { name: 'wf-prod' } },
      aws_scheduler_schedule: { Schedule: { name: 'wf-prod-nightly-schedule', group_name: '${aws_scheduler_schedule_group.Group.name}' } },
      aws_ecr_repository: { Repository: { name: 'wf-prod/notifier' } },
    },
    data: {
      aws_iam_policy_document: {
        Trust: { statement: [{ sid: 'Assume', actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['states.amazonaws.com'] }], resources: ['${aws_iam_role.Role.arn}'] }] },
      },
    },
  },
});

describe('longestValue', () => {
  it('GIVEN references to names and ARNs THEN they are built from the resource’s own attributes and the stack’s account, region and partition', () => {
    expect(longestValue(stack(), 'role ${aws_iam_role.Role.arn} in ${aws_scheduler_schedule.Schedule.arn}')).toBe(
      'role arn:aws:iam::210987654321:role/wf-prod-nightly-sfn in arn:aws:scheduler:eu-west-1:210987654321:schedule/wf-prod/wf-prod-nightly-schedule',
    );
    expect(longestValue(stack('cn-north-1'), '${aws_ecr_repository.Repository.repository_url}')).toBe('210987654321.dkr.ecr.cn-north-1.amazonaws.com.cn/wf-prod/notifier');
  });

  it('GIVEN what only apply knows THEN it is at the longest AWS documents (rules ecs.task-definition-revisions, secretsmanager.arn-suffix, kms.key-id, vpc.resource-id-shape)', () => {
    expect(longestValue(stack(), '${aws_ecs_task_definition.Task.arn}')).toBe(`arn:aws:ecs:eu-west-1:210987654321:task-definition/wf-prod-nightly-load:${TASK_DEFINITION_REVISIONS_MAX}`);
    expect(longestValue(stack(), '${aws_secretsmanager_secret.Secret.arn}')).toBe(`arn:aws:secretsmanager:eu-west-1:210987654321:secret:wf-prod/slack-webhook-url-${'x'.repeat(SECRET_ARN_SUFFIX_LENGTH)}`);
    expect(longestValue(stack(), '${aws_kms_key.Key.key_id}')).toHaveLength(KEY_ID_LENGTH);
    expect(longestValue(stack(), '${aws_subnet.Subnet.id}')).toBe(`subnet-${'f'.repeat(RESOURCE_ID_DIGITS_MAX)}`);
  });

  it('GIVEN a policy document data source THEN its json is the document it renders from its statements', () => {
    expect(JSON.parse(longestValue(stack(), '${data.aws_iam_policy_document.Trust.json}'))).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'Assume', Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: ['arn:aws:iam::210987654321:role/wf-prod-nightly-sfn'], Principal: { Service: ['states.amazonaws.com'] } }],
    });
  });

  it('GIVEN a literal ${ (written $${) THEN it is kept as Terraform makes it; GIVEN an unknown reference THEN it is an error, not a guess', () => {
    expect(longestValue(stack(), 'a $${literal} b')).toBe('a ${literal} b');
    expect(referencesIn('$${x} ${aws_iam_role.Role.id}')).toEqual(['aws_iam_role.Role.id']);
    expect(() => longestValue(stack(), '${aws_lambda_function.F.arn}')).toThrow(/names nothing rendered/);
    expect(() => longestValue(stack(), '${aws_iam_role.Role.unique_id}')).toThrow(/no longest value is known for aws_iam_role\.unique_id/);
    expect(() => longestValue(stack(), '${upper(aws_iam_role.Role.id)}')).toThrow(/no longest value is known for the expression/);
  });
});
