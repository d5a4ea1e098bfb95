/**
 * The error names a step's failure arrives as in Step Functions, and which of them are transient: what the
 * retriers of the definitions (stacks/builders/asl.ts) match, and what the tests' local executions raise. Each name with
 * the AWS page (or public report) it comes from. Nothing here is inferred from our own definitions.
 */
import type { AwsRule } from './rule';

/**
 * RunTask answered HTTP 200 with a non-empty `Failures` list (for example "Capacity is unavailable at this time"
 * on Fargate): with `.sync` or a task token the state fails with this error (rule states.ecs-run-task-failures).
 */
export const RUN_TASK_FAILURES_ERROR = 'AmazonECS.Unknown';

/**
 * An error of the ECS API itself while the optimized integration starts or watches the task: throttling
 * ("Rate exceeded") and the service's own exceptions arrive under this one name (rule states.ecs-api-errors).
 */
export const ECS_API_ERROR = 'ECS.AmazonECSException';

/** The task ran and stopped unsuccessfully; the cause is the stopped task as DescribeTasks gives it (rule states.ecs-task-failed). */
export const TASK_FAILED_ERROR = 'States.TaskFailed';

/** The state ran longer than its `TimeoutSeconds` (rule states.timeout-error). */
export const TIMEOUT_ERROR = 'States.Timeout';

/**
 * The stop codes of a task that AWS reclaimed rather than one that failed by itself: a Fargate Spot interruption,
 * and the termination notice that precedes it (rule ecs.spot-interruption-stop-code).
 */
export const RECLAIMED_STOP_CODES = ['SpotInterruption', 'TerminationNotice'] as const;

/**
 * The error the definition itself raises, in place of `States.TaskFailed`, for a task that Fargate Spot
 * interrupted, so that a retrier can run it again without running real failures again. Not an AWS error name:
 * ours, in the `ECS.` family only for readability (rule states.custom-error-names: any name not starting with
 * `States.`).
 */
export const SPOT_INTERRUPTED_ERROR = 'ECS.SpotInterrupted';

/**
 * Throttling of the Step Functions API called through the AWS SDK integration (`aws-sdk:sfn:*`): the error is
 * `<Service>.<Exception>` in PascalCase, so `Sfn.ThrottlingException`; an exception the SDK does not model arrives
 * as the service's base exception, `Sfn.SfnException` (rule states.sdk-error-names).
 */
export const SFN_SDK_TRANSIENT_ERRORS = ['Sfn.ThrottlingException', 'Sfn.SfnException'] as const;

/** What a RunTask step retries with backoff: the failures that say nothing about the job itself. */
export const TRANSIENT_ECS_ERRORS = [RUN_TASK_FAILURES_ERROR, ECS_API_ERROR] as const;

/** Whether an error name, as a step fails with it, is transient (worth retrying whatever the job is). */
export function isTransient(error: string): boolean {
  return (TRANSIENT_ECS_ERRORS as readonly string[]).includes(error) || (SFN_SDK_TRANSIENT_ERRORS as readonly string[]).includes(error);
}

/** One entry of a RunTask response's `Failures` list (ECS API Reference, Failure). */
export interface RunTaskFailure {
  readonly arn?: string;
  readonly reason: string;
  readonly detail?: string;
}

/**
 * What a `.sync` RunTask state fails with when ECS answered with a `Failures` list: the error name is documented
 * (rule states.ecs-run-task-failures); the cause text is not, so it is the failures as ECS gave them.
 */
export function runTaskFailuresError(failures: readonly RunTaskFailure[]): { readonly error: string; readonly cause: string } {
  return { error: RUN_TASK_FAILURES_ERROR, cause: JSON.stringify({ Failures: failures }) };
}

/** The Fargate `Failures` reason for no capacity (ECS API failure reasons, "Capacity is unavailable at this time"). */
export const CAPACITY_UNAVAILABLE_REASON = 'Capacity is unavailable at this time. Please try again later or in a different availability zone';

export const STEP_ERROR_RULES: readonly AwsRule[] = [
  {
    id: 'states.ecs-run-task-failures',
    rule: `With the .sync or task-token pattern, a RunTask call that answers HTTP 200 with a non-empty Failures list fails the state with ${RUN_TASK_FAILURES_ERROR}; Fargate capacity shortages arrive this way.`,
    source: 'Run Amazon ECS or Fargate tasks with Step Functions (Step Functions Developer Guide); API failure reasons (Amazon ECS Developer Guide)',
  },
  {
    id: 'states.ecs-api-errors',
    rule: `Errors of the ECS API called by the optimized integration (throttling "Rate exceeded", service exceptions) fail the state with ${ECS_API_ERROR}.`,
    source: 'Public reports: cdklabs/construct-hub ("task failed starting, usually due to throttle / out of capacity") and CloudSnorkel/cdk-github-runners retry it; Error handling in Step Functions (Step Functions Developer Guide)',
  },
  {
    id: 'states.ecs-task-failed',
    rule: `A task started with .sync that stops unsuccessfully (non-zero exit of an essential container, failed start, Spot interruption) fails the state with ${TASK_FAILED_ERROR}; its cause is the stopped task as JSON with PascalCase keys, container overrides and network attachments included.`,
    source: 'Run Amazon ECS or Fargate tasks with Step Functions; Error handling in Step Functions (Step Functions Developer Guide)',
  },
  {
    id: 'states.timeout-error',
    rule: `A Task state that runs longer than its TimeoutSeconds fails with ${TIMEOUT_ERROR}; with .sync, Step Functions then stops the task.`,
    source: 'Error handling in Step Functions; Run a Job (.sync) (Step Functions Developer Guide)',
  },
  {
    id: 'ecs.spot-interruption-stop-code',
    rule: `A Fargate Spot task that AWS reclaims gets a two-minute warning (SIGTERM, "Your Spot Task was interrupted.") and stops with the stop code ${RECLAIMED_STOP_CODES.join(' or ')}.`,
    source: 'Fargate Spot termination notices (Amazon ECS Developer Guide); Task, stopCode (Amazon ECS API Reference)',
  },
  {
    id: 'states.custom-error-names',
    rule: 'A Fail state can raise any error name (ErrorPath and CausePath take it from the state input); names starting with "States." are reserved for Step Functions\' own errors.',
    source: 'Fail workflow state; Error handling in Step Functions (Step Functions Developer Guide)',
  },
  {
    id: 'states.sdk-error-names',
    rule: 'A Task state calling an AWS SDK integration (arn:aws:states:::aws-sdk:<service>:<action>) fails with <ServiceName>.<ErrorName>, both in PascalCase, the ErrorName with an Exception suffix even where the API reference names the error without one (Sfn.ThrottlingException; S3 CreateBucket BucketAlreadyExists is S3.BucketAlreadyExistsException).',
    source: 'Learning to use AWS service SDK integrations in Step Functions (Step Functions Developer Guide); Common errors (Step Functions API Reference)',
  },
];
