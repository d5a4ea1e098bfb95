import { sfnXrayTracing } from '../../../../tools/security/rules/sfn-xray-tracing';
import { check, oneFinding, stackWith, stateMachine } from '../helpers';

describe('CKV_AWS_284 Step Functions X-Ray tracing', () => {
  it('passes a traced state machine', () => {
    expect(check(sfnXrayTracing, stackWith({ aws_sfn_state_machine: { Flow: stateMachine() } }))).toEqual([]);
  });

  it.each([
    ['tracing disabled', { tracing_configuration: { enabled: false } }],
    ['no tracing configuration', { tracing_configuration: null }],
  ])('flags a state machine with %s', (_, override) => {
    const stack = stackWith({ aws_sfn_state_machine: { Flow: stateMachine(override) } });
    expect(check(sfnXrayTracing, stack)).toEqual(oneFinding(sfnXrayTracing, 'aws_sfn_state_machine.Flow', /not traced/));
  });
});
