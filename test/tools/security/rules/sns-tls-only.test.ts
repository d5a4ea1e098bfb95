import { snsTlsOnly } from '../../../../tools/security/rules/sns-tls-only';
import { check, denyInsecureTransport, oneFinding, snsTopic, snsTopicPolicy, stackWith } from '../helpers';

const TOPIC_ARN = '${aws_sns_topic.Topic.arn}';
const ALLOW_ALARMS = { Sid: 'CloudWatchAlarms', Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['sns:Publish'], Resource: [TOPIC_ARN] };

describe('AwsSolutions-SNS3 SNS topic policies deny publishing without TLS', () => {
  it.each([
    ['sns:* (as stacks/builders/iam.ts renders it)', denyInsecureTransport('sns', TOPIC_ARN)],
    ['sns:Publish only', denyInsecureTransport('sns', TOPIC_ARN, { Action: 'sns:Publish', Principal: '*' })],
  ])('passes a topic whose policy denies %s to anyone without TLS', (_, deny) => {
    const stack = stackWith({ aws_sns_topic: { Topic: snsTopic() }, aws_sns_topic_policy: { Policy: snsTopicPolicy('Topic', ALLOW_ALARMS, deny) } });
    expect(check(snsTlsOnly, stack)).toEqual([]);
  });

  it('flags a topic without a topic policy', () => {
    expect(check(snsTlsOnly, stackWith({ aws_sns_topic: { Topic: snsTopic() } }))).toEqual(oneFinding(snsTlsOnly, 'aws_sns_topic.Topic', /no topic policy/));
  });

  it.each([
    ['only allows', [ALLOW_ALARMS]],
    ['denies only Subscribe', [denyInsecureTransport('sns', TOPIC_ARN, { Action: ['sns:Subscribe'] })]],
    ['denies without a condition on aws:SecureTransport', [denyInsecureTransport('sns', TOPIC_ARN, { Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } } })]],
  ])('flags a topic whose policy %s', (_, statements) => {
    const stack = stackWith({ aws_sns_topic: { Topic: snsTopic() }, aws_sns_topic_policy: { Policy: snsTopicPolicy('Topic', ...statements) } });
    expect(check(snsTlsOnly, stack)).toEqual(oneFinding(snsTlsOnly, 'aws_sns_topic.Topic', /no statement denying sns:Publish/));
  });
});
