import { jsonDiff } from '../definition-diff';
import { code, type Flag, type ReviewRule } from '../flag';
import { attribute, stringAttribute } from '../model';

/**
 * Every created, updated or replaced state machine, and for a changed definition the diff of it, so that a
 * reviewer sees which steps, retries and timeouts change rather than "definition changed".
 */
export const stateMachineRule: ReviewRule = {
  kind: 'state-machine',
  check(change): Flag[] {
    if (change.type !== 'aws_sfn_state_machine') return [];
    if (change.action !== 'create' && change.action !== 'update' && change.action !== 'replace') return [];
    const name = stringAttribute(change, 'after', ['name']) ?? stringAttribute(change, 'before', ['name']) ?? change.name;
    const label = `${code(change.address)} (${code(name)})`;
    const before = attribute(change, 'before', ['definition']);
    const after = attribute(change, 'after', ['definition']);
    if (change.action === 'create') {
      return [{ kind: 'state-machine', address: change.address, title: `**State machine** created: ${label}`, details: after.kind === 'unknown' ? ['definition known only after apply'] : [] }];
    }
    if (before.kind === 'sensitive' || after.kind === 'sensitive') {
      return [{ kind: 'state-machine', address: change.address, title: `**State machine definition** of ${label}`, details: ['definition is sensitive: not shown'] }];
    }
    if (after.kind === 'unknown') {
      return [{ kind: 'state-machine', address: change.address, title: `**State machine definition** changes: ${label}`, details: ['the new definition is known only after apply (it refers to resources that are created or replaced in this plan): diff not available'] }];
    }
    if (before.kind !== 'value' || after.kind !== 'value' || typeof before.value !== 'string' || typeof after.value !== 'string') return [];
    const diff = jsonDiff(before.value, after.value);
    if (!diff) return [];
    const added = diff.split('\n').filter((line) => line.startsWith('+')).length;
    const removed = diff.split('\n').filter((line) => line.startsWith('-')).length;
    return [{ kind: 'state-machine', address: change.address, title: `**State machine definition** changes: ${label}`, details: [`+${added} / -${removed} lines, diff below`], diff }];
  },
};
