/**
 * Who may publish to the alarm topic, evaluated: the rendered topic policy of the default app goes through an
 * IAM policy simulator (@cloud-copilot/iam-simulate) with the requests AWS documents for the two services that
 * publish to it ("Amazon SNS topic policies for CloudWatch alarms", CloudWatch User Guide; "Amazon SNS
 * permissions" for EventBridge targets, EventBridge User Guide): the service principal, `aws:SourceArn` (the
 * alarm or the rule) and `aws:SourceAccount`, over TLS.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { environment, referenceTo, resourcesOf, stackOf, synth, workflow } from '../../helpers';
import { OTHER_ACCOUNT } from './request-contexts';

const ACCOUNT = '123456789012';
const REGION = 'ap-northeast-1';
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:wf-dev-alarms`;

interface Publish {
  readonly principal: string;
  readonly sourceArn: string;
  readonly sourceAccount?: string;
  readonly secureTransport?: boolean;
}

const out = synth(stackOf(environment({ workflows: [workflow('daily', { schedule: { expression: 'rate(1 day)' } })] })));
const [topicPolicy] = resourcesOf(out, 'aws_sns_topic_policy');
const policy = JSON.parse(String(topicPolicy.policy)) as unknown;

async function publishes(request: Publish): Promise<boolean> {
  const [, , , , account] = request.sourceArn.split(':');
  const response = await runSimulation(
    {
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: policy,
      request: {
        principal: request.principal,
        action: 'sns:Publish',
        resource: { accountId: ACCOUNT, resource: TOPIC },
        contextVariables: { 'aws:SourceArn': request.sourceArn, 'aws:SourceAccount': request.sourceAccount ?? account, 'aws:SecureTransport': String(request.secureTransport ?? true) },
      },
    },
    {},
  );
  if (response.resultType === 'error') throw new Error(JSON.stringify(response.errors));
  return response.overallResult === 'Allowed';
}

describe('GIVEN the default app’s alarm topic policy', () => {
  it('THEN the topic it names is the rendered topic', () => {
    expect(JSON.stringify(policy)).toContain(TOPIC);
    expect(topicPolicy.arn).toBe(referenceTo(out, 'aws_sns_topic', 'name', 'wf-dev-alarms'));
  });

  it('THEN an alarm of the environment and a rule of the environment may publish', async () => {
    expect(await publishes({ principal: 'cloudwatch.amazonaws.com', sourceArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:wf-dev-daily-failed` })).toBe(true);
    expect(await publishes({ principal: 'events.amazonaws.com', sourceArn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/wf-dev-notifier-failed` })).toBe(true);
  });

  it('THEN the same services for a neighbouring account, another environment, the other service’s resources, or without TLS may not', async () => {
    const denied: Publish[] = [
      { principal: 'cloudwatch.amazonaws.com', sourceArn: `arn:aws:cloudwatch:${REGION}:${OTHER_ACCOUNT}:alarm:wf-dev-daily-failed` },
      { principal: 'cloudwatch.amazonaws.com', sourceArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:wf-dev-daily-failed`, sourceAccount: OTHER_ACCOUNT },
      { principal: 'cloudwatch.amazonaws.com', sourceArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:wf-prod-daily-failed` },
      { principal: 'events.amazonaws.com', sourceArn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/someone-else` },
      { principal: 'events.amazonaws.com', sourceArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:wf-dev-daily-failed` },
      { principal: 'lambda.amazonaws.com', sourceArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:wf-dev-x` },
      { principal: 'cloudwatch.amazonaws.com', sourceArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:wf-dev-daily-failed`, secureTransport: false },
    ];
    const decisions = await Promise.all(denied.map(publishes));
    expect(denied.filter((_, index) => decisions[index]).map((request) => `${request.principal} ${request.sourceArn}`)).toEqual([]);
  });
});
