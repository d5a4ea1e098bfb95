// The model of what ECS reads back for a container definition: each rule where it applies and where it leaves
// the definition alone, and the rendered task definitions as their own read-back.
import { LISTS_READ_BACK_EMPTY, READ_BACK_RULES, readBack, type ContainerDefinition } from '../../../stacks/aws/ecs-read-back';
import { containersOf, environment, resourcesOf, stackOf, synth, task, workflow } from '../../helpers';

const MINIMAL: ContainerDefinition = { name: 'main', image: 'public.ecr.aws/docker/library/busybox:1.37', essential: true };

function ruleOf(id: string) {
  const rule = READ_BACK_RULES.find((candidate) => candidate.id === id);
  if (!rule) throw new Error(`no read-back rule ${id}`);
  return rule;
}

describe('ECS read-back rules', () => {
  it('GIVEN the rules THEN each names what ECS does and a public source for it', () => {
    expect(READ_BACK_RULES.map((rule) => rule.id)).toEqual(['ecs.read-back-cpu', 'ecs.read-back-empty-lists', 'ecs.read-back-empty-capabilities', 'ecs.read-back-capabilities']);
    for (const rule of READ_BACK_RULES) {
      expect(rule.rule).not.toBe('');
      expect(rule.source).toMatch(/(issue|pull request) \d+/);
    }
  });

  describe('ecs.read-back-cpu', () => {
    const rule = ruleOf('ecs.read-back-cpu');

    it('GIVEN a container without cpu THEN it is read back with cpu 0', () => {
      expect(rule.apply(MINIMAL)).toEqual({ ...MINIMAL, cpu: 0 });
    });

    it('GIVEN a container with cpu THEN that cpu is read back', () => {
      expect(rule.apply({ ...MINIMAL, cpu: 256 })).toEqual({ ...MINIMAL, cpu: 256 });
    });
  });

  describe('ecs.read-back-empty-lists', () => {
    const rule = ruleOf('ecs.read-back-empty-lists');

    it('GIVEN a container without portMappings, systemControls and volumesFrom THEN each is read back as []', () => {
      expect(LISTS_READ_BACK_EMPTY).toEqual(['portMappings', 'systemControls', 'volumesFrom']);
      expect(rule.apply(MINIMAL)).toEqual({ ...MINIMAL, portMappings: [], systemControls: [], volumesFrom: [] });
    });

    it('GIVEN a container with those lists THEN they are read back as given, and no other list is added', () => {
      const given = { ...MINIMAL, portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }], systemControls: [], volumesFrom: [{ sourceContainer: 'data' }] };
      expect(rule.apply(given)).toEqual(given);
    });
  });

  describe('ecs.read-back-empty-capabilities', () => {
    const rule = ruleOf('ecs.read-back-empty-capabilities');

    it('GIVEN linuxParameters with an empty capabilities object THEN capabilities is not read back, the rest is', () => {
      expect(rule.apply({ ...MINIMAL, linuxParameters: { initProcessEnabled: true, capabilities: {} } })).toEqual({ ...MINIMAL, linuxParameters: { initProcessEnabled: true } });
    });

    it('GIVEN capabilities with a list THEN they are read back', () => {
      const given = { ...MINIMAL, linuxParameters: { capabilities: { drop: ['ALL'] } } };
      expect(rule.apply(given)).toEqual(given);
    });
  });

  describe('ecs.read-back-capabilities', () => {
    const rule = ruleOf('ecs.read-back-capabilities');

    it('GIVEN capabilities that drop ALL and add nothing THEN they are read back as { add: [], drop: ["ALL"] }', () => {
      expect(rule.apply({ ...MINIMAL, linuxParameters: { initProcessEnabled: true, capabilities: { drop: ['ALL'] } } })).toEqual({
        ...MINIMAL,
        linuxParameters: { initProcessEnabled: true, capabilities: { add: [], drop: ['ALL'] } },
      });
    });

    it('GIVEN capabilities that only add THEN drop is read back as []', () => {
      expect(rule.apply({ ...MINIMAL, linuxParameters: { capabilities: { add: ['SYS_PTRACE'] } } })).toEqual({ ...MINIMAL, linuxParameters: { capabilities: { add: ['SYS_PTRACE'], drop: [] } } });
    });

    it('GIVEN both lists, or no linuxParameters THEN the container is read back as given', () => {
      const both = { ...MINIMAL, linuxParameters: { capabilities: { add: ['SYS_PTRACE'], drop: ['ALL'] } } };
      expect(rule.apply(both)).toEqual(both);
      expect(rule.apply(MINIMAL)).toEqual(MINIMAL);
    });
  });

  describe('readBack', () => {
    it('GIVEN the container definitions the previous release rendered THEN every rule applies, to each container', () => {
      const previous = { ...MINIMAL, linuxParameters: { initProcessEnabled: true, capabilities: { drop: ['ALL'] } } };
      const expected = { ...previous, cpu: 0, portMappings: [], systemControls: [], volumesFrom: [], linuxParameters: { initProcessEnabled: true, capabilities: { add: [], drop: ['ALL'] } } };
      expect(readBack([previous, { ...previous, name: 'sidecar' }])).toEqual([expected, { ...expected, name: 'sidecar' }]);
    });

    it('GIVEN an empty capabilities object THEN it is dropped, not read back as two empty lists', () => {
      expect(readBack([{ ...MINIMAL, linuxParameters: { capabilities: {} } }])[0].linuxParameters).toEqual({});
    });

    it('GIVEN a read-back form THEN reading it back changes nothing', () => {
      const once = readBack([{ ...MINIMAL, linuxParameters: { capabilities: { drop: ['ALL'] } } }]);
      expect(readBack(once)).toEqual(once);
    });
  });
});

describe('the rendered container definitions', () => {
  const out = synth(
    stackOf(
      environment({
        workflows: [
          workflow('etl', {
            steps: [task('extract'), task('load', { command: ['sh', '-c', 'echo hi'], environment: { MODE: 'full' }, scratchPaths: ['/tmp'], enableExecuteCommand: true })],
          }),
        ],
      }),
    ),
  );
  const definitions = resourcesOf(out, 'aws_ecs_task_definition');

  it('GIVEN every task definition of a stack (the steps and the notifier) THEN each is its own read-back: what ECS returns is what we render', () => {
    expect(definitions.map((definition) => definition.family)).toEqual(expect.arrayContaining(['wf-dev-etl-extract', 'wf-dev-etl-load', 'wf-dev-notifier']));
    for (const definition of definitions) {
      const rendered = JSON.parse(String(definition.container_definitions)) as ContainerDefinition[];
      expect(readBack(rendered)).toEqual(rendered);
    }
  });

  it('GIVEN a step THEN its capabilities are rendered with the empty `add` ECS reads back', () => {
    for (const definition of definitions) expect(containersOf(definition)[0].linuxParameters.capabilities).toEqual({ add: [], drop: ['ALL'] });
  });
});
