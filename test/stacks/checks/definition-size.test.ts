// A configuration whose state machine definition is too large, refused through the public entry (rule
// states.definition-size; both sides of the limit on a rendered stack: state-machine-checks.test.ts). Its own
// file: rendering a stack of 388 steps takes cdktf most of half a minute.
import type { WorkflowInput } from '../../../stacks/config/types';
import { configProblems, environment, task, workflow } from '../../helpers';

const problemsOf = (...workflows: WorkflowInput[]): string[] => configProblems([environment({ workflows })]).map((line) => line.replace(/^ {2}- /, ''));

describe('definition size (states.definition-size), through the public entry', () => {
  it('GIVEN 388 steps on Fargate Spot, each with its retries and the execution input THEN the definition is too large, and the workflow steps are reported', () => {
    // 387 such steps make 1,046,715 bytes with the builder's stand-ins, 388 make 1,049,419.
    const steps = Array.from({ length: 388 }, (_, i) => task(`step-${String(i).padStart(4, '0')}-${'x'.repeat(22)}`, { capacity: 'FARGATE_SPOT', passExecutionInput: true, retry: { taskFailureRetries: 2 } }));
    // So many steps are far more than one state machine role can name (rule iam.inline-policy-size, reported on
    // its own, see inline-policy-checks.test.ts): only the definition size is looked at here.
    expect(problemsOf(workflow('w', { steps })).filter((line) => !line.includes('iam.inline-policy-size'))).toEqual([
      expect.stringMatching(/^environments\[0=dev\]\.workflows\[0=w\]\.steps: makes a definition too large: the state machine definition is 1,05[\d,]+ bytes; Step Functions allows 1,048,576 \(got "388 steps"\)$/),
    ]);
  });
});
