import { ecsNoPublicIp } from '../../../../tools/security/rules/ecs-no-public-ip';
import type { JsonObject } from '../../../../tools/security/model';
import { check, oneFinding, stackWith } from '../helpers';

const runTask = (assignPublicIp?: string) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::ecs:runTask.sync',
  Parameters: { NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-1'], ...(assignPublicIp ? { AssignPublicIp: assignPublicIp } : {}) } } },
  End: true,
});

/** A state machine whose definition has one RunTask state, and one inside a Parallel branch. */
function machine(first?: string, inBranch: string | undefined = first): JsonObject {
  const definition = {
    StartAt: 'load',
    States: {
      load: { ...runTask(first), End: undefined, Next: 'fan' },
      fan: { Type: 'Parallel', Branches: [{ StartAt: 'pdf', States: { pdf: runTask(inBranch) } }], End: true },
    },
  };
  return { name: 'wf-dev-a', definition: JSON.stringify(definition) };
}

const eventTarget = (assignPublicIp: boolean): JsonObject => ({ rule: 'r', arn: 'c', ecs_target: [{ task_definition_arn: 't', network_configuration: [{ subnets: ['subnet-1'], assign_public_ip: assignPublicIp }] }] });

/** A private network's tell-tale: a NAT gateway (so the rule applies in `auto`). */
const nat = { aws_internet_gateway: { Igw: { vpc_id: 'v' } }, aws_nat_gateway: { Nat: { subnet_id: 's' } } };

describe('CKV_AWS_333 ECS tasks get no public IP', () => {
  it.each([
    ['RunTask states with AssignPublicIp DISABLED', machine('DISABLED')],
    ['RunTask states that leave AssignPublicIp out (ECS default: disabled)', machine(undefined)],
  ])('passes %s', (_, sfn) => {
    expect(check(ecsNoPublicIp, stackWith({ ...nat, aws_sfn_state_machine: { Sfn: sfn }, aws_cloudwatch_event_target: { Alert: eventTarget(false) } }))).toEqual([]);
  });

  it('flags a RunTask state with a public IP, also inside a Parallel branch', () => {
    expect(check(ecsNoPublicIp, stackWith({ ...nat, aws_sfn_state_machine: { Sfn: machine('DISABLED', 'ENABLED') } }))).toEqual(
      oneFinding(ecsNoPublicIp, 'aws_sfn_state_machine.Sfn', /state "pdf" starts its ECS task with AssignPublicIp "ENABLED"/),
    );
  });

  it('flags an EventBridge target that starts an ECS task with a public IP', () => {
    expect(check(ecsNoPublicIp, stackWith({ ...nat, aws_cloudwatch_event_target: { Alert: eventTarget(true) } }))).toEqual(
      oneFinding(ecsNoPublicIp, 'aws_cloudwatch_event_target.Alert', /assign_public_ip is true/),
    );
  });

  it('flags a stack with no gateway of its own (an existing network) in auto', () => {
    expect(check(ecsNoPublicIp, stackWith({ aws_sfn_state_machine: { Sfn: machine('DISABLED', 'ENABLED') } }))).toHaveLength(1);
  });

  it('leaves the public network mode (an internet gateway, no NAT) alone in auto, and flags it with forbid', () => {
    const publicMode = stackWith({ aws_internet_gateway: { Igw: { vpc_id: 'v' } }, aws_sfn_state_machine: { Sfn: machine('ENABLED') } });
    expect(check(ecsNoPublicIp, publicMode)).toEqual([]);
    expect(check(ecsNoPublicIp, publicMode, { taskPublicIp: 'forbid' })).toHaveLength(2);
    expect(check(ecsNoPublicIp, stackWith({ ...nat, aws_sfn_state_machine: { Sfn: machine('ENABLED') } }), { taskPublicIp: 'allow' })).toEqual([]);
  });
});
