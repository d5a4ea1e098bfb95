import { sfnExecutionLogging } from '../../../../tools/security/rules/sfn-execution-logging';
import { check, oneFinding, stackWith, stateMachine } from '../helpers';

describe('CKV_AWS_285 Step Functions execution logging', () => {
  it('passes a state machine logging every execution to a log group', () => {
    expect(check(sfnExecutionLogging, stackWith({ aws_sfn_state_machine: { Flow: stateMachine() } }))).toEqual([]);
  });

  it.each([
    ['no logging configuration', { logging_configuration: null }, /no logging_configuration/],
    ['level OFF', { logging_configuration: { level: 'OFF', log_destination: '${aws_cloudwatch_log_group.Logs.arn}:*' } }, /level is "OFF"/],
    ['no destination', { logging_configuration: { level: 'ALL' } }, /log_destination is not set/],
  ])('flags a state machine with %s', (_, override, message) => {
    const stack = stackWith({ aws_sfn_state_machine: { Flow: stateMachine(override) } });
    expect(check(sfnExecutionLogging, stack)).toEqual(oneFinding(sfnExecutionLogging, 'aws_sfn_state_machine.Flow', message));
  });
});
