/**
 * What Amazon ECS reads back for a registered task definition's container definitions: the form
 * DescribeTaskDefinition returns, which the AWS provider stores in `container_definitions` after every apply and
 * refresh. The provider compares that with the configuration (its `containerDefinitionsAreEquivalent`), and
 * `container_definitions` forces replacement, so a configuration that differs from the read-back form where the
 * provider does not normalise the difference away replaces the task definition on every plan.
 *
 * Each rule below is one thing ECS fills in or normalises, with the public page or report that shows it. The
 * constructs render through {@link readBack}, so the rendered form is its own read-back (test/stacks/aws/
 * ecs-read-back.test.ts). The AWS API emulator the plan fixtures are recorded against returns definitions as
 * registered, so this model, not the emulator, is what answers for ECS's normalisation.
 *
 * What the provider 5.100.0 hides by itself (internal/service/ecs/container_definitions.go, `reduce`, in
 * hashicorp/terraform-provider-aws): container, environment and secret order; empty top-level lists (command,
 * environment, mountPoints, portMappings, secrets, systemControls, volumesFrom, ...); `essential` left out (as
 * true). It decodes both sides into the SDK's types and compares their JSON, so lists nested deeper
 * (`linuxParameters.capabilities.add`) and empty objects (`capabilities: {}`) are compared as written: those
 * rules decide whether a plan replaces. The rendered form is the read-back form in full all the same, so no
 * plan depends on what a provider version happens to normalise.
 */
import type { AwsRule } from './rule';

/** One container definition, as JSON. */
export type ContainerDefinition = Readonly<Record<string, unknown>>;

/** One read-back rule: what ECS does to a container definition it registers, and where that is shown. */
export interface ReadBackRule extends AwsRule {
  /** The container definition as ECS reads it back, as far as this rule goes. */
  readonly apply: (container: ContainerDefinition) => ContainerDefinition;
}

/** Top-level lists ECS reads back as `[]` when a container definition leaves them out. */
export const LISTS_READ_BACK_EMPTY = ['portMappings', 'systemControls', 'volumesFrom'] as const;

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The container with `linuxParameters.capabilities` replaced by what `change` makes of it (undefined: left out). */
function withCapabilities(container: ContainerDefinition, change: (capabilities: Readonly<Record<string, unknown>>) => Readonly<Record<string, unknown>> | undefined): ContainerDefinition {
  const linuxParameters = container.linuxParameters;
  if (!isRecord(linuxParameters) || !isRecord(linuxParameters.capabilities)) return container;
  const { capabilities, ...others } = linuxParameters;
  const changed = change(capabilities);
  return { ...container, linuxParameters: changed === undefined ? others : { ...others, capabilities: changed } };
}

/** The read-back rules, in the order {@link readBack} applies them. */
export const READ_BACK_RULES: readonly ReadBackRule[] = [
  {
    id: 'ecs.read-back-cpu',
    rule: 'A container definition registered without `cpu` is read back with `cpu: 0`.',
    source: 'hashicorp/terraform-aws-consul-ecs issue 318 (a plan of a container defined without cpu shows the state\'s `cpu = 0 -> null`)',
    apply: (container) => ('cpu' in container ? container : { ...container, cpu: 0 }),
  },
  {
    id: 'ecs.read-back-empty-lists',
    rule: `A container definition registered without ${LISTS_READ_BACK_EMPTY.map((list) => `\`${list}\``).join(', ')} is read back with each as \`[]\`.`,
    source: 'hashicorp/terraform-aws-consul-ecs issue 318 (the state holds `portMappings = []`, `systemControls = []`, `volumesFrom = []` for a container defined without them)',
    apply: (container) => ({ ...Object.fromEntries(LISTS_READ_BACK_EMPTY.filter((list) => !(list in container)).map((list) => [list, []])), ...container }),
  },
  {
    id: 'ecs.read-back-empty-capabilities',
    rule: 'An empty `linuxParameters.capabilities` (`{}`) is dropped: it is not read back.',
    source: 'TerraConstructs/base pull request 158, 2026-08 ("The ECS API drops an empty `capabilities` on read-back")',
    apply: (container) => withCapabilities(container, (capabilities) => (Object.keys(capabilities).length === 0 ? undefined : capabilities)),
  },
  {
    id: 'ecs.read-back-capabilities',
    rule: '`linuxParameters.capabilities` is read back with both `add` and `drop`, the one left out as `[]`.',
    source:
      'braintrustdata/terraform-aws-braintrust-data-plane pull request 335, 2026-08 ("AWS persists `linuxParameters.capabilities` as `{add=[], drop=["ALL"]}`. Terraform omitted `add`, so `container_definitions` never matched state"); terraform-aws-modules/terraform-aws-ecs pull request 176 (`add = []` "just to quiet the diff")',
    apply: (container) => withCapabilities(container, (capabilities) => ({ add: [], drop: [], ...capabilities })),
  },
];

/**
 * The container definitions as DescribeTaskDefinition returns them after RegisterTaskDefinition got
 * `containerDefinitions`: every rule of {@link READ_BACK_RULES} applied to each container. Values ECS keeps as
 * given stay as they are, including unresolved references (the read-back form holds for any value).
 */
export function readBack(containerDefinitions: readonly ContainerDefinition[]): ContainerDefinition[] {
  return containerDefinitions.map((container) => READ_BACK_RULES.reduce((current, rule) => rule.apply(current), container));
}
