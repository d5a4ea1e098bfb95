import { ALL_RULES } from '../../stacks/security/index';
import { checkStack, type LoadedStack } from '../../stacks/security/runner';
import { defaultAppStacks, type ImageMode } from './default-app';

describe.each<ImageMode>(['image-uri', 'build'])('the default app, synthesized in %s mode', (mode) => {
  let stacks: LoadedStack[];
  beforeAll(() => {
    stacks = defaultAppStacks(mode);
  });

  it('renders the mode asked for', () => {
    expect(stacks.map((loaded) => loaded.name)).toEqual(['dev']);
    for (const { stack } of stacks) expect(stack.resource.docker_registry_image !== undefined).toBe(mode === 'build');
  });

  it('passes every security rule', () => {
    for (const { name, stack } of stacks) expect({ stack: name, findings: checkStack(stack) }).toEqual({ stack: name, findings: [] });
  });

  it.each(ALL_RULES.map((rule) => [rule.id, rule] as const))('gives rule %s something to check', (_, rule) => {
    for (const { stack } of stacks) expect(rule.resourceTypes.filter((type) => Object.keys(stack.resource[type] ?? {}).length > 0)).not.toEqual([]);
  });
});
