// An example job of a step with `reportsResult: true`: it lists the items a later fan-out step runs over and
// writes them as its result, `{ "items": [...] }`, to RESULT_KEY in RESULT_BUCKET. It shows the contract of such a
// step, which runs with ecs:runTask.sync like any other:
// - RESULT_BUCKET and RESULT_KEY say where to write; without them the job was not started by such a step.
// - RESULT_MAX_CHARS, when set, is what the later steps' container overrides leave for this result (counted as the
//   result's JSON, escaped as in the overrides). A larger result is not written and the job exits 1, so the
//   execution stops at this step's task, where a redrive resumes, and not at a later step that could never start.
// - Any failure to write exits 1 too: the task fails, and with it the step, at once.
// Which items: ITEMS, comma-separated (default "a,b,c"); a real job would list files, partitions or accounts.
import type { StatesDeps } from '../../../notifier/src/execution';
import { putObject } from './put-object';

/** The result of this job: the items to fan out over. */
export function resultOf(env: Readonly<Record<string, string | undefined>>): { items: string[] } {
  const items = (env.ITEMS ?? 'a,b,c').split(',').map((item) => item.trim()).filter((item) => item !== '');
  return { items };
}

/** Characters a result takes in a later step's container overrides: its JSON, escaped inside the overrides' JSON. */
export function overridesLengthOf(result: unknown): number {
  return JSON.stringify(JSON.stringify(result)).length - 2;
}

/** Exit code 0 when the result was written, 2 when there is nowhere to write it, 1 when it was not written. */
export async function run(env: Readonly<Record<string, string | undefined>>, deps: StatesDeps, log: (line: string) => void): Promise<number> {
  const bucket = env.RESULT_BUCKET;
  const key = env.RESULT_KEY;
  const arn = env.EXECUTION_ARN;
  if (!bucket || !key || !arn) {
    log('RESULT_BUCKET, RESULT_KEY and EXECUTION_ARN are not set: run this job as a step with reportsResult: true');
    return 2;
  }
  const result = resultOf(env);
  const length = overridesLengthOf(result);
  if (env.RESULT_MAX_CHARS !== undefined) {
    const max = Number(env.RESULT_MAX_CHARS);
    if (!Number.isInteger(max) || length > max) {
      log(`not written: the result takes ${length} characters in later steps' container overrides; RESULT_MAX_CHARS is ${env.RESULT_MAX_CHARS}`);
      return 1;
    }
  }
  try {
    await putObject(bucket, key, JSON.stringify(result), arn, deps);
    log(`wrote ${result.items.length} items (${length} characters) to s3://${bucket}/${key}`);
    return 0;
  } catch (error) {
    log(`could not write the result: ${(error as Error).message}`);
    return 1;
  }
}
