import { code, type Flag, type ReviewRule } from '../flag';
import { attribute, isRecord, stringAttribute, type ResourceChange } from '../model';

/** Names of the Task states of a definition (nested ones included) that start their task with ECS Exec. */
function execStates(definition: unknown): string[] {
  if (typeof definition !== 'string') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(definition);
  } catch {
    return [];
  }
  const walk = (states: unknown): string[] =>
    isRecord(states)
      ? Object.entries(states).flatMap(([name, state]) => {
          if (!isRecord(state)) return [];
          const nested = [...(Array.isArray(state.Branches) ? state.Branches : []), state.ItemProcessor, state.Iterator].flatMap((machine) => (isRecord(machine) ? walk(machine.States) : []));
          const parameters = isRecord(state.Parameters) ? state.Parameters : isRecord(state.Arguments) ? state.Arguments : {};
          return [...(state.Type === 'Task' && parameters.EnableExecuteCommand === true ? [name] : []), ...nested];
        })
      : [];
  return isRecord(parsed) ? walk(parsed.States) : [];
}

function definitionOf(change: ResourceChange, side: 'before' | 'after'): unknown {
  const value = attribute(change, side, ['definition']);
  return value.kind === 'value' ? value.value : undefined;
}

/**
 * A state machine that starts tasks with ECS Exec where it did not before: whoever may call ecs:ExecuteCommand can
 * then open a shell in those tasks, whose root filesystem is writable (rule ecs.exec-task-requirements).
 */
export const ecsExecRule: ReviewRule = {
  kind: 'ecs-exec',
  check(change): Flag[] {
    if (change.type !== 'aws_sfn_state_machine' || !['create', 'update', 'replace'].includes(change.action)) return [];
    const before = new Set(execStates(definitionOf(change, 'before')));
    const added = execStates(definitionOf(change, 'after')).filter((state) => !before.has(state));
    if (added.length === 0) return [];
    const name = stringAttribute(change, 'after', ['name']) ?? change.name;
    return [
      {
        kind: 'ecs-exec',
        address: change.address,
        title: `**ECS Exec** enabled in ${code(change.address)} (${code(name)}): ${added.map(code).join(', ')}`,
        details: ['anyone allowed `ecs:ExecuteCommand` on the cluster can open a shell in these tasks, whose root filesystem is writable: for debugging, not for production'],
      },
    ];
  },
};
