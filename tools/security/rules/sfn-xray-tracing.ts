import { blocksOf, finder, isTrue, resourcesOf, type SecurityRule } from '../model';

const ID = 'CKV_AWS_284';

/** Every state machine sends traces to X-Ray. */
export const sfnXrayTracing: SecurityRule = {
  id: ID,
  title: 'Step Functions state machines have X-Ray tracing enabled',
  resourceTypes: ['aws_sfn_state_machine'],
  check(stack) {
    const finding = finder(ID);
    return resourcesOf(stack, 'aws_sfn_state_machine')
      .filter((machine) => !blocksOf(machine.attributes.tracing_configuration).some((block) => isTrue(block.enabled)))
      .map((machine) => finding(machine.address, 'tracing_configuration.enabled is not true: executions are not traced'));
  },
};
