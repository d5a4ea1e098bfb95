import { scheduleGroupNameProblem, SCHEDULE_GROUP_NAME_MAX } from '../../../stacks/aws/scheduler';
import { environment, referenceTo, resourcesOf, resourceWhere, stackOf, synth, workflow } from '../../helpers';

const SCHEDULED = { expression: 'rate(1 day)' };

describe('ScheduleGroup', () => {
  const out = synth(stackOf(environment({ workflows: [workflow('nightly', { schedule: SCHEDULED }), workflow('weekly', { schedule: SCHEDULED }), workflow('manual')] })));

  it('GIVEN an environment THEN it has one schedule group of its own, named after its prefix', () => {
    expect(resourcesOf(out, 'aws_scheduler_schedule_group')).toEqual([expect.objectContaining({ name: 'wf-dev' })]);
  });

  it('GIVEN several scheduled workflows THEN every schedule is in the environment’s group', () => {
    const group = referenceTo(out, 'aws_scheduler_schedule_group', 'name', 'wf-dev', 'name');
    expect(resourcesOf(out, 'aws_scheduler_schedule').map((schedule) => [schedule.name, schedule.group_name])).toEqual([
      ['wf-dev-nightly-schedule', group],
      ['wf-dev-weekly-schedule', group],
    ]);
  });

  it('GIVEN a schedule role THEN it trusts Scheduler only on behalf of the group ARN and this account, never a schedule ARN', () => {
    for (const name of ['wf-dev-nightly-schedule', 'wf-dev-weekly-schedule']) {
      const trust = JSON.parse(String(resourceWhere(out, 'aws_iam_role', 'name', name).assume_role_policy)) as { Statement: unknown[] };
      expect(trust.Statement).toEqual([
        {
          Sid: 'AssumeByService',
          Effect: 'Allow',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Action: ['sts:AssumeRole'],
          Condition: {
            StringEquals: { 'aws:SourceAccount': '123456789012' },
            ArnLike: { 'aws:SourceArn': 'arn:aws:scheduler:ap-northeast-1:123456789012:schedule-group/wf-dev' },
          },
        },
      ]);
    }
  });

  it('GIVEN the longest prefix the configuration allows (project and environment names of 12) THEN the group name is within the Scheduler rule', () => {
    const longest = `${'p'.repeat(12)}-${'e'.repeat(12)}`;
    expect(scheduleGroupNameProblem(longest)).toBeUndefined();
    const out = synth(stackOf(environment({ project: 'p'.repeat(12), name: 'e'.repeat(12) })));
    expect(resourcesOf(out, 'aws_scheduler_schedule_group')).toEqual([expect.objectContaining({ name: longest })]);
  });
});

describe('scheduleGroupNameProblem (rule scheduler.schedule-group-name)', () => {
  it.each([
    ['one character', 'a'],
    [`${SCHEDULE_GROUP_NAME_MAX} characters`, 'g'.repeat(SCHEDULE_GROUP_NAME_MAX)],
    ['letters, digits, hyphens, underscores and dots', 'Wf_dev-1.x'],
  ])('GIVEN %s THEN the name is accepted', (_, name) => {
    expect(scheduleGroupNameProblem(name)).toBeUndefined();
  });

  it.each([
    ['an empty name', '', /1 to 64 characters/],
    [`${SCHEDULE_GROUP_NAME_MAX + 1} characters`, 'g'.repeat(SCHEDULE_GROUP_NAME_MAX + 1), /1 to 64 characters/],
    ['a slash', 'wf/dev', /letters, digits, hyphens, underscores and dots/],
  ])('GIVEN %s THEN the name is refused', (_, name, message) => {
    expect(scheduleGroupNameProblem(name)).toMatch(message);
  });
});
