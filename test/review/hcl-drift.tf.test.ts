/**
 * The HCL way out plans like the JSON: a deployed environment (state simulated from its own plans, see
 * applied-state.ts) into whose task security group and default security group someone added an SSH rule by
 * hand. Planned from the JSON output and from the HCL output (`cdktf synth --hcl`), both must remove the
 * rules, and plan exactly the same changes.
 *
 * cdktf 0.21's HCL drops empty lists of blocks, and for the security groups' `ingress` and `egress` an absent
 * argument means "keep whatever exists": without keepEmptyListsInHcl the HCL plan said "No changes" here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildApp } from '../../stacks/app';
import type { PlanJson } from '../../stacks/review/plan-json';
import { environment, IMAGE_URI, PROJECT_ROOT } from '../helpers';
import { describeWithTerraform, terraformEnvironment, type TerraformTools } from '../terraform-harness';
import { planOf, prepareStack, simulateApply, terraformAsync, type OfflineStack } from './applied-state';
import { startSfnStub, type SfnStub } from './sfn-validation-stub';

const SLOW = 300_000;

/** The stack folder of the default test environment, synthesized as JSON or as HCL. */
function synthesize(format: 'json' | 'hcl'): string {
  const outdir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? PROJECT_ROOT, `hcl-drift-${format}-`));
  const before = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = format === 'hcl' ? 'true' : 'false';
  try {
    buildApp([environment()], { outdir, variables: { NOTIFIER_IMAGE_URI: IMAGE_URI } }).synth();
  } finally {
    if (before === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = before;
  }
  return path.join(outdir, 'stacks', 'dev');
}

/**
 * The HCL counterpart of the harness's makeOffline, as a Terraform override file: the offline provider flags,
 * no account check (the account cannot be looked up), and state in the folder. The HCL itself is untouched.
 */
function makeHclOffline(dir: string): void {
  fs.writeFileSync(
    path.join(dir, 'offline_override.tf.json'),
    JSON.stringify({
      terraform: { backend: { local: { path: 'terraform.tfstate' } } },
      provider: { aws: { allowed_account_ids: null, skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: 'true' } },
    }),
  );
}

interface StateFile {
  resources: { type: string; name: string; instances: { attributes: Record<string, unknown> }[] }[];
}

const SSH_BY_HAND = {
  cidr_blocks: ['0.0.0.0/0'],
  description: 'ssh, added by hand',
  from_port: 22,
  ipv6_cidr_blocks: [],
  prefix_list_ids: [],
  protocol: 'tcp',
  security_groups: [],
  self: false,
  to_port: 22,
};

/** Adds the SSH rule to the ingress of every security group in the state, as if added in the console. */
function addSshByHand(stateFile: string): string[] {
  const state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as StateFile;
  const groups = state.resources.filter((resource) => resource.type === 'aws_security_group' || resource.type === 'aws_default_security_group');
  for (const group of groups) {
    const attributes = group.instances[0].attributes;
    attributes.ingress = [...((attributes.ingress as unknown[] | null) ?? []), SSH_BY_HAND];
  }
  fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
  return groups.map((group) => `${group.type}.${group.name}`).sort();
}

/** Every managed change that is not a no-op: address -> actions, and the ingress it leaves. */
function changesOf(plan: PlanJson): Record<string, { actions: string[]; ingressAfter: unknown }> {
  return Object.fromEntries(
    plan.resource_changes
      .filter((change) => change.mode === 'managed' && !change.change.actions.every((action) => action === 'no-op'))
      .map((change) => [change.address, { actions: change.change.actions, ingressAfter: (change.change.after as { ingress?: unknown } | undefined)?.ingress }]),
  );
}

/** The HCL stack folder, offline and initialised, with the Step Functions stub for definition validation. */
async function prepareHcl(tools: TerraformTools, stub: SfnStub): Promise<OfflineStack> {
  const dir = synthesize('hcl');
  makeHclOffline(dir);
  const stack: OfflineStack = { dir, env: { ...terraformEnvironment(tools, dir), AWS_ENDPOINT_URL_SFN: stub.url } };
  await terraformAsync(tools, dir, stack.env, ['init', '-input=false', '-no-color']);
  return stack;
}

describeWithTerraform('the HCL output against a drifted state', (tools) => {
  let stub: SfnStub;
  let groups: string[];
  let fromJson: PlanJson;
  let fromHcl: PlanJson;

  beforeAll(async () => {
    stub = await startSfnStub();
    const simulated = async (): Promise<OfflineStack> => {
      const stack = await prepareStack(tools, synthesize('json'), stub);
      await simulateApply(tools, stack);
      return stack;
    };
    const [json, hcl] = await Promise.all([simulated(), prepareHcl(tools, stub)]);
    groups = addSshByHand(path.join(json.dir, 'terraform.tfstate'));
    fs.copyFileSync(path.join(json.dir, 'terraform.tfstate'), path.join(hcl.dir, 'terraform.tfstate'));
    [fromJson, fromHcl] = (await Promise.all([planOf(tools, json), planOf(tools, hcl)])).map((planned) => planned.plan);
  }, SLOW);

  afterAll(async () => {
    await stub?.close();
  });

  it('GIVEN an SSH rule added by hand to both security groups WHEN the JSON is planned THEN the rules are removed, and nothing else changes', () => {
    expect(groups).toEqual([expect.stringMatching(/^aws_default_security_group\.Network_DefaultSecurityGroup_/), expect.stringMatching(/^aws_security_group\.Network_TaskSecurityGroup_/)]);
    const changes = changesOf(fromJson);
    expect(Object.keys(changes).sort()).toEqual(groups);
    for (const group of groups) expect(changes[group]).toEqual({ actions: ['update'], ingressAfter: [] });
  });

  it('WHEN the HCL is planned THEN it plans exactly what the JSON plans', () => {
    expect(changesOf(fromHcl)).toEqual(changesOf(fromJson));
  });
});
