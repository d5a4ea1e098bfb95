/**
 * One stack, for real, against its own AWS API emulator (test/deploy/emulator.py): synthesize, point a copy of the
 * rendered JSON at the emulator, `terraform apply`, re-plan (no changes), read back through the AWS APIs, execute
 * every workflow through the emulator's Step Functions interpreter, match the alert rules' patterns with the
 * emulator's EventBridge matcher, `terraform destroy`, and list what is left.
 *
 * Needs terraform and the provider mirror (test/terraform-harness.ts) and moto; without them the file skips with
 * the reason, or fails under REQUIRE_INTEGRATION=1.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { END_STATUSES, EXECUTION_STATUS_CHANGE, STATES_EVENT_SOURCE } from '../../stacks/aws/events';
import { PROJECT_ROOT } from '../helpers';
import { findTerraformTools, initOffline, terraformEnvironment, type TerraformTools } from '../terraform-harness';
import { awsAt, type Aws } from './aws-calls';
import { emulatorMissing, startEmulator, type Emulator } from './emulator';
import { SKIPPED_MARKER } from '../../stacks/builders/asl';
import { essentialContainerExitedTask, failedToStartTask, taskStateChangeEvent, type EcsStoppedTask } from '../../stacks/aws/ecs-stopped-task';
import { runExecutions, runTaskSteps, valueOf, type AslState, type ExecutionRun } from './executions';
import { inventory, type Inventory } from './inventory';
import { readBack } from './read-back';
import { resolvedResources, resourceCount, stateValues, type JsonObject, type ShowJson, type StackJson } from './rendered';

/** Provider endpoint names of the services the stacks use or may come to use, all pointed at the emulator. */
const ENDPOINTS = ['cloudwatch', 'events', 'logs', 'ec2', 'ecr', 'ecs', 'iam', 'kms', 'scheduler', 'secretsmanager', 'sfn', 'sqs', 'sns', 'sts', 's3', 'ssm', 'xray'];

export interface Scenario {
  /** What the stack is, for the output. */
  readonly name: string;
  /**
   * Synthesizes the stack into `outdir` (the emulator is up: an existing network can be made in it first) and
   * returns the stack's folder (the one holding cdk.tf.json). Synthesis sets NOTIFIER_IMAGE_URI: the provider
   * mirror has no Docker provider.
   */
  synthesize(aws: Aws, outdir: string): Promise<string> | string;
  /** An execution's input, by state machine name. @default {} */
  readonly input?: (stateMachineName: string) => unknown;
  /** What a step that reports a result writes, by step name. @default {} */
  /** What a step that reports a result writes, by step name. @default {} */
  readonly result?: (step: string) => unknown;
  /** Also show that `allowed_account_ids` is in force against the emulator (a plan naming another account fails). @default false */
  readonly checkAccountGuard?: boolean;
}

/** The inventory's kind (test/deploy/inventory.ts) of each resource type it lists. */
const LISTED: Record<string, string> = {
  aws_sfn_state_machine: 'states state-machine',
  aws_cloudwatch_event_rule: 'events rule',
  aws_scheduler_schedule_group: 'scheduler schedule-group',
  aws_scheduler_schedule: 'scheduler schedule',
  aws_ecs_cluster: 'ecs cluster',
  aws_ecs_task_definition: 'ecs task-definition',
  aws_ecr_repository: 'ecr repository',
  aws_cloudwatch_log_group: 'logs log-group',
  aws_sqs_queue: 'sqs queue',
  aws_secretsmanager_secret: 'secretsmanager secret',
  aws_kms_key: 'kms key',
  aws_kms_alias: 'kms alias',
  aws_iam_role: 'iam role',
  aws_iam_policy: 'iam policy',
  aws_sns_topic: 'sns topic',
  aws_cloudwatch_metric_alarm: 'cloudwatch alarm',
  aws_s3_bucket: 's3 bucket',
  aws_vpc: 'ec2 vpc',
  aws_subnet: 'ec2 subnet',
  aws_security_group: 'ec2 security-group',
  aws_internet_gateway: 'ec2 internet-gateway',
  aws_route_table: 'ec2 route-table',
  aws_eip: 'ec2 elastic-ip',
  aws_vpc_endpoint: 'ec2 vpc-endpoint',
  aws_flow_log: 'ec2 flow-log',
  aws_nat_gateway: 'ec2 nat-gateway',
};

interface Figures {
  resources: number;
  seconds: Record<'apply' | 'plan' | 'destroy', number>;
  executions: number;
  /** Resources the inventory lists after the apply, and values the read-back compared. */
  listed: number;
  compared: number;
  /** The slowest resources of the apply and the destroy. */
  slowest: { apply?: string; destroy?: string };
}

/** Pointed at the emulator: endpoints, fake credentials (from the environment), local state. allowed_account_ids stays. */
export function pointAtEmulator(stack: StackJson, endpoint: string): StackJson {
  const copy = JSON.parse(JSON.stringify(stack)) as StackJson;
  for (const provider of copy.provider?.aws ?? []) {
    Object.assign(provider, {
      endpoints: [Object.fromEntries(ENDPOINTS.map((name) => [name, endpoint]))],
      skip_credentials_validation: true,
      skip_metadata_api_check: 'true',
      s3_use_path_style: true,
      // Few retries: a call the emulator lacks (HTTP 500) fails within seconds instead of being retried for
      // minutes, while a dropped loopback connection under load (seen once in a few runs) is still retried.
      max_retries: 3,
    });
  }
  copy.terraform = { ...copy.terraform, backend: { local: { path: 'terraform.tfstate' } } };
  return copy;
}

const execFileAsync = promisify(execFile);

/** terraform with its exit code (a failure to run at all, or `allowed` not including the code, throws with the output). */
async function terraform(tools: TerraformTools, cwd: string, env: NodeJS.ProcessEnv, args: string[], allowed: number[] = [0]): Promise<{ code: number; stdout: string; stderr: string; seconds: number }> {
  const started = process.hrtime.bigint();
  const run = await execFileAsync(tools.terraform, args, { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).then(
    (done) => ({ code: 0, ...done }),
    (error: { code?: number | string; stdout?: string; stderr?: string }) => {
      if (typeof error.code !== 'number') throw error;
      return { code: error.code, stdout: error.stdout ?? '', stderr: error.stderr ?? '' };
    },
  );
  const { code, stdout, stderr } = run;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (!allowed.includes(code)) throw new Error(`terraform ${args.join(' ')} exited ${code} in ${cwd}:\n${stderr}\n${stdout.split('\n').slice(-80).join('\n')}`);
  return { code, stdout, stderr, seconds };
}

/** The slowest resources of an apply or destroy, from terraform's "... complete after 25s" lines. */
function slowest(output: string, count = 3): string {
  const times = [...output.matchAll(/^([\w.-]+): (?:Creation|Destruction|Modifications) complete after (?:(\d+)m)?(\d+)s/gm)].map((match) => ({
    address: match[1],
    seconds: Number(match[2] ?? 0) * 60 + Number(match[3]),
  }));
  return times
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, count)
    .map((time) => `${time.address} ${time.seconds} s`)
    .join(', ');
}

/** `describe` of one stack deployed to its own emulator, or a skip (a failure under REQUIRE_INTEGRATION=1) with the reason. */
export function describeDeploy(scenario: Scenario): void {
  const title = `deploy to the AWS API emulator: ${scenario.name}`;
  const tools = findTerraformTools();
  const missing = typeof tools === 'string' ? tools : emulatorMissing();
  if (typeof tools === 'string' || missing !== undefined) {
    const reason = missing ?? String(tools);
    if (process.env.REQUIRE_INTEGRATION === '1') {
      describe(title, () => it('has terraform, the provider mirror and the emulator', () => { throw new Error(reason); }));
      return;
    }
    console.warn(`\n${'!'.repeat(72)}\n!! SKIPPED ${title}: ${reason}\n${'!'.repeat(72)}\n`);
    describe.skip(`${title} (SKIPPED: ${reason})`, () => it('needs terraform, the provider mirror and the emulator', () => undefined));
    return;
  }
  describe(title, () => deploySteps(scenario, tools));
}

function deploySteps(scenario: Scenario, tools: TerraformTools): void {
  let emulator: Emulator | undefined;
  let aws: Aws;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let rendered: StackJson;
  let before: Inventory;
  let applied: ShowJson | undefined;
  let runs: { machine: string; definition: { States: Record<string, AslState> }; runs: ExecutionRun[] }[] = [];
  const figures: Figures = { resources: 0, seconds: { apply: 0, plan: 0, destroy: 0 }, executions: 0, listed: 0, compared: 0, slowest: {} };

  /** A step's failure carries the emulator's log tail. */
  const withLog = async (body: () => Promise<void>) => {
    try {
      await body();
    } catch (error) {
      throw new Error(`${(error as Error).message}\n---- emulator log (last lines) ----\n${emulator?.logTail() ?? ''}`, { cause: error });
    }
  };
  const requireApplied = () => {
    if (!applied) throw new Error('the apply did not complete (see its failure above)');
    return applied;
  };

  beforeAll(async () => {
    const root = fs.mkdtempSync(path.join(process.env.TMPDIR ?? path.join(PROJECT_ROOT, '.tmp'), 'deploy-'));
    emulator = await startEmulator(path.join(root, 'emulator.log'));
    // The interpreter runs executions only when switched on before the state machines exist.
    const config = await fetch(`${emulator.endpoint}/moto-api/config`, { method: 'POST', body: JSON.stringify({ stepfunctions: { execute_state_machine: true } }) });
    if (!config.ok) throw new Error(`the emulator refused its configuration: HTTP ${config.status}`);
    // Its ECS tasks run until stopped, as on AWS a task runs until its container exits: the test plays each
    // container and stops its task (executions.ts). The emulator's own state manager (moto's documented "manual"
    // progression): a task leaves RUNNING only after this many descriptions, which no run reaches.
    const tasks = await fetch(`${emulator.endpoint}/moto-api/state-manager/set-transition`, {
      method: 'POST',
      body: JSON.stringify({ model_name: 'ecs::task', transition: { progression: 'manual', times: 1_000_000 } }),
    });
    if (!tasks.ok) throw new Error(`the emulator refused the task transition: HTTP ${tasks.status}`);
    const region = 'ap-northeast-1';
    aws = awsAt(emulator.endpoint, region);
    const stackDir = await scenario.synthesize(aws, path.join(root, 'out'));
    // After synthesis: what a scenario made first (an existing network) is not the stack's.
    before = await inventory(aws);
    const original = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as StackJson;
    const providerRegion = original.provider?.aws?.[0]?.region;
    if (providerRegion !== region) aws = awsAt(emulator.endpoint, String(providerRegion));
    rendered = original;
    dir = path.join(root, 'deploy');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(pointAtEmulator(original, emulator.endpoint), null, 2));
    env = terraformEnvironment(tools, dir);
    await initOffline(tools, dir, env);
    figures.resources = resourceCount(rendered);
  }, 180_000);

  afterAll(async () => {
    await emulator?.stop();
    const { seconds } = figures;
    console.log(
      [
        `deploy ${scenario.name}: ${figures.resources} resources (${figures.listed} listed through the APIs, ${figures.compared} values read back); apply ${seconds.apply.toFixed(1)} s, plan ${seconds.plan.toFixed(1)} s, destroy ${seconds.destroy.toFixed(1)} s; executions run ${figures.executions}`,
        ...(figures.slowest.apply ? [`  slowest to create: ${figures.slowest.apply}`] : []),
        ...(figures.slowest.destroy ? [`  slowest to destroy: ${figures.slowest.destroy}`] : []),
      ].join('\n'),
    );
  });

  if (scenario.checkAccountGuard) {
    it("GIVEN allowed_account_ids naming another account than the emulator's STS answers WHEN planned THEN terraform refuses", async () => {
      await withLog(async () => {
        const other = path.join(dir, '..', 'other-account');
        fs.mkdirSync(other);
        const stack = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as StackJson;
        for (const provider of stack.provider?.aws ?? []) provider.allowed_account_ids = ['000000000000'];
        fs.writeFileSync(path.join(other, 'cdk.tf.json'), JSON.stringify(stack));
        const otherEnv = terraformEnvironment(tools, other);
        await initOffline(tools, other, otherEnv);
        const plan = await terraform(tools, other, otherEnv, ['plan', '-input=false', '-no-color', '-refresh=false'], [0, 1]);
        expect(plan.code).toBe(1);
        expect(plan.stderr).toMatch(/account ID not allowed/i);
      });
    });
  }

  it('GIVEN the rendered stack pointed at the emulator WHEN applied THEN every rendered resource exists in the state', async () => {
    await withLog(async () => {
      const apply = await terraform(tools, dir, env, ['apply', '-auto-approve', '-input=false', '-no-color']);
      figures.seconds.apply = apply.seconds;
      figures.slowest.apply = slowest(apply.stdout);
      applied = JSON.parse((await terraform(tools, dir, env, ['show', '-json'])).stdout) as ShowJson;
      const managed = (applied.values?.root_module?.resources ?? []).filter((resource) => resource.mode === 'managed');
      expect(managed.length).toBe(figures.resources);
      // The listing that must come back empty after the destroy sees what the apply made (at least as many of
      // each kind as rendered: a VPC brings its own default security group and main route table).
      const created = [...(await inventory(aws)).entries].filter((entry) => !before.entries.has(entry));
      const missing = Object.entries(rendered.resource ?? {}).flatMap(([type, resources]) => {
        const kind = LISTED[type];
        const listed = created.filter((entry) => entry.startsWith(`${kind} `)).length;
        return kind && listed < Object.keys(resources).length ? [`${type}: ${Object.keys(resources).length} rendered, ${listed} listed as ${kind}`] : [];
      });
      expect(missing).toEqual([]);
      figures.listed = created.length;
    });
  });

  it('GIVEN the applied stack WHEN planned again THEN terraform reports no changes', async () => {
    requireApplied();
    await withLog(async () => {
      const plan = await terraform(tools, dir, env, ['plan', '-detailed-exitcode', '-input=false', '-no-color'], [0, 2]);
      figures.seconds.plan = plan.seconds;
      if (plan.code === 2) throw new Error(`the plan after apply has changes:\n${plan.stdout}`);
      expect(plan.code).toBe(0);
    });
  });

  it('GIVEN the applied stack WHEN read back through the AWS APIs THEN state machines, roles, trust policies, schedules, alert rules, targets and task definitions are as rendered', async () => {
    const values = stateValues(requireApplied());
    await withLog(async () => {
      const result = await readBack(aws, resolvedResources(rendered, values));
      figures.compared = result.compared;
      expect(result.differences).toEqual([]);
      // Every workflow's state machine and every task definition was read back, not only some.
      expect(result.byType.aws_sfn_state_machine).toBe(Object.keys(rendered.resource?.aws_sfn_state_machine ?? {}).length);
      expect(result.byType.aws_ecs_task_definition).toBe(Object.keys(rendered.resource?.aws_ecs_task_definition ?? {}).length);
      expect(result.byType.aws_iam_role).toBe(Object.keys(rendered.resource?.aws_iam_role ?? {}).length);
    });
  });

  it("GIVEN each workflow WHEN executed by the emulator's interpreter THEN every step's task ran with the environment its definition gives", async () => {
    const values = stateValues(requireApplied());
    await withLog(async () => {
      const clusters = [...values.entries()].filter(([address]) => address.startsWith('aws_ecs_cluster.'));
      expect(clusters).toHaveLength(1);
      const clusterArn = String(clusters[0][1].arn);
      runs = [];
      for (const [name, machine] of Object.entries(rendered.resource?.aws_sfn_state_machine ?? {})) {
        const appliedMachine = values.get(`aws_sfn_state_machine.${name}`) as JsonObject;
        const definition = JSON.parse(String(appliedMachine.definition)) as { States: Record<string, AslState> };
        const skipsOverlappingRuns = JSON.stringify(definition).includes(':sfn:listExecutions');
        const machineName = String(machine.name);
        const executions = await runExecutions({
          aws,
          clusterArn,
          stateMachineArn: String(appliedMachine.arn),
          input: scenario.input?.(machineName) ?? {},
          skipsOverlappingRuns,
          result: (step) => scenario.result?.(step) ?? {},
        });
        runs.push({ machine: machineName, definition, runs: executions });
      }
      const problems: string[] = [];
      for (const { machine, definition, runs: executions } of runs) {
        const steps = runTaskSteps(definition);
        // Started while the first one ran: the younger of two executions skips every step (stacks/builders/asl.ts).
        const [, second] = executions;
        if (second && (second.tasks.length > 0 || !String(second.execution.output).includes(SKIPPED_MARKER))) {
          problems.push(`${machine} ${second.execution.name}: started while an older execution ran, it ran ${second.tasks.length} tasks and ended ${second.execution.status} with ${String(second.execution.output)}`);
        }
        for (const { execution, tasks } of executions) {
          // The emulator's tasks stop at once with no exit code: nothing of the stack's can make an execution fail,
          // so a failure is a definition the interpreter cannot run (or AWS would not either): the test says which.
          if (execution.status !== 'SUCCEEDED') {
            problems.push(`${machine} ${execution.name}: ${execution.status} ${execution.error ?? ''}: ${execution.cause ?? ''}`);
            continue;
          }
          figures.executions++;
          for (const task of tasks) {
            // The definition names the family (rule ecs.run-task-family); the task, the revision it ran.
            const family = task.taskDefinitionArn.split('/').pop()?.split(':')[0];
            const step = steps.find((candidate) => candidate.taskDefinition === family || candidate.taskDefinition === task.taskDefinitionArn);
            if (!step) {
              problems.push(`${machine}: a task of ${task.taskDefinitionArn}, which no step of the definition runs`);
              continue;
            }
            for (const entry of step.values) {
              if (valueOf(task, entry.name) !== entry.value) problems.push(`${machine} ${step.state}: ${entry.name}=${String(valueOf(task, entry.name))}, the definition gives ${entry.value}`);
            }
            for (const name of step.dynamic) {
              if (!valueOf(task, name)) problems.push(`${machine} ${step.state}: ${name} is missing or empty`);
            }
            if (valueOf(task, 'EXECUTION_ARN') !== execution.executionArn) problems.push(`${machine} ${step.state}: EXECUTION_ARN is not the execution's ARN`);
          }
          // An execution that ran any step ran every step (none is behind a condition other than the skip).
          if (tasks.length > 0) {
            const ran = new Set(tasks.flatMap((task) => [task.taskDefinitionArn, task.taskDefinitionArn.split('/').pop()?.split(':')[0] ?? '']));
            for (const step of steps) if (!ran.has(step.taskDefinition)) problems.push(`${machine} ${execution.name}: step ${step.state} never ran`);
          }
        }
      }
      expect(problems).toEqual([]);
    });
  });

  it("GIVEN each execution's end WHEN its status change event is matched against the alert rules by the emulator's EventBridge matcher THEN exactly one alert rule matches it, whatever the end status", async () => {
    requireApplied();
    await withLog(async () => {
      const rules = Object.values(rendered.resource?.aws_cloudwatch_event_rule ?? {}).filter((rule) => typeof rule.event_pattern === 'string');
      expect(rules.length).toBeGreaterThan(0);
      const ran = runs.flatMap(({ machine, runs: executions }) => executions.map((run) => ({ machine, execution: run.execution }))).filter(({ execution }) => execution.status === 'SUCCEEDED');
      expect(ran.length).toBeGreaterThan(0);
      const problems: string[] = [];
      for (const { machine, execution } of ran) {
        // The event as "EventBridge for Step Functions execution status changes" shapes it (test/fixtures/events),
        // its detail from the execution's real DescribeExecution answer; then the same end as each other status.
        for (const status of END_STATUSES) {
          const [, , , region, account] = execution.executionArn.split(':');
          const detail = { ...execution, status, ...(status === 'SUCCEEDED' ? {} : { output: null, error: status === 'ABORTED' ? null : 'States.TaskFailed', cause: null }) };
          const event = { version: '0', id: '00000000-0000-0000-0000-000000000000', 'detail-type': EXECUTION_STATUS_CHANGE, source: STATES_EVENT_SOURCE, account, time: new Date().toISOString(), region, resources: [execution.executionArn], detail };
          const matched: string[] = [];
          for (const rule of rules) {
            const { Result } = await aws.json<{ Result: boolean }>('events', 'TestEventPattern', { EventPattern: rule.event_pattern, Event: JSON.stringify(event) });
            if (Result) matched.push(String(rule.name));
          }
          if (matched.length !== 1) problems.push(`${machine} ${execution.name} (output ${String(execution.output).slice(0, 120)}) as ${status}: matched by ${matched.length} alert rules [${matched.join(', ')}]`);
        }
      }
      expect(problems).toEqual([]);
    });
  });

  it("GIVEN the notifier's tasks stopping (the stopped task model) WHEN matched by the emulator's EventBridge matcher THEN the notifier failure rule catches a failure and a failed start only", async () => {
    const values = stateValues(requireApplied());
    await withLog(async () => {
      const rules = Object.values(rendered.resource?.aws_cloudwatch_event_rule ?? {}).filter((rule) => String(rule.event_pattern).includes('ECS Task State Change'));
      const notifier = Object.values(rendered.resource?.aws_ecs_task_definition ?? {}).find((definition) => String(definition.family).endsWith('-notifier'));
      if (rules.length === 0 || !notifier) return; // no execution alerts, so no notifier runs
      // The cluster as applied: its ARN names the account and region the tasks run in.
      const clusterArn = String([...values.entries()].find(([address]) => address.startsWith('aws_ecs_cluster.'))?.[1].arn);
      const [, , , region, accountId, resource] = clusterArn.split(':');
      const cluster = resource.replace(/^cluster\//, '');
      const where = { region, accountId, clusterName: cluster, family: String(notifier.family) };
      const cases: [string, EcsStoppedTask, boolean][] = [
        ['exited 1 (Slack down past its deadline, a revoked webhook)', essentialContainerExitedTask(1, where), true],
        ['never started (image pull, secret)', failedToStartTask('ResourceInitializationError: unable to pull secrets', where), true],
        ['delivered (exit 0)', essentialContainerExitedTask(0, where), false],
        ['a step of a workflow that exited 1', essentialContainerExitedTask(1, { ...where, family: `${cluster}-daily-batch-task1` }), false],
      ];
      const problems: string[] = [];
      for (const [what, task, expected] of cases) {
        for (const rule of rules) {
          const { Result } = await aws.json<{ Result: boolean }>('events', 'TestEventPattern', { EventPattern: rule.event_pattern, Event: JSON.stringify(taskStateChangeEvent(task)) });
          if (Result !== expected) problems.push(`${String(rule.name)} ${expected ? 'misses' : 'matches'} a notifier task that ${what}`);
        }
      }
      expect(problems).toEqual([]);
    });
  });

  it('GIVEN the applied stack WHEN destroyed THEN nothing of it is left', async () => {
    requireApplied();
    await withLog(async () => {
      const destroy = await terraform(tools, dir, env, ['destroy', '-auto-approve', '-input=false', '-no-color']);
      figures.seconds.destroy = destroy.seconds;
      figures.slowest.destroy = slowest(destroy.stdout);
      const after = await inventory(aws);
      // What AWS itself keeps after a delete: a KMS key waits out its deletion window (ScheduleKeyDeletion); a task
      // definition the stack keeps on purpose (skip_destroy) stays registered.
      const kept = new Set(
        Object.values(rendered.resource?.aws_ecs_task_definition ?? {})
          .filter((definition) => definition.skip_destroy === true)
          .map((definition) => String(definition.family)),
      );
      const left = [...after.entries].filter(
        (entry) => !before.entries.has(entry) && !after.keysPendingDeletion.has(entry) && !(entry.startsWith('ecs task-definition ') && kept.has(entry.split('/').pop()?.split(':')[0] ?? '')),
      );
      expect(left).toEqual([]);
      const state = JSON.parse((await terraform(tools, dir, env, ['show', '-json'])).stdout) as ShowJson;
      expect(state.values?.root_module?.resources ?? []).toEqual([]);
    });
  });
}
