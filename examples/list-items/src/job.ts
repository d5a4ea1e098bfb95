// An example job of a step with `waitForCallback: true`: it lists the items a later fan-out step runs over and
// reports them to the workflow with SendTaskSuccess, as `{ "items": [...] }`. It shows the contract of such a step:
// - TASK_TOKEN identifies the step; without it the job was not started by a callback step and reports nothing.
// - TASK_RESULT_MAX_CHARS is what the later steps' container overrides leave for this result (counted as the result's
//   JSON, escaped as in the overrides). A larger result is reported as a failure (ResultTooLarge), so the execution
//   stops here, where a redrive resumes, and not at a later step that could never start.
// - Any error is reported with SendTaskFailure, so the step fails at once instead of waiting for its time-out.
// Which items: ITEMS, comma-separated (default "a,b,c"); a real job would list files, partitions or accounts.
import { callStepFunctions, type StatesDeps } from '../../../notifier/src/execution';

/** The result of this job: the items to fan out over. */
export function resultOf(env: Readonly<Record<string, string | undefined>>): { items: string[] } {
  const items = (env.ITEMS ?? 'a,b,c').split(',').map((item) => item.trim()).filter((item) => item !== '');
  return { items };
}

/** Characters a result takes in a later step's container overrides: its JSON, escaped inside the overrides' JSON. */
export function overridesLengthOf(result: unknown): number {
  return JSON.stringify(JSON.stringify(result)).length - 2;
}

/** Exit code 0 when the result (or the failure) was reported, 2 when there is nothing to report to, 1 when reporting failed. */
export async function run(env: Readonly<Record<string, string | undefined>>, deps: StatesDeps, log: (line: string) => void): Promise<number> {
  const token = env.TASK_TOKEN;
  const arn = env.EXECUTION_ARN;
  if (!token || !arn) {
    log('TASK_TOKEN and EXECUTION_ARN are not set: run this job as a step with waitForCallback: true');
    return 2;
  }
  const max = Number(env.TASK_RESULT_MAX_CHARS ?? 'NaN');
  try {
    const result = resultOf(env);
    const length = overridesLengthOf(result);
    if (!Number.isInteger(max) || length > max) {
      const cause = `the result takes ${length} characters in later steps' container overrides; TASK_RESULT_MAX_CHARS is ${env.TASK_RESULT_MAX_CHARS ?? 'not set'}`;
      await callStepFunctions('SendTaskFailure', { taskToken: token, error: 'ResultTooLarge', cause }, arn, deps);
      log(`reported failure ResultTooLarge: ${cause}`);
      return 0;
    }
    await callStepFunctions('SendTaskSuccess', { taskToken: token, output: JSON.stringify(result) }, arn, deps);
    log(`reported ${result.items.length} items (${length} characters)`);
    return 0;
  } catch (error) {
    log(`could not report: ${(error as Error).message}`);
    return 1;
  }
}

