import { blocksOf, finder, isGiven, resourcesOf, type SecurityRule } from '../model';

const ID = 'CKV_AWS_285';
const LEVELS = ['ALL', 'ERROR', 'FATAL'];

/** Every state machine logs its executions to a log destination. */
export const sfnExecutionLogging: SecurityRule = {
  id: ID,
  title: 'Step Functions state machines log executions',
  resourceTypes: ['aws_sfn_state_machine'],
  check(stack) {
    const finding = finder(ID);
    return resourcesOf(stack, 'aws_sfn_state_machine').flatMap((machine) => {
      const logging = blocksOf(machine.attributes.logging_configuration)[0];
      if (!logging) return [finding(machine.address, 'no logging_configuration: executions are not logged')];
      const problems: string[] = [];
      if (typeof logging.level !== 'string' || !LEVELS.includes(logging.level)) {
        problems.push(`logging_configuration.level is ${JSON.stringify(logging.level ?? 'OFF (the default)')}, expected one of ${LEVELS.join(', ')}`);
      }
      if (!isGiven(logging.log_destination)) problems.push('logging_configuration.log_destination is not set');
      return problems.map((problem) => finding(machine.address, problem));
    });
  },
};
