/**
 * The plan summary on real plans, recorded by `npm run test:record-plans` from `terraform plan` runs against the
 * AWS API emulator, the "before" stacks applied to it for real (scripts/record-plan-fixtures.ts, which documents
 * each scenario and what the emulator cannot give) into test/fixtures/plans/:
 * - the default app (main.ts in image-URI mode) against an empty state: creates only (its live plan is in
 *   test/terraform/plan.tf.test.ts);
 * - a deployed environment against a changed configuration: updates, a replacement and destroys, exactly the
 *   expected ones;
 * - the way out of CDKTF: the default app's `npm run synth:hcl` output planned without cdktf against the
 *   app's applied state, to which someone added an SSH rule by hand on its task security group and default
 *   security group: it must remove exactly those rules and change nothing else. cdktf 0.21's HCL drops empty
 *   lists of blocks, and for the security groups' `ingress` and `egress` an absent argument means "keep
 *   whatever exists": without keepEmptyListsInHcl the HCL plan kept the rules. (That the CLI still writes plain
 *   HCL is checked live in test/terraform/synth-hcl.tf.test.ts.)
 * - the default app, applied (its task definitions as the emulator reads them back: `capabilities` with
 *   `add: []`, as ECS reads them back too, stacks/aws/ecs-read-back.ts), with its capabilities rendered without
 *   `add`, as the previous release did: every task definition is replaced, as on AWS
 *   (braintrustdata/terraform-aws-braintrust-data-plane pull request 335), because the provider does not
 *   normalise that difference away.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Flag, FlagKind } from '../../../tools/review/flag';
import { renderMarkdown } from '../../../tools/review/markdown';
import { parsePlan, type PlanJson } from '../../../tools/review/plan-json';
import { summarizePlan, type PlanSummary } from '../../../tools/review/summary';
import { SEED_APP_CREATES } from '../../fixtures/seed-app';
import { bundledCommand, createdTypes, PROJECT_ROOT } from '../../helpers';

const BUSYBOX = 'public.ecr.aws/docker/library/busybox';
const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures', 'plans');
const SSH_BY_HAND = 'ssh, added by hand';

/** A recorded plan: its file and its JSON, read through the summary's own parser. */
function recorded(name: string): { planFile: string; plan: PlanJson } {
  const planFile = path.join(FIXTURES, `${name}.json`);
  return { planFile, plan: parsePlan(fs.readFileSync(planFile, 'utf8'), planFile) };
}

/** Resources by type, checking on the way that each one is created. */
function flagsOf(summary: PlanSummary, kind: FlagKind): Flag[] {
  return summary.flags.filter((flag) => flag.kind === kind);
}

function flagAt(summary: PlanSummary, kind: FlagKind, addressPart: string): Flag {
  const found = flagsOf(summary, kind).filter((flag) => flag.address.includes(addressPart));
  if (found.length !== 1) throw new Error(`expected one ${kind} flag on ${addressPart}, found ${found.length}: ${summary.flags.map((flag) => flag.title).join('\n')}`);
  return found[0];
}

function addressesWith(summary: PlanSummary, action: string): string[] {
  return summary.changes.filter((change) => change.action === action).map((change) => change.address).sort();
}

function runCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bundledCommand('plan-summary'), ...args], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every managed change that is not a no-op: address -> actions, and the ingress it leaves. */
function changesOf(plan: PlanJson): Record<string, { actions: string[]; ingressAfter: unknown }> {
  return Object.fromEntries(
    plan.resource_changes
      .filter((change) => change.mode === 'managed' && !change.change.actions.every((action) => action === 'no-op'))
      .map((change) => [change.address, { actions: change.change.actions, ingressAfter: (change.change.after as { ingress?: unknown } | undefined)?.ingress }]),
  );
}

/** The ingress a change starts from. */
function ingressBefore(plan: PlanJson, address: string): unknown {
  return (plan.resource_changes.find((change) => change.address === address)?.change.before as { ingress?: unknown } | undefined)?.ingress;
}

describe('plan summary of recorded plans', () => {
  describe('GIVEN the default app and no state', () => {
    const { plan, planFile } = recorded('default-app');
    const summary = summarizePlan(plan);

    it('WHEN planned THEN it creates the whole seed architecture', () => {
      const types = createdTypes(plan.resource_changes.map((change) => ({ type: change.type, actions: change.change.actions })));
      expect([...types.keys()].filter((type) => type.startsWith('docker_'))).toEqual([]);
      expect(Object.fromEntries(types)).toMatchObject(SEED_APP_CREATES);
      const stateMachine = plan.resource_changes.find((change) => change.type === 'aws_sfn_state_machine');
      expect(stateMachine?.change.after).toMatchObject({ name: 'wf-dev-daily-batch', type: 'STANDARD', tracing_configuration: [{ enabled: true }] });
    });

    it('WHEN summarized THEN every managed resource is counted as a create and nothing else', () => {
      const managed = plan.resource_changes.filter((change) => change.mode === 'managed');
      expect(managed.length).toBeGreaterThan(30);
      expect(summary.counts).toEqual({ create: managed.length, update: 0, replace: 0, destroy: 0, forget: 0 });
      expect(summary.changes.map((change) => change.address)).toEqual(managed.map((change) => change.address));
      expect(flagsOf(summary, 'destroy')).toEqual([]);
      expect(flagsOf(summary, 'replace')).toEqual([]);
    });

    it('WHEN summarized THEN new roles, the egress-only security group, the state machine and the task images are flagged', () => {
      const roles = summary.changes.filter((change) => change.type === 'aws_iam_role').length;
      expect(flagsOf(summary, 'iam').filter((flag) => flag.title.startsWith('**IAM** role created')).length).toBe(roles);
      expect(flagAt(summary, 'security-group', 'TaskSecurityGroup').details).toEqual(['rule added: `egress tcp 443 to 0.0.0.0/0 "HTTPS to AWS APIs, image registries and Slack"`']);
      expect(flagAt(summary, 'state-machine', 'daily-batch').title).toBe(
        '**State machine** created: `aws_sfn_state_machine.daily-batch_Workflow_StateMachine_5110F5C6` (`wf-dev-daily-batch`)',
      );
      expect(flagsOf(summary, 'image').map((flag) => flag.address).sort()).toEqual(
        summary.changes.filter((change) => change.type === 'aws_ecs_task_definition').map((change) => change.address).sort(),
      );
    });

    it('WHEN rendered THEN the headline, no caution block and one table row per resource appear', () => {
      const markdown = renderMarkdown(summary, { title: 'dev' });
      const lines = markdown.split('\n');
      expect(lines[0]).toBe('### dev');
      expect(lines).toContain(`**Plan:** ${summary.counts.create} to create, 0 to update, 0 to replace, 0 to destroy (Terraform ${plan.terraform_version ?? ''})`);
      expect(markdown).not.toContain('[!CAUTION]');
      expect(lines.filter((line) => line.startsWith('| create |'))).toHaveLength(summary.counts.create);
      expect(lines).toContain('| create | `aws_sfn_state_machine` | `aws_sfn_state_machine.daily-batch_Workflow_StateMachine_5110F5C6` |');
    });

    it('WHEN the CLI runs with --fail-on-destroy --output THEN it exits 0 and writes the same Markdown to the file', () => {
      const output = path.join(fs.mkdtempSync(path.join(process.env.TMPDIR ?? PROJECT_ROOT, 'summary-')), 'summary.md');
      const result = runCli([planFile, '--fail-on-destroy', '--title', 'dev', '--output', output]);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toBe('');
      expect(fs.readFileSync(output, 'utf8')).toBe(renderMarkdown(summary, { title: 'dev' }));
    });
  });

  describe('GIVEN a deployed environment and a pull request that changes it', () => {
    const { plan, planFile } = recorded('deployed-change');
    const summary = summarizePlan(plan);
    const markdown = renderMarkdown(summary, { title: 'dev' });
    // What was deployed: everything the plan does not create.
    const deployedAddresses = plan.resource_changes.filter((change) => change.change.actions.join() !== 'create').map((change) => change.address);

    // The AWS provider validates a known definition with ValidateStateMachineDefinition while planning: known
    // definitions are what the emulator's answer to that call (moto's ASL parser) had to pass.
    it('WHEN planned THEN the state machine definitions that change are known at plan time', () => {
      const machines = plan.resource_changes.filter((change) => change.type === 'aws_sfn_state_machine' && change.change.actions.join() === 'update');
      expect(machines).toHaveLength(2);
      for (const machine of machines) expect(JSON.parse(String((machine.change.after as { definition?: unknown }).definition))).toMatchObject({ StartAt: expect.any(String) });
    });

    it('WHEN summarized THEN exactly the resources of the removed workflow and the removed task are destroyed', () => {
      // The removed workflow's resources, its alarms (named after its state machine) included.
      const removed = deployedAddresses.filter((address) => /\.(cleanup_|etl_publish_)|_wf-dev-cleanup-/.test(address)).sort();
      expect(removed.length).toBeGreaterThan(8);
      expect(addressesWith(summary, 'delete')).toEqual(removed);
      expect(summary.counts.destroy).toBe(removed.length);
      expect(flagsOf(summary, 'destroy').map((flag) => flag.address).sort()).toEqual(removed);
      expect(flagAt(summary, 'destroy', 'cleanup_Workflow_StateMachine').title).toMatch(/^\*\*DESTROY\*\* `aws_sfn_state_machine\.cleanup_Workflow_StateMachine_\w+`: it is no longer in the configuration$/);
    });

    it('WHEN summarized THEN the render task definition is replaced, forced by its container definitions, and its image change is shown', () => {
      expect(addressesWith(summary, 'replace')).toEqual([expect.stringMatching(/^aws_ecs_task_definition\.reports_render_Definition_/)]);
      expect(flagAt(summary, 'replace', 'reports_render').title).toContain('forced by `container_definitions`');
      expect(flagAt(summary, 'image', 'reports_render').details).toEqual([`container \`main\`: \`${BUSYBOX}:1.36\` -> \`${BUSYBOX}:1.37\``]);
    });

    // Exactly these: a resource the pull request leaves alone must plan no change against the deployed
    // environment's state, as the emulator holds it after the apply.
    it('WHEN summarized THEN the updates are exactly the definitions, the schedule, the role policies and alert rules that name what changed, and the security group', () => {
      const updated = addressesWith(summary, 'update').map((address) => address.replace(/_[0-9A-F]{8}$/, '')).sort();
      expect(updated).toEqual([
        // The alerts and the runs skipped by schedule no longer include `cleanup`, nor does the notifier's policy.
        'aws_cloudwatch_event_rule.ExecutionAlerts_Rule',
        'aws_cloudwatch_event_rule.ExecutionAlerts_SkippedRule',
        'aws_iam_role_policy.ExecutionAlerts_NotifierTaskPolicy',
        'aws_iam_role_policy.etl_Workflow_RolePolicy',
        'aws_scheduler_schedule.daily-batch_Workflow_Schedule',
        'aws_security_group.Network_TaskSecurityGroup',
        'aws_sfn_state_machine.daily-batch_Workflow_StateMachine',
        'aws_sfn_state_machine.etl_Workflow_StateMachine',
        // Not `reports`: its new image is a new revision of the same task family, which its definition and its
        // role name (rule ecs.run-task-family), so neither changes and its failed executions can be redriven.
      ]);
      expect(summary.counts.update).toBe(updated.length);
      expect(summary.counts.create).toBe(0);
    });

    it('WHEN summarized THEN the roles that can no longer be passed are listed, still only to ECS tasks', () => {
      const flag = flagAt(summary, 'passrole', 'etl_Workflow_RolePolicy');
      expect(flag.details).toEqual([
        'roles removed: `arn:aws:iam::123456789012:role/wf-dev-etl-publish-exec`, `arn:aws:iam::123456789012:role/wf-dev-etl-publish-task`',
        expect.stringMatching(/^passable roles after: `arn:aws:iam::123456789012:role\/wf-dev-etl-extract-exec`, /),
        'only to: `"ecs-tasks.amazonaws.com"`',
      ]);
      // A new revision of a task family changes no role that may pass its roles.
      expect(() => flagAt(summary, 'passrole', 'reports_Workflow_RolePolicy')).toThrow(/found 0/);
      expect(flagAt(summary, 'iam', 'etl_Workflow_RolePolicy').details).toEqual(
        expect.arrayContaining([expect.stringMatching(/^`policy` statement `PassOwnTaskRolesToEcsOnly`: resources -`arn:aws:iam::123456789012:role\/wf-dev-etl-publish-exec`/)]),
      );
    });

    it('WHEN summarized THEN the known definition changes come with their diffs', () => {
      const daily = flagAt(summary, 'state-machine', 'daily-batch');
      expect(daily.diff?.split('\n')).toEqual(expect.arrayContaining(['-      "TimeoutSeconds": 3600,', '+      "TimeoutSeconds": 7200,']));
      // The step's time-out, and the execution's time-out derived from the steps' (3,600 s more).
      expect(daily.diff?.split('\n').filter((line) => /^[-+]/.test(line))).toEqual([
        '-      "TimeoutSeconds": 3600,',
        '+      "TimeoutSeconds": 7200,',
        '-  "TimeoutSeconds": 9000',
        '+  "TimeoutSeconds": 12600',
      ]);
      const etl = flagAt(summary, 'state-machine', 'etl_Workflow');
      const etlLines = etl.diff?.split('\n') ?? [];
      expect(etlLines).toEqual(expect.arrayContaining(['-    "publish": {', '-      "Next": "publish",']));
      expect(etlLines.filter((line) => line.startsWith('+'))).not.toContainEqual(expect.stringContaining('publish'));
      // The image of `reports` changed: a new task definition revision, the same definition (it names the family).
      expect(() => flagAt(summary, 'state-machine', 'reports')).toThrow(/found 0/);
    });

    it('WHEN summarized THEN the security group change shows the HTTP rule going away', () => {
      expect(flagAt(summary, 'security-group', 'TaskSecurityGroup').details).toEqual(['rule removed: `egress tcp 80 to 0.0.0.0/0 "HTTP for package mirrors"`']);
    });

    it('WHEN rendered THEN the caution block, the counts, the table and the diffs are in the Markdown', () => {
      const lines = markdown.split('\n');
      const { update, destroy } = summary.counts;
      expect(lines).toContain(`**Plan:** 0 to create, ${update} to update, 1 to replace, ${destroy} to destroy (Terraform ${plan.terraform_version ?? ''})`);
      expect(lines).toContain('> [!CAUTION]');
      expect(lines).toContain(`> **${destroy} resources destroyed and 1 replaced.** Data in destroyed resources is lost and replaced resources get new IDs: check each one below.`);
      expect(lines).toContain(`#### :boom: Destroyed (${destroy})`);
      expect(lines.filter((line) => line.startsWith('| **destroy** |'))).toHaveLength(destroy);
      expect(lines).toContain(`| **replace** | \`aws_ecs_task_definition\` | \`${addressesWith(summary, 'replace')[0]}\` |`);
      expect(lines.filter((line) => line.startsWith('<details><summary>Definition diff of'))).toHaveLength(2);
      expect(lines).toContain('+      "TimeoutSeconds": 7200,');
    });

    it('WHEN the CLI runs THEN --fail-on-destroy and --fail-on-replace exit 1 and say why, and without them it exits 0', () => {
      const plain = runCli([planFile, '--title', 'dev']);
      expect(plain.status).toBe(0);
      expect(plain.stdout).toBe(markdown);

      const failOnDestroy = runCli([planFile, '--fail-on-destroy']);
      expect(failOnDestroy.status).toBe(1);
      expect(failOnDestroy.stderr.trim()).toBe(`plan-summary: ${summary.counts.destroy} resource(s) would be destroyed (${planFile})`);
      expect(failOnDestroy.stdout).toContain('> [!CAUTION]');

      const failOnReplace = runCli([planFile, '--fail-on-replace']);
      expect(failOnReplace.status).toBe(1);
      expect(failOnReplace.stderr.trim()).toBe(`plan-summary: 1 resource(s) would be replaced (${planFile})`);
    });
  });

  describe('GIVEN the default app, applied, with an SSH rule added by hand to both its security groups', () => {
    const { plan: fromHcl } = recorded('hcl-way-out');
    const groups = fromHcl.resource_changes.filter((change) => change.type === 'aws_security_group' || change.type === 'aws_default_security_group').map((change) => change.address).sort();

    it('WHEN that HCL is planned without cdktf THEN the rules added by hand are removed from both groups, and only they', () => {
      expect(groups).toEqual([expect.stringMatching(/^aws_default_security_group\.Network_DefaultSecurityGroup_/), expect.stringMatching(/^aws_security_group\.Network_TaskSecurityGroup_/)]);
      const changes = changesOf(fromHcl);
      for (const group of groups) {
        expect(ingressBefore(fromHcl, group)).toEqual([expect.objectContaining({ description: SSH_BY_HAND, from_port: 22, to_port: 22 })]);
        expect(changes[group]).toEqual({ actions: ['update'], ingressAfter: [] });
        const change = fromHcl.resource_changes.find((candidate) => candidate.address === group)?.change;
        expect((change?.after as { egress?: unknown } | undefined)?.egress).toEqual((change?.before as { egress?: unknown } | undefined)?.egress);
      }
    });

    it('WHEN that HCL is planned without cdktf THEN nothing else changes: the HCL is the configuration its JSON applied', () => {
      expect(Object.keys(changesOf(fromHcl)).sort()).toEqual(groups);
    });
  });

  describe('GIVEN the default app, applied: its task definitions as the emulator reads them back', () => {
    const { plan: fromHcl } = recorded('hcl-way-out');
    const { plan: previousRelease } = recorded('previous-release');
    const taskDefinitions = recorded('default-app').plan.resource_changes.filter((change) => change.type === 'aws_ecs_task_definition').map((change) => change.address).sort();

    // The unchanged app's plan against this state is the way out's above: the same configuration (as HCL), the
    // same applied state, with only the hand-added rules to remove.
    it('WHEN the unchanged app is planned again THEN no task definition changes', () => {
      expect(taskDefinitions).toHaveLength(3);
      expect(Object.keys(changesOf(fromHcl)).filter((address) => address.startsWith('aws_ecs_task_definition.'))).toEqual([]);
      expect(Object.keys(changesOf(fromHcl)).length).toBeGreaterThan(0);
    });

    it('WHEN its capabilities are rendered without `add`, as the previous release did THEN every task definition is replaced, forced by its container definitions', () => {
      const replaced = previousRelease.resource_changes.filter((change) => change.change.actions.includes('delete') && change.change.actions.includes('create'));
      expect(replaced.map((change) => change.address).sort()).toEqual(taskDefinitions);
      for (const change of replaced) {
        expect(change.action_reason).toBe('replace_because_cannot_update');
        expect(change.change.replace_paths).toEqual([['container_definitions']]);
      }
      expect(changesOf(previousRelease)).toEqual(Object.fromEntries(replaced.map((change) => [change.address, { actions: change.change.actions, ingressAfter: undefined }])));
    });
  });
});
