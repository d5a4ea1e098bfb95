import { sqsTlsOnly } from '../../../../tools/security/rules/sqs-tls-only';
import { check, denyInsecureTransport, oneFinding, policy, sqsQueue, sqsQueuePolicy, stackWith } from '../helpers';

const QUEUE_ARN = '${aws_sqs_queue.Queue.arn}';
const ALLOW_EVENTS = { Sid: 'EventBridge', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: ['sqs:SendMessage'], Resource: [QUEUE_ARN] };

describe('AwsSolutions-SQS4 SQS queue policies deny requests without TLS', () => {
  it('passes a queue whose queue policy denies sqs:* to anyone without TLS', () => {
    const stack = stackWith({ aws_sqs_queue: { Queue: sqsQueue() }, aws_sqs_queue_policy: { Policy: sqsQueuePolicy('Queue', ALLOW_EVENTS, denyInsecureTransport('sqs', QUEUE_ARN)) } });
    expect(check(sqsTlsOnly, stack)).toEqual([]);
  });

  it('passes a queue whose own policy attribute denies it', () => {
    const stack = stackWith({ aws_sqs_queue: { Queue: sqsQueue({ policy: policy(denyInsecureTransport('sqs', QUEUE_ARN, { Principal: '*', Action: '*' })) }) } });
    expect(check(sqsTlsOnly, stack)).toEqual([]);
  });

  it('flags a queue without any queue policy', () => {
    const stack = stackWith({ aws_sqs_queue: { Queue: sqsQueue() } });
    expect(check(sqsTlsOnly, stack)).toEqual(oneFinding(sqsTlsOnly, 'aws_sqs_queue.Queue', /no queue policy/));
  });

  it('flags a queue whose policy belongs to another queue', () => {
    const stack = stackWith({ aws_sqs_queue: { Queue: sqsQueue(), Other: sqsQueue({ name: 'other' }) }, aws_sqs_queue_policy: { Policy: sqsQueuePolicy('Other') } });
    expect(check(sqsTlsOnly, stack)).toEqual(oneFinding(sqsTlsOnly, 'aws_sqs_queue.Queue', /no queue policy/));
  });

  it.each([
    ['only allows', [ALLOW_EVENTS]],
    ['denies only SendMessage', [denyInsecureTransport('sqs', QUEUE_ARN, { Action: ['sqs:SendMessage'] })]],
    ['denies one principal only', [denyInsecureTransport('sqs', QUEUE_ARN, { Principal: { AWS: 'arn:aws:iam::123456789012:root' } })]],
    ['allows instead of denying', [denyInsecureTransport('sqs', QUEUE_ARN, { Effect: 'Allow' })]],
    ['conditions on aws:SecureTransport true', [denyInsecureTransport('sqs', QUEUE_ARN, { Condition: { Bool: { 'aws:SecureTransport': 'true' } } })]],
    ['conditions on another key', [denyInsecureTransport('sqs', QUEUE_ARN, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } })]],
  ])('flags a queue whose policy %s', (_, statements) => {
    const stack = stackWith({ aws_sqs_queue: { Queue: sqsQueue() }, aws_sqs_queue_policy: { Policy: sqsQueuePolicy('Queue', ...statements) } });
    expect(check(sqsTlsOnly, stack)).toEqual(oneFinding(sqsTlsOnly, 'aws_sqs_queue.Queue', /no statement denying sqs:\*/));
  });

  it('flags a queue policy that cannot be read before apply', () => {
    const stack = stackWith({ aws_sqs_queue: { Queue: sqsQueue() }, aws_sqs_queue_policy: { Policy: { queue_url: '${aws_sqs_queue.Queue.url}', policy: '${data.aws_iam_policy_document.Missing.json}' } } });
    expect(check(sqsTlsOnly, stack)).toEqual(oneFinding(sqsTlsOnly, 'aws_sqs_queue_policy.Policy', /does not declare/));
  });
});
