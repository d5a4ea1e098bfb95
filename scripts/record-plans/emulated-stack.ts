/**
 * Stacks planned and applied for real against the AWS API emulator of `npm run test:deploy` (moto, started by
 * test/deploy/emulator.ts): the provider configuration pointed at it as the deploy harness points it
 * (test/deploy/deploy-harness.ts, pointAtEmulator), state in the stack's folder. Every value of a state made here
 * is what the AWS provider recorded from the emulator's answers; nothing is filled in by us.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pointAtEmulator } from '../../test/deploy/deploy-harness';
import { startEmulator, emulatorMissing, type Emulator } from '../../test/deploy/emulator';
import type { StackJson } from '../../test/deploy/rendered';
import { initOffline, terraformAsync, terraformEnvironment, type TerraformTools } from '../../test/terraform-harness';

/** A stack folder pointed at one emulator, `terraform init` done. */
export interface EmulatedStack {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly emulator: Emulator;
}

/** An emulator of its own for one scenario, logging into `work`; `body` runs with it, and it stops afterwards. */
export async function withEmulator<T>(work: string, name: string, body: (emulator: Emulator) => Promise<T>): Promise<T> {
  const missing = emulatorMissing();
  if (missing !== undefined) throw new Error(`cannot record: ${missing}`);
  const emulator = await startEmulator(path.join(work, `${name}-emulator.log`));
  try {
    return await body(emulator);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n---- emulator log of ${name} (last lines) ----\n${emulator.logTail()}`, { cause: error });
  } finally {
    await emulator.stop();
  }
}

/** The synthesized stack folder `dir` (its cdk.tf.json) pointed at the emulator, then `terraform init`. */
export async function atEmulator(tools: TerraformTools, dir: string, emulator: Emulator): Promise<EmulatedStack> {
  const stackFile = path.join(dir, 'cdk.tf.json');
  const stack = JSON.parse(fs.readFileSync(stackFile, 'utf8')) as StackJson;
  fs.writeFileSync(stackFile, JSON.stringify(pointAtEmulator(stack, emulator.endpoint), null, 2));
  const env = terraformEnvironment(tools, dir);
  await initOffline(tools, dir, env);
  return { dir, env, emulator };
}

/**
 * A Terraform folder written in HCL (`npm run synth:hcl`) pointed at the emulator through an override file, the
 * same provider settings and local state as {@link atEmulator}; the HCL itself is untouched. Then `terraform init`.
 */
export async function hclAtEmulator(tools: TerraformTools, dir: string, emulator: Emulator): Promise<EmulatedStack> {
  const override = pointAtEmulator({ provider: { aws: [{}] } }, emulator.endpoint);
  fs.writeFileSync(path.join(dir, 'emulator_override.tf.json'), JSON.stringify(override, null, 2));
  const env = terraformEnvironment(tools, dir);
  await initOffline(tools, dir, env);
  return { dir, env, emulator };
}

/** `terraform plan -out=<planFile>` (refreshing from the emulator) with `args`, then `terraform show -json` of it. */
export async function planOf(tools: TerraformTools, stack: EmulatedStack, args: readonly string[] = [], planFile = 'plan.bin'): Promise<string> {
  await terraformAsync(tools, stack.dir, stack.env, ['plan', '-input=false', '-no-color', `-out=${planFile}`, ...args]);
  return terraformAsync(tools, stack.dir, stack.env, ['show', '-json', planFile]);
}

/** `terraform apply` of a plan made by {@link planOf}, then a plan that must change nothing: the state is the configuration applied. */
export async function applyPlan(tools: TerraformTools, stack: EmulatedStack, planFile = 'plan.bin'): Promise<void> {
  await terraformAsync(tools, stack.dir, stack.env, ['apply', '-input=false', '-no-color', '-auto-approve', planFile]);
  const again = JSON.parse(await planOf(tools, stack, [], 'again.bin')) as { resource_changes?: { address: string; change: { actions: string[] } }[] };
  const changed = (again.resource_changes ?? []).filter((change) => change.change.actions.join() !== 'no-op').map((change) => `${change.address} (${change.change.actions.join()})`);
  if (changed.length > 0) throw new Error(`${stack.dir}: applied, yet planned again it still changes ${changed.join(', ')}`);
}

/** The state's attributes of every managed resource of `type`. */
export function stateResources(stack: EmulatedStack, type: string): Record<string, unknown>[] {
  const state = JSON.parse(fs.readFileSync(path.join(stack.dir, 'terraform.tfstate'), 'utf8')) as { resources: { mode: string; type: string; instances: { attributes: Record<string, unknown> }[] }[] };
  return state.resources.filter((resource) => resource.mode === 'managed' && resource.type === type).flatMap((resource) => resource.instances.map((instance) => instance.attributes));
}
